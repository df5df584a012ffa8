// The team tree: a team has at most one parent, and no team is its own ancestor.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"

namespace sales::incentives::domain {

// "teams/{id}".
std::string TeamName(int64_t id);

// Whether `team` may hang under `new_parent` (0: become a top-level team), given
// `parent_of(id)`, the current parent of a team (0 for a top-level team, nullopt for a team
// that does not exist). FAILED_PRECONDITION naming `parent` when the new parent is the team
// itself or one of its descendants (the move would make a cycle).
absl::Status CheckTeamParent(int64_t team, int64_t new_parent,
                             absl::FunctionRef<std::optional<int64_t>(int64_t)> parent_of);

// `team` and every team below it, given each team's parent (0 for a top-level team), in
// no particular order.
std::vector<int64_t> Subtree(int64_t team, const std::vector<std::pair<int64_t, int64_t>>& parents);

}  // namespace sales::incentives::domain
