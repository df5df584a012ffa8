#include "services/incentives/src/api/leaderboard_handlers.h"

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/incentives/src/api/attainment_mapping.h"
#include "services/incentives/src/api/mapping.h"
#include "services/incentives/src/domain/attainment.h"
#include "services/incentives/src/domain/leaderboard.h"
#include "services/incentives/src/domain/team_tree.h"
#include "services/incentives/src/store/attainment_store.h"
#include "services/incentives/src/store/credit_store.h"
#include "services/incentives/src/store/honour_store.h"
#include "services/incentives/src/store/organisation_store.h"

namespace sales::incentives::api {
namespace {

using Spans = std::map<std::string, std::vector<domain::MembershipSpan>>;

std::vector<int64_t> AllTeams(const std::vector<std::pair<int64_t, int64_t>>& parents) {
  std::vector<int64_t> teams;
  for (const auto& [id, parent] : parents) teams.push_back(id);
  return teams;
}

std::optional<int64_t> TeamOf(const Spans& spans, const std::string& rep,
                              const std::vector<int64_t>& scope, const domain::Period& period) {
  const auto it = spans.find(rep);
  if (it == spans.end()) return std::nullopt;
  return domain::TeamInScope(it->second, scope, period.FirstDay(), period.EndDay());
}

// The sales star of a month: every known rep tied at the top of credited revenue (above 0).
std::vector<store::HonourRow> SalesStars(db::Transaction& tx, const domain::Period& period,
                                         absl::Time now) {
  const std::vector<store::RepRow> reps = store::ListAllReps(tx);
  const std::map<std::string, domain::CreditSum> sums =
      store::SumByRep(tx, period.FirstDay(), period.EndDay());
  std::vector<domain::Score> scores;
  for (const store::RepRow& rep : reps) {
    const auto it = sums.find(rep.rep_id);
    scores.push_back({rep.rep_id, it == sums.end() ? 0 : it->second.amounts.revenue, 1, true});
  }
  const std::vector<size_t> winners = domain::Winners(scores);
  const Spans spans = store::ListAllSpans(tx);
  const std::vector<int64_t> teams = AllTeams(store::ListTeamParents(tx));
  std::vector<store::HonourRow> rows;
  for (size_t i : winners) {
    store::HonourRow row;
    row.kind = store::HonourKind::kSalesStar;
    row.period = period.Label();
    row.rep_id = scores[i].key;
    row.team_id = TeamOf(spans, row.rep_id, teams, period).value_or(0);
    row.figure = scores[i].numerator;
    row.actual = scores[i].numerator;
    row.tied = winners.size() > 1;
    row.recorded_at = now;
    rows.push_back(row);
  }
  return rows;
}

// The best team of a quarter: every team with a revenue target above 0 tied at the top of
// attainment (actual above 0).
std::vector<store::HonourRow> BestTeams(db::Transaction& tx, const domain::Period& period,
                                        absl::Time now) {
  const std::map<std::string, store::TargetRef> targets =
      store::ListOwnerTargets(tx, domain::Metric::kRevenue, period, domain::OwnerKind::kTeam);
  const domain::Tally tally =
      domain::TallyCredits(store::ListDayCredits(tx, period.FirstDay(), period.EndDay()),
                           store::ListAllSpans(tx), store::ListTeamParents(tx));
  std::vector<domain::Score> scores;
  std::vector<int64_t> ids;
  for (const auto& [key, target] : targets) {
    if (target.amount <= 0) continue;
    const int64_t team = std::stoll(key);
    const auto it = tally.teams.find(team);
    // Padded so that ties list by team id.
    scores.push_back({absl::StrFormat("%020d", team),
                      it == tally.teams.end() ? 0 : it->second.amounts.revenue, target.amount,
                      true});
    ids.push_back(team);
  }
  const std::vector<size_t> winners = domain::Winners(scores);
  std::vector<store::HonourRow> rows;
  for (size_t i : winners) {
    store::HonourRow row;
    row.kind = store::HonourKind::kBestTeam;
    row.period = period.Label();
    row.team_id = ids[i];
    row.figure = domain::RatioBp(scores[i].numerator, scores[i].denominator);
    row.actual = scores[i].numerator;
    row.target_amount = scores[i].denominator;
    row.tied = winners.size() > 1;
    row.recorded_at = now;
    rows.push_back(row);
  }
  return rows;
}

}  // namespace

absl::StatusOr<v1::Leaderboard> LeaderboardHandlers::GetLeaderboard(
    const v1::GetLeaderboardRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "GetLeaderboard", req, KeysetShape::kId));
  ASSIGN_OR_RETURN(const domain::Period period, domain::ParsePeriod("period", req.period()));
  if (req.by() == v1::LEADERBOARD_MEASURE_UNSPECIFIED ||
      !v1::LeaderboardMeasure_IsValid(req.by())) {
    return InvalidField("by", "required: revenue, gross margin or attainment");
  }
  int64_t team = 0;
  if (!req.team().empty()) {
    ASSIGN_OR_RETURN(team, ParseTeamName("team", req.team()));
  }
  std::vector<store::RepRow> reps;
  std::vector<std::optional<int64_t>> rep_teams;  // parallel to reps
  std::map<std::string, domain::CreditSum> sums;
  std::map<std::string, store::TargetRef> targets;
  RETURN_IF_ERROR(
      db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
        const std::vector<std::pair<int64_t, int64_t>> parents = store::ListTeamParents(tx);
        std::vector<int64_t> scope = AllTeams(parents);
        if (team != 0) {
          if (!store::FindTeam(tx, team).has_value()) {
            return absl::NotFoundError(absl::StrCat(req.team(), " not found"));
          }
          scope = domain::Subtree(team, parents);
        }
        const Spans spans = store::ListAllSpans(tx);
        for (store::RepRow& rep : store::ListAllReps(tx)) {
          const std::optional<int64_t> in = TeamOf(spans, rep.rep_id, scope, period);
          if (team != 0 && !in.has_value()) continue;
          reps.push_back(std::move(rep));
          rep_teams.push_back(in);
        }
        sums = store::SumByRep(tx, period.FirstDay(), period.EndDay());
        if (req.by() == v1::LEADERBOARD_MEASURE_ATTAINMENT) {
          targets = store::ListOwnerTargets(tx, domain::Metric::kRevenue, period,
                                            domain::OwnerKind::kRep);
        }
        return absl::OkStatus();
      }));
  std::vector<domain::Score> scores;
  for (const store::RepRow& rep : reps) {
    const auto s = sums.find(rep.rep_id);
    const domain::SaleAmounts amounts = s == sums.end() ? domain::SaleAmounts{} : s->second.amounts;
    switch (req.by()) {
      case v1::LEADERBOARD_MEASURE_GROSS_MARGIN:
        scores.push_back({rep.rep_id, amounts.margin, 1, true});
        break;
      case v1::LEADERBOARD_MEASURE_ATTAINMENT: {
        const auto t = targets.find(rep.rep_id);
        const bool ranked = t != targets.end() && t->second.amount > 0;
        scores.push_back({rep.rep_id, amounts.revenue, ranked ? t->second.amount : 1, ranked});
        break;
      }
      default:
        scores.push_back({rep.rep_id, amounts.revenue, 1, true});
        break;
    }
  }
  const std::vector<domain::Placing> placings = domain::RankCompetition(scores);
  v1::Leaderboard board;
  board.set_period(period.Label());
  board.set_team(req.team());
  board.set_by(req.by());
  board.set_total_reps(static_cast<int32_t>(placings.size()));
  board.set_currency_code(ctx_.currency);
  SetProtoTime(absl::Now(), board.mutable_compute_time());
  // The cursor is the number of rows already given.
  const size_t from = static_cast<size_t>(page.after().id);
  const size_t to = std::min(placings.size(), from + static_cast<size_t>(page.page_size()));
  for (size_t pos = from; pos < to; ++pos) {
    const domain::Placing& p = placings[pos];
    const store::RepRow& rep = reps[p.index];
    const domain::Score& score = scores[p.index];
    v1::LeaderboardRow* row = board.add_rows();
    row->set_rep(absl::StrCat("reps/", rep.rep_id));
    row->set_display_name(rep.display_name);
    if (rep_teams[p.index].has_value()) row->set_team(domain::TeamName(*rep_teams[p.index]));
    row->set_rank(p.rank);
    row->set_tied(p.tied);
    const auto s = sums.find(rep.rep_id);
    row->set_actual(s == sums.end() ? 0 : s->second.amounts.revenue);
    if (req.by() == v1::LEADERBOARD_MEASURE_ATTAINMENT) {
      if (const auto t = targets.find(rep.rep_id); t != targets.end()) {
        row->set_target(absl::StrCat("targets/", t->second.id));
        row->set_target_amount(t->second.amount);
      }
      row->set_figure(score.ranked ? domain::RatioBp(score.numerator, score.denominator) : 0);
    } else {
      row->set_figure(score.numerator);
    }
  }
  if (to < placings.size()) {
    board.set_next_page_token(EncodeKeysetCursor(*ctx_.page_tokens,
                                                 ListScope("GetLeaderboard", req),
                                                 KeysetCursor::Id(static_cast<int64_t>(to))));
  }
  return board;
}

absl::StatusOr<v1::CloseHonoursResponse> LeaderboardHandlers::CloseHonours(
    const v1::CloseHonoursRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const domain::Period period, domain::ParsePeriod("period", req.period()));
  store::HonourKind kind = store::HonourKind::kSalesStar;
  switch (period.kind) {
    case domain::PeriodKind::kMonth:
      kind = store::HonourKind::kSalesStar;
      break;
    case domain::PeriodKind::kQuarter:
      kind = store::HonourKind::kBestTeam;
      break;
    case domain::PeriodKind::kYear:
      return InvalidField(
          "period", "honours close a month (sales star) or a quarter (best team), not a year");
  }
  const absl::CivilDay today = Today(ctx_);
  if (today < period.EndDay()) {
    return absl::FailedPreconditionError(
        absl::StrCat("period ", period.Label(), " has not ended: its last day is ",
                     domain::DayText(period.EndDay() - 1), ", today is ", domain::DayText(today)));
  }
  return RunIdempotent<v1::CloseHonoursResponse>(
      *ctx_.pool, deadline, "CloseHonours", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::CloseHonoursResponse> {
        v1::CloseHonoursResponse resp;
        std::vector<store::HonourRow> rows;
        if (store::IsClosed(tx, kind, period.Label())) {
          resp.set_already_closed(true);
          rows = store::ListHonoursOf(tx, kind, period.Label());
        } else {
          const absl::Time now = TruncateToMicros(absl::Now());
          rows = kind == store::HonourKind::kSalesStar ? SalesStars(tx, period, now)
                                                       : BestTeams(tx, period, now);
          rows = store::InsertHonours(tx, std::move(rows));
          store::RecordClose(tx, kind, period.Label(), now);
        }
        for (const store::HonourRow& row : rows) *resp.add_honours() = HonourToProto(row, ctx_);
        return resp;
      });
}

absl::StatusOr<v1::ListHonoursResponse> LeaderboardHandlers::ListHonours(
    const v1::ListHonoursRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListHonours", req, KeysetShape::kId));
  store::HonourFilter filter;
  if (!req.period().empty()) {
    ASSIGN_OR_RETURN(const domain::Period period, domain::ParsePeriod("period", req.period()));
    filter.period = period.Label();
  }
  if (!req.rep().empty()) {
    ASSIGN_OR_RETURN(filter.rep_id, ParseRepName("rep", req.rep()));
  }
  if (!req.team().empty()) {
    ASSIGN_OR_RETURN(filter.team_id, ParseTeamName("team", req.team()));
  }
  std::vector<store::HonourRow> rows;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListHonours(tx, filter, page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListHonoursResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const store::HonourRow& r) { return KeysetCursor::Id(r.id); }));
  for (const store::HonourRow& row : rows) *resp.add_honours() = HonourToProto(row, ctx_);
  return resp;
}

}  // namespace sales::incentives::api
