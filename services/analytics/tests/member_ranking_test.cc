// Ranking members by revenue: top and bottom, ties, members without figures.
#include "services/analytics/src/domain/member_ranking.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

std::vector<std::string> Names(const std::vector<MemberRevenue>& v) {
  std::vector<std::string> out;
  for (const MemberRevenue& m : v) out.push_back(m.member);
  return out;
}

TEST(MemberRanking, TopAndBottomDoNotOverlap) {
  std::vector<MemberRevenue> members;
  for (int i = 1; i <= 5; ++i) members.push_back({"m" + std::to_string(i), i * 100, i, 0, 0});
  members.push_back({"idle", 0, 0, 0, 0});    // nothing in either period: left out
  members.push_back({"gone", 0, 0, 300, 3});  // sold before only: counted, lowest
  const MemberRanking r = RankMembers(members, 2);
  EXPECT_EQ(r.members, 6);
  EXPECT_EQ(r.total_revenue_minor, 1500);
  EXPECT_EQ(Names(r.top), (std::vector<std::string>{"m5", "m4"}));
  EXPECT_EQ(Names(r.bottom), (std::vector<std::string>{"gone", "m1"}));
}

TEST(MemberRanking, FewMembersAllInTopTiesByName) {
  const MemberRanking r = RankMembers({{"b", 100, 1, 0, 0}, {"a", 100, 1, 0, 0}}, 5);
  EXPECT_EQ(Names(r.top), (std::vector<std::string>{"a", "b"}));
  EXPECT_TRUE(r.bottom.empty());
}

TEST(MemberRanking, Shares) {
  EXPECT_DOUBLE_EQ(*RevenueShare(250, 1000), 0.25);
  EXPECT_FALSE(RevenueShare(250, 0).has_value());
}

}  // namespace
}  // namespace sales::analytics::domain
