// GetReplenishment: daily units per product and warehouse read from the order facts and
// their forecasts (kept, replenishment_forecasts.h), the stock the latest stock events left,
// and the domain's reorder plan from the daily demand forecast, a lead time and a service
// level.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/pricing.pb.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/api/replenishment_forecasts.h"

namespace sales::analytics::api {

// How the forecasts are fitted and kept (the server's flags).
struct ReplenishmentOptions {
  int fit_threads = 2;                            // the fit pool's threads
  absl::Duration max_age = absl::ZeroDuration();  // 0: reuse only while the feed has not moved
};

class ReplenishmentHandlers final {
 public:
  explicit ReplenishmentHandlers(const HandlerContext& ctx,
                                 const ReplenishmentOptions& options = {})
      : ctx_(ctx), forecasts_(ctx, options.fit_threads, options.max_age) {}

  absl::StatusOr<v1::ReplenishmentReport> GetReplenishment(const v1::GetReplenishmentRequest& req,
                                                           absl::Time deadline);

 private:
  const HandlerContext& ctx_;
  ReplenishmentForecasts forecasts_;
};

}  // namespace sales::analytics::api
