// The market basket: products bought together in one order, as association rules
// (support, confidence, lift: Agrawal, Imielinski and Swami 1993; Tan, Steinbach and Kumar,
// Introduction to Data Mining, ch. 6), and item-to-item recommendations from a customer's
// history (Linden, Smith and York 2003): cosine similarity over co-purchase counts,
// cos(i, j) = n(i, j) / sqrt(n(i) n(j)) with n counting orders, shrunk towards zero by the
// number of orders behind it, sim(i, j) = n(i, j) / (n(i, j) + kShrinkage) x cos(i, j)
// (the shrinkage of Bell and Koren 2007 and Koren 2008, eq. 2, the item-based counterpart of
// Herlocker et al. 1999's significance weighting: a similarity resting on a few orders is
// mostly noise, one resting on hundreds is kept nearly whole), each product's kNeighbours
// most similar products kept; a customer's candidates scored by the sum of their
// similarities to the products the customer bought, products already bought excluded, and
// the list filled with the most ordered products when too few candidates.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/functional/function_ref.h"
#include "absl/time/time.h"

namespace sales::analytics::domain {

inline constexpr size_t kNeighbours = 50;
// The shrinkage constant of sim(i, j) above: orders with both at which a cosine keeps half
// its value (Koren 2008 uses 100 on ratings).
inline constexpr double kShrinkage = 100.0;
// Up to this many products the pair counts are a dense triangular array (at most
// 2048 x 2047 / 2 counts, 16.8 MB); past it, a hash map of the pairs seen.
inline constexpr int32_t kDensePairProducts = 2048;

// An order as a basket: its customer, when, and its distinct products (ids into a product
// list the caller keeps).
struct Basket {
  int32_t customer = 0;
  absl::Time time;
  std::string order;  // orders of one customer at the same time are taken in name order
  std::vector<int32_t> products;
};

// Order counts of single products and of pairs over a set of baskets.
class CoPurchaseCounts final {
 public:
  explicit CoPurchaseCounts(int32_t products);

  // Counts one basket (its products deduplicated here).
  void Add(std::vector<int32_t> products);
  // Counts one basket whose products are sorted and distinct (no copy).
  void AddDistinct(const std::vector<int32_t>& products);
  // Takes back a basket counted by AddDistinct (sorted, distinct products).
  void RemoveDistinct(const std::vector<int32_t>& products);

  int64_t orders() const { return orders_; }
  int64_t ItemOrders(int32_t product) const { return item_orders_[static_cast<size_t>(product)]; }
  int64_t PairOrders(int32_t a, int32_t b) const;
  // Calls fn(a, b, orders with both) for every pair (a < b) bought together at least once.
  void ForEachPair(absl::FunctionRef<void(int32_t, int32_t, int64_t)> fn) const;
  int32_t products() const { return static_cast<int32_t>(item_orders_.size()); }

  static uint64_t Key(int32_t a, int32_t b);
  static std::pair<int32_t, int32_t> Unkey(uint64_t key);

 private:
  // The dense array's index of a < b.
  size_t DenseIndex(int32_t a, int32_t b) const;
  void Count(const std::vector<int32_t>& products, int64_t delta);

  int64_t orders_ = 0;
  std::vector<int64_t> item_orders_;
  bool dense_ = false;
  std::vector<int64_t> dense_pairs_;              // when dense_: [DenseIndex(a, b)]
  absl::flat_hash_map<uint64_t, int64_t> pairs_;  // otherwise: Key(a, b) -> count
};

struct AssociationPair {
  int32_t a = 0;
  int32_t b = 0;
  int64_t both = 0;
  int64_t orders_a = 0;
  int64_t orders_b = 0;
  double support = 0.0;
  double confidence_a_to_b = 0.0;
  double confidence_b_to_a = 0.0;
  double lift = 0.0;
};

// The pairs with support >= min_support and at least two orders with both (and, when
// `product` is set, containing it), highest lift first (equal: more orders with both, then
// the caller's `order_key` of a, then of b). `order_key` gives a product's sort rank (its
// name's order).
std::vector<AssociationPair> AssociationPairs(const CoPurchaseCounts& counts, double min_support,
                                              std::optional<int32_t> product,
                                              const std::vector<int32_t>& order_key);

struct Recommendation {
  int32_t product = 0;
  double score = 0.0;
  bool popular = false;             // filling the list, not from co-purchases
  std::vector<int32_t> because_of;  // the customer's products behind it, strongest first
};

// Item-to-item recommender built from co-purchase counts.
class ItemToItem final {
 public:
  // Working memory of Recommend, reused across calls of one thread (a check of every
  // customer) instead of allocated per call.
  class Scratch final {
   private:
    friend class ItemToItem;
    std::vector<double> score;     // per product
    std::vector<uint32_t> seen;    // per product: the call that last touched it
    std::vector<uint32_t> bought;  // per product: the call whose history holds it
    std::vector<int32_t> touched;  // candidates of this call
    uint32_t call = 0;
  };

  // `shrinkage`: the constant of sim(i, j) (kShrinkage; 0 for the plain cosine).
  explicit ItemToItem(const CoPurchaseCounts& counts, double shrinkage = kShrinkage);

  // `count` products for a customer who bought `history` (distinct ids), none of them in it.
  std::vector<Recommendation> Recommend(const std::vector<int32_t>& history, size_t count) const;
  std::vector<Recommendation> Recommend(const std::vector<int32_t>& history, size_t count,
                                        Scratch& scratch) const;
  // The same list without because_of (a check of every customer, which needs the products
  // and their ranks only).
  std::vector<Recommendation> RecommendWithoutReasons(const std::vector<int32_t>& history,
                                                      size_t count, Scratch& scratch) const;
  // The `count` most ordered products not in `history` (the baseline).
  std::vector<int32_t> Popular(const std::vector<int32_t>& history, size_t count) const;
  // The similarity the recommender uses between two products (0 when j is not among i's
  // kept neighbours).
  double Similarity(int32_t i, int32_t j) const;

 private:
  struct Neighbour {
    int32_t product;
    double similarity;
  };
  std::vector<Recommendation> Rank(const std::vector<int32_t>& history, size_t count,
                                   Scratch& scratch, bool reasons) const;
  std::vector<std::vector<Neighbour>> neighbours_;  // per product, most similar first
  std::vector<int32_t> by_popularity_;              // most ordered first (equal: smaller id)
};

struct HoldoutResult {
  int64_t customers = 0;
  std::optional<double> hit_rate;
  std::optional<double> popular_hit_rate;
};

// Hides each customer's last basket (latest time, then order name) when they have two or
// more; fits on every other basket; for each customer whose hidden basket holds a product
// not in their earlier baskets, recommends `count` products from their earlier products
// and counts a hit when one is in the hidden basket; the same for Popular.
HoldoutResult EvaluateLastBasketHoldout(const std::vector<Basket>& baskets, int32_t products,
                                        size_t count, double shrinkage = kShrinkage);

// Which list a customer is served: item-to-item, or the most popular products (the
// holdout's baseline).
enum class RecommendationMethod { kItemToItem, kMostPopular };
inline constexpr std::array<RecommendationMethod, 2> kAllRecommendationMethods = {
    RecommendationMethod::kItemToItem, RecommendationMethod::kMostPopular};

// The method to serve at a count and why. The rule: the method with the higher holdout hit
// rate at that count is served; a tie, or a holdout without customers to check (no hit
// rate), goes to most-popular, the simpler model.
struct MethodChoice {
  RecommendationMethod method = RecommendationMethod::kMostPopular;
  std::string reason;  // one sentence naming both hit rates and the count
};
MethodChoice ChooseRecommendationMethod(const HoldoutResult& holdout, size_t count);

// A customer's list by the chosen method.
struct ServedRecommendations {
  MethodChoice choice;
  std::vector<Recommendation> products;
};

// `count` products for a customer who bought `history` by `method`: recommender.Recommend,
// or recommender.Popular as recommendations (score 0, popular, no because_of). Neither holds
// a product of `history`.
std::vector<Recommendation> RecommendBy(const ItemToItem& recommender, RecommendationMethod method,
                                        const std::vector<int32_t>& history, size_t count);

// RecommendBy the method `holdout` (the check at `count`) chooses.
ServedRecommendations ServeRecommendations(const ItemToItem& recommender,
                                           const HoldoutResult& holdout,
                                           const std::vector<int32_t>& history, size_t count);

struct HiddenBaskets;  // basket.cc: the baskets hidden and the customers checked

// The same check run once for every count from 1 to max_count. Recommend(history, k) and
// Popular(history, k) are the first k of the lists for max_count (candidates by score, then
// the popular fill in its order), so a customer is a hit at count k when the first hit of
// the max_count list is at a rank below k: one pass answers every count, the same as
// EvaluateLastBasketHoldout(baskets, products, k) for each k.
class RankedHoldout final {
 public:
  RankedHoldout() = default;
  RankedHoldout(const std::vector<Basket>& baskets, int32_t products, size_t max_count,
                double shrinkage = kShrinkage);
  // The same, given the counts of every basket in `baskets` (each basket's products sorted
  // and distinct): the training counts are these less the hidden baskets, not a second
  // count of every basket.
  RankedHoldout(const std::vector<Basket>& baskets, const CoPurchaseCounts& all_counts,
                size_t max_count, double shrinkage = kShrinkage);

  size_t max_count() const { return first_hit_.size(); }
  // The check at `count` (1 to max_count).
  HoldoutResult At(size_t count) const;
  // Precision at rank k (0-based, below max_count) of the co-purchase recommendations: of
  // the checked customers whose list has a co-purchase (not popular) product at rank k, the
  // share whose hidden basket holds it; none when no customer's list reached rank k.
  std::optional<double> CoPurchasePrecision(size_t rank) const;
  // Checked customers whose list had a co-purchase product at `rank`.
  int64_t CoPurchaseShown(size_t rank) const;
  // The same for the most popular products (Popular): of the checked customers whose list
  // reached rank k, the share whose hidden basket holds the product there.
  std::optional<double> PopularPrecision(size_t rank) const;
  int64_t PopularShown(size_t rank) const;
  // The precision at `rank` of what `method` lists: CoPurchasePrecision for item-to-item
  // (a product filling its list is not an item-to-item recommendation), PopularPrecision for
  // the most popular products.
  std::optional<double> Precision(RecommendationMethod method, size_t rank) const;

 private:
  void Check(const HiddenBaskets& hidden, const CoPurchaseCounts& training, double shrinkage);

  int64_t customers_ = 0;
  std::vector<int64_t> first_hit_;          // [k]: customers whose first hit is at rank k
  std::vector<int64_t> popular_first_hit_;  // the same for Popular
  std::vector<int64_t> co_shown_;           // [k]: customers with a co-purchase at rank k
  std::vector<int64_t> co_hits_;            // [k]: ... whose hidden basket holds it
  std::vector<int64_t> popular_shown_;      // [k]: customers whose Popular list reached k
  std::vector<int64_t> popular_hits_;       // [k]: ... whose hidden basket holds it
};

}  // namespace sales::analytics::domain
