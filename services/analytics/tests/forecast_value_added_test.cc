#include "services/analytics/src/domain/forecast_value_added.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

TEST(ForecastValueAddedTest, ErrorsOfOnePeriodByHand) {
  // Actual 1000, statistical 800 (|e| 200, APE 20%), adjusted 950 (|e| 50, APE 5%).
  const ForecastErrors e = ErrorsOf({800, 950, 1000});
  EXPECT_DOUBLE_EQ(e.statistical_absolute_error, 200);
  EXPECT_DOUBLE_EQ(e.adjusted_absolute_error, 50);
  EXPECT_DOUBLE_EQ(*e.statistical_ape, 20);
  EXPECT_DOUBLE_EQ(*e.adjusted_ape, 5);
  EXPECT_DOUBLE_EQ(e.fva_absolute_error, 150);
  EXPECT_DOUBLE_EQ(*e.fva_ape, 15);
  // An actual of 0 has no percentage error.
  const ForecastErrors zero = ErrorsOf({10, 30, 0});
  EXPECT_FALSE(zero.statistical_ape.has_value());
  EXPECT_FALSE(zero.fva_ape.has_value());
  EXPECT_DOUBLE_EQ(zero.fva_absolute_error, -20);
}

TEST(ForecastValueAddedTest, TotalsOverPeriodsByHand) {
  // Period 1: above; period 2: actual 500, statistical 550 (|e| 50, 10%), adjusted 400
  // (|e| 100, 20%): the adjustment made it worse; period 3: actual 0, statistical 10,
  // adjusted 0 (no APE).
  const ForecastValueAddedTotals t = TotalsOf({{800, 950, 1000}, {550, 400, 500}, {10, 0, 0}});
  EXPECT_EQ(t.periods, 3);
  EXPECT_DOUBLE_EQ(t.statistical_mae, (200.0 + 50.0 + 10.0) / 3.0);
  EXPECT_DOUBLE_EQ(t.adjusted_mae, (50.0 + 100.0 + 0.0) / 3.0);
  EXPECT_DOUBLE_EQ(t.fva_mae, t.statistical_mae - t.adjusted_mae);
  EXPECT_EQ(t.mape_periods, 2);
  EXPECT_DOUBLE_EQ(*t.statistical_mape, 15.0);  // (20 + 10) / 2
  EXPECT_DOUBLE_EQ(*t.adjusted_mape, 12.5);     // (5 + 20) / 2
  EXPECT_DOUBLE_EQ(*t.fva_mape, 2.5);
  EXPECT_EQ(t.improved, 2);
  EXPECT_EQ(t.worsened, 1);
  const ForecastValueAddedTotals none = TotalsOf({});
  EXPECT_EQ(none.periods, 0);
  EXPECT_FALSE(none.statistical_mape.has_value());
}

}  // namespace
}  // namespace sales::analytics::domain
