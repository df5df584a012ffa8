#include "services/analytics/src/domain/process_kpis.h"

#include <gtest/gtest.h>

namespace sales::analytics::domain {
namespace {

TEST(ProcessKpisTest, SalesCycleMedianAndP90AreType7QuantilesOfDays) {
  const absl::Time t0 = absl::FromUnixSeconds(1'790'000'000);
  std::vector<WonLead> won;
  for (int days : {10, 1, 3, 2, 4}) won.push_back({"leads/x", t0, t0 + absl::Hours(24 * days)});
  const SalesCycle c = SalesCycleOf(won);
  EXPECT_EQ(c.won_leads, 5);
  // Sorted 1 2 3 4 10: median 3; p90 at h = 4 x 0.9 = 3.6: 4 + 0.6 x (10 - 4) = 7.6.
  EXPECT_DOUBLE_EQ(*c.median_days, 3.0);
  EXPECT_DOUBLE_EQ(*c.p90_days, 7.6);
  // Half days count: 36 hours is 1.5 days.
  EXPECT_DOUBLE_EQ(*SalesCycleOf({{"leads/y", t0, t0 + absl::Hours(36)}}).median_days, 1.5);
  const SalesCycle none = SalesCycleOf({});
  EXPECT_EQ(none.won_leads, 0);
  EXPECT_FALSE(none.median_days.has_value());
}

TEST(ProcessKpisTest, ChurnIsTheShareOfTheBasePeriodsActiveCustomersNotActiveNow) {
  const ChurnRate r = ChurnRateOf(10, 3);
  EXPECT_EQ(r.active_base, 10);
  EXPECT_EQ(r.churned, 3);
  EXPECT_DOUBLE_EQ(*r.rate, 0.3);
  EXPECT_FALSE(ChurnRateOf(0, 0).rate.has_value());
}

TEST(ProcessKpisTest, TurnoverIsCogsOverTheAverageOfEndOfDayInventoryValue) {
  using D = absl::CivilDay;
  // P1 in WH1: 10 units from September, 0 on 2 October, 6 from 3 October. P2 in WH1: first
  // known on 3 October, at 0. Period: 1-4 October.
  const std::vector<StockMove> moves = {
      {"products/1", "WH1", D(2026, 9, 28), 10}, {"products/1", "WH1", D(2026, 10, 2), 3},
      {"products/1", "WH1", D(2026, 10, 2), 0},  // the day's last move counts
      {"products/1", "WH1", D(2026, 10, 3), 6},  {"products/2", "WH1", D(2026, 10, 3), 0},
  };
  // P1 sold 10 units costing 6000 in all: 600 a unit. P2 was never sold.
  const InventoryFigures f =
      InventoryOf(moves, {{"products/1", 6000, 10}}, 6600, D(2026, 10, 1), D(2026, 10, 5));
  EXPECT_EQ(f.days, 4);
  EXPECT_EQ(f.stock_items, 2);
  EXPECT_EQ(f.products_without_cost, 1);
  // End of day P1: 10, 0, 6, 6 = 22 unit-days x 600 / 4 days = 3300.
  EXPECT_EQ(*f.average_inventory_minor, 3300);
  EXPECT_DOUBLE_EQ(*f.turnover, 2.0);
  // P1 out on 2 October; P2 on 3 and 4 October (not before it was known).
  EXPECT_EQ(f.stock_out_days, 3);
  ASSERT_EQ(f.stock_outs.size(), 2u);
  EXPECT_EQ(f.stock_outs[0].product, "products/2");
  EXPECT_EQ(f.stock_outs[0].days, 2);
  EXPECT_EQ(f.stock_outs[1].product, "products/1");
  EXPECT_EQ(f.stock_outs[1].days, 1);
}

TEST(ProcessKpisTest, WithoutStockHistoryThereIsNoTurnover) {
  const InventoryFigures f =
      InventoryOf({}, {}, 500, absl::CivilDay(2026, 10, 1), absl::CivilDay(2026, 11, 1));
  EXPECT_EQ(f.days, 31);
  EXPECT_EQ(f.stock_items, 0);
  EXPECT_FALSE(f.average_inventory_minor.has_value());
  EXPECT_FALSE(f.turnover.has_value());
}

}  // namespace
}  // namespace sales::analytics::domain
