#include "services/analytics/src/domain/basket.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "services/analytics/src/domain/ranked_offers.h"

namespace sales::analytics::domain {
namespace {

std::vector<int32_t> Identity(int32_t n) {
  std::vector<int32_t> v(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) v[static_cast<size_t>(i)] = i;
  return v;
}

TEST(BasketTest, SupportConfidenceAndLiftOfAHandCountedCase) {
  // Products A=0, B=1, C=2. Orders {A,B}, {A,B,C}, {A,A}, {C}: A in 3, B in 2, both in 2.
  CoPurchaseCounts counts(3);
  counts.Add({0, 1});
  counts.Add({0, 1, 2});
  counts.Add({0, 0});
  counts.Add({2});
  counts.Add({});  // no product: not an order here
  EXPECT_EQ(counts.orders(), 4);
  EXPECT_EQ(counts.ItemOrders(0), 3);
  EXPECT_EQ(counts.PairOrders(1, 0), 2);
  const std::vector<AssociationPair> pairs =
      AssociationPairs(counts, 0.0, std::nullopt, Identity(3));
  ASSERT_EQ(pairs.size(), 1u);  // A-C and B-C were bought together once only
  const AssociationPair& p = pairs[0];
  EXPECT_EQ(p.a, 0);
  EXPECT_EQ(p.b, 1);
  EXPECT_EQ(p.both, 2);
  EXPECT_DOUBLE_EQ(p.support, 0.5);
  EXPECT_DOUBLE_EQ(p.confidence_a_to_b, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(p.confidence_b_to_a, 1.0);
  EXPECT_DOUBLE_EQ(p.lift, 4.0 * 2.0 / (3.0 * 2.0));
  EXPECT_TRUE(AssociationPairs(counts, 0.51, std::nullopt, Identity(3)).empty());
  EXPECT_TRUE(AssociationPairs(counts, 0.0, 2, Identity(3)).empty());
  EXPECT_EQ(AssociationPairs(counts, 0.0, 1, Identity(3)).size(), 1u);
}

TEST(BasketTest, MeasuredLiftAndConfidenceMatchAKnownConditionalProbability) {
  // A (0) in an order with probability 0.3; B (1) joins with probability 0.6 when A is
  // there, 0.1 when not; four other products independently with probability 0.2.
  // P(B) = 0.3 x 0.6 + 0.7 x 0.1 = 0.25, so confidence(A->B) = 0.6 and lift = 2.4.
  std::mt19937_64 rng(2026);
  std::uniform_real_distribution<double> u(0.0, 1.0);
  const int n = 40000;
  CoPurchaseCounts counts(6);
  for (int i = 0; i < n; ++i) {
    std::vector<int32_t> order;
    const bool a = u(rng) < 0.3;
    if (a) order.push_back(0);
    if (u(rng) < (a ? 0.6 : 0.1)) order.push_back(1);
    for (int32_t p = 2; p < 6; ++p) {
      if (u(rng) < 0.2) order.push_back(p);
    }
    if (order.empty()) order.push_back(5);  // every order holds a product
    counts.Add(order);
  }
  const std::vector<AssociationPair> pairs = AssociationPairs(counts, 0.0, 0, Identity(6));
  const AssociationPair* ab = nullptr;
  for (const AssociationPair& p : pairs) {
    if (p.b == 1) ab = &p;
  }
  ASSERT_NE(ab, nullptr);
  // Standard errors: confidence is a proportion over ~12,000 orders with A; the lift's by
  // the delta method over its two proportions (about 0.03 here).
  const double n_a = static_cast<double>(ab->orders_a);
  const double conf_se = std::sqrt(0.6 * 0.4 / n_a);
  EXPECT_NEAR(ab->confidence_a_to_b, 0.6, 4.0 * conf_se);
  const double p_b = static_cast<double>(ab->orders_b) / static_cast<double>(counts.orders());
  const double lift_se =
      2.4 * std::sqrt(0.4 / (0.6 * n_a) + (1.0 - p_b) / (p_b * static_cast<double>(n)));
  EXPECT_NEAR(ab->lift, 2.4, 4.0 * lift_se);
  EXPECT_EQ(pairs.front().b, 1);  // the highest lift with A
  // Independent products: lift near 1.
  for (const AssociationPair& p : AssociationPairs(counts, 0.0, 2, Identity(6))) {
    if (p.a == 2 && p.b == 3) {
      EXPECT_NEAR(p.lift, 1.0, 0.08);
    }
  }
}

TEST(BasketTest, ItemToItemRecommendsCoPurchasedProductsNotAlreadyBought) {
  CoPurchaseCounts counts(5);
  for (int i = 0; i < 10; ++i) counts.Add({0, 1});  // 0 and 1 go together
  for (int i = 0; i < 3; ++i) counts.Add({0, 2});
  for (int i = 0; i < 30; ++i) counts.Add({4});  // 4 is the most ordered
  const ItemToItem recommender(counts);
  const std::vector<Recommendation> recs = recommender.Recommend({0}, 3);
  ASSERT_EQ(recs.size(), 3u);
  EXPECT_EQ(recs[0].product, 1);
  // The cosine shrunk by the 10 orders behind it: x 10 / (10 + kShrinkage).
  EXPECT_DOUBLE_EQ(recs[0].score, 10.0 / std::sqrt(13.0 * 10.0) * (10.0 / (10.0 + kShrinkage)));
  EXPECT_EQ(recs[0].because_of, std::vector<int32_t>{0});
  EXPECT_EQ(recs[1].product, 2);
  EXPECT_FALSE(recs[1].popular);
  EXPECT_EQ(recs[2].product, 4);  // filled by popularity
  EXPECT_TRUE(recs[2].popular);
  // Already bought: excluded.
  for (const Recommendation& r : recommender.Recommend({0, 1}, 5)) {
    EXPECT_NE(r.product, 0);
    EXPECT_NE(r.product, 1);
  }
  EXPECT_EQ(recommender.Popular({4}, 2), (std::vector<int32_t>{0, 1}));
  // Product 3 was never ordered: never recommended.
  EXPECT_EQ(recommender.Recommend({}, 10).size(), 4u);
}

TEST(BasketTest, ShrinkageRanksASimilarityOfManyOrdersAboveOneOfACoincidence) {
  // A (0) is in 20 orders. B (1) was bought twice, both times with A: cosine 2 / sqrt(20 x
  // 2) = 0.316, from two orders. C (2) is in 400 orders, 15 of them with A: cosine 15 /
  // sqrt(20 x 400) = 0.168, from fifteen. Plain cosine puts the coincidence first; shrunk by
  // n / (n + 100), B keeps 2/102 of its cosine and C 15/115: C first.
  CoPurchaseCounts counts(3);
  for (int i = 0; i < 2; ++i) counts.Add({0, 1});
  for (int i = 0; i < 15; ++i) counts.Add({0, 2});
  for (int i = 0; i < 3; ++i) counts.Add({0});
  for (int i = 0; i < 385; ++i) counts.Add({2});
  const ItemToItem plain(counts, 0.0);
  const std::vector<Recommendation> by_cosine = plain.Recommend({0}, 2);
  ASSERT_EQ(by_cosine.size(), 2u);
  EXPECT_EQ(by_cosine[0].product, 1);
  EXPECT_DOUBLE_EQ(by_cosine[0].score, 2.0 / std::sqrt(40.0));
  EXPECT_DOUBLE_EQ(by_cosine[1].score, 15.0 / std::sqrt(8000.0));
  const ItemToItem shrunk(counts);
  const std::vector<Recommendation> recs = shrunk.Recommend({0}, 2);
  ASSERT_EQ(recs.size(), 2u);
  EXPECT_EQ(recs[0].product, 2);
  EXPECT_DOUBLE_EQ(recs[0].score, 15.0 / std::sqrt(8000.0) * 15.0 / 115.0);
  EXPECT_EQ(recs[1].product, 1);
  EXPECT_DOUBLE_EQ(recs[1].score, 2.0 / std::sqrt(40.0) * 2.0 / 102.0);
  EXPECT_DOUBLE_EQ(shrunk.Similarity(2, 0), recs[0].score);
  // The shrinkage only scales: a pair of many orders keeps most of its cosine.
  CoPurchaseCounts strong(2);
  for (int i = 0; i < 900; ++i) strong.Add({0, 1});
  EXPECT_DOUBLE_EQ(ItemToItem(strong).Similarity(0, 1), 900.0 / 1000.0);
}

TEST(BasketTest, PairCountsAreTheSameDenseOrHashedAndRemovingUndoesAdding) {
  // The same baskets over product ids below 40, counted in a catalogue small enough for the
  // dense array and in one past kDensePairProducts (hashed).
  std::mt19937_64 rng(5);
  std::vector<std::vector<int32_t>> baskets;
  for (int k = 0; k < 500; ++k) {
    std::vector<int32_t> b;
    for (int j = 0; j < 1 + k % 5; ++j) b.push_back(static_cast<int32_t>(rng() % 40));
    std::sort(b.begin(), b.end());
    b.erase(std::unique(b.begin(), b.end()), b.end());
    baskets.push_back(std::move(b));
  }
  CoPurchaseCounts dense(40);
  CoPurchaseCounts hashed(kDensePairProducts + 1);
  for (const auto& b : baskets) {
    dense.AddDistinct(b);
    hashed.AddDistinct(b);
  }
  auto pairs_of = [](const CoPurchaseCounts& c) {
    std::vector<std::tuple<int32_t, int32_t, int64_t>> out;
    c.ForEachPair([&](int32_t a, int32_t b, int64_t n) { out.emplace_back(a, b, n); });
    std::sort(out.begin(), out.end());
    return out;
  };
  ASSERT_FALSE(pairs_of(dense).empty());
  EXPECT_EQ(pairs_of(dense), pairs_of(hashed));
  EXPECT_EQ(dense.orders(), hashed.orders());
  // Taking back the second half leaves the counts of the first half.
  CoPurchaseCounts first_half(40);
  for (size_t k = 0; k < baskets.size(); ++k) {
    if (k < 250) {
      first_half.AddDistinct(baskets[k]);
    } else {
      dense.RemoveDistinct(baskets[k]);
      hashed.RemoveDistinct(baskets[k]);
    }
  }
  EXPECT_EQ(pairs_of(dense), pairs_of(first_half));
  EXPECT_EQ(pairs_of(hashed), pairs_of(first_half));
  EXPECT_EQ(dense.orders(), 250);
  for (int32_t p = 0; p < 40; ++p) EXPECT_EQ(dense.ItemOrders(p), first_half.ItemOrders(p)) << p;
  EXPECT_EQ(dense.PairOrders(3, 1), first_half.PairOrders(1, 3));
}

TEST(BasketTest, HoldoutHidesEachCustomersLastOrderAndComparesWithPopularity) {
  // Pairs (2k, 2k+1), k = 0..4: 40 one-order customers buy both of a pair; products 8 and 9
  // are also bought alone by 60 more, so they are the most ordered. Ten checked customers
  // buy 2k first and 2k+1 last.
  std::vector<Basket> baskets;
  int32_t customer = 0;
  const absl::Time t = absl::FromUnixSeconds(1'700'000'000);
  auto add = [&](int32_t c, absl::Time at, std::vector<int32_t> products) {
    baskets.push_back({c, at, "orders/" + std::to_string(baskets.size() + 1), std::move(products)});
  };
  for (int k = 0; k < 5; ++k) {
    for (int i = 0; i < 8; ++i) add(customer++, t, {2 * k, 2 * k + 1});
  }
  for (int i = 0; i < 60; ++i) add(customer++, t, {8 + i % 2});
  for (int k = 0; k < 5; ++k) {
    for (int i = 0; i < 2; ++i) {
      const int32_t c = customer++;
      add(c, t + absl::Hours(2), {2 * k + 1});  // the last order, given first
      add(c, t + absl::Hours(1), {2 * k});
    }
  }
  const HoldoutResult r = EvaluateLastBasketHoldout(baskets, 10, 1);
  EXPECT_EQ(r.customers, 10);
  EXPECT_DOUBLE_EQ(*r.hit_rate, 1.0);  // each finds the partner of what they bought
  // Popularity recommends 8 or 9 (whichever is not bought): a hit only for the k = 4
  // customers who bought 8 and next buy 9.
  EXPECT_DOUBLE_EQ(*r.popular_hit_rate, 0.2);
  // A customer whose last order repeats earlier products is not checked.
  add(customer, t, {0});
  add(customer, t + absl::Hours(1), {0});
  EXPECT_EQ(EvaluateLastBasketHoldout(baskets, 10, 1).customers, 10);
}

TEST(BasketTest, RankedHoldoutAnswersEveryCountAsTheHoldoutRunAtThatCount) {
  // 400 customers with 1 to 4 orders each over 30 products, two of them bought together
  // often, at random times: the one-pass check must equal a fresh check at every count.
  std::mt19937_64 rng(11);
  std::uniform_int_distribution<int32_t> product(0, 29);
  std::uniform_int_distribution<int> orders(1, 4);
  std::uniform_int_distribution<int> size(1, 4);
  std::vector<Basket> baskets;
  for (int32_t customer = 0; customer < 400; ++customer) {
    const int n = orders(rng);
    for (int k = 0; k < n; ++k) {
      Basket b;
      b.customer = customer;
      b.time = absl::FromUnixSeconds(1700000000 + static_cast<int64_t>(rng() % 1000000));
      b.order = absl::StrCat("o", customer, "-", k);
      const int m = size(rng);
      for (int j = 0; j < m; ++j) b.products.push_back(product(rng));
      if (b.products[0] % 3 == 0) b.products.push_back((b.products[0] + 1) % 30);
      std::sort(b.products.begin(), b.products.end());
      b.products.erase(std::unique(b.products.begin(), b.products.end()), b.products.end());
      baskets.push_back(std::move(b));
    }
  }
  const RankedHoldout ranked(baskets, 30, 12);
  // The same check from the counts of every basket (the hidden ones taken back).
  CoPurchaseCounts all(30);
  for (const Basket& b : baskets) all.AddDistinct(b.products);
  const RankedHoldout from_all(baskets, all, 12);
  for (size_t count = 1; count <= 12; ++count) {
    const HoldoutResult fresh = EvaluateLastBasketHoldout(baskets, 30, count);
    const HoldoutResult at = ranked.At(count);
    EXPECT_EQ(from_all.At(count).customers, at.customers) << count;
    EXPECT_DOUBLE_EQ(*from_all.At(count).hit_rate, *at.hit_rate) << count;
    EXPECT_DOUBLE_EQ(*from_all.At(count).popular_hit_rate, *at.popular_hit_rate) << count;
    ASSERT_GT(fresh.customers, 50);
    EXPECT_EQ(at.customers, fresh.customers) << count;
    EXPECT_DOUBLE_EQ(*at.hit_rate, *fresh.hit_rate) << count;
    EXPECT_DOUBLE_EQ(*at.popular_hit_rate, *fresh.popular_hit_rate) << count;
  }
  // Precision at a rank is a share, and only where some list reached it.
  ASSERT_TRUE(ranked.CoPurchasePrecision(0).has_value());
  EXPECT_GE(*ranked.CoPurchasePrecision(0), 0.0);
  EXPECT_LE(*ranked.CoPurchasePrecision(0), 1.0);
  EXPECT_GT(ranked.CoPurchaseShown(0), 0);
  EXPECT_FALSE(ranked.CoPurchasePrecision(12).has_value());
}

TEST(BasketTest, CoPurchasePrecisionOfAHandCountedHoldout) {
  // Customer 0: {A,B} then {C} hidden; customer 1: {A} then {B} hidden; customer 2: {A,B}.
  // Training (every basket but the hidden ones): {A,B}, {A}, {A,B}: B is A's only
  // neighbour. Customer 0 (history A,B, target C) has no co-purchase candidate; customer 1
  // (history A, target B) is recommended B at rank 1 (a hit): precision 1 of 1 at rank 1.
  const absl::Time t = absl::FromUnixSeconds(1700000000);
  std::vector<Basket> baskets = {{0, t, "o1", {0, 1}},
                                 {0, t + absl::Hours(1), "o2", {2}},
                                 {1, t, "o3", {0}},
                                 {1, t + absl::Hours(1), "o4", {1}},
                                 {2, t, "o5", {0, 1}}};
  const RankedHoldout ranked(baskets, 3, 3);
  EXPECT_EQ(ranked.At(1).customers, 2);
  EXPECT_EQ(ranked.CoPurchaseShown(0), 1);
  EXPECT_DOUBLE_EQ(*ranked.CoPurchasePrecision(0), 1.0);
  EXPECT_FALSE(ranked.CoPurchasePrecision(1).has_value());
}

// Customer 0: {A,B} then {C} hidden; 1: {A} then {B} hidden; 2: {A,B}; 3: {C} then {A}
// hidden. Training: {A,B}, {A}, {A,B}, {C}: A in 3 orders, B in 2, C in 1; B is A's only
// neighbour.
std::vector<Basket> FourCustomers() {
  const absl::Time t = absl::FromUnixSeconds(1700000000);
  return {{0, t, "o1", {0, 1}},
          {0, t + absl::Hours(1), "o2", {2}},
          {1, t, "o3", {0}},
          {1, t + absl::Hours(1), "o4", {1}},
          {2, t, "o5", {0, 1}},
          {3, t, "o6", {2}},
          {3, t + absl::Hours(1), "o7", {0}}};
}

TEST(BasketTest, PopularPrecisionOfAHandCountedHoldout) {
  // Most popular lists (by training orders, bought left out): customer 0 (A, B bought) [C],
  // a hit; customer 1 [B, C], a hit at rank 1 and a miss at 2; customer 3 [A, B], likewise.
  const RankedHoldout ranked(FourCustomers(), 3, 3);
  EXPECT_EQ(ranked.At(1).customers, 3);
  EXPECT_EQ(ranked.PopularShown(0), 3);
  EXPECT_DOUBLE_EQ(*ranked.PopularPrecision(0), 1.0);
  EXPECT_EQ(ranked.PopularShown(1), 2);
  EXPECT_DOUBLE_EQ(*ranked.PopularPrecision(1), 0.0);
  EXPECT_FALSE(ranked.PopularPrecision(2).has_value());
  // Item-to-item: only customer 1 gets a co-purchase (B from A), a hit; the others' lists
  // are the popular fill.
  EXPECT_EQ(ranked.CoPurchaseShown(0), 1);
  EXPECT_DOUBLE_EQ(*ranked.CoPurchasePrecision(0), 1.0);
  EXPECT_FALSE(ranked.CoPurchasePrecision(1).has_value());
  EXPECT_EQ(ranked.Precision(RecommendationMethod::kItemToItem, 0), ranked.CoPurchasePrecision(0));
  EXPECT_EQ(ranked.Precision(RecommendationMethod::kMostPopular, 1), ranked.PopularPrecision(1));
}

TEST(BasketTest, RankedOffersAreTheMethodsListValuedByItsPrecision) {
  const std::vector<Basket> baskets = FourCustomers();
  const RankedHoldout ranked(baskets, 3, 3);
  CoPurchaseCounts counts(3);
  for (const Basket& b : baskets) counts.Add(b.products);
  const ItemToItem recommender(counts);  // A in 4 orders, B in 3, C in 2
  // Bought C only: item-to-item has no co-purchase for it (its list is the popular fill),
  // most popular offers A and B at their ranks' precision.
  EXPECT_TRUE(RankedOffers(recommender, ranked, RecommendationMethod::kItemToItem, {2}, 3).empty());
  std::vector<RankedOffer> offers =
      RankedOffers(recommender, ranked, RecommendationMethod::kMostPopular, {2}, 3);
  ASSERT_EQ(offers.size(), 2u);
  EXPECT_EQ(offers[0].product, 0);
  EXPECT_EQ(offers[0].rank, 0);
  EXPECT_DOUBLE_EQ(offers[0].precision, 1.0);
  EXPECT_EQ(offers[1].product, 1);
  EXPECT_EQ(offers[1].rank, 1);
  EXPECT_DOUBLE_EQ(offers[1].precision, 0.0);
  // Bought A: item-to-item offers B (a co-purchase at rank 1), not C (its fill).
  offers = RankedOffers(recommender, ranked, RecommendationMethod::kItemToItem, {0}, 3);
  ASSERT_EQ(offers.size(), 1u);
  EXPECT_EQ(offers[0].product, 1);
  EXPECT_DOUBLE_EQ(offers[0].precision, 1.0);
}

HoldoutResult Holdout(int64_t customers, std::optional<double> hit, std::optional<double> popular) {
  HoldoutResult r;
  r.customers = customers;
  r.hit_rate = hit;
  r.popular_hit_rate = popular;
  return r;
}

TEST(BasketTest, TheMethodWithTheHigherHoldoutHitRateIsServedATieGoesToMostPopular) {
  // Item-to-item ahead: served, the reason naming both rates and the count.
  MethodChoice c = ChooseRecommendationMethod(Holdout(20, 0.45, 0.40), 5);
  EXPECT_EQ(c.method, RecommendationMethod::kItemToItem);
  EXPECT_EQ(c.reason,
            "item-to-item hit rate 45.0% beats the most popular products' 40.0% on the holdout "
            "of 20 customers at 5 products: item-to-item is served");
  // Narrowly behind: most popular.
  c = ChooseRecommendationMethod(Holdout(20, 0.40, 0.45), 5);
  EXPECT_EQ(c.method, RecommendationMethod::kMostPopular);
  EXPECT_NE(c.reason.find("does not beat"), std::string::npos) << c.reason;
  EXPECT_NE(c.reason.find("the most popular products are served"), std::string::npos);
  // A tie goes to the simpler model.
  c = ChooseRecommendationMethod(Holdout(1, 1.0, 1.0), 1);
  EXPECT_EQ(c.method, RecommendationMethod::kMostPopular);
  EXPECT_EQ(c.reason,
            "item-to-item hit rate 100.0% ties the most popular products' 100.0% on the holdout "
            "of 1 customer at 1 product: the most popular products are served (a tie goes to "
            "the simpler model)");
  // Nobody to check: no evidence for item-to-item, the simpler model.
  c = ChooseRecommendationMethod(Holdout(0, std::nullopt, std::nullopt), 5);
  EXPECT_EQ(c.method, RecommendationMethod::kMostPopular);
  EXPECT_NE(c.reason.find("no customer could be checked"), std::string::npos) << c.reason;
}

TEST(BasketTest, ServedListIsItemToItemsOrTheMostPopularNotBoughtOfTheSameCount) {
  // Products 0..4. 0 is in most orders, then 1, 2; 3 and 4 are bought together.
  CoPurchaseCounts counts(5);
  for (int i = 0; i < 6; ++i) counts.Add({0});
  for (int i = 0; i < 4; ++i) counts.Add({1});
  for (int i = 0; i < 3; ++i) counts.Add({2});
  for (int i = 0; i < 2; ++i) counts.Add({3, 4});
  const ItemToItem recommender(counts);
  const std::vector<int32_t> history = {0, 3};
  // Item-to-item wins: its own list, 4 from 3 first, then popular fill.
  ServedRecommendations served =
      ServeRecommendations(recommender, Holdout(10, 0.6, 0.5), history, 2);
  EXPECT_EQ(served.choice.method, RecommendationMethod::kItemToItem);
  ASSERT_EQ(served.products.size(), 2u);
  EXPECT_EQ(served.products[0].product, 4);
  EXPECT_FALSE(served.products[0].popular);
  EXPECT_EQ(served.products[0].because_of, std::vector<int32_t>({3}));
  // Popularity wins: the two most ordered products not bought (0 is bought), score 0.
  served = ServeRecommendations(recommender, Holdout(10, 0.5, 0.6), history, 2);
  EXPECT_EQ(served.choice.method, RecommendationMethod::kMostPopular);
  ASSERT_EQ(served.products.size(), 2u);
  EXPECT_EQ(served.products[0].product, 1);
  EXPECT_EQ(served.products[1].product, 2);
  for (const Recommendation& r : served.products) {
    EXPECT_TRUE(r.popular);
    EXPECT_EQ(r.score, 0.0);
    EXPECT_TRUE(r.because_of.empty());
    EXPECT_TRUE(std::find(history.begin(), history.end(), r.product) == history.end());
  }
  // Fewer products not bought than asked for: as many as there are.
  served = ServeRecommendations(recommender, Holdout(10, 0.5, 0.6), history, 5);
  EXPECT_EQ(served.products.size(), 3u);
}

}  // namespace
}  // namespace sales::analytics::domain
