#include <map>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/text.h"
#include "common/time_util.h"
#include "services/incentives/src/api/locked_months.h"
#include "services/incentives/src/api/mapping.h"
#include "services/incentives/src/api/organisation_handlers.h"
#include "services/incentives/src/domain/membership.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/domain/team_tree.h"
#include "services/incentives/src/store/organisation_store.h"

namespace sales::incentives::api {
namespace {

constexpr size_t kMaxNameLength = 200;

absl::Status RequireTeam(db::Transaction& tx, std::string_view field, int64_t id) {
  if (!store::FindTeam(tx, id).has_value()) {
    return absl::NotFoundError(
        absl::StrCat(ToAbsl(field), ": ", domain::TeamName(id), " not found"));
  }
  return absl::OkStatus();
}

absl::StatusOr<store::RepRow> RequireRep(db::Transaction& tx, const std::string& rep_id,
                                         bool for_update = false) {
  std::optional<store::RepRow> rep = store::FindRep(tx, rep_id, for_update);
  if (!rep.has_value()) return absl::NotFoundError(absl::StrCat("reps/", rep_id, " not found"));
  return *std::move(rep);
}

// Applies a planned move to the stored spans of `rep_id`.
void ApplyMove(db::Transaction& tx, const std::string& rep_id, const domain::MembershipMove& move) {
  if (move.closed.has_value()) store::UpdateSpan(tx, *move.closed);
  if (move.retargeted.has_value()) store::UpdateSpan(tx, *move.retargeted);
  if (move.opened.has_value()) store::InsertSpan(tx, rep_id, *move.opened);
}

}  // namespace

absl::StatusOr<v1::Rep> OrganisationHandlers::CreateRep(const v1::CreateRepRequest& req,
                                                        absl::Time deadline) {
  if (!req.has_rep()) return InvalidField("rep", "is required");
  ASSIGN_OR_RETURN(const std::string rep_id, ParseRepName("rep.name", req.rep().name()));
  RETURN_IF_ERROR(
      ValidateRequiredText("rep.display_name", req.rep().display_name(), kMaxNameLength));
  int64_t team = 0;
  absl::CivilDay first_day;
  if (!req.team().empty()) {
    ASSIGN_OR_RETURN(team, ParseTeamName("team", req.team()));
    ASSIGN_OR_RETURN(first_day, domain::ParseDay("effective_day", req.effective_day()));
  } else if (!req.effective_day().empty()) {
    return InvalidField("effective_day", "is only used with team");
  }
  return RunIdempotent<v1::Rep>(*ctx_.pool, deadline, "CreateRep", req, req.request_id(),
                                [&](db::Transaction& tx) -> absl::StatusOr<v1::Rep> {
                                  if (team != 0) RETURN_IF_ERROR(RequireTeam(tx, "team", team));
                                  store::RepRow row;
                                  row.rep_id = rep_id;
                                  row.display_name = req.rep().display_name();
                                  row.created_at = row.updated_at = NowMicros();
                                  row.id = store::InsertRep(tx, row);
                                  std::vector<domain::MembershipSpan> spans;
                                  if (team != 0) {
                                    spans.push_back({0, team, first_day, domain::kOpenEnd});
                                    store::InsertSpan(tx, rep_id, spans.back());
                                  }
                                  return ToProto(row, domain::SpanOn(spans, Today(ctx_)));
                                });
}

absl::StatusOr<v1::Rep> OrganisationHandlers::GetRep(const v1::GetRepRequest& req,
                                                     absl::Time deadline) {
  ASSIGN_OR_RETURN(const std::string rep_id, ParseRepName("name", req.name()));
  v1::Rep out;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
    ASSIGN_OR_RETURN(const store::RepRow row, RequireRep(tx, rep_id));
    out = ToProto(row, domain::SpanOn(store::ListSpans(tx, rep_id), Today(ctx_)));
    return absl::OkStatus();
  }));
  return out;
}

absl::StatusOr<v1::ListRepsResponse> OrganisationHandlers::ListReps(const v1::ListRepsRequest& req,
                                                                    absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListReps", req, KeysetShape::kId));
  int64_t team = 0;
  if (!req.team().empty()) {
    ASSIGN_OR_RETURN(team, ParseTeamName("team", req.team()));
  }
  const absl::CivilDay today = Today(ctx_);
  std::vector<store::RepRow> rows;
  std::map<std::string, std::vector<domain::MembershipSpan>> spans;
  v1::ListRepsResponse resp;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListReps(tx, team, today, page.after().id, page.fetch_limit());
    resp.set_next_page_token(
        page.TakePage(rows, [](const store::RepRow& r) { return KeysetCursor::Id(r.id); }));
    std::vector<std::string> ids;
    for (const store::RepRow& row : rows) ids.push_back(row.rep_id);
    spans.clear();
    for (store::MembershipRow& m : store::ListSpansOfReps(tx, ids)) {
      spans[m.rep_id].push_back(m.span);
    }
    return absl::OkStatus();
  }));
  for (const store::RepRow& row : rows) {
    *resp.add_reps() = ToProto(row, domain::SpanOn(spans[row.rep_id], today));
  }
  return resp;
}

absl::StatusOr<v1::Rep> OrganisationHandlers::UpdateRep(const v1::UpdateRepRequest& req,
                                                        absl::Time deadline) {
  if (!req.has_rep()) return InvalidField("rep", "is required");
  const v1::Rep& patch = req.rep();
  ASSIGN_OR_RETURN(const std::string rep_id, ParseRepName("rep.name", patch.name()));
  if (!req.has_update_mask() || req.update_mask().paths_size() == 0) {
    return InvalidField("update_mask", "must name at least one field");
  }
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      RETURN_IF_ERROR(
          ValidateRequiredText("rep.display_name", patch.display_name(), kMaxNameLength));
    } else if (path == "team" || path == "team_since") {
      return InvalidField("update_mask", absl::StrCat("'", path, "' changes through MoveRep"));
    } else if (path == "name" || path == "create_time" || path == "update_time") {
      return InvalidField("update_mask", absl::StrCat("'", path, "' is output only"));
    } else {
      return InvalidField("update_mask", absl::StrCat("'", path, "' is not a field of Rep"));
    }
  }
  return RunIdempotent<v1::Rep>(
      *ctx_.pool, deadline, "UpdateRep", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Rep> {
        ASSIGN_OR_RETURN(store::RepRow row, RequireRep(tx, rep_id, /*for_update=*/true));
        row.display_name = patch.display_name();
        row.updated_at = NowMicros();
        store::UpdateRep(tx, row);
        return ToProto(row, domain::SpanOn(store::ListSpans(tx, rep_id), Today(ctx_)));
      });
}

absl::StatusOr<v1::Rep> OrganisationHandlers::MoveRep(const v1::MoveRepRequest& req,
                                                      absl::Time deadline) {
  ASSIGN_OR_RETURN(const std::string rep_id, ParseRepName("rep", req.rep()));
  ASSIGN_OR_RETURN(const int64_t team, ParseTeamName("team", req.team()));
  ASSIGN_OR_RETURN(const absl::CivilDay day,
                   domain::ParseDay("effective_day", req.effective_day()));
  return RunIdempotent<v1::Rep>(
      *ctx_.pool, deadline, "MoveRep", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Rep> {
        // The period guard first: a LockPeriod in flight prices the memberships as they stood.
        const std::optional<absl::CivilDay> until = FirstOpenDay(tx);
        // The rep's row lock serialises moves of one rep.
        ASSIGN_OR_RETURN(store::RepRow row, RequireRep(tx, rep_id, /*for_update=*/true));
        RETURN_IF_ERROR(RequireTeam(tx, "team", team));
        // A locked month's statements, team totals and honours were computed from its
        // memberships; a move back into it would make them disagree with the live figures.
        if (until.has_value() && day < *until) {
          return absl::FailedPreconditionError(absl::StrCat(
              "effective_day: ", req.effective_day(),
              " is in a locked month (locked statements never change); the first open day is ",
              domain::DayText(*until)));
        }
        std::vector<domain::MembershipSpan> spans = store::ListSpans(tx, rep_id);
        ASSIGN_OR_RETURN(const domain::MembershipMove move, domain::PlanMove(spans, team, day));
        if (!move.unchanged) {
          ApplyMove(tx, rep_id, move);
          spans = store::ListSpans(tx, rep_id);
          row.updated_at = NowMicros();
          store::UpdateRep(tx, row);
        }
        return ToProto(row, domain::SpanOn(spans, Today(ctx_)));
      });
}

absl::StatusOr<v1::ListRepMembershipsResponse> OrganisationHandlers::ListRepMemberships(
    const v1::ListRepMembershipsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const std::string rep_id, ParseRepName("rep", req.rep()));
  v1::ListRepMembershipsResponse resp;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(RequireRep(tx, rep_id).status());
    resp.clear_memberships();
    for (const domain::MembershipSpan& span : store::ListSpans(tx, rep_id)) {
      *resp.add_memberships() = ToProto(rep_id, span);
    }
    return absl::OkStatus();
  }));
  return resp;
}

absl::StatusOr<v1::Membership> OrganisationHandlers::FindRepTeam(const v1::FindRepTeamRequest& req,
                                                                 absl::Time deadline) {
  ASSIGN_OR_RETURN(const std::string rep_id, ParseRepName("rep", req.rep()));
  ASSIGN_OR_RETURN(const absl::CivilDay day, domain::ParseDay("day", req.day()));
  std::optional<domain::MembershipSpan> span;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
    RETURN_IF_ERROR(RequireRep(tx, rep_id).status());
    span = domain::SpanOn(store::ListSpans(tx, rep_id), day);
    return absl::OkStatus();
  }));
  if (!span.has_value()) {
    return absl::NotFoundError(
        absl::StrCat(req.rep(), " was in no team on ", domain::DayText(day)));
  }
  return ToProto(rep_id, *span);
}

absl::StatusOr<v1::ListTeamMembersResponse> OrganisationHandlers::ListTeamMembers(
    const v1::ListTeamMembersRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const int64_t team, ParseTeamName("team", req.team()));
  ASSIGN_OR_RETURN(const domain::Period period, domain::ParsePeriod("period", req.period()));
  std::vector<store::MembershipRow> rows;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
    if (!store::FindTeam(tx, team).has_value()) {
      return absl::NotFoundError(absl::StrCat(req.team(), " not found"));
    }
    rows = store::ListTeamSpans(tx, team, period.FirstDay(), period.EndDay());
    return absl::OkStatus();
  }));
  std::map<std::string, std::vector<domain::MembershipSpan>> by_rep;
  for (const store::MembershipRow& row : rows) by_rep[row.rep_id].push_back(row.span);
  v1::ListTeamMembersResponse resp;
  resp.set_period_days(period.Days());
  for (const auto& [rep_id, spans] : by_rep) {
    const domain::TeamTime time =
        domain::TimeInTeam(spans, team, period.FirstDay(), period.EndDay());
    if (time.days == 0) continue;
    v1::TeamMember* member = resp.add_members();
    member->set_rep(absl::StrCat("reps/", rep_id));
    member->set_days(time.days);
    for (const domain::MembershipSpan& span : time.spans) {
      *member->add_spans() = ToProto(rep_id, span);
    }
  }
  return resp;
}

}  // namespace sales::incentives::api
