#include "services/analytics/src/domain/complaint_kpis.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'790'000'000);

FeedbackItem Complaint(const std::string& category, int made_hour,
                       std::optional<int> resolved_hour) {
  FeedbackItem item;
  item.category = category;
  item.complaint = true;
  item.made = kT0 + absl::Hours(made_hour);
  if (resolved_hour.has_value()) item.resolved = kT0 + absl::Hours(*resolved_hour);
  return item;
}

TEST(ComplaintKpisTest, RateIsComplaintsPer100Orders) {
  const ComplaintRate r = ComplaintRateOf(3, 40);
  EXPECT_EQ(r.complaints, 3);
  EXPECT_EQ(r.orders, 40);
  EXPECT_DOUBLE_EQ(*r.per_100_orders, 7.5);  // 100 x 3 / 40
  EXPECT_FALSE(ComplaintRateOf(2, 0).per_100_orders.has_value());
  EXPECT_DOUBLE_EQ(*ComplaintRateOf(0, 5).per_100_orders, 0.0);
}

TEST(ComplaintKpisTest, WithoutCensoringTheQuantilesAreTheEmpiricalInverse) {
  // Times 1 2 3 4 10 all resolved: F jumps by 0.2 at each; median is the first t with
  // F(t) >= 0.5: F(3) = 0.6 -> 3; p90: F(10) = 1.0 is the first >= 0.9 -> 10.
  std::vector<SurvivalTime> times;
  for (double t : {10.0, 1.0, 3.0, 2.0, 4.0}) times.push_back({t, true});
  EXPECT_DOUBLE_EQ(*KaplanMeierQuantile(times, 0.5), 3.0);
  EXPECT_DOUBLE_EQ(*KaplanMeierQuantile(times, 0.9), 10.0);
  // Four times: F(2) = 0.5 exactly reaches the median.
  EXPECT_DOUBLE_EQ(*KaplanMeierQuantile({{1, true}, {2, true}, {3, true}, {4, true}}, 0.5), 2.0);
  EXPECT_FALSE(KaplanMeierQuantile({}, 0.5).has_value());
}

TEST(ComplaintKpisTest, CensoredComplaintsLowerTheRiskSetAsKaplanMeierDoes) {
  // Resolved at 1, 3, 5; censored (open) at 2 and 4. At 1: 5 at risk, S = 4/5 = 0.8. At 3: 3
  // at risk (2 censored at 2), S = 0.8 x 2/3 = 0.5333: F = 0.4667 < 0.5. At 5: 1 at risk,
  // S = 0 -> F = 1: median 5, p90 5.
  const std::vector<SurvivalTime> times = {{1, true}, {2, false}, {3, true}, {4, false}, {5, true}};
  EXPECT_DOUBLE_EQ(*KaplanMeierQuantile(times, 0.5), 5.0);
  EXPECT_DOUBLE_EQ(*KaplanMeierQuantile(times, 0.4), 3.0);  // F(3) = 0.4667 >= 0.4
  // The last observation censored: S never reaches 0.1, no p90. Resolved at 1 and 2 of four,
  // two open at 3: F(1) = 0.25, F(2) = 0.5 -> median 2; p90 never reached.
  const std::vector<SurvivalTime> open_tail = {{1, true}, {2, true}, {3, false}, {3, false}};
  EXPECT_DOUBLE_EQ(*KaplanMeierQuantile(open_tail, 0.5), 2.0);
  EXPECT_FALSE(KaplanMeierQuantile(open_tail, 0.9).has_value());
  // A resolution and a censoring at the same time: the resolution first (4 at risk at 1).
  const std::vector<SurvivalTime> tie = {{1, false}, {1, true}, {2, true}, {3, true}};
  EXPECT_DOUBLE_EQ(*KaplanMeierQuantile(tie, 0.25), 1.0);  // F(1) = 1/4
}

TEST(ComplaintKpisTest, ResolutionTimesCountOpenComplaintsAsStillOpenAtAsOf) {
  // Made at 0 and resolved at 2, 6, 10 hours; one made at 0 still open; one resolved after
  // as_of (open then); feedback that is no complaint is left out.
  const absl::Time as_of = kT0 + absl::Hours(100);
  std::vector<FeedbackItem> items = {Complaint("FEEDBACK_CATEGORY_DELIVERY", 0, 2),
                                     Complaint("FEEDBACK_CATEGORY_DELIVERY", 0, 6),
                                     Complaint("FEEDBACK_CATEGORY_PRICE", 0, 10),
                                     Complaint("FEEDBACK_CATEGORY_PRICE", 0, std::nullopt),
                                     Complaint("FEEDBACK_CATEGORY_SERVICE", 50, 200)};
  FeedbackItem praise;
  praise.category = "FEEDBACK_CATEGORY_SERVICE";
  praise.made = kT0;
  items.push_back(praise);
  const ResolutionTimes r = ResolutionTimesOf(items, as_of);
  EXPECT_EQ(r.complaints, 5);
  EXPECT_EQ(r.resolved, 3);
  EXPECT_EQ(r.open, 2);
  // Times 2, 6, 10 resolved; 50 (censored at 100 - 50) and 100 open. F(2) = 0.2, F(6) = 0.4,
  // F(10) = 0.6: median 10 hours; the open ones are the last two: F never exceeds 0.6.
  EXPECT_DOUBLE_EQ(*r.median_hours, 10.0);
  EXPECT_FALSE(r.p90_hours.has_value());

  const ResolutionTimes none = ResolutionTimesOf({praise}, as_of);
  EXPECT_EQ(none.complaints, 0);
  EXPECT_FALSE(none.median_hours.has_value());
}

TEST(ComplaintKpisTest, ByCategoryCountsComplaintsOpenOnesAndAllFeedback) {
  const absl::Time as_of = kT0 + absl::Hours(100);
  FeedbackItem survey;
  survey.category = "FEEDBACK_CATEGORY_PRICE";
  survey.made = kT0;
  const std::vector<CategoryCount> by =
      ByCategory({Complaint("FEEDBACK_CATEGORY_DELIVERY", 0, 2),
                  Complaint("FEEDBACK_CATEGORY_DELIVERY", 0, std::nullopt),
                  Complaint("FEEDBACK_CATEGORY_PRICE", 0, 200), survey},
                 as_of);
  ASSERT_EQ(by.size(), 2u);
  EXPECT_EQ(by[0].category, "FEEDBACK_CATEGORY_DELIVERY");
  EXPECT_EQ(by[0].complaints, 2);
  EXPECT_EQ(by[0].open, 1);
  EXPECT_EQ(by[0].feedback, 2);
  EXPECT_EQ(by[1].category, "FEEDBACK_CATEGORY_PRICE");
  EXPECT_EQ(by[1].complaints, 1);
  EXPECT_EQ(by[1].open, 1);  // resolved at 200, after as_of
  EXPECT_EQ(by[1].feedback, 2);
}

}  // namespace
}  // namespace sales::analytics::domain
