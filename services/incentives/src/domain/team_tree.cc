#include "services/incentives/src/domain/team_tree.h"

#include <map>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"

namespace sales::incentives::domain {

std::string TeamName(int64_t id) { return absl::StrCat("teams/", id); }

absl::Status CheckTeamParent(int64_t team, int64_t new_parent,
                             absl::FunctionRef<std::optional<int64_t>(int64_t)> parent_of) {
  if (new_parent == 0) return absl::OkStatus();
  if (new_parent == team) {
    return absl::FailedPreconditionError(
        absl::StrCat("parent: ", TeamName(team), " cannot be its own parent"));
  }
  // Walk up from the new parent: reaching `team` means the new parent is its descendant.
  // The tree has no cycle, so the walk ends; the bound guards against a corrupt one.
  int64_t at = new_parent;
  for (int steps = 0; at != 0 && steps < 100000; ++steps) {
    if (at == team) {
      return absl::FailedPreconditionError(
          absl::StrCat("parent: ", TeamName(new_parent), " is a descendant of ", TeamName(team),
                       "; moving ", TeamName(team), " under it would make a cycle"));
    }
    const std::optional<int64_t> up = parent_of(at);
    if (!up.has_value()) break;
    at = *up;
  }
  return absl::OkStatus();
}

std::vector<int64_t> Subtree(int64_t team,
                             const std::vector<std::pair<int64_t, int64_t>>& parents) {
  std::map<int64_t, std::vector<int64_t>> children;
  for (const auto& [id, parent] : parents) children[parent].push_back(id);
  std::vector<int64_t> out{team};
  // Breadth first; a corrupt tree with a cycle cannot loop, each team is taken once.
  std::set<int64_t> seen{team};
  for (size_t i = 0; i < out.size(); ++i) {
    for (int64_t child : children[out[i]]) {
      if (seen.insert(child).second) out.push_back(child);
    }
  }
  return out;
}

}  // namespace sales::incentives::domain
