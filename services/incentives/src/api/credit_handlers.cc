#include "services/incentives/src/api/credit_handlers.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/incentives/src/api/mapping.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/domain/target.h"
#include "services/incentives/src/domain/team_tree.h"
#include "services/incentives/src/store/credit_store.h"
#include "services/incentives/src/store/organisation_store.h"

namespace sales::incentives::api {
namespace {

v1::Credit ToProto(const store::CreditRow& row, const HandlerContext& ctx) {
  v1::Credit c;
  c.set_name(absl::StrCat("credits/", row.id));
  c.set_rep(absl::StrCat("reps/", row.rep_id));
  c.set_order(row.order_name);
  c.set_kind(static_cast<v1::CreditKind>(row.kind));
  c.set_share_bp(row.share_bp);
  c.set_revenue(row.amounts.revenue);
  c.set_gross_margin(row.amounts.margin);
  c.set_units(row.amounts.units);
  c.set_currency_code(ctx.currency);
  c.set_day(domain::DayText(row.day));
  SetProtoTime(row.credited_at, c.mutable_credit_time());
  if (row.reverses_id != 0) {
    c.set_reverses(absl::StrCat("credits/", row.reverses_id));
    c.set_original_day(domain::DayText(row.original_day));
  }
  c.set_cause(row.cause);
  if (row.team_id != 0) c.set_team(domain::TeamName(row.team_id));
  return c;
}

}  // namespace

absl::StatusOr<v1::ListCreditsResponse> CreditHandlers::ListCredits(
    const v1::ListCreditsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListCredits", req, KeysetShape::kId));
  ASSIGN_OR_RETURN(const domain::Period period, domain::ParsePeriod("period", req.period()));
  const int chosen =
      (req.rep().empty() ? 0 : 1) + (req.team().empty() ? 0 : 1) + (req.unassigned() ? 1 : 0);
  if (chosen != 1) return InvalidField("rep", "exactly one of rep, team and unassigned is needed");
  store::CreditFilter filter;
  filter.unassigned = req.unassigned();
  if (!req.rep().empty()) {
    ASSIGN_OR_RETURN(filter.rep_id, ParseRepName("rep", req.rep()));
  }
  if (!req.team().empty()) {
    ASSIGN_OR_RETURN(filter.team_id, ParseTeamName("team", req.team()));
  }
  std::vector<store::CreditRow> rows;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListCredits(tx, filter, period.FirstDay(), period.EndDay(), page.after().id,
                              page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListCreditsResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const store::CreditRow& r) { return KeysetCursor::Id(r.id); }));
  for (const store::CreditRow& row : rows) *resp.add_credits() = ToProto(row, ctx_);
  return resp;
}

absl::StatusOr<v1::CreditTotals> CreditHandlers::GetCreditTotals(
    const v1::GetCreditTotalsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const domain::Owner owner, domain::ParseOwner("owner", req.owner()));
  ASSIGN_OR_RETURN(const domain::Period period, domain::ParsePeriod("period", req.period()));
  store::CreditSums sums;
  RETURN_IF_ERROR(
      db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
        switch (owner.kind) {
          case domain::OwnerKind::kRep:
            sums = store::RepTotals(tx, owner.rep, period.FirstDay(), period.EndDay());
            break;
          case domain::OwnerKind::kTeam:
            if (!store::FindTeam(tx, owner.team).has_value()) {
              return absl::NotFoundError(absl::StrCat(req.owner(), " not found"));
            }
            sums = store::TeamTotals(tx, domain::Subtree(owner.team, store::ListTeamParents(tx)),
                                     period.FirstDay(), period.EndDay());
            break;
          case domain::OwnerKind::kCompany:
            sums = store::CompanyTotals(tx, period.FirstDay(), period.EndDay());
            break;
        }
        return absl::OkStatus();
      }));
  v1::CreditTotals totals;
  totals.set_owner(owner.Name());
  totals.set_period(period.Label());
  totals.set_revenue(sums.amounts.revenue);
  totals.set_gross_margin(sums.amounts.margin);
  totals.set_units(sums.amounts.units);
  totals.set_currency_code(ctx_.currency);
  totals.set_credit_count(sums.count);
  return totals;
}

}  // namespace sales::incentives::api
