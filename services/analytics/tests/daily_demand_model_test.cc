// The choice of the daily demand model (daily_demand_model.h): Croston's method above the
// Syntetos-Boylan-Croston cut-off of the average inter-demand interval, else the
// Holt-Winters selection without multiplicative seasons; and the plans made from it.
#include "services/analytics/src/domain/daily_demand_model.h"

#include <gtest/gtest.h>

#include <cmath>

#include "services/analytics/src/domain/replenishment.h"

namespace sales::analytics::domain {
namespace {

// 4 weeks selling 6 units every other day: 14 demand days of 28, ADI 2.
std::vector<double> EveryOtherDay() {
  std::vector<double> y;
  for (int d = 0; d < 28; ++d) y.push_back(d % 2 == 0 ? 6.0 : 0.0);
  return y;
}

TEST(DailyDemandModelTest, ClassifiesByTheAverageInterDemandInterval) {
  const DemandPattern p = ClassifyDemand(EveryOtherDay());
  EXPECT_EQ(p.days, 28);
  EXPECT_EQ(p.demand_days, 14);
  EXPECT_DOUBLE_EQ(p.adi, 2.0);
  EXPECT_TRUE(p.intermittent);
  // 33 days with 25 demand days: ADI = 1.32 exactly, not above the cut-off.
  std::vector<double> y(33, 1.0);
  for (int d = 0; d < 8; ++d) y[static_cast<size_t>(4 * d + 1)] = 0;
  const DemandPattern edge = ClassifyDemand(y);
  EXPECT_EQ(edge.demand_days, 25);
  EXPECT_DOUBLE_EQ(edge.adi, 1.32);
  EXPECT_FALSE(edge.intermittent);
  // A day with more restocked than sold (negative) keeps it off Croston's method.
  std::vector<double> negative = EveryOtherDay();
  negative[3] = -2;
  EXPECT_TRUE(ClassifyDemand(negative).negative);
  EXPECT_FALSE(ClassifyDemand(negative).intermittent);
}

// Intermittent: Croston's method with α = 0.1. Every demand is 6 after 2 days (the first
// after 1: the series starts with a sale), so ẑ = 6 and p̂ = 1 + (1 - 0.9^13) = 2 - 0.9^13;
// σ² = the mean of the 27 squared one-step errors.
TEST(DailyDemandModelTest, IntermittentDemandIsForecastByCroston) {
  const std::vector<double> y = EveryOtherDay();
  const absl::StatusOr<DailyDemandModel> m = FitDailyDemand(y);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->method, DemandMethod::kCroston);
  EXPECT_EQ(m->name, "Croston");
  EXPECT_EQ(m->candidates, 1);
  const double interval = 2 - std::pow(0.9, 13);
  EXPECT_NEAR(m->croston.rate, 6 / interval, 1e-12);
  const absl::StatusOr<CrostonModel> c = FitCroston(y);
  ASSERT_TRUE(c.ok());
  EXPECT_NEAR(m->sigma, std::sqrt(c->sse / 27), 1e-12);
  const absl::StatusOr<std::vector<double>> f = ForecastDailyDemand(*m, 5);
  ASSERT_TRUE(f.ok());
  for (double v : *f) EXPECT_NEAR(v, 6 / interval, 1e-12);

  // The plan uses that rate: 14 days of lead time demand 14 × rate, safety stock ⌈z σ √14⌉.
  ReplenishmentPolicy policy;
  const absl::StatusOr<ReplenishmentPlan> plan = PlanReplenishment(y, 100, policy);
  ASSERT_TRUE(plan.ok()) << plan.status();
  EXPECT_EQ(plan->model, "Croston");
  EXPECT_NEAR(plan->lead_time_demand, 14 * 6 / interval, 1e-9);
  EXPECT_EQ(plan->safety_stock,
            static_cast<int64_t>(std::ceil(NormalQuantile(0.95) * m->sigma * std::sqrt(14.0))));
}

// Smooth positive demand with a weekly pattern: Holt-Winters chosen by AICc among the six
// additive candidates (no trend, trend, damped trend; no season, additive season), the same
// choice SelectHoltWinters makes when told to leave out multiplicative seasons.
TEST(DailyDemandModelTest, SmoothDemandIsHoltWintersWithoutMultiplicativeSeasons) {
  std::vector<double> y;
  for (int d = 0; d < 56; ++d) y.push_back(8 + d % 7 + (d % 3 == 0 ? 1 : 0));
  const absl::StatusOr<DailyDemandModel> m = FitDailyDemand(y);
  ASSERT_TRUE(m.ok()) << m.status();
  EXPECT_EQ(m->method, DemandMethod::kHoltWinters);
  EXPECT_FALSE(m->pattern.intermittent);
  EXPECT_EQ(m->candidates, 6);
  EXPECT_EQ(m->name.find(",M"), std::string::npos);
  SelectionOptions additive;
  additive.multiplicative_season = false;
  const absl::StatusOr<ModelSelection> want = SelectHoltWinters(y, 7, additive);
  ASSERT_TRUE(want.ok());
  EXPECT_EQ(m->name, ModelName(want->best.form));
  EXPECT_NEAR(m->sigma, std::sqrt(want->best.sigma2), 1e-12);
  // The default selection also tries the three multiplicative seasons.
  const absl::StatusOr<ModelSelection> all = SelectHoltWinters(y, 7);
  ASSERT_TRUE(all.ok());
  EXPECT_GT(all->candidates.size(), 6u);
  const absl::StatusOr<std::vector<double>> f = ForecastDailyDemand(*m, 3);
  const absl::StatusOr<std::vector<double>> points = PointForecasts(want->best, 3);
  ASSERT_TRUE(f.ok() && points.ok());
  EXPECT_EQ(*f, *points);
}

}  // namespace
}  // namespace sales::analytics::domain
