// The demo company as the prediction bench writes it: scaled to the orders asked for, every
// order as the orders service's snapshot would carry it, and the planted price response on
// top of the promotions' discounts following its law exactly in expectation.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <set>

#include "absl/time/civil_time.h"
#include "sales/orders/v1/order.pb.h"
#include "tools/loadgen/demo_company_facts.h"
#include "tools/loadgen/market_truth.h"

namespace sales::loadgen {
namespace {

namespace ev = ::sales::events::v1;

const absl::CivilDay kLastDay(2026, 11, 30);

TEST(DemoCompanyFactsTest, ThePlanHoldsAboutTheOrdersAskedForOverTwoYearsOfHistory) {
  for (const int64_t asked : {20000, 60000}) {
    const DemoCompanyPlan plan = PlanDemoCompany(asked, kLastDay, absl::UTCTimeZone(), 42);
    const double n = static_cast<double>(plan.orders.history.size());
    // Poisson draws day by day: the total's sd is sqrt(asked); 5 sd either side.
    EXPECT_NEAR(n, static_cast<double>(asked), 5 * std::sqrt(static_cast<double>(asked)));
    EXPECT_TRUE(plan.orders.live.empty());
    EXPECT_EQ(plan.options.period.first, kLastDay - 729);
    EXPECT_EQ(plan.orders.history.front().day, plan.options.period.first);
    EXPECT_LE(plan.orders.history.back().day, kLastDay);
    EXPECT_EQ(plan.catalogue.products.size(), 200u);
    EXPECT_FALSE(plan.leads.empty());
  }
}

TEST(DemoCompanyFactsTest, AnOrderSnapshotCarriesTheDemosNamesAndAddsUp) {
  const DemoCompanyPlan plan = PlanDemoCompany(5000, kLastDay, absl::UTCTimeZone(), 42);
  const std::set<std::string> channels = {"CHANNEL_STORE", "CHANNEL_WEB", "CHANNEL_PHONE",
                                          "CHANNEL_PARTNER"};
  int64_t cancelled = 0;
  int64_t discounted = 0;
  for (const demo::OrderPlan& o : plan.orders.history) {
    const ev::OrderSnapshot s = DemoOrderSnapshot(plan, o);
    ASSERT_EQ(s.order(), "orders/" + std::to_string(o.serial));
    ASSERT_EQ(s.customer(), "customers/" + std::to_string(o.customer + 1));
    ASSERT_TRUE(channels.count(s.channel())) << s.channel();
    ASSERT_EQ(s.warehouse(), demo::kWarehouses[o.warehouse]);
    ASSERT_EQ(s.lines_size(), static_cast<int>(o.lines.size()));
    int64_t subtotal = 0, discount = 0, cost = 0;
    for (const ev::LineSnapshot& l : s.lines()) {
      EXPECT_EQ(l.subtotal_minor(), l.unit_price_minor() * l.quantity());
      EXPECT_EQ(l.cost_minor(), l.unit_cost_minor() * l.quantity());
      subtotal += l.subtotal_minor();
      discount += l.discount_minor();
      cost += l.cost_minor();
    }
    EXPECT_EQ(s.subtotal_minor(), subtotal);
    EXPECT_EQ(s.discount_minor(), discount);
    EXPECT_EQ(s.cost_minor(), cost);
    cancelled += DemoOrderCounted(o) ? 0 : 1;
    discounted += discount > 0 ? 1 : 0;
  }
  // The demo cancels 3-5% of its orders and its festival campaigns discount some.
  EXPECT_GT(cancelled, 0);
  EXPECT_GT(discounted, 0);
}

// One line of `quantity` units of `product` at `unit_price`, `promoted` minor units off.
ev::OrderSnapshot OneLine(const std::string& product, int64_t quantity, int64_t unit_price,
                          int64_t promoted) {
  ev::OrderSnapshot o;
  ev::LineSnapshot& l = *o.add_lines();
  l.set_line_id(1);
  l.set_product(product);
  l.set_category("office");
  l.set_quantity(quantity);
  l.set_unit_price_minor(unit_price);
  l.set_unit_cost_minor(unit_price / 2);
  l.set_subtotal_minor(unit_price * quantity);
  l.set_discount_minor(promoted);
  return o;
}

TEST(DemoCompanyFactsTest, KeptDiscountsAnswerTheWholePricePaidWithTheTrueElasticity) {
  // products/23: elasticity -2.0 (23 % 4 == 3), in no planted pair.
  const std::string product = "products/23";
  MarketTruth truth(7, MarketTruth::Discounts::kKeep, {{product, 12000}});
  std::mt19937_64 rng(1);
  // A week with a planted markdown and one without, each with a 20% promotion on the line.
  for (absl::CivilDay day = kLastDay - 70; day <= kLastDay; day += 7) {
    const double d = truth.DiscountOf(product, day);
    const double paid = 0.8 * (1.0 - d);
    const double expected = 2.0 * std::pow(paid * 10000.0 / 12000.0, -2.0);
    const int draws = 20000;
    double units = 0;
    for (int i = 0; i < draws; ++i) {
      ev::OrderSnapshot o = OneLine(product, 2, 10000, 4000);
      truth.Apply(o, day, rng);
      ASSERT_EQ(o.lines_size(), 1);
      const ev::LineSnapshot& l = o.lines(0);
      ASSERT_GE(l.quantity(), 2);  // the reference is the highest price: units never fall
      EXPECT_EQ(l.subtotal_minor(), 10000 * l.quantity());
      EXPECT_EQ(l.discount_minor(),
                std::llround(static_cast<double>(l.subtotal_minor()) * (1.0 - paid)));
      units += static_cast<double>(l.quantity());
    }
    // Randomized rounding's variance is at most 1/4 a draw: the mean's sd is below 0.004.
    EXPECT_NEAR(units / draws, expected, 0.02) << "day " << day << " markdown " << d;
  }
}

TEST(DemoCompanyFactsTest, ReplacedDiscountsKeepTheSyntheticLaw) {
  const std::string product = "products/22";  // elasticity -1.5
  MarketTruth truth(7);
  std::mt19937_64 rng(1);
  const absl::CivilDay day = kLastDay;
  const double d = truth.DiscountOf(product, day);
  double units = 0;
  for (int i = 0; i < 20000; ++i) {
    ev::OrderSnapshot o = OneLine(product, 1, 10000, 4000);
    truth.Apply(o, day, rng);
    // The line's own discount is dropped: only the planted markdown is left.
    EXPECT_EQ(o.lines(0).discount_minor(),
              std::llround(static_cast<double>(o.lines(0).subtotal_minor()) * d));
    units += static_cast<double>(o.lines(0).quantity());
  }
  EXPECT_NEAR(units / 20000, std::pow(1.0 - d, -1.5), 0.02);
}

}  // namespace
}  // namespace sales::loadgen
