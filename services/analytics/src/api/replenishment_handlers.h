// GetReplenishment: daily units per product and warehouse read from the order facts, the
// stock the latest stock events left, and the domain's reorder plan from the daily demand
// forecast, a lead time and a service level.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/pricing.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class ReplenishmentHandlers final {
 public:
  explicit ReplenishmentHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::ReplenishmentReport> GetReplenishment(const v1::GetReplenishmentRequest& req,
                                                           absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
