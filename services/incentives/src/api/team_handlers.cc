#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/text.h"
#include "common/time_util.h"
#include "services/incentives/src/api/mapping.h"
#include "services/incentives/src/api/organisation_handlers.h"
#include "services/incentives/src/domain/team_tree.h"
#include "services/incentives/src/store/organisation_store.h"

namespace sales::incentives::api {
namespace {

constexpr size_t kMaxNameLength = 200;

// The parent of a team as the request gives it: 0 for none.
absl::StatusOr<int64_t> OptionalParent(std::string_view field, std::string_view name) {
  if (name.empty()) return int64_t{0};
  return ParseTeamName(field, name);
}

absl::Status RequireTeam(db::Transaction& tx, std::string_view field, int64_t id) {
  if (id != 0 && !store::FindTeam(tx, id).has_value()) {
    return absl::NotFoundError(
        absl::StrCat(ToAbsl(field), ": ", domain::TeamName(id), " not found"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Team> OrganisationHandlers::CreateTeam(const v1::CreateTeamRequest& req,
                                                          absl::Time deadline) {
  if (!req.has_team()) return InvalidField("team", "is required");
  const v1::Team& team = req.team();
  RETURN_IF_ERROR(ValidateRequiredText("team.display_name", team.display_name(), kMaxNameLength));
  ASSIGN_OR_RETURN(const int64_t parent, OptionalParent("team.parent", team.parent()));
  return RunIdempotent<v1::Team>(*ctx_.pool, deadline, "CreateTeam", req, req.request_id(),
                                 [&](db::Transaction& tx) -> absl::StatusOr<v1::Team> {
                                   RETURN_IF_ERROR(RequireTeam(tx, "team.parent", parent));
                                   store::TeamRow row;
                                   row.parent_id = parent;
                                   row.display_name = team.display_name();
                                   row.created_at = row.updated_at = NowMicros();
                                   row.id = store::InsertTeam(tx, row);
                                   return ToProto(row);
                                 });
}

absl::StatusOr<v1::Team> OrganisationHandlers::GetTeam(const v1::GetTeamRequest& req,
                                                       absl::Time deadline) {
  ASSIGN_OR_RETURN(const int64_t id, ParseTeamName("name", req.name()));
  std::optional<store::TeamRow> row;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    row = store::FindTeam(tx, id);
    return absl::OkStatus();
  }));
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return ToProto(*row);
}

absl::StatusOr<v1::ListTeamsResponse> OrganisationHandlers::ListTeams(
    const v1::ListTeamsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListTeams", req, KeysetShape::kId));
  ASSIGN_OR_RETURN(const int64_t parent, OptionalParent("parent", req.parent()));
  std::vector<store::TeamRow> rows;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListTeams(tx, parent, page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListTeamsResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const store::TeamRow& r) { return KeysetCursor::Id(r.id); }));
  for (const store::TeamRow& row : rows) *resp.add_teams() = ToProto(row);
  return resp;
}

absl::StatusOr<v1::Team> OrganisationHandlers::UpdateTeam(const v1::UpdateTeamRequest& req,
                                                          absl::Time deadline) {
  if (!req.has_team()) return InvalidField("team", "is required");
  const v1::Team& patch = req.team();
  ASSIGN_OR_RETURN(const int64_t id, ParseTeamName("team.name", patch.name()));
  if (!req.has_update_mask() || req.update_mask().paths_size() == 0) {
    return InvalidField("update_mask", "must name at least one field");
  }
  bool set_name = false, set_parent = false;
  int64_t parent = 0;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      RETURN_IF_ERROR(
          ValidateRequiredText("team.display_name", patch.display_name(), kMaxNameLength));
      set_name = true;
    } else if (path == "parent") {
      ASSIGN_OR_RETURN(parent, OptionalParent("team.parent", patch.parent()));
      set_parent = true;
    } else if (path == "name" || path == "create_time" || path == "update_time") {
      return InvalidField("update_mask", absl::StrCat("'", path, "' is output only"));
    } else {
      return InvalidField("update_mask", absl::StrCat("'", path, "' is not a field of Team"));
    }
  }
  return RunIdempotent<v1::Team>(
      *ctx_.pool, deadline, "UpdateTeam", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Team> {
        std::optional<store::TeamRow> row = store::FindTeam(tx, id, /*for_update=*/true);
        if (!row.has_value()) {
          return absl::NotFoundError(absl::StrCat(patch.name(), " not found"));
        }
        if (set_name) row->display_name = patch.display_name();
        if (set_parent && parent != row->parent_id) {
          RETURN_IF_ERROR(RequireTeam(tx, "team.parent", parent));
          // The walk up from the new parent locks each ancestor, so that two moves that
          // would together make a cycle cannot both pass (one waits or deadlocks and reruns).
          RETURN_IF_ERROR(domain::CheckTeamParent(
              id, parent, [&](int64_t team) { return store::ParentOf(tx, team); }));
          row->parent_id = parent;
        }
        row->updated_at = NowMicros();
        store::UpdateTeam(tx, *row);
        return ToProto(*row);
      });
}

}  // namespace sales::incentives::api
