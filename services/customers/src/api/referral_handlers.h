// Referral stats: what the customers a referrer brought in bought, from the orders feed.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/customers/v1/customers_service.pb.h"
#include "services/customers/src/api/handler_context.h"

namespace sales::customers::api {

namespace v1 = ::sales::customers::v1;

class ReferralHandlers final {
 public:
  explicit ReferralHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::ReferralStats> GetStats(const v1::GetReferralStatsRequest& req,
                                             absl::Time deadline);
  absl::StatusOr<v1::ListReferralStatsResponse> ListStats(const v1::ListReferralStatsRequest& req,
                                                          absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::customers::api
