// Credits: the list of a rep's, a team's or the unassigned credits of a period, and the
// totals of a rep, a team or the company.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

class CreditHandlers final {
 public:
  explicit CreditHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::ListCreditsResponse> ListCredits(const v1::ListCreditsRequest& req,
                                                      absl::Time deadline);
  absl::StatusOr<v1::CreditTotals> GetCreditTotals(const v1::GetCreditTotalsRequest& req,
                                                   absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::incentives::api
