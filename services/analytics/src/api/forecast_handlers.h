// GetForecast, DetectAnomalies and GetPromotionLift: the daily rollup summed into a series
// of periods, the Holt-Winters models of the domain run over it, and every answer saying
// which periods, slice and products it covers.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/forecast.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class ForecastHandlers final {
 public:
  explicit ForecastHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Forecast> GetForecast(const v1::GetForecastRequest& req, absl::Time deadline);
  absl::StatusOr<v1::AnomalyReport> DetectAnomalies(const v1::DetectAnomaliesRequest& req,
                                                    absl::Time deadline);
  absl::StatusOr<v1::PromotionLift> GetPromotionLift(const v1::GetPromotionLiftRequest& req,
                                                     absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
