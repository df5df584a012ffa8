// The demo's plan without any service: deterministic from the seed, the festivals where the
// Chinese retail year has them, and discounts that add up the way the orders service's do.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <map>

#include "absl/strings/str_cat.h"
#include "tools/demo/calendar.h"
#include "tools/demo/catalogue.h"
#include "tools/demo/customers.h"
#include "tools/demo/funnel.h"
#include "tools/demo/money.h"
#include "tools/demo/orders_plan.h"
#include "tools/demo/people.h"
#include "tools/demo/promotions.h"
#include "tools/demo/random.h"

namespace sales::demo {
namespace {

namespace cv1 = ::sales::customers::v1;

DemoOptions TwoMonths(uint64_t seed) {
  DemoOptions o;
  o.seed = seed;
  o.period.zone = absl::UTCTimeZone();
  o.period.last = absl::CivilDay(2025, 12, 31);
  o.period.first = absl::CivilDay(2025, 11, 1);
  o.period.live_first = absl::CivilDay(2025, 12, 20);
  o.orders_per_day = 20;
  return o;
}

// A fingerprint of everything the plan decides about orders.
std::string Fingerprint(const DemoOptions& options) {
  const Catalogue catalogue = PlanCatalogue(options);
  std::vector<CustomerPlan> customers = PlanCustomers(options);
  const std::vector<LeadPlan> leads = PlanFunnel(options, customers);
  const OrdersPlan orders = PlanOrders(options, catalogue, customers, PlanPromotions(options));
  std::string s;
  for (const ProductPlan& p : catalogue.products) absl::StrAppend(&s, p.sku, p.first_price, ";");
  for (const CustomerPlan& c : customers) absl::StrAppend(&s, c.display_name, c.email, ";");
  for (const LeadPlan& l : leads) absl::StrAppend(&s, l.display_name, l.moves.size(), ";");
  for (const OrderPlan& o : orders.history) {
    absl::StrAppend(&s, o.customer, o.second, static_cast<int>(o.status));
    for (const LinePlan& l : o.lines)
      absl::StrAppend(&s, l.product, "x", l.quantity, "-", l.discount);
  }
  for (const OrderPlan& o : orders.live) absl::StrAppend(&s, o.customer, static_cast<int>(o.fate));
  return s;
}

TEST(DemoPlanTest, TheSameSeedPlansTheSameCompanyAndAnotherSeedAnotherOne) {
  EXPECT_EQ(Fingerprint(TwoMonths(42)), Fingerprint(TwoMonths(42)));
  EXPECT_NE(Fingerprint(TwoMonths(42)), Fingerprint(TwoMonths(43)));
}

TEST(DemoPlanTest, RandomDrawsAreFixedBitForBit) {
  // mt19937_64's 10000th output for the default seed is fixed by the C++ standard; the
  // integer draws built on it must not change either, or every demo company would.
  Random r(5489);
  uint64_t x = 0;
  for (int i = 0; i < 10000; ++i) x = r.Next();
  EXPECT_EQ(x, 9981545732273789042ULL);
  Random a = Random::Stream(1, "orders");
  Random b = Random::Stream(1, "orders");
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.Int(0, 999), b.Int(0, 999));
}

TEST(DemoPlanTest, HistoryReturnsAndCsatFollowDeliveryAtTheLiveRatesBeforeTheLiveWindow) {
  DemoOptions options = TwoMonths(42);
  options.period.first = absl::CivilDay(2025, 1, 1);  // a year of history, about 7000 orders
  const Catalogue catalogue = PlanCatalogue(options);
  std::vector<CustomerPlan> customers = PlanCustomers(options);
  PlanFunnel(options, customers);
  const OrdersPlan orders = PlanOrders(options, catalogue, customers, PlanPromotions(options));
  const absl::Time live_start = options.period.At(options.period.live_first, 0);
  int64_t completed = 0, returns = 0, rejected = 0, csat = 0;
  for (const OrderPlan& o : orders.history) {
    if (o.status != sales::orders::v1::ORDER_STATUS_COMPLETED) {
      EXPECT_FALSE(o.ret.wanted);
      EXPECT_EQ(o.csat, 0);
      continue;
    }
    ++completed;
    const absl::Time closed =
        options.period.At(o.day, o.second) + absl::Seconds(o.close_after_seconds);
    if (o.ret.wanted) {
      ++returns;
      rejected += o.ret.rejected ? 1 : 0;
      ASSERT_GE(o.ret.line, 1);
      ASSERT_LE(o.ret.line, static_cast<int>(o.lines.size()));
      EXPECT_GE(o.ret.quantity, 1);
      EXPECT_LE(o.ret.quantity, o.lines[static_cast<size_t>(o.ret.line - 1)].quantity);
      EXPECT_GT(o.return_after_seconds, 0);
      EXPECT_GT(o.resolve_after_seconds, 0);
      EXPECT_LT(closed + absl::Seconds(o.return_after_seconds + o.resolve_after_seconds),
                live_start);
    }
    if (o.csat > 0) {
      ++csat;
      EXPECT_LE(o.csat, 5);
      EXPECT_LT(closed + absl::Seconds(o.csat_after_seconds), live_start);
    }
  }
  ASSERT_GT(completed, 5000);
  // 5% of delivered orders come back (a few near the live window are left out), 15% of
  // those are rejected; a quarter of the customers answer a CSAT survey.
  EXPECT_NEAR(static_cast<double>(returns) / static_cast<double>(completed), 0.05, 0.01);
  EXPECT_NEAR(static_cast<double>(rejected) / static_cast<double>(returns), 0.15, 0.06);
  EXPECT_NEAR(static_cast<double>(csat) / static_cast<double>(completed), 0.25, 0.02);
}

TEST(DemoPlanTest, LeadsAreWonByTheStatedLawOfWinning) {
  DemoOptions options = TwoMonths(42);
  options.period.first = absl::CivilDay(2024, 1, 1);  // two years, about 5000 leads
  options.orders_per_day = 500;
  std::vector<CustomerPlan> customers = PlanCustomers(options);
  const std::vector<LeadPlan> leads = PlanFunnel(options, customers);
  // Leads created 160 days before the end have all closed (at most 7 moves of 21 days).
  double expected = 0, variance = 0;
  int64_t closed = 0, won = 0;
  std::map<cv1::AcquisitionChannel, std::pair<int64_t, int64_t>> by_channel;  // won, closed
  for (const LeadPlan& l : leads) {
    if (options.period.last - l.created < 160) continue;
    ASSERT_FALSE(l.moves.empty());
    const cv1::LeadStage last = l.moves.back().stage;
    ASSERT_TRUE(last == cv1::LEAD_STAGE_WON || last == cv1::LEAD_STAGE_LOST);
    // Won only from PROPOSAL or NEGOTIATION, after QUALIFIED.
    if (last == cv1::LEAD_STAGE_WON) {
      ASSERT_GE(l.moves.size(), 3u);
      const cv1::LeadStage from = l.moves[l.moves.size() - 2].stage;
      EXPECT_TRUE(from == cv1::LEAD_STAGE_PROPOSAL || from == cv1::LEAD_STAGE_NEGOTIATION);
    }
    // The follow-ups fall between creation and the day before the lead closed.
    EXPECT_EQ(static_cast<int>(l.follow_up_days.size()), l.follow_ups);
    for (const absl::CivilDay f : l.follow_up_days) {
      EXPECT_GE(f, l.created);
      EXPECT_LT(f, l.moves.back().day);
    }
    const double p = WinProbability(options, l);
    expected += p;
    variance += p * (1 - p);
    ++closed;
    const bool w = last == cv1::LEAD_STAGE_WON;
    won += w ? 1 : 0;
    by_channel[l.acquisition].first += w ? 1 : 0;
    ++by_channel[l.acquisition].second;
  }
  ASSERT_GT(closed, 3000);
  // The wins follow the law: their number within 4 sd of its expectation; about 18% won.
  EXPECT_NEAR(static_cast<double>(won), expected, 4 * std::sqrt(variance));
  const double rate = static_cast<double>(won) / static_cast<double>(closed);
  EXPECT_GT(rate, 0.14);
  EXPECT_LT(rate, 0.22);
  // Referral leads are won more often than outbound ones.
  auto share = [&](cv1::AcquisitionChannel c) {
    return static_cast<double>(by_channel[c].first) / static_cast<double>(by_channel[c].second);
  };
  EXPECT_GT(share(cv1::ACQUISITION_CHANNEL_REFERRAL), 2 * share(cv1::ACQUISITION_CHANNEL_OUTBOUND));
  // The law itself, as stated in funnel.h.
  EXPECT_DOUBLE_EQ(WinLogOdds(cv1::ACQUISITION_CHANNEL_WEB, 3, 100000, 0), kWinIntercept);
  EXPECT_NEAR(WinLogOdds(cv1::ACQUISITION_CHANNEL_REFERRAL, 0, 100000 * std::exp(1.0), 1),
              kWinIntercept + 0.9 + 0.8 + kWinAmountSlope + kWinFollowUpSlope * std::log(2.0),
              1e-12);
  double skill = 0;
  for (int rep = 0; rep < kRepCount; ++rep) skill += RepSkill(rep);
  EXPECT_NEAR(skill, 0.0, 1e-12);
}

TEST(DemoPlanTest, SpringFestivalFollowsTheLunarCalendar) {
  absl::CivilDay d;
  ASSERT_TRUE(SpringFestival(2024, &d));
  EXPECT_EQ(d, absl::CivilDay(2024, 2, 10));
  ASSERT_TRUE(SpringFestival(2025, &d));
  EXPECT_EQ(d, absl::CivilDay(2025, 1, 29));
  ASSERT_TRUE(SpringFestival(2026, &d));
  EXPECT_EQ(d, absl::CivilDay(2026, 2, 17));
  EXPECT_FALSE(SpringFestival(1999, &d));
}

TEST(DemoPlanTest, FestivalsPeakAndTheFestivalWeekIsQuiet) {
  const absl::CivilDay first(2025, 1, 1);
  // The same weekday one week earlier as the baseline.
  EXPECT_GT(DemandWeight(absl::CivilDay(2025, 11, 11), first, 0),
            3 * DemandWeight(absl::CivilDay(2025, 11, 4), first, 0));
  EXPECT_GT(DemandWeight(absl::CivilDay(2025, 6, 18), first, 0),
            2 * DemandWeight(absl::CivilDay(2025, 6, 25), first, 0));
  EXPECT_LT(DemandWeight(absl::CivilDay(2025, 1, 30), first, 0),
            0.6 * DemandWeight(absl::CivilDay(2025, 3, 6), first, 0));
  EXPECT_GT(CategoryLift(absl::CivilDay(2026, 2, 1), "tea"), 1.0);
  EXPECT_EQ(CategoryLift(absl::CivilDay(2026, 4, 1), "tea"), 1.0);
}

TEST(DemoPlanTest, AThresholdPromotionSpreadsExactlyItsAmount) {
  PromotionPlan p;
  p.kind = sales::orders::v1::PROMOTION_KIND_ORDER_THRESHOLD;
  p.amount_off = 5000;
  p.threshold = 30000;
  p.first = p.last = absl::CivilDay(2025, 6, 18);
  std::vector<PricedLine> lines = {{"tea", 10001, 0}, {"tea", 10001, 0}, {"tea", 10001, 0}};
  Random rng(1);
  ApplyPromotions({p}, absl::CivilDay(2025, 6, 18), rng, lines);
  EXPECT_EQ(lines[0].discount + lines[1].discount + lines[2].discount, 5000);
  EXPECT_EQ(lines[0].discount, 1667);  // the leftover unit goes to the earliest line
  EXPECT_EQ(lines[2].discount, 1666);
  std::vector<PricedLine> small = {{"tea", 29999, 0}};
  ApplyPromotions({p}, absl::CivilDay(2025, 6, 18), rng, small);
  EXPECT_EQ(small[0].discount, 0);
}

TEST(DemoPlanTest, ShelfPricesFollowTheCurrencysMinorUnit) {
  // CNY: two decimals, prices end in .00 / .90 / x.x0.
  EXPECT_EQ(ShelfPrice(1303.0, 100), 129900);
  EXPECT_EQ(ShelfPrice(89.4, 100), 8890);
  EXPECT_EQ(ShelfPrice(9.87, 100), 990);
  // JPY has no minor unit: the same shelf amounts in whole yen, never a fraction or zero.
  EXPECT_EQ(ShelfPrice(1303.0, 1), 1299);
  EXPECT_EQ(ShelfPrice(89.4, 1), 88);
  EXPECT_EQ(ShelfPrice(9.87, 1), 10);
  EXPECT_EQ(ShelfPrice(0.2, 1), 1);
  // KWD: three decimals.
  EXPECT_EQ(ShelfPrice(89.4, 1000), 88900);
  EXPECT_EQ(ShelfPrice(9.87, 1000), 9900);
}

TEST(DemoPlanTest, AJapaneseCompanyIsPricedInWholeYen) {
  DemoOptions cny = TwoMonths(42);
  DemoOptions jpy = TwoMonths(42);
  jpy.currency = "JPY";
  EXPECT_EQ(MinorPerMajor(cny), 100);
  EXPECT_EQ(MinorPerMajor(jpy), 1);
  const Catalogue in_cny = PlanCatalogue(cny);
  const Catalogue in_jpy = PlanCatalogue(jpy);
  ASSERT_EQ(in_cny.products.size(), in_jpy.products.size());
  int changes = 0;
  for (size_t i = 0; i < in_jpy.products.size(); ++i) {
    const ProductPlan& y = in_jpy.products[i];
    const ProductPlan& c = in_cny.products[i];
    // The same shelf amount in major units: 1299 yen where it is 1299.00 yuan, at most a
    // unit apart where yuan have cents (89.90 yuan, 88 yen).
    EXPECT_GT(y.first_price, 0);
    EXPECT_LE(std::abs(y.first_price * 100 - c.first_price), 100) << y.sku;
    if (y.price_changes) {
      ++changes;
      // A change of a few percent, not a hundredfold one.
      EXPECT_GT(y.new_price * 10, y.first_price * 8) << y.sku;
      EXPECT_LT(y.new_price * 10, y.first_price * 12) << y.sku;
    }
  }
  EXPECT_GT(changes, 0);
  EXPECT_EQ(in_jpy.completion_marker.first_price, 500);
  std::vector<CustomerPlan> customers = PlanCustomers(jpy);
  for (const LeadPlan& l : PlanFunnel(jpy, customers)) {
    EXPECT_GE(l.expected_amount, 20000);  // 20,000 to 800,000 yen
    EXPECT_LE(l.expected_amount, 800000);
  }
  EXPECT_EQ(FormatMinor(16740722, 100), "167407.22");
  EXPECT_EQ(FormatMinor(1674, 1), "1674");
  EXPECT_EQ(FormatMinor(-5, 1000), "-0.005");
}

}  // namespace
}  // namespace sales::demo
