// Statements of a month from the store: loads what the domain needs (plans in force,
// assignments, membership, the month's credits and their lines, targets, the draw owed,
// late credits of locked months) in a few queries for many reps at once, and computes each
// rep's statement with domain::ComputeStatement. Locked months are read as stored.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/db/transaction.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"
#include "services/incentives/src/domain/membership.h"
#include "services/incentives/src/domain/plan.h"
#include "services/incentives/src/domain/statement.h"
#include "services/incentives/src/store/plan_store.h"
#include "services/incentives/src/store/statement_store.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

class StatementBuilder final {
 public:
  // Reads the published versions and the locked months once.
  StatementBuilder(db::Transaction& tx, const HandlerContext& ctx);

  // A draft version priced instead of its plan's version in force (RunWhatIf).
  struct Override {
    domain::PlanVersionRef version;
    domain::PlanTerms terms;
  };

  // The statements of `rep_ids` in `month` computed from the current credits (locked or not),
  // by rep id; reps without a plan (or, without `override`, without a version in force) that
  // month have none. Late credits of locked months are added as adjustments when `month` is
  // the first open one (with or without `override`: they are priced by the locked versions).
  std::map<std::string, domain::Statement> Compute(const std::vector<std::string>& rep_ids,
                                                   const domain::Period& month,
                                                   const Override* override = nullptr);

  // The statements as they are: stored ones of a locked month, computed ones otherwise, by
  // rep id (full view).
  std::map<std::string, v1::Statement> Current(const std::vector<std::string>& rep_ids,
                                               const domain::Period& month);

  bool IsLocked(const domain::Period& month) const;
  // The month after the last locked one, if any is locked.
  std::optional<domain::Period> FirstOpenMonth() const;
  // Rows read from the database so far (credits, lines, statements).
  int64_t rows_read() const { return rows_read_; }

 private:
  const domain::PlanTerms& Terms(int64_t plan_id, int version);
  // The recoverable draw still owed by `rep` before `month`: the last locked month's, carried
  // through the open months since (at most kMaxDrawDepth of them).
  int64_t DrawOwedBefore(const std::string& rep, const domain::Period& month, int depth);
  // Adjustment lines of every rep in `reps` for late credits of locked months: each locked
  // month's earnings, and the quarterly and yearly bonuses paid in a locked last month of a
  // quarter or year. Reads the credits of the reps `scope` (every rep when empty).
  std::map<std::string, std::vector<domain::StatementLine>> Adjustments(
      const std::vector<std::string>& reps, const std::vector<std::string>& scope);
  // The bonus adjustments of `rep` for `late` (its credits no locked statement accounted for).
  std::vector<domain::StatementLine> BonusAdjustments(
      const std::string& rep, const std::vector<domain::StatementCredit>& late,
      const std::function<const std::optional<store::StatementRow>&(const domain::Period&)>&
          locked_row);

  // The reversal period of the version that paid `rep`'s credits of `month`: the version in
  // force that month for the rep's plan; nullopt when the rep had none.
  std::optional<domain::ReversalPeriod> PaidPolicy(const std::string& rep,
                                                   const domain::Period& month);
  // Sets paid_policy on the reversals among `rows` whose original credit is of a month other
  // than `priced` (of any month when null): a reversal of `priced`'s own credits follows the
  // version pricing `priced` (a what-if draft included).
  void StampPaidPolicies(std::vector<store::StatementCreditRow>& rows,
                         const domain::Period* priced);

  db::Transaction& tx_;
  const HandlerContext& ctx_;
  std::map<int64_t, std::vector<domain::PublishedVersion>> published_;
  std::map<std::pair<int64_t, int>, store::PlanVersionRow> version_rows_;
  std::map<std::pair<int64_t, int>, domain::PlanTerms> terms_;
  std::vector<domain::Period> locked_;
  // PaidPolicy's reads: assignments by month label, membership spans by rep, answers.
  std::map<std::string, std::vector<domain::PlanAssignment>> assignments_of_month_;
  std::map<std::string, std::vector<domain::MembershipSpan>> spans_of_rep_;
  std::map<std::pair<std::string, std::string>, std::optional<domain::ReversalPeriod>>
      paid_policies_;
  absl::CivilDay earliest_assignment_;
  int64_t rows_read_ = 0;
  int draw_nesting_ = 0;  // open months computed back for the draw owed
};

}  // namespace sales::incentives::api
