#include "services/analytics/src/domain/customer_value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <set>

namespace sales::analytics::domain {
namespace {

// 200 customers buying every few days for a while, amounts varying by customer.
std::vector<Purchase> Purchases() {
  std::mt19937 rng(11);
  std::vector<Purchase> out;
  const absl::CivilDay start(2024, 1, 1);
  for (int64_t c = 0; c < 200; ++c) {
    const int gap = 5 + static_cast<int>(rng() % 40);
    const int stop = 30 + static_cast<int>(rng() % 400);
    const int64_t amount = 500 + static_cast<int64_t>(rng() % 5000);
    for (int d = static_cast<int>(rng() % 60); d < 365 && d < stop; d += gap) {
      out.push_back({c, start + d, amount});
    }
  }
  return out;
}

TEST(CustomerValue, UndiscountedValueIsExpectedPurchasesTimesExpectedAmount) {
  CustomerValueSpec spec;
  spec.calibration_end = absl::CivilDay(2024, 9, 30);
  spec.horizon_months = 6;
  absl::StatusOr<CustomerValueModelFit> fit = FitCustomerValueModels(Purchases(), spec);
  ASSERT_TRUE(fit.ok()) << fit.status();
  ASSERT_TRUE(fit->spend.has_value());
  for (const PurchaseHistory& h : fit->histories) {
    absl::StatusOr<CustomerValueFigures> f = ValueOf(*fit, h, spec);
    ASSERT_TRUE(f.ok()) << f.status();
    // Without discounting, the per-month increments of E[Y] telescope to E[Y(6 months)].
    const double expected = f->expected_purchases * f->expected_average_amount_minor;
    EXPECT_NEAR(static_cast<double>(f->lifetime_value_minor), expected, 0.5 + 1e-6 * expected);
    EXPECT_GE(f->probability_alive, 0);
    EXPECT_LE(f->probability_alive, 1);
  }
}

TEST(CustomerValue, DiscountingLowersValueAndTheHoldoutCountsActualPurchaseDays) {
  const std::vector<Purchase> purchases = Purchases();
  CustomerValueSpec spec;
  spec.calibration_end = absl::CivilDay(2024, 9, 30);
  spec.holdout_end = absl::CivilDay(2024, 12, 30);
  absl::StatusOr<CustomerValueModelFit> plain = FitCustomerValueModels(purchases, spec);
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE(plain->holdout.has_value());
  // The actual holdout purchases, counted by hand: days after calibration up to the end,
  // of customers who bought before.
  std::map<int64_t, std::set<absl::CivilDay>> calibrated, holdout;
  for (const Purchase& p : purchases) {
    if (p.day <= spec.calibration_end) calibrated[p.customer_id].insert(p.day);
  }
  for (const Purchase& p : purchases) {
    if (p.day > spec.calibration_end && p.day <= *spec.holdout_end &&
        calibrated.contains(p.customer_id)) {
      holdout[p.customer_id].insert(p.day);
    }
  }
  int64_t actual = 0;
  for (const auto& [customer, days] : holdout) actual += static_cast<int64_t>(days.size());
  EXPECT_EQ(plain->holdout->actual_purchases, actual);
  EXPECT_GT(plain->holdout->predicted_purchases, 0);

  CustomerValueSpec discounted = spec;
  discounted.monthly_discount_rate = 0.05;
  const PurchaseHistory& h = plain->histories.front();
  EXPECT_LT(ValueOf(*plain, h, discounted)->lifetime_value_minor,
            ValueOf(*plain, h, spec)->lifetime_value_minor);
}

TEST(CustomerValue, ValuesOfAllEqualsValueOfEachCustomerAndTheHoldoutSumsTheirPredictions) {
  std::vector<Purchase> purchases = Purchases();
  // Customers with the same history (a shared computation) next to different ones.
  for (int64_t c = 200; c < 210; ++c) purchases.push_back({c, absl::CivilDay(2024, 3, 1), 900});
  CustomerValueSpec spec;
  spec.calibration_end = absl::CivilDay(2024, 9, 30);
  spec.holdout_end = absl::CivilDay(2024, 12, 30);
  spec.monthly_discount_rate = 0.01;
  absl::StatusOr<CustomerValueModelFit> fit = FitCustomerValueModels(purchases, spec);
  ASSERT_TRUE(fit.ok()) << fit.status();
  absl::StatusOr<std::vector<CustomerValueFigures>> all = ValuesOfAll(*fit, spec);
  ASSERT_TRUE(all.ok()) << all.status();
  ASSERT_EQ(all->size(), fit->histories.size());
  double predicted = 0;
  const double holdout_length = static_cast<double>(*spec.holdout_end - spec.calibration_end);
  for (size_t i = 0; i < all->size(); ++i) {
    absl::StatusOr<CustomerValueFigures> one = ValueOf(*fit, fit->histories[i], spec);
    ASSERT_TRUE(one.ok());
    EXPECT_EQ((*all)[i].lifetime_value_minor, one->lifetime_value_minor) << i;
    EXPECT_EQ((*all)[i].probability_alive, one->probability_alive) << i;
    EXPECT_EQ((*all)[i].expected_purchases, one->expected_purchases) << i;
    predicted += *ExpectedPurchases(fit->purchases.params, fit->histories[i], holdout_length);
  }
  EXPECT_NEAR(fit->holdout->predicted_purchases, predicted, 1e-9 * predicted);
}

}  // namespace
}  // namespace sales::analytics::domain
