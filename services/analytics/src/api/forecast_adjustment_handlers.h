// RecordForecastAdjustment and GetForecastValueAdded: a manager's adjustment recorded beside
// the statistical forecast the service makes for that period (Holt-Winters chosen by AICc,
// as GetForecast), and once the periods are over, both compared with the actuals of the
// daily rollup (domain/forecast_value_added.h).
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class ForecastAdjustmentHandlers final {
 public:
  explicit ForecastAdjustmentHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::ForecastAdjustment> RecordForecastAdjustment(
      const v1::RecordForecastAdjustmentRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ForecastValueAdded> GetForecastValueAdded(
      const v1::GetForecastValueAddedRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
