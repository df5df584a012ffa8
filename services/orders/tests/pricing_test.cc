#include "services/orders/src/domain/pricing.h"

#include <cstdint>
#include <limits>
#include <ostream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace sales::orders::domain {

// Printed by gtest when a comparison of discounts fails.
bool operator==(const LineDiscount& a, const LineDiscount& b) {
  return a.promotion_id == b.promotion_id && a.amount_minor == b.amount_minor;
}
void PrintTo(const LineDiscount& d, std::ostream* os) {
  *os << "{promotion " << d.promotion_id << ", " << d.amount_minor << "}";
}

namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

PriceLine Line(int32_t line_id, int64_t product_id, std::string category, int64_t quantity,
               int64_t unit_price, int64_t unit_cost = 0) {
  PriceLine line;
  line.line_id = line_id;
  line.product_id = product_id;
  line.category = std::move(category);
  line.quantity = quantity;
  line.unit_price_minor = unit_price;
  line.unit_cost_minor = unit_cost;
  return line;
}

PromotionRule PercentOff(int64_t id, int32_t bp) {
  PromotionRule p;
  p.id = id;
  p.kind = PromotionKind::kPercentOff;
  p.percent_off_bp = bp;
  return p;
}

PromotionRule AmountOff(int64_t id, int64_t amount) {
  PromotionRule p;
  p.id = id;
  p.kind = PromotionKind::kAmountOff;
  p.amount_off_minor = amount;
  return p;
}

PromotionRule BuyXGetY(int64_t id, int32_t buy, int32_t free) {
  PromotionRule p;
  p.id = id;
  p.kind = PromotionKind::kBuyXGetY;
  p.buy_quantity = buy;
  p.free_quantity = free;
  return p;
}

PromotionRule Threshold(int64_t id, int64_t threshold, int64_t amount, int32_t bp = 0) {
  PromotionRule p;
  p.id = id;
  p.kind = PromotionKind::kOrderThreshold;
  p.threshold_minor = threshold;
  p.amount_off_minor = amount;
  p.percent_off_bp = bp;
  return p;
}

PromotionRule Exclusive(PromotionRule p) {
  p.exclusive = true;
  return p;
}

PricedOrder Price(const std::vector<PriceLine>& lines, const std::vector<PromotionRule>& promos,
                  int32_t tax_rate_bp = 0) {
  absl::StatusOr<PricedOrder> priced = PriceOrder(lines, promos, tax_rate_bp);
  EXPECT_TRUE(priced.ok()) << priced.status();
  return priced.ok() ? *priced : PricedOrder{};
}

// Every priced order must add up, whatever the promotions.
void ExpectConsistent(const PricedOrder& order) {
  int64_t subtotal = 0, discount = 0, tax = 0, total = 0, cost = 0, by_promotion = 0;
  for (const PricedLine& line : order.lines) {
    EXPECT_EQ(line.subtotal_minor, line.line.unit_price_minor * line.line.quantity);
    EXPECT_EQ(line.cost_minor, line.line.unit_cost_minor * line.line.quantity);
    int64_t line_discount = 0;
    for (const LineDiscount& d : line.discounts) {
      EXPECT_GT(d.amount_minor, 0);
      line_discount += d.amount_minor;
    }
    EXPECT_EQ(line.discount_minor, line_discount);
    EXPECT_LE(line.discount_minor, line.subtotal_minor);
    EXPECT_EQ(line.total_minor, line.subtotal_minor - line.discount_minor + line.tax_minor);
    subtotal += line.subtotal_minor;
    discount += line.discount_minor;
    tax += line.tax_minor;
    total += line.total_minor;
    cost += line.cost_minor;
  }
  for (const LineDiscount& p : order.promotions) {
    EXPECT_GT(p.amount_minor, 0);
    by_promotion += p.amount_minor;
  }
  EXPECT_EQ(order.subtotal_minor, subtotal);
  EXPECT_EQ(order.discount_minor, discount);
  EXPECT_EQ(order.discount_minor, by_promotion);
  EXPECT_EQ(order.tax_minor, tax);
  EXPECT_EQ(order.total_minor, total);
  EXPECT_EQ(order.cost_minor, cost);
  EXPECT_EQ(order.margin_minor, order.total_minor - order.tax_minor - order.cost_minor);
}

TEST(PricingTest, LinesWithoutPromotionsOrTax) {
  const PricedOrder order =
      Price({Line(1, 10, "tea", 3, 1999, 1200), Line(2, 11, "cups", 1, 500, 100)}, {});
  ExpectConsistent(order);
  ASSERT_EQ(order.lines.size(), 2u);
  EXPECT_EQ(order.lines[0].subtotal_minor, 5997);
  EXPECT_EQ(order.lines[0].cost_minor, 3600);
  EXPECT_EQ(order.lines[0].total_minor, 5997);
  EXPECT_EQ(order.lines[1].subtotal_minor, 500);
  EXPECT_EQ(order.subtotal_minor, 6497);
  EXPECT_EQ(order.discount_minor, 0);
  EXPECT_EQ(order.tax_minor, 0);
  EXPECT_EQ(order.total_minor, 6497);
  EXPECT_EQ(order.cost_minor, 3700);
  EXPECT_EQ(order.margin_minor, 2797);
  EXPECT_THAT(order.promotions, IsEmpty());
  EXPECT_EQ(order.lines[0].line.line_id, 1);
  EXPECT_EQ(order.lines[1].line.product_id, 11);
}

TEST(PricingTest, EmptyOrderPricesToZero) {
  const PricedOrder order = Price({}, {PercentOff(1, 1000)}, 1300);
  EXPECT_THAT(order.lines, IsEmpty());
  EXPECT_THAT(order.promotions, IsEmpty());
  EXPECT_EQ(order.total_minor, 0);
}

TEST(PricingTest, TaxIsPerLineRoundedHalfUp) {
  // 13%: 1999 -> 259.87 -> 260; 50 -> 6.5 -> 7; 3 -> 0.39 -> 0; 11 -> 1.43 -> 1.
  const PricedOrder order = Price({Line(1, 1, "a", 1, 1999), Line(2, 2, "a", 1, 50),
                                   Line(3, 3, "a", 1, 3), Line(4, 4, "a", 1, 11)},
                                  {}, 1300);
  ExpectConsistent(order);
  EXPECT_EQ(order.lines[0].tax_minor, 260);
  EXPECT_EQ(order.lines[1].tax_minor, 7);
  EXPECT_EQ(order.lines[2].tax_minor, 0);
  EXPECT_EQ(order.lines[3].tax_minor, 1);
  EXPECT_EQ(order.tax_minor, 268);
  EXPECT_EQ(order.total_minor, 2063 + 268);
  // Tax is not cost or margin: margin = total - tax - cost.
  EXPECT_EQ(order.margin_minor, 2063);
}

TEST(PricingTest, TaxIsOnTheDiscountedAmount) {
  // 2 x 1000, cost 600 each, 10% off, 6% tax: subtotal 2000, discount 200, taxable 1800,
  // tax 108, total 1908, cost 1200, margin 1908 - 108 - 1200 = 600.
  const PricedOrder order = Price({Line(1, 1, "a", 2, 1000, 600)}, {PercentOff(7, 1000)}, 600);
  ExpectConsistent(order);
  EXPECT_EQ(order.subtotal_minor, 2000);
  EXPECT_EQ(order.discount_minor, 200);
  EXPECT_EQ(order.tax_minor, 108);
  EXPECT_EQ(order.total_minor, 1908);
  EXPECT_EQ(order.cost_minor, 1200);
  EXPECT_EQ(order.margin_minor, 600);
}

TEST(PricingTest, MarginCanBeNegative) {
  // Sold below cost after a 50% discount: 1000 - 500 = 500 paid, cost 800.
  const PricedOrder order = Price({Line(1, 1, "a", 1, 1000, 800)}, {PercentOff(1, 5000)});
  EXPECT_EQ(order.margin_minor, -300);
}

TEST(PricingTest, PercentOffRoundsPerLineHalfUp) {
  // 10%: 1995 -> 199.5 -> 200; 2 x 997 = 1994 -> 199.4 -> 199; 5 -> 0.5 -> 1; 4 -> 0.4 -> 0.
  const PricedOrder order = Price({Line(1, 1, "a", 1, 1995), Line(2, 2, "a", 2, 997),
                                   Line(3, 3, "a", 1, 5), Line(4, 4, "a", 1, 4)},
                                  {PercentOff(9, 1000)});
  ExpectConsistent(order);
  EXPECT_THAT(order.lines[0].discounts, ElementsAre(LineDiscount{9, 200}));
  EXPECT_THAT(order.lines[1].discounts, ElementsAre(LineDiscount{9, 199}));
  EXPECT_THAT(order.lines[2].discounts, ElementsAre(LineDiscount{9, 1}));
  EXPECT_THAT(order.lines[3].discounts, IsEmpty());  // 0 off is not recorded
  EXPECT_EQ(order.lines[3].discount_minor, 0);
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{9, 400}));
  EXPECT_EQ(order.discount_minor, 400);
}

TEST(PricingTest, PercentOffOddBasisPoints) {
  // 12.5% of 333 = 41.625 -> 42; 100% of 77 = 77.
  EXPECT_EQ(Price({Line(1, 1, "a", 1, 333)}, {PercentOff(1, 1250)}).discount_minor, 42);
  EXPECT_EQ(Price({Line(1, 1, "a", 1, 77)}, {PercentOff(1, 10000)}).lines[0].total_minor, 0);
}

TEST(PricingTest, AmountOffIsPerUnitAndNeverNegative) {
  PromotionRule off = AmountOff(3, 300);
  off.categories = {"tea"};
  // 3 x 1000: 900 off; 2 x 250: 600 wanted, only 500 there; the cups line is not eligible.
  const PricedOrder order = Price(
      {Line(1, 1, "tea", 3, 1000), Line(2, 2, "tea", 2, 250), Line(3, 3, "cups", 4, 1000)}, {off});
  ExpectConsistent(order);
  EXPECT_THAT(order.lines[0].discounts, ElementsAre(LineDiscount{3, 900}));
  EXPECT_THAT(order.lines[1].discounts, ElementsAre(LineDiscount{3, 500}));
  EXPECT_EQ(order.lines[1].total_minor, 0);
  EXPECT_THAT(order.lines[2].discounts, IsEmpty());
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{3, 1400}));
}

TEST(PricingTest, BuyXGetYFreeUnitsPerLine) {
  // Buy 2 get 1: 7 units -> floor(7 / 3) = 2 free at 1000; 2 units -> none.
  const PricedOrder order =
      Price({Line(1, 1, "a", 7, 1000), Line(2, 2, "a", 2, 400)}, {BuyXGetY(5, 2, 1)});
  ExpectConsistent(order);
  EXPECT_THAT(order.lines[0].discounts, ElementsAre(LineDiscount{5, 2000}));
  EXPECT_THAT(order.lines[1].discounts, IsEmpty());
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{5, 2000}));

  // Buy 3 get 2: 10 units -> 2 groups -> 4 free; 9 units -> 1 group -> 2 free; 4 -> none.
  const PricedOrder more =
      Price({Line(1, 1, "a", 10, 150), Line(2, 2, "a", 9, 99), Line(3, 3, "a", 4, 1000)},
            {BuyXGetY(6, 3, 2)});
  ExpectConsistent(more);
  EXPECT_EQ(more.lines[0].discount_minor, 600);
  EXPECT_EQ(more.lines[1].discount_minor, 198);
  EXPECT_EQ(more.lines[2].discount_minor, 0);
  EXPECT_THAT(more.promotions, ElementsAre(LineDiscount{6, 798}));
}

TEST(PricingTest, BuyXGetYNeverTakesMoreThanIsLeft) {
  // 50% first leaves 1500 of 3 x 1000; buy 1 get 2 frees 2 units (2000), capped at 1500.
  const PricedOrder order =
      Price({Line(1, 1, "a", 3, 1000)}, {PercentOff(1, 5000), BuyXGetY(2, 1, 2)});
  ExpectConsistent(order);
  EXPECT_THAT(order.lines[0].discounts, ElementsAre(LineDiscount{1, 1500}, LineDiscount{2, 1500}));
  EXPECT_EQ(order.lines[0].total_minor, 0);
}

TEST(PricingTest, ThresholdSpreadsByLargestRemainder) {
  // Eligible subtotal 3333 + 3333 + 3334 = 10000 reaches 10000 exactly; 1000 off:
  // exact shares 333.3, 333.3, 333.4 -> 333 each, the 1 left goes to the largest remainder.
  const PricedOrder order =
      Price({Line(1, 1, "a", 1, 3333), Line(2, 2, "a", 1, 3333), Line(3, 3, "a", 1, 3334)},
            {Threshold(4, 10000, 1000)});
  ExpectConsistent(order);
  EXPECT_EQ(order.lines[0].discount_minor, 333);
  EXPECT_EQ(order.lines[1].discount_minor, 333);
  EXPECT_EQ(order.lines[2].discount_minor, 334);
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{4, 1000}));
}

TEST(PricingTest, ThresholdRemainderTiesGoToTheEarlierLine) {
  // 101 over 1000, 1000, 1000: 33.67 each, 33 + 33 + 33, remainders equal: the two units
  // left over go to lines 1 and 2.
  const PricedOrder order =
      Price({Line(1, 1, "a", 1, 1000), Line(2, 2, "a", 1, 1000), Line(3, 3, "a", 1, 1000)},
            {Threshold(4, 0, 101)});
  ExpectConsistent(order);
  EXPECT_EQ(order.lines[0].discount_minor, 34);
  EXPECT_EQ(order.lines[1].discount_minor, 34);
  EXPECT_EQ(order.lines[2].discount_minor, 33);
}

TEST(PricingTest, ThresholdBelowTakesNothing) {
  const PricedOrder order =
      Price({Line(1, 1, "a", 1, 4999), Line(2, 2, "a", 1, 5000)}, {Threshold(4, 10000, 1000)});
  ExpectConsistent(order);
  EXPECT_EQ(order.discount_minor, 0);
  EXPECT_THAT(order.promotions, IsEmpty());
  EXPECT_THAT(order.lines[0].discounts, IsEmpty());
}

TEST(PricingTest, ThresholdPercentOfEligibleSubtotal) {
  // 5% of 10001 = 500.05 -> 500, spread 7001 : 3000 -> 350.01 and 149.99 -> 350 + 149, the unit
  // left over to the larger remainder (line 2).
  const PricedOrder order =
      Price({Line(1, 1, "a", 1, 7001), Line(2, 2, "a", 1, 3000)}, {Threshold(4, 10000, 0, 500)});
  ExpectConsistent(order);
  EXPECT_EQ(order.lines[0].discount_minor, 350);
  EXPECT_EQ(order.lines[1].discount_minor, 150);
  EXPECT_EQ(order.discount_minor, 500);
}

TEST(PricingTest, ThresholdCountsOnlyEligibleLines) {
  PromotionRule promo = Threshold(4, 6000, 600);
  promo.categories = {"toys"};
  // Only the toys line (6000) counts towards the threshold and takes the discount.
  const PricedOrder order =
      Price({Line(1, 1, "toys", 2, 3000), Line(2, 2, "food", 1, 5000)}, {promo});
  ExpectConsistent(order);
  EXPECT_THAT(order.lines[0].discounts, ElementsAre(LineDiscount{4, 600}));
  EXPECT_THAT(order.lines[1].discounts, IsEmpty());

  // 5999 of toys does not reach 6000, whatever else the order holds.
  const PricedOrder short_of =
      Price({Line(1, 1, "toys", 1, 5999), Line(2, 2, "food", 1, 50000)}, {promo});
  EXPECT_EQ(short_of.discount_minor, 0);
}

TEST(PricingTest, ThresholdNeverTakesMoreThanTheEligibleSubtotal) {
  const PricedOrder order =
      Price({Line(1, 1, "a", 1, 2000), Line(2, 2, "a", 1, 1000)}, {Threshold(4, 100, 5000)});
  ExpectConsistent(order);
  EXPECT_EQ(order.lines[0].discount_minor, 2000);
  EXPECT_EQ(order.lines[1].discount_minor, 1000);
  EXPECT_EQ(order.total_minor, 0);
}

TEST(PricingTest, EligibilityByProductOrCategory) {
  PromotionRule promo = PercentOff(1, 1000);
  promo.product_ids = {20};
  promo.categories = {"tea"};
  const PricedOrder order = Price(
      {Line(1, 10, "tea", 1, 1000), Line(2, 20, "cups", 1, 1000), Line(3, 30, "cups", 1, 1000)},
      {promo});
  ExpectConsistent(order);
  EXPECT_EQ(order.lines[0].discount_minor, 100);  // by category
  EXPECT_EQ(order.lines[1].discount_minor, 100);  // by product
  EXPECT_EQ(order.lines[2].discount_minor, 0);    // neither
}

TEST(PricingTest, CombinableApplyInTheOrderGiven) {
  const std::vector<PriceLine> lines = {Line(1, 1, "a", 1, 1000)};
  // 10% of 1000 = 100, then 100 per unit: 200.
  const PricedOrder first_percent = Price(lines, {PercentOff(1, 1000), AmountOff(2, 100)});
  ExpectConsistent(first_percent);
  EXPECT_THAT(first_percent.lines[0].discounts,
              ElementsAre(LineDiscount{1, 100}, LineDiscount{2, 100}));
  EXPECT_EQ(first_percent.discount_minor, 200);
  // 100 per unit, then 10% of the 900 left = 90: 190.
  const PricedOrder first_amount = Price(lines, {AmountOff(2, 100), PercentOff(1, 1000)});
  ExpectConsistent(first_amount);
  EXPECT_THAT(first_amount.lines[0].discounts,
              ElementsAre(LineDiscount{2, 100}, LineDiscount{1, 90}));
  EXPECT_THAT(first_amount.promotions, ElementsAre(LineDiscount{2, 100}, LineDiscount{1, 90}));
  EXPECT_EQ(first_amount.discount_minor, 190);
}

TEST(PricingTest, ThresholdSeesWhatEarlierPromotionsLeft) {
  const std::vector<PriceLine> lines = {Line(1, 1, "a", 1, 10000)};
  // 10% first leaves 9000, below the 10000 threshold: the threshold is not listed.
  const PricedOrder percent_first = Price(lines, {PercentOff(1, 1000), Threshold(2, 10000, 500)});
  ExpectConsistent(percent_first);
  EXPECT_THAT(percent_first.promotions, ElementsAre(LineDiscount{1, 1000}));
  EXPECT_THAT(percent_first.lines[0].discounts, ElementsAre(LineDiscount{1, 1000}));
  // Threshold first: 500, then 10% of 9500 = 950.
  const PricedOrder threshold_first = Price(lines, {Threshold(2, 10000, 500), PercentOff(1, 1000)});
  ExpectConsistent(threshold_first);
  EXPECT_THAT(threshold_first.promotions, ElementsAre(LineDiscount{2, 500}, LineDiscount{1, 950}));
  EXPECT_EQ(threshold_first.discount_minor, 1450);
}

TEST(PricingTest, StackingNeverMakesALineNegative) {
  // 50% (500), then 600 per unit wanted, only 500 left.
  const PricedOrder order =
      Price({Line(1, 1, "a", 1, 1000)}, {PercentOff(1, 5000), AmountOff(2, 600)});
  ExpectConsistent(order);
  EXPECT_THAT(order.lines[0].discounts, ElementsAre(LineDiscount{1, 500}, LineDiscount{2, 500}));
  EXPECT_EQ(order.lines[0].total_minor, 0);
  // Nothing left for a third promotion: it is not listed.
  const PricedOrder third = Price({Line(1, 1, "a", 1, 1000)},
                                  {PercentOff(1, 5000), AmountOff(2, 600), PercentOff(3, 1000)});
  EXPECT_THAT(third.promotions, ElementsAre(LineDiscount{1, 500}, LineDiscount{2, 500}));
}

TEST(PricingTest, ExclusiveWinsWhenLargerThanAllCombinable) {
  // 2 x 1000. Combinable: 10% (200) + 50 per unit (100) = 300. Exclusive 25% = 500.
  const std::vector<PriceLine> lines = {Line(1, 1, "a", 2, 1000)};
  const PricedOrder order =
      Price(lines, {PercentOff(1, 1000), Exclusive(PercentOff(2, 2500)), AmountOff(3, 50)});
  ExpectConsistent(order);
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{2, 500}));
  EXPECT_THAT(order.lines[0].discounts, ElementsAre(LineDiscount{2, 500}));
}

TEST(PricingTest, CombinableWinWhenLargerThanTheExclusive) {
  const std::vector<PriceLine> lines = {Line(1, 1, "a", 2, 1000)};
  const PricedOrder order =
      Price(lines, {PercentOff(1, 1000), Exclusive(PercentOff(2, 500)), AmountOff(3, 50)});
  ExpectConsistent(order);
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{1, 200}, LineDiscount{3, 100}));
}

TEST(PricingTest, ExclusiveMustBeStrictlyLarger) {
  // Exclusive 15% = 300 ties with 200 + 100: the combinable ones stay.
  const std::vector<PriceLine> lines = {Line(1, 1, "a", 2, 1000)};
  const PricedOrder order =
      Price(lines, {PercentOff(1, 1000), Exclusive(PercentOff(2, 1500)), AmountOff(3, 50)});
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{1, 200}, LineDiscount{3, 100}));
}

TEST(PricingTest, BestSingleExclusiveIsChosen) {
  const std::vector<PriceLine> lines = {Line(1, 1, "a", 2, 1000)};
  // 20% (400) and 25% (500) exclusive, no combinable: only the 25% applies.
  EXPECT_THAT(
      Price(lines, {Exclusive(PercentOff(1, 2000)), Exclusive(PercentOff(2, 2500))}).promotions,
      ElementsAre(LineDiscount{2, 500}));
  // Equal exclusive discounts: the first given.
  EXPECT_THAT(
      Price(lines, {Exclusive(AmountOff(3, 200)), Exclusive(PercentOff(4, 2000))}).promotions,
      ElementsAre(LineDiscount{3, 400}));
  // Exclusive ones never stack with each other either.
  const PricedOrder order =
      Price(lines, {Exclusive(PercentOff(1, 2000)), Exclusive(AmountOff(5, 100))});
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{1, 400}));
}

TEST(PricingTest, ExclusiveThatTakesNothingDoesNotBlock) {
  PromotionRule exclusive = Exclusive(PercentOff(2, 9000));
  exclusive.product_ids = {99};  // not in the order
  const PricedOrder order = Price({Line(1, 1, "a", 1, 1000)}, {exclusive, PercentOff(1, 1000)});
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{1, 100}));
}

TEST(PricingTest, ExclusiveThresholdSeesTheFullSubtotal) {
  // Combinable 10% would leave 9000 < 10000, but an exclusive threshold is computed alone on
  // the full 10000 and takes 1500, more than the 1000 of the combinable one.
  const PricedOrder order = Price({Line(1, 1, "a", 1, 10000)},
                                  {PercentOff(1, 1000), Exclusive(Threshold(2, 10000, 1500))});
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{2, 1500}));
}

TEST(PricingTest, EveryKindTogetherAddsUp) {
  PromotionRule bogo = BuyXGetY(3, 1, 1);
  bogo.product_ids = {2};
  const PricedOrder order =
      Price({Line(1, 1, "tea", 3, 1299, 700), Line(2, 2, "cups", 5, 450, 120),
             Line(3, 3, "tea", 1, 8999, 5000)},
            {PercentOff(1, 1500), AmountOff(2, 25), bogo, Threshold(4, 5000, 777)}, 900);
  ExpectConsistent(order);
  // Line 1: 3897; 15% = 584.55 -> 585 (3312 left); 25 x 3 = 75 (3237 left).
  // Line 2: 2250; 15% = 337.5 -> 338 (1912 left); 25 x 5 = 125 (1787 left); 1+1 on 5 units:
  //         2 free x 450 = 900 (887 left).
  // Line 3: 8999; 15% = 1349.85 -> 1350 (7649 left); 25 (7624 left).
  // Threshold: 3237 + 887 + 7624 = 11748 >= 5000; 777 spread: 214.09.., 58.66.., 504.24..
  //   -> 214, 58, 504 (776), the last unit to the largest remainder (line 2, .66): 59.
  EXPECT_THAT(order.lines[0].discounts,
              ElementsAre(LineDiscount{1, 585}, LineDiscount{2, 75}, LineDiscount{4, 214}));
  EXPECT_THAT(order.lines[1].discounts, ElementsAre(LineDiscount{1, 338}, LineDiscount{2, 125},
                                                    LineDiscount{3, 900}, LineDiscount{4, 59}));
  EXPECT_THAT(order.lines[2].discounts,
              ElementsAre(LineDiscount{1, 1350}, LineDiscount{2, 25}, LineDiscount{4, 504}));
  EXPECT_THAT(order.promotions, ElementsAre(LineDiscount{1, 2273}, LineDiscount{2, 225},
                                            LineDiscount{3, 900}, LineDiscount{4, 777}));
  // Taxable 3023, 828, 7120; 9%: 272.07 -> 272, 74.52 -> 75, 640.8 -> 641.
  EXPECT_EQ(order.lines[0].tax_minor, 272);
  EXPECT_EQ(order.lines[1].tax_minor, 75);
  EXPECT_EQ(order.lines[2].tax_minor, 641);
  EXPECT_EQ(order.subtotal_minor, 15146);
  EXPECT_EQ(order.discount_minor, 4175);
  EXPECT_EQ(order.tax_minor, 988);
  EXPECT_EQ(order.total_minor, 11959);
  EXPECT_EQ(order.cost_minor, 2100 + 600 + 5000);
  EXPECT_EQ(order.margin_minor, 11959 - 988 - 7700);
}

TEST(PricingTest, OverflowIsInvalidArgument) {
  const int64_t big = int64_t{1} << 62;
  absl::StatusOr<PricedOrder> line = PriceOrder({Line(1, 1, "a", 4, big)}, {}, 0);
  ASSERT_FALSE(line.ok());
  EXPECT_EQ(line.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(line.status().message(), "order.lines[0]: unit_price * quantity overflows int64");

  absl::StatusOr<PricedOrder> cost = PriceOrder({Line(1, 1, "a", 2, 1, kMax)}, {}, 0);
  EXPECT_EQ(cost.status().message(), "order.lines[0]: unit_cost * quantity overflows int64");

  absl::StatusOr<PricedOrder> sum =
      PriceOrder({Line(1, 1, "a", 1, kMax / 2 + 1), Line(2, 2, "a", 1, kMax / 2 + 1)}, {}, 0);
  EXPECT_EQ(sum.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(sum.status().message(), "order.lines: order subtotal overflows int64");

  // The largest line fits; any tax on it does not.
  absl::StatusOr<PricedOrder> total = PriceOrder({Line(1, 1, "a", 1, kMax)}, {}, 1);
  EXPECT_EQ(total.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(total.status().message(), "order.lines[0]: total overflows int64");
  EXPECT_TRUE(PriceOrder({Line(1, 1, "a", 1, kMax)}, {}, 0).ok());
  EXPECT_TRUE(PriceOrder({Line(1, 1, "a", 1, kMax)}, {PercentOff(1, 1)}, 0).ok());

  absl::StatusOr<PricedOrder> tax = PriceOrder({Line(1, 1, "a", 1, kMax / 2)}, {}, 30000);
  EXPECT_EQ(tax.status().message(), "order.lines[0]: tax overflows int64");

  absl::StatusOr<PricedOrder> order_total =
      PriceOrder({Line(1, 1, "a", 1, kMax / 4), Line(2, 2, "a", 1, kMax / 4)}, {}, 20000);
  EXPECT_EQ(order_total.status().message(), "order.lines: order total overflows int64");

  // Huge per-unit amounts off are capped by the line, not overflowed.
  const PricedOrder capped = Price({Line(1, 1, "a", 1000000, 5)}, {AmountOff(1, kMax)});
  EXPECT_EQ(capped.discount_minor, 5000000);
}

TEST(PricingTest, BadInputIsInvalidArgument) {
  EXPECT_EQ(PriceOrder({Line(1, 1, "a", -1, 100)}, {}, 0).status().message(),
            "order.lines[0].quantity: must not be negative");
  EXPECT_EQ(
      PriceOrder({Line(1, 1, "a", 1, 100), Line(2, 2, "a", 1, -100)}, {}, 0).status().message(),
      "order.lines[1].unit_price: must not be negative");
  EXPECT_EQ(PriceOrder({Line(1, 1, "a", 1, 100, -1)}, {}, 0).status().message(),
            "order.lines[0].unit_cost: must not be negative");
  EXPECT_EQ(PriceOrder({Line(1, 1, "a", 1, 100)}, {}, -1).status().message(),
            "tax_rate_bp: must not be negative");
  const std::vector<PriceLine> lines = {Line(1, 1, "a", 1, 100)};
  EXPECT_EQ(PriceOrder(lines, {PercentOff(8, 10001)}, 0).status().message(),
            "promotions/8: percent_off_bp must be 0-10000");
  EXPECT_EQ(PriceOrder(lines, {AmountOff(8, -1)}, 0).status().message(),
            "promotions/8: amount_off must not be negative");
  EXPECT_EQ(PriceOrder(lines, {BuyXGetY(8, 0, 1)}, 0).status().message(),
            "promotions/8: buy_quantity and free_quantity must be at least 1");
  EXPECT_EQ(PriceOrder(lines, {BuyXGetY(8, 1, 0)}, 0).status().code(),
            absl::StatusCode::kInvalidArgument);
  PromotionRule unknown = PercentOff(8, 100);
  unknown.kind = static_cast<PromotionKind>(9);
  EXPECT_EQ(PriceOrder(lines, {unknown}, 0).status().message(), "promotions/8: unknown kind 9");
}

PricedOrder Totals(int64_t subtotal, int64_t discount, int64_t total) {
  PricedOrder order;
  order.subtotal_minor = subtotal;
  order.discount_minor = discount;
  order.total_minor = total;
  return order;
}

TEST(ApprovalTest, TotalAboveTheLimit) {
  EXPECT_FALSE(NeedsApproval(Totals(100000, 0, 100000), 100000, 0));  // exactly at the limit
  EXPECT_TRUE(NeedsApproval(Totals(100001, 0, 100001), 100000, 0));
  EXPECT_FALSE(NeedsApproval(Totals(kMax, 0, kMax), 0, 0));  // 0 = never
}

TEST(ApprovalTest, DiscountShareAboveTheLimit) {
  // 2000 of 10000 is exactly 2000 bp.
  EXPECT_FALSE(NeedsApproval(Totals(10000, 2000, 8000), 0, 2000));
  EXPECT_TRUE(NeedsApproval(Totals(10000, 2000, 8000), 0, 1999));
  EXPECT_TRUE(NeedsApproval(Totals(10000, 2001, 7999), 0, 2000));
  // 1 of 3 is 3333.33 bp: above 3333, not above 3334.
  EXPECT_TRUE(NeedsApproval(Totals(3, 1, 2), 0, 3333));
  EXPECT_FALSE(NeedsApproval(Totals(3, 1, 2), 0, 3334));
  EXPECT_FALSE(NeedsApproval(Totals(10000, 10000, 0), 0, 0));  // 0 = never
  EXPECT_FALSE(NeedsApproval(Totals(0, 0, 0), 0, 1));
  // No overflow in the comparison with the largest amounts.
  EXPECT_TRUE(NeedsApproval(Totals(kMax, kMax, 0), 0, 9999));
  EXPECT_FALSE(NeedsApproval(Totals(kMax, kMax, 0), 0, 10000));
}

TEST(ApprovalTest, EitherRuleIsEnough) {
  EXPECT_TRUE(NeedsApproval(Totals(200, 0, 200), 100, 5000));
  EXPECT_TRUE(NeedsApproval(Totals(100, 60, 40), 100, 5000));
  EXPECT_FALSE(NeedsApproval(Totals(100, 50, 50), 100, 5000));
}

TEST(ApprovalTest, WorksOnAPricedOrder) {
  const PricedOrder order = Price({Line(1, 1, "a", 1, 10000)}, {PercentOff(1, 2500)}, 1000);
  // Discount 2500 of 10000; total 7500 + 750 tax = 8250.
  EXPECT_TRUE(NeedsApproval(order, 0, 2000));
  EXPECT_FALSE(NeedsApproval(order, 0, 2500));
  EXPECT_TRUE(NeedsApproval(order, 8249, 0));
  EXPECT_FALSE(NeedsApproval(order, 8250, 0));
}

TEST(CreditsTest, ValidShares) {
  EXPECT_TRUE(ValidateCredits("order.sales_credits", {}).ok());
  EXPECT_TRUE(ValidateCredits("order.sales_credits", {{"reps/alice", 10000}}).ok());
  EXPECT_TRUE(
      ValidateCredits("order.sales_credits", {{"reps/alice", 6000}, {"reps/bob_2", 4000}}).ok());
  EXPECT_TRUE(
      ValidateCredits("order.sales_credits", {{"reps/a", 3333}, {"reps/b", 3333}, {"reps/c", 3334}})
          .ok());
}

TEST(CreditsTest, SumMustBeExactly10000) {
  absl::Status under = ValidateCredits("order.sales_credits", {{"reps/a", 5000}, {"reps/b", 4999}});
  EXPECT_EQ(under.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(under.message(),
            "order.sales_credits: revenue shares must sum to 10000 basis points, got 9999");
  absl::Status over = ValidateCredits("order.sales_credits", {{"reps/a", 5000}, {"reps/b", 5001}});
  EXPECT_EQ(over.message(),
            "order.sales_credits: revenue shares must sum to 10000 basis points, got 10001");
}

TEST(CreditsTest, EachShareIsOneTo10000) {
  absl::Status zero = ValidateCredits("order.sales_credits", {{"reps/a", 10000}, {"reps/b", 0}});
  EXPECT_EQ(zero.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(zero.message(),
            "order.sales_credits[1].revenue_share_bp: must be 1-10000 basis points, got 0");
  absl::Status above = ValidateCredits("order.sales_credits", {{"reps/a", 10001}});
  EXPECT_EQ(above.message(),
            "order.sales_credits[0].revenue_share_bp: must be 1-10000 basis points, got 10001");
  absl::Status negative =
      ValidateCredits("order.sales_credits", {{"reps/a", 15000}, {"reps/b", -5000}});
  EXPECT_EQ(negative.code(), absl::StatusCode::kInvalidArgument);
}

TEST(CreditsTest, RepsAreDistinctAndWellFormed) {
  absl::Status duplicate =
      ValidateCredits("order.sales_credits", {{"reps/a", 5000}, {"reps/a", 5000}});
  EXPECT_EQ(duplicate.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(duplicate.message(), "order.sales_credits[1].rep: reps/a is credited more than once");
  EXPECT_EQ(ValidateCredits("order.sales_credits", {{"", 10000}}).message(),
            "order.sales_credits[0].rep: is required");
  for (const char* bad : {"alice", "reps/", "reps/a b", "customers/1", "reps/a/b"}) {
    absl::Status status = ValidateCredits("order.sales_credits", {{bad, 10000}});
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(status.message().substr(0, 28), "order.sales_credits[0].rep: ") << bad;
  }
  EXPECT_TRUE(ValidateCredits("c", {{"reps/" + std::string(64, 'x'), 10000}}).ok());
  EXPECT_FALSE(ValidateCredits("c", {{"reps/" + std::string(65, 'x'), 10000}}).ok());
}

// Overlay credit (issue 10): on top of the revenue shares, which still sum to 10000.
TEST(CreditsTest, OverlaySharesComeOnTopOfRevenue) {
  constexpr CreditKind kOverlay = CreditKind::kOverlay;
  EXPECT_TRUE(ValidateCredits("order.sales_credits",
                              {{"reps/a", 6000}, {"reps/b", 4000}, {"reps/mgr", 10000, kOverlay}})
                  .ok());
  EXPECT_TRUE(
      ValidateCredits("order.sales_credits",
                      {{"reps/mgr", 10000, kOverlay}, {"reps/a", 10000}, {"reps/s", 1, kOverlay}})
          .ok());
  // The overlay share does not count towards the 10000 of revenue credit.
  absl::Status short_revenue =
      ValidateCredits("order.sales_credits", {{"reps/a", 6000}, {"reps/mgr", 4000, kOverlay}});
  EXPECT_EQ(short_revenue.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(short_revenue.message(),
            "order.sales_credits: revenue shares must sum to 10000 basis points, got 6000");
  // Overlay alone, without revenue credit beside it, is refused.
  EXPECT_EQ(ValidateCredits("order.sales_credits", {{"reps/mgr", 10000, kOverlay}}).message(),
            "order.sales_credits: revenue shares must sum to 10000 basis points, got 0");
}

TEST(CreditsTest, OverlayShareIsOneTo10000) {
  constexpr CreditKind kOverlay = CreditKind::kOverlay;
  absl::Status zero = ValidateCredits(
      "order.sales_credits", {{"reps/a", 6000}, {"reps/b", 4000}, {"reps/mgr", 0, kOverlay}});
  EXPECT_EQ(zero.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(zero.message(),
            "order.sales_credits[2].revenue_share_bp: must be 1-10000 basis points, got 0");
  absl::Status above =
      ValidateCredits("order.sales_credits", {{"reps/a", 10000}, {"reps/mgr", 10001, kOverlay}});
  EXPECT_EQ(above.message(),
            "order.sales_credits[1].revenue_share_bp: must be 1-10000 basis points, got 10001");
}

TEST(CreditsTest, RepHoldsOneKindPerOrder) {
  absl::Status both = ValidateCredits("order.sales_credits",
                                      {{"reps/a", 10000}, {"reps/a", 5000, CreditKind::kOverlay}});
  EXPECT_EQ(both.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(both.message(),
            "order.sales_credits[1].rep: reps/a holds both revenue and overlay credit; a rep "
            "holds one kind of credit per order");
  absl::Status twice =
      ValidateCredits("order.sales_credits", {{"reps/a", 10000},
                                              {"reps/m", 5000, CreditKind::kOverlay},
                                              {"reps/m", 5000, CreditKind::kOverlay}});
  EXPECT_EQ(twice.message(), "order.sales_credits[2].rep: reps/m is credited more than once");
}

}  // namespace
}  // namespace sales::orders::domain
