// Teams, reps and membership spans (inside the caller's transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/incentives/src/store/rows.h"

namespace sales::incentives::store {

int64_t InsertTeam(db::Transaction& tx, const TeamRow& row);
std::optional<TeamRow> FindTeam(db::Transaction& tx, int64_t id, bool for_update = false);
// parent_id, display_name, updated_at.
void UpdateTeam(db::Transaction& tx, const TeamRow& row);
// By id after `after_id`; `parent_id` 0 lists every team.
std::vector<TeamRow> ListTeams(db::Transaction& tx, int64_t parent_id, int64_t after_id, int limit);
// The parent of `id` (0 for a top-level team), nullopt if the team does not exist; the
// row is locked.
std::optional<int64_t> ParentOf(db::Transaction& tx, int64_t id);

// Every team as (id, parent id), the parent 0 for a top-level team.
std::vector<std::pair<int64_t, int64_t>> ListTeamParents(db::Transaction& tx);

// ALREADY_EXISTS naming rep.name when the rep exists.
int64_t InsertRep(db::Transaction& tx, const RepRow& row);
std::optional<RepRow> FindRep(db::Transaction& tx, const std::string& rep_id,
                              bool for_update = false);
// display_name, updated_at.
void UpdateRep(db::Transaction& tx, const RepRow& row);
// By id after `after_id`; with `team_id` only the reps whose span holds `day` is in that
// team.
std::vector<RepRow> ListReps(db::Transaction& tx, int64_t team_id, absl::CivilDay day,
                             int64_t after_id, int limit);

// A rep's spans, oldest first.
std::vector<domain::MembershipSpan> ListSpans(db::Transaction& tx, const std::string& rep_id);
// The spans of many reps, by rep id then oldest first.
std::vector<MembershipRow> ListSpansOfReps(db::Transaction& tx,
                                           const std::vector<std::string>& rep_ids);
// Every span of `team` that overlaps [first, end), by rep id then oldest first.
std::vector<MembershipRow> ListTeamSpans(db::Transaction& tx, int64_t team_id, absl::CivilDay first,
                                         absl::CivilDay end);
void InsertSpan(db::Transaction& tx, const std::string& rep_id, const domain::MembershipSpan& span);
// team_id and end_day of a stored span.
void UpdateSpan(db::Transaction& tx, const domain::MembershipSpan& span);

}  // namespace sales::incentives::store
