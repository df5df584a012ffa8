#include "services/incentives/src/domain/leaderboard.h"

#include <gtest/gtest.h>

namespace sales::incentives::domain {
namespace {

std::vector<std::pair<std::string, int>> Ranks(const std::vector<Score>& scores) {
  std::vector<std::pair<std::string, int>> out;
  for (const Placing& p : RankCompetition(scores)) out.emplace_back(scores[p.index].key, p.rank);
  return out;
}

TEST(LeaderboardTest, CompetitionRankingSharesRanksAndSkips) {
  const std::vector<Score> scores{{"d", 100}, {"a", 300}, {"c", 200}, {"b", 200}, {"e", 50}};
  const std::vector<Placing> placings = RankCompetition(scores);
  EXPECT_EQ(Ranks(scores), (std::vector<std::pair<std::string, int>>{
                               {"a", 1}, {"b", 2}, {"c", 2}, {"d", 4}, {"e", 5}}));
  EXPECT_FALSE(placings[0].tied);
  EXPECT_TRUE(placings[1].tied);
  EXPECT_TRUE(placings[2].tied);
  EXPECT_FALSE(placings[3].tied);
}

TEST(LeaderboardTest, RatiosRankExactlyAndUnrankedComeLast) {
  // 1/3 beats 3333/10000 although both round to 3333 bp; 2/4 ties 1/2.
  const std::vector<Score> scores{{"x", 3333, 10000}, {"y", 1, 3}, {"z", 0, 1, false},
                                  {"p", 2, 4},        {"q", 1, 2}, {"a", 0, 1, false}};
  EXPECT_EQ(Ranks(scores), (std::vector<std::pair<std::string, int>>{
                               {"p", 1}, {"q", 1}, {"y", 3}, {"x", 4}, {"a", 0}, {"z", 0}}));
}

TEST(LeaderboardTest, EveryoneTiedAtTheTopWinsAndNothingWinsNothing) {
  const std::vector<Score> tied{{"b", 500}, {"a", 500}, {"c", 400}};
  const std::vector<size_t> winners = Winners(tied);
  ASSERT_EQ(winners.size(), 2u);
  EXPECT_EQ(tied[winners[0]].key, "a");
  EXPECT_EQ(tied[winners[1]].key, "b");
  EXPECT_TRUE(Winners({{"a", 0}, {"b", -5}}).empty());
  EXPECT_TRUE(Winners({}).empty());
}

}  // namespace
}  // namespace sales::incentives::domain
