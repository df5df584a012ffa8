// Statements: a rep's statement of a month (live, or stored once locked), the statements of
// a month, locking a month, and what-if runs of a draft plan version.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

class StatementHandlers final {
 public:
  explicit StatementHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Statement> GetStatement(const v1::GetStatementRequest& req,
                                             absl::Time deadline);
  absl::StatusOr<v1::ListStatementsResponse> ListStatements(const v1::ListStatementsRequest& req,
                                                            absl::Time deadline);
  absl::StatusOr<v1::LockPeriodResponse> LockPeriod(const v1::LockPeriodRequest& req,
                                                    absl::Time deadline);
  absl::StatusOr<v1::RunWhatIfResponse> RunWhatIf(const v1::RunWhatIfRequest& req,
                                                  absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::incentives::api
