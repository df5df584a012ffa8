#include "services/incentives/src/domain/team_tree.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>

namespace sales::incentives::domain {
namespace {

// 1 <- 2 <- 3 <- 4, and 5 on its own (parent 0: top level).
class TeamTreeTest : public ::testing::Test {
 protected:
  absl::Status Check(int64_t team, int64_t new_parent) {
    return CheckTeamParent(team, new_parent, [&](int64_t id) -> std::optional<int64_t> {
      auto it = parents_.find(id);
      if (it == parents_.end()) return std::nullopt;
      return it->second;
    });
  }
  std::map<int64_t, int64_t> parents_{{1, 0}, {2, 1}, {3, 2}, {4, 3}, {5, 0}};
};

TEST_F(TeamTreeTest, MovesUnderAnotherBranchOrToTheTop) {
  EXPECT_TRUE(Check(2, 5).ok());
  EXPECT_TRUE(Check(4, 1).ok());
  EXPECT_TRUE(Check(3, 0).ok());
  EXPECT_TRUE(Check(1, 5).ok());
}

TEST_F(TeamTreeTest, RefusesADescendantAsParentNamingParent) {
  const absl::Status status = Check(2, 4);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(),
            "parent: teams/4 is a descendant of teams/2; moving teams/2 under it would make a "
            "cycle");
  EXPECT_EQ(Check(1, 3).code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Check(3, 4).code(), absl::StatusCode::kFailedPrecondition);
}

TEST_F(TeamTreeTest, RefusesItselfAsParent) {
  const absl::Status status = Check(3, 3);
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "parent: teams/3 cannot be its own parent");
}

TEST(TeamSubtreeTest, ATeamAndEveryTeamBelowIt) {
  const std::vector<std::pair<int64_t, int64_t>> parents{{1, 0}, {2, 1}, {3, 2}, {4, 1}, {5, 0}};
  std::vector<int64_t> below = Subtree(1, parents);
  std::sort(below.begin(), below.end());
  EXPECT_EQ(below, (std::vector<int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(Subtree(3, parents), (std::vector<int64_t>{3}));
}

}  // namespace
}  // namespace sales::incentives::domain
