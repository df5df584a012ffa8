#include "services/analytics/src/domain/next_best_action.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

CustomerSituation Customer(const std::string& name, RfmSegment segment) {
  CustomerSituation c;
  c.customer = name;
  c.rfm.customer_id = name;
  c.rfm.segment = segment;
  c.rfm.r = 3;
  c.rfm.f = 3;
  c.rfm.m = 3;
  return c;
}

TEST(NextBestActionTest, AChampionIsRewardedBeforeTheProductOffer) {
  CustomerSituation c = Customer("customers/1", RfmSegment::kChampions);
  c.lifetime_value_minor = 200000;
  c.probability_alive = 0.9;
  c.offers.push_back({"products/p1", 0, 0.2, 5000.0});
  const std::vector<Action> actions = CandidateActions(c, AdvicePolicy{}, 50000);
  ASSERT_EQ(actions.size(), 2u);
  // 0.05 x 200000 = 10000; 0.9 x 0.2 x 5000 = 900.
  EXPECT_EQ(actions[0].kind, ActionKind::kRewardChampion);
  EXPECT_EQ(actions[0].expected_value_minor, 10000);
  EXPECT_EQ(actions[0].formula, "0.05 x CLV 200000 = 10000");
  EXPECT_NE(actions[0].reason.find("segment champions"), std::string::npos);
  EXPECT_EQ(actions[1].kind, ActionKind::kOfferProduct);
  EXPECT_EQ(actions[1].product, "products/p1");
  EXPECT_EQ(actions[1].expected_value_minor, 900);
  EXPECT_EQ(TopAction(actions)->kind, ActionKind::kRewardChampion);
}

TEST(NextBestActionTest, AnAtRiskCustomerOfHighValueIsWonBack) {
  CustomerSituation c = Customer("customers/2", RfmSegment::kAtRisk);
  c.lifetime_value_minor = 80000;
  c.probability_alive = 0.4;
  const std::vector<Action> actions = CandidateActions(c, AdvicePolicy{}, 50000);
  ASSERT_EQ(actions.size(), 1u);
  // 0.10 x (1 - 0.4) x 80000 / 0.4 = 12000.
  EXPECT_EQ(actions[0].kind, ActionKind::kWinBack);
  EXPECT_EQ(actions[0].expected_value_minor, 12000);
  // Below the threshold, or in another segment, no win-back.
  c.lifetime_value_minor = 40000;
  EXPECT_TRUE(CandidateActions(c, AdvicePolicy{}, 50000).empty());
  c.lifetime_value_minor = 80000;
  c.rfm.segment = RfmSegment::kCantLose;
  EXPECT_EQ(CandidateActions(c, AdvicePolicy{}, 50000).size(), 1u);
  c.rfm.segment = RfmSegment::kLoyal;
  EXPECT_TRUE(CandidateActions(c, AdvicePolicy{}, 50000).empty());
  // Without a lifetime-value model there is no threshold, and no win-back.
  c.rfm.segment = RfmSegment::kAtRisk;
  EXPECT_TRUE(CandidateActions(c, AdvicePolicy{}, std::nullopt).empty());
}

TEST(NextBestActionTest, AHibernatingCustomerIsReEngagedWithTheStatedDiscount) {
  CustomerSituation c = Customer("customers/3", RfmSegment::kHibernating);
  c.orders = 4;
  c.net_minor = 40000;
  c.cost_minor = 24000;
  // Margin per order 4000, order value 10000: 0.05 x (4000 - 0.10 x 10000) = 150.
  std::vector<Action> actions = CandidateActions(c, AdvicePolicy{}, std::nullopt);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, ActionKind::kReEngage);
  EXPECT_DOUBLE_EQ(actions[0].discount, 0.10);
  EXPECT_EQ(actions[0].expected_value_minor, 150);
  // A discount deeper than the margin: 0.05 x (4000 - 0.5 x 10000) = -50, no top action.
  AdvicePolicy deep;
  deep.offer_discount = 0.5;
  actions = CandidateActions(c, deep, std::nullopt);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].expected_value_minor, -50);
  EXPECT_EQ(TopAction(actions), nullptr);
}

TEST(NextBestActionTest, TheReEngagementDepthIsChosenFromTheCustomersElasticity) {
  CustomerSituation c = Customer("customers/3", RfmSegment::kHibernating);
  c.orders = 2;
  c.net_minor = 20000;
  c.cost_minor = 9000;  // order value 10000, margin per order 5500
  c.elasticity = -2.0;
  c.elasticity_note = "mean of 2 products";
  // offer_depth_test: at e = -2 the 10% depth has the largest expected margin, 4500 / 0.81:
  // 0.05 x 0.9^-2 x (5500 - 0.10 x 10000) = 277.78 -> 278.
  std::vector<Action> actions = CandidateActions(c, AdvicePolicy{}, std::nullopt);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_DOUBLE_EQ(actions[0].discount, 0.10);
  EXPECT_EQ(actions[0].expected_value_minor, 278);
  ASSERT_TRUE(actions[0].elasticity.has_value());
  EXPECT_DOUBLE_EQ(*actions[0].elasticity, -2.0);
  EXPECT_EQ(actions[0].discount_source.rfind("chosen", 0), 0u);
  EXPECT_NE(actions[0].discount_source.find("mean of 2 products"), std::string::npos);
  // The caller's depth wins, with the same take-up: 0.05 x 0.8^-2 x (5500 - 2000) = 273.44.
  AdvicePolicy asked;
  asked.offer_discount = 0.2;
  asked.offer_discount_requested = true;
  actions = CandidateActions(c, asked, std::nullopt);
  EXPECT_DOUBLE_EQ(actions[0].discount, 0.2);
  EXPECT_EQ(actions[0].expected_value_minor, 273);
  EXPECT_EQ(actions[0].discount_source, "request");
  // No usable elasticity: the stated default 0.10, take-up unchanged: 0.05 x 4500 = 225.
  c.elasticity.reset();
  actions = CandidateActions(c, AdvicePolicy{}, std::nullopt);
  EXPECT_DOUBLE_EQ(actions[0].discount, 0.10);
  EXPECT_EQ(actions[0].expected_value_minor, 225);
  EXPECT_FALSE(actions[0].elasticity.has_value());
  EXPECT_EQ(actions[0].discount_source.rfind("default", 0), 0u);
}

TEST(NextBestActionTest, TheBestOfTheProductOffersWithinTheRanksConsidered) {
  CustomerSituation c = Customer("customers/4", RfmSegment::kLoyal);
  c.offers.push_back({"products/a", 0, 0.10, 1000.0});  // 1 x 0.10 x 1000 = 100
  c.offers.push_back({"products/b", 1, 0.08, 3000.0});  // 1 x 0.08 x 3000 = 240
  c.offers.push_back({"products/c", 3, 0.50, 9000.0});  // rank 4: not considered
  const std::vector<Action> actions = CandidateActions(c, AdvicePolicy{}, std::nullopt);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].product, "products/b");
  EXPECT_EQ(actions[0].expected_value_minor, 240);
  // P(alive) unknown is taken as 1, and the reason says so.
  EXPECT_NE(actions[0].reason.find("taken as 1"), std::string::npos);
  AdvicePolicy wider;
  wider.product_offers = 4;
  EXPECT_EQ(CandidateActions(c, wider, std::nullopt)[0].product, "products/c");
}

// The offer names the method its product was listed by and why that method was served.
TEST(NextBestActionTest, TheOfferSaysWhichMethodListedItAndWhy) {
  CustomerSituation c = Customer("customers/6", RfmSegment::kLoyal);
  c.probability_alive = 0.5;
  c.offers.push_back({"products/q", 0, 1.0, 400.0});  // 0.5 x 1 x 400 = 200
  c.offer_method = ChooseRecommendationMethod({6, 0.0, 1.0}, 1);
  ASSERT_EQ(c.offer_method.method, RecommendationMethod::kMostPopular);
  std::vector<Action> actions = CandidateActions(c, AdvicePolicy{}, std::nullopt);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, ActionKind::kOfferProduct);
  EXPECT_EQ(actions[0].expected_value_minor, 200);
  EXPECT_EQ(actions[0].recommendation_method, RecommendationMethod::kMostPopular);
  EXPECT_EQ(actions[0].reason,
            "products/q recommended at rank 1 by most popular, one of the most ordered products "
            "the customer has not bought (item-to-item hit rate 0.0% does not beat the most "
            "popular products' 100.0% on the holdout of 6 customers at 1 product: the most "
            "popular products are served); holdout precision at that rank 1.0000; margin per "
            "order 400.00; P(alive) 0.5000");

  c.offer_method = ChooseRecommendationMethod({6, 1.0, 0.0}, 1);
  ASSERT_EQ(c.offer_method.method, RecommendationMethod::kItemToItem);
  actions = CandidateActions(c, AdvicePolicy{}, std::nullopt);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].recommendation_method, RecommendationMethod::kItemToItem);
  EXPECT_EQ(actions[0].reason.rfind("products/q recommended at rank 1 by item-to-item, from the "
                                    "co-purchases of the customer's products (item-to-item hit "
                                    "rate 100.0% beats",
                                    0),
            0u)
      << actions[0].reason;
  EXPECT_NE(actions[0].reason.find("item-to-item is served); holdout precision"), std::string::npos)
      << actions[0].reason;
}

// Other actions carry no recommendation method.
TEST(NextBestActionTest, OnlyTheOfferCarriesARecommendationMethod) {
  CustomerSituation c = Customer("customers/7", RfmSegment::kChampions);
  c.lifetime_value_minor = 1000;
  const std::vector<Action> actions = CandidateActions(c, AdvicePolicy{}, std::nullopt);
  ASSERT_EQ(actions.size(), 1u);
  EXPECT_EQ(actions[0].kind, ActionKind::kRewardChampion);
  EXPECT_FALSE(actions[0].recommendation_method.has_value());
}

TEST(NextBestActionTest, ExpectedValuesRoundHalfAwayFromZero) {
  CustomerSituation c = Customer("customers/5", RfmSegment::kChampions);
  c.lifetime_value_minor = 10;
  AdvicePolicy policy;
  policy.reward_uplift = 0.25;  // 2.5 -> 3
  EXPECT_EQ(CandidateActions(c, policy, std::nullopt)[0].expected_value_minor, 3);
  c.rfm.segment = RfmSegment::kHibernating;
  c.orders = 1;
  c.net_minor = 100;
  c.cost_minor = 150;  // margin -50: 0.05 x (-50 - 0.1 x 100) = -3
  policy.re_engage_response_rate = 0.05;
  c.lifetime_value_minor.reset();
  EXPECT_EQ(CandidateActions(c, policy, std::nullopt)[0].expected_value_minor, -3);
  c.cost_minor = 40;  // margin 60: 0.25 x (60 - 0.1 x 100) = 12.5 -> 13
  policy.re_engage_response_rate = 0.25;
  EXPECT_EQ(CandidateActions(c, policy, std::nullopt)[0].expected_value_minor, 13);
}

TEST(NextBestActionTest, SegmentTotalsCountCandidatesAndTopActions) {
  std::array<SegmentAdvice, kRfmSegmentCount> segments = EmptySegmentAdvice();
  CustomerSituation a = Customer("customers/1", RfmSegment::kChampions);
  a.lifetime_value_minor = 200000;
  a.probability_alive = 0.9;
  a.offers.push_back({"products/p1", 0, 0.2, 5000.0});
  CustomerSituation b = Customer("customers/2", RfmSegment::kChampions);
  b.lifetime_value_minor = 1000;  // reward 50 < offer 0.5 x 0.2 x 5000 = 500
  b.probability_alive = 0.5;
  b.offers.push_back({"products/p1", 0, 0.2, 5000.0});
  CustomerSituation c = Customer("customers/3", RfmSegment::kChampions);  // nothing known
  for (const CustomerSituation* s : {&a, &b, &c}) {
    AddToSegment(s->rfm.segment, CandidateActions(*s, AdvicePolicy{}, 50000), segments);
  }
  const SegmentAdvice& champions = segments[static_cast<size_t>(RfmSegment::kChampions)];
  EXPECT_EQ(champions.segment, RfmSegment::kChampions);
  EXPECT_EQ(champions.customers, 3);
  EXPECT_EQ(champions.customers_with_action, 2);
  EXPECT_EQ(champions.top_value_minor, 10000 + 500);
  const ActionTotal& reward = champions.actions[static_cast<size_t>(ActionKind::kRewardChampion)];
  EXPECT_EQ(reward.candidates, 2);
  EXPECT_EQ(reward.candidate_value_minor, 10000 + 50);
  EXPECT_EQ(reward.top_customers, 1);
  EXPECT_EQ(reward.top_value_minor, 10000);
  const ActionTotal& offer = champions.actions[static_cast<size_t>(ActionKind::kOfferProduct)];
  EXPECT_EQ(offer.candidates, 2);
  EXPECT_EQ(offer.candidate_value_minor, 900 + 500);
  EXPECT_EQ(offer.top_customers, 1);
  EXPECT_EQ(offer.top_value_minor, 500);
  EXPECT_EQ(segments[static_cast<size_t>(RfmSegment::kLost)].customers, 0);
}

}  // namespace
}  // namespace sales::analytics::domain
