#include "services/incentives/src/api/statement_handlers.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/incentives/src/api/mapping.h"
#include "services/incentives/src/api/plan_mapping.h"
#include "services/incentives/src/api/statement_builder.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/store/organisation_store.h"
#include "services/incentives/src/store/plan_store.h"
#include "services/incentives/src/store/statement_store.h"

namespace sales::incentives::api {
namespace {

// Reps read per round when every rep of the company is needed.
constexpr int kRepBatch = 1000;

absl::StatusOr<domain::Period> ParseMonth(std::string_view field, std::string_view text) {
  ASSIGN_OR_RETURN(const domain::Period period, domain::ParsePeriod(field, text));
  if (period.kind != domain::PeriodKind::kMonth) {
    return InvalidField(field, "must be a month YYYY-MM");
  }
  return period;
}

// Every rep id, in creation order.
std::vector<std::string> AllReps(db::Transaction& tx, absl::CivilDay day) {
  std::vector<std::string> reps;
  int64_t after = 0;
  for (;;) {
    const std::vector<store::RepRow> rows = store::ListReps(tx, 0, day, after, kRepBatch);
    for (const store::RepRow& row : rows) reps.push_back(row.rep_id);
    if (static_cast<int>(rows.size()) < kRepBatch) break;
    after = rows.back().id;
  }
  return reps;
}

void StripCredits(v1::Statement& s) {
  for (v1::StatementLine& line : *s.mutable_lines()) line.clear_credits();
}

}  // namespace

absl::StatusOr<v1::Statement> StatementHandlers::GetStatement(const v1::GetStatementRequest& req,
                                                              absl::Time deadline) {
  ASSIGN_OR_RETURN(const std::string rep, ParseRepName("rep", req.rep()));
  ASSIGN_OR_RETURN(const domain::Period month, ParseMonth("period", req.period()));
  std::optional<v1::Statement> out;
  RETURN_IF_ERROR(
      db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
        if (!store::FindRep(tx, rep).has_value()) {
          return absl::NotFoundError(absl::StrCat(req.rep(), " not found"));
        }
        StatementBuilder builder(tx, ctx_);
        std::map<std::string, v1::Statement> statements = builder.Current({rep}, month);
        if (auto it = statements.find(rep); it != statements.end()) out = std::move(it->second);
        return absl::OkStatus();
      }));
  if (!out.has_value()) {
    return absl::NotFoundError(absl::StrCat(StatementName(rep, month.Label()),
                                            " not found: no published plan applies to ", req.rep(),
                                            " in ", month.Label()));
  }
  return *std::move(out);
}

absl::StatusOr<v1::ListStatementsResponse> StatementHandlers::ListStatements(
    const v1::ListStatementsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListStatements", req, KeysetShape::kId));
  ASSIGN_OR_RETURN(const domain::Period month, ParseMonth("period", req.period()));
  int64_t team = 0;
  if (!req.team().empty()) {
    ASSIGN_OR_RETURN(team, ParseTeamName("team", req.team()));
  }
  const bool full = req.view() == v1::STATEMENT_VIEW_FULL;
  v1::ListStatementsResponse resp;
  RETURN_IF_ERROR(
      db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
        if (team != 0 && !store::FindTeam(tx, team).has_value()) {
          return absl::NotFoundError(absl::StrCat("team: ", req.team(), " not found"));
        }
        std::vector<store::RepRow> rows =
            store::ListReps(tx, 0, month.FirstDay(), page.after().id, page.fetch_limit());
        resp.set_next_page_token(
            page.TakePage(rows, [](const store::RepRow& r) { return KeysetCursor::Id(r.id); }));
        std::set<std::string> in_team;
        if (team != 0) {
          for (const store::MembershipRow& span :
               store::ListTeamSpans(tx, team, month.FirstDay(), month.EndDay())) {
            in_team.insert(span.rep_id);
          }
        }
        std::vector<std::string> reps;
        for (const store::RepRow& row : rows) {
          if (team == 0 || in_team.contains(row.rep_id)) reps.push_back(row.rep_id);
        }
        StatementBuilder builder(tx, ctx_);
        if (builder.IsLocked(month) || full) {
          std::map<std::string, v1::Statement> statements = builder.Current(reps, month);
          for (const std::string& rep : reps) {
            auto it = statements.find(rep);
            if (it == statements.end()) continue;
            if (!full) StripCredits(it->second);
            *resp.add_statements() = std::move(it->second);
          }
        } else {
          const std::map<std::string, domain::Statement> statements = builder.Compute(reps, month);
          for (const std::string& rep : reps) {
            auto it = statements.find(rep);
            if (it != statements.end()) *resp.add_statements() = ToProto(it->second, ctx_, false);
          }
        }
        return absl::OkStatus();
      }));
  return resp;
}

absl::StatusOr<v1::LockPeriodResponse> StatementHandlers::LockPeriod(
    const v1::LockPeriodRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const domain::Period month, ParseMonth("period", req.period()));
  return RunIdempotent<v1::LockPeriodResponse>(
      *ctx_.pool, deadline, "LockPeriod", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::LockPeriodResponse> {
        // The period guard first, exclusively: target writes in flight commit before the
        // targets are read, and later ones wait for this lock and then see the month locked.
        const std::vector<std::string> locked =
            store::ListLockedPeriodsGuarded(tx, store::PeriodGuard::kExclusive);
        StatementBuilder builder(tx, ctx_);
        if (builder.IsLocked(month)) {
          return absl::FailedPreconditionError(
              absl::StrCat("period: ", month.Label(), " is locked already"));
        }
        if (const std::optional<domain::Period> open = builder.FirstOpenMonth();
            open.has_value() && !(*open == month)) {
          return absl::FailedPreconditionError(
              absl::StrCat("period: months are locked in order; the next one to lock is ",
                           open->Label(), " (", locked.back(), " is the last locked)"));
        }
        const absl::Time now = NowMicros();
        // The lock row first: a concurrent lock of the same month waits here, then fails.
        store::InsertLockedPeriod(tx, month.Label(), now);
        const std::map<std::string, domain::Statement> statements =
            builder.Compute(AllReps(tx, month.FirstDay()), month);
        v1::LockPeriodResponse resp;
        resp.set_period(month.Label());
        resp.set_currency_code(ctx_.currency);
        std::set<std::pair<int64_t, int>> used;
        for (const auto& [rep, statement] : statements) {
          v1::Statement proto = ToProto(statement, ctx_, /*full=*/true);
          proto.set_locked(true);
          SetProtoTime(now, proto.mutable_lock_time());
          store::StatementRow row;
          row.rep_id = rep;
          row.period = month.Label();
          row.plan_id = statement.version.plan_id;
          row.version = statement.version.version;
          row.total = statement.total;
          row.draw_balance = statement.draw_balance;
          row.body = proto.SerializeAsString();
          row.locked_at = now;
          row.id = store::InsertStatement(tx, row);
          // Each credit once, with the month it counts in: adjustments' credits in the
          // locked month they corrected (the first adjustment that traces a credit: its own
          // month's, before a quarterly or yearly bonus adjustment that traces it too).
          std::map<std::string, std::vector<int64_t>> by_home;
          std::set<int64_t> adjusted;
          for (const domain::StatementLine& line : statement.lines) {
            if (line.kind != domain::LineKind::kAdjustment) continue;
            for (const domain::LineCredit& c : line.credits) {
              if (adjusted.insert(c.credit_id).second) by_home[line.adjusts].push_back(c.credit_id);
            }
          }
          for (int64_t id : statement.credit_ids) {
            if (!adjusted.contains(id)) by_home[month.Label()].push_back(id);
          }
          for (const auto& [home, ids] : by_home) {
            store::InsertStatementCredits(tx, row.id, rep, home, ids);
          }
          used.insert({row.plan_id, row.version});
          resp.set_statement_count(resp.statement_count() + 1);
          resp.set_total(resp.total() + statement.total);
        }
        for (const auto& [plan, version] : used) store::MarkPlanVersionUsed(tx, plan, version);
        return resp;
      });
}

absl::StatusOr<v1::RunWhatIfResponse> StatementHandlers::RunWhatIf(const v1::RunWhatIfRequest& req,
                                                                   absl::Time deadline) {
  ASSIGN_OR_RETURN(const auto ref, ParsePlanVersionName("plan_version", req.plan_version()));
  ASSIGN_OR_RETURN(const domain::Period month, ParseMonth("period", req.period()));
  v1::RunWhatIfResponse resp;
  resp.set_currency_code(ctx_.currency);
  RETURN_IF_ERROR(
      db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
        std::optional<store::PlanVersionRow> row =
            store::FindPlanVersion(tx, ref.first, ref.second);
        if (!row.has_value()) {
          return absl::NotFoundError(
              absl::StrCat("plan_version: ", req.plan_version(), " not found"));
        }
        if (row->published) {
          return absl::FailedPreconditionError(absl::StrCat(
              "plan_version: ", req.plan_version(),
              " is PLAN_VERSION_STATE_PUBLISHED; what-if runs a PLAN_VERSION_STATE_DRAFT version"));
        }
        StatementBuilder builder(tx, ctx_);
        StatementBuilder::Override draft{{row->plan_id, row->version}, StoredTerms(*row)};
        const std::vector<std::string> reps = AllReps(tx, month.FirstDay());
        const std::map<std::string, domain::Statement> drafted =
            builder.Compute(reps, month, &draft);
        std::vector<std::string> affected;
        for (const auto& [rep, statement] : drafted) {
          if (statement.version == draft.version) affected.push_back(rep);
        }
        const std::map<std::string, v1::Statement> current = builder.Current(affected, month);
        for (const std::string& rep : affected) {
          v1::WhatIfResult* result = resp.add_results();
          result->set_rep(absl::StrCat("reps/", rep));
          auto it = current.find(rep);
          if (it != current.end()) {
            result->set_current_total(it->second.total());
            result->set_current_plan_version(it->second.plan_version());
          }
          result->set_draft_total(drafted.at(rep).total);
          result->set_difference(result->draft_total() - result->current_total());
          resp.set_current_total(resp.current_total() + result->current_total());
          resp.set_draft_total(resp.draft_total() + result->draft_total());
        }
        return absl::OkStatus();
      }));
  return resp;
}

}  // namespace sales::incentives::api
