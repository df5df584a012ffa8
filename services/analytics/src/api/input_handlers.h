// RecordMarketingSpend, RecordMarketSize and RecordSiteVisits: a range of days and an
// amount checked, spread over the days exactly, and stored with the request's idempotency
// record in one transaction.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class InputHandlers final {
 public:
  explicit InputHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::RecordedInput> RecordMarketingSpend(const v1::RecordMarketingSpendRequest& req,
                                                         absl::Time deadline);
  absl::StatusOr<v1::RecordedInput> RecordMarketSize(const v1::RecordMarketSizeRequest& req,
                                                     absl::Time deadline);
  absl::StatusOr<v1::RecordedInput> RecordSiteVisits(const v1::RecordSiteVisitsRequest& req,
                                                     absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
