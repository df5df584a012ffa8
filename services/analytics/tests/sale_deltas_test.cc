#include "services/analytics/src/domain/sale_deltas.h"

#include <gtest/gtest.h>

#include <numeric>

#include "services/analytics/src/domain/customer_deltas.h"

namespace sales::analytics::domain {
namespace {

const absl::CivilDay kDay(2026, 11, 30);

OrderFact TwoLinesOfOneProduct() {
  OrderFact o;
  o.order = "orders/1";
  o.customer = "customers/1";
  o.channel = "CHANNEL_WEB";
  o.region = "north";
  o.lines = {{1, "products/1", "tea", 2, 1000, 100, 600},
             {2, "products/1", "tea", 1, 500, 0, 300},
             {3, "products/2", "cups", 3, 999, 99, 450}};
  o.credits = {{"reps/1", 3333}, {"reps/2", 3333}, {"reps/3", 3334}};
  return o;
}

const Measures* Find(const std::vector<DayDelta>& deltas, Dimension dim, const std::string& m) {
  for (const DayDelta& d : deltas) {
    if (d.slice.dimension == dim && d.slice.member == m) return &d.delta;
  }
  return nullptr;
}

TEST(SplitByShares, PartsAddUpExactlyToTheAmount) {
  for (int64_t amount : {0LL, 1LL, 2LL, 100LL, 2499LL, 1000001LL, -7LL, 9000000000000000LL}) {
    const std::vector<int64_t> parts = SplitByShares(amount, {3333, 3333, 3334});
    EXPECT_EQ(std::accumulate(parts.begin(), parts.end(), int64_t{0}), amount) << amount;
  }
  // 100 by thirds: quotas 33.33, 33.33, 33.34; the one unit left goes to the largest
  // remainder, the third share.
  EXPECT_EQ(SplitByShares(100, {3333, 3333, 3334}), (std::vector<int64_t>{33, 33, 34}));
  // 1 by halves: a tie of remainders goes to the earlier share.
  EXPECT_EQ(SplitByShares(1, {5000, 5000}), (std::vector<int64_t>{1, 0}));
  EXPECT_EQ(SplitByShares(-1, {5000, 5000}), (std::vector<int64_t>{-1, 0}));
  // Shares short of 10000: the parts add up to the credited part, half away from zero.
  EXPECT_EQ(SplitByShares(3, {5000}), (std::vector<int64_t>{2}));
}

TEST(OrderDeltas, CountEachSliceOnceWithItsLines) {
  const std::vector<DayDelta> deltas = OrderDeltas(TwoLinesOfOneProduct(), kDay, false);
  const Measures* all = Find(deltas, Dimension::kAll, "");
  ASSERT_NE(all, nullptr);
  EXPECT_EQ((*all)[Measure::kOrders], 1);
  EXPECT_EQ((*all)[Measure::kUnits], 6);
  EXPECT_EQ((*all)[Measure::kGrossMinor], 2499);
  EXPECT_EQ((*all)[Measure::kDiscountMinor], 199);
  EXPECT_EQ((*all)[Measure::kNetMinor], 2300);
  EXPECT_EQ((*all)[Measure::kCostMinor], 1350);
  const Measures* tea = Find(deltas, Dimension::kProduct, "products/1");
  ASSERT_NE(tea, nullptr);
  EXPECT_EQ((*tea)[Measure::kOrders], 1);  // two lines, one order
  EXPECT_EQ((*tea)[Measure::kUnits], 3);
  EXPECT_EQ((*tea)[Measure::kNetMinor], 1400);
  ASSERT_NE(Find(deltas, Dimension::kCategory, "cups"), nullptr);
  ASSERT_NE(Find(deltas, Dimension::kChannel, "CHANNEL_WEB"), nullptr);
  ASSERT_NE(Find(deltas, Dimension::kRegion, "north"), nullptr);
  // Reps: the shares of every amount add up to the order's, so split credit never counts
  // twice.
  int64_t net = 0, cost = 0;
  for (const char* rep : {"reps/1", "reps/2", "reps/3"}) {
    const Measures* m = Find(deltas, Dimension::kRep, rep);
    ASSERT_NE(m, nullptr) << rep;
    EXPECT_EQ((*m)[Measure::kOrders], 1);
    net += (*m)[Measure::kNetMinor];
    cost += (*m)[Measure::kCostMinor];
  }
  EXPECT_EQ(net, 2300);
  EXPECT_EQ(cost, 1350);
  for (const DayDelta& d : deltas) EXPECT_EQ(d.day, kDay);
}

TEST(OrderDeltas, ACancellationTakesOutExactlyWhatThePlacementPutIn) {
  const OrderFact order = TwoLinesOfOneProduct();
  const std::vector<DayDelta> placed = OrderDeltas(order, kDay, false);
  const std::vector<DayDelta> cancelled = OrderDeltas(order, kDay, true);
  ASSERT_EQ(placed.size(), cancelled.size());
  for (size_t i = 0; i < placed.size(); ++i) {
    Measures sum = placed[i].delta;
    sum += cancelled[i].delta;
    EXPECT_EQ(sum[Measure::kCancelledOrders], 1);
    sum[Measure::kCancelledOrders] = 0;
    EXPECT_TRUE(sum.IsZero());
  }
}

TEST(ReturnDeltas, ReduceTheDayOfTheReturnBySlice) {
  ReturnFact r;
  r.return_name = "returns/1";
  r.channel = "CHANNEL_WEB";
  r.region = "north";
  r.lines = {{"products/1", "tea", 2, 900, 600}, {"products/2", "tea", 1, 300, 150}};
  r.credits = {{"reps/1", 5000}, {"reps/2", 5000}};
  const std::vector<DayDelta> deltas = ReturnDeltas(r, kDay);
  const Measures* all = Find(deltas, Dimension::kAll, "");
  ASSERT_NE(all, nullptr);
  EXPECT_EQ((*all)[Measure::kReturns], 1);
  EXPECT_EQ((*all)[Measure::kReturnedUnits], 3);
  EXPECT_EQ((*all)[Measure::kRefundMinor], 1200);
  EXPECT_EQ((*all)[Measure::kRefundCostMinor], 750);
  const Measures* tea = Find(deltas, Dimension::kCategory, "tea");
  ASSERT_NE(tea, nullptr);
  EXPECT_EQ((*tea)[Measure::kReturns], 1);  // one return, two lines of the category
  EXPECT_EQ((*tea)[Measure::kRefundMinor], 1200);
  EXPECT_EQ((*Find(deltas, Dimension::kRep, "reps/1"))[Measure::kRefundMinor], 600);
}

TEST(CustomerDeltas, LeadOutcomesMoveBetweenWonAndLostInTheirCohort) {
  const std::vector<DayDelta> won =
      LeadOutcomeDeltas(kDay, "reps/1", LeadOutcome::kOpen, LeadOutcome::kWon);
  ASSERT_EQ(won.size(), 2u);
  EXPECT_EQ(won[0].delta[Measure::kLeadsWon], 1);
  const std::vector<DayDelta> flipped =
      LeadOutcomeDeltas(kDay, "", LeadOutcome::kWon, LeadOutcome::kLost);
  ASSERT_EQ(flipped.size(), 1u);
  EXPECT_EQ(flipped[0].delta[Measure::kLeadsWon], -1);
  EXPECT_EQ(flipped[0].delta[Measure::kLeadsLost], 1);
  EXPECT_TRUE(LeadOutcomeDeltas(kDay, "", LeadOutcome::kWon, LeadOutcome::kWon).empty());
}

TEST(CustomerDeltas, SurveyAnswersAreSortedIntoTheirBoxes) {
  auto measure = [](SurveyKind kind, int score, Measure m) {
    return SurveyDeltas(kDay, kind, score)[0].delta[m];
  };
  EXPECT_EQ(measure(SurveyKind::kCsat, 4, Measure::kCsatSatisfied), 1);
  EXPECT_EQ(measure(SurveyKind::kCsat, 3, Measure::kCsatSatisfied), 0);
  EXPECT_EQ(measure(SurveyKind::kNps, 9, Measure::kNpsPromoters), 1);
  EXPECT_EQ(measure(SurveyKind::kNps, 8, Measure::kNpsPromoters), 0);
  EXPECT_EQ(measure(SurveyKind::kNps, 8, Measure::kNpsDetractors), 0);  // passive
  EXPECT_EQ(measure(SurveyKind::kNps, 6, Measure::kNpsDetractors), 1);
}

// Issue 10: the rep slice counts revenue credit only; overlay credit is not revenue the
// overlay rep sold (sales.analytics.v1 KpiValues, the rep slice).
TEST(CountsInRepSliceTest, RevenueCreditOnly) {
  EXPECT_TRUE(CountsInRepSlice("SALES_CREDIT_KIND_REVENUE"));
  EXPECT_TRUE(CountsInRepSlice(""));  // events from before the kind existed: revenue
  EXPECT_FALSE(CountsInRepSlice("SALES_CREDIT_KIND_OVERLAY"));
}

}  // namespace
}  // namespace sales::analytics::domain
