#include "services/analytics/src/domain/basket.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_format.h"

namespace sales::analytics::domain {
namespace {

void Dedupe(std::vector<int32_t>& products) {
  std::sort(products.begin(), products.end());
  products.erase(std::unique(products.begin(), products.end()), products.end());
}

}  // namespace

uint64_t CoPurchaseCounts::Key(int32_t a, int32_t b) {
  return (static_cast<uint64_t>(static_cast<uint32_t>(a)) << 32) | static_cast<uint32_t>(b);
}

std::pair<int32_t, int32_t> CoPurchaseCounts::Unkey(uint64_t key) {
  return {static_cast<int32_t>(key >> 32), static_cast<int32_t>(key & 0xffffffffu)};
}

CoPurchaseCounts::CoPurchaseCounts(int32_t products)
    : item_orders_(static_cast<size_t>(std::max(products, 0)), 0),
      dense_(products <= kDensePairProducts) {
  if (dense_ && products > 1) {
    const auto n = static_cast<size_t>(products);
    dense_pairs_.assign(n * (n - 1) / 2, 0);
  }
}

size_t CoPurchaseCounts::DenseIndex(int32_t a, int32_t b) const {
  // Row a holds the pairs (a, a + 1) .. (a, n - 1), after the rows of 0 .. a - 1.
  const auto n = item_orders_.size();
  const auto i = static_cast<size_t>(a);
  return i * (2 * n - i - 1) / 2 + static_cast<size_t>(b - a - 1);
}

void CoPurchaseCounts::Count(const std::vector<int32_t>& products, int64_t delta) {
  if (products.empty()) return;
  orders_ += delta;
  for (size_t i = 0; i < products.size(); ++i) {
    item_orders_[static_cast<size_t>(products[i])] += delta;
    for (size_t j = i + 1; j < products.size(); ++j) {
      const int32_t a = std::min(products[i], products[j]);
      const int32_t b = std::max(products[i], products[j]);
      if (a == b) continue;
      if (dense_) {
        dense_pairs_[DenseIndex(a, b)] += delta;
      } else if (int64_t& n = pairs_[Key(a, b)]; (n += delta) == 0) {
        pairs_.erase(Key(a, b));
      }
    }
  }
}

void CoPurchaseCounts::Add(std::vector<int32_t> products) {
  Dedupe(products);
  Count(products, 1);
}

void CoPurchaseCounts::AddDistinct(const std::vector<int32_t>& products) { Count(products, 1); }

void CoPurchaseCounts::RemoveDistinct(const std::vector<int32_t>& products) { Count(products, -1); }

int64_t CoPurchaseCounts::PairOrders(int32_t a, int32_t b) const {
  if (a > b) std::swap(a, b);
  if (a == b) return 0;
  if (dense_) return dense_pairs_[DenseIndex(a, b)];
  const auto it = pairs_.find(Key(a, b));
  return it == pairs_.end() ? 0 : it->second;
}

void CoPurchaseCounts::ForEachPair(absl::FunctionRef<void(int32_t, int32_t, int64_t)> fn) const {
  if (!dense_) {
    for (const auto& [key, both] : pairs_) {
      const auto [a, b] = Unkey(key);
      fn(a, b, both);
    }
    return;
  }
  const auto n = static_cast<int32_t>(item_orders_.size());
  size_t k = 0;
  for (int32_t a = 0; a < n; ++a) {
    for (int32_t b = a + 1; b < n; ++b, ++k) {
      if (dense_pairs_[k] != 0) fn(a, b, dense_pairs_[k]);
    }
  }
}

std::vector<AssociationPair> AssociationPairs(const CoPurchaseCounts& counts, double min_support,
                                              std::optional<int32_t> product,
                                              const std::vector<int32_t>& order_key) {
  std::vector<AssociationPair> out;
  const double n = static_cast<double>(counts.orders());
  if (counts.orders() == 0) return out;
  counts.ForEachPair([&](int32_t a, int32_t b, int64_t both) {
    if (both < 2) return;
    if (product.has_value() && a != *product && b != *product) return;
    const double support = static_cast<double>(both) / n;
    if (support < min_support) return;
    AssociationPair p;
    // product a: the one whose name sorts first.
    p.a = order_key[static_cast<size_t>(a)] <= order_key[static_cast<size_t>(b)] ? a : b;
    p.b = p.a == a ? b : a;
    p.both = both;
    p.orders_a = counts.ItemOrders(p.a);
    p.orders_b = counts.ItemOrders(p.b);
    p.support = support;
    p.confidence_a_to_b = static_cast<double>(both) / static_cast<double>(p.orders_a);
    p.confidence_b_to_a = static_cast<double>(both) / static_cast<double>(p.orders_b);
    p.lift = n * static_cast<double>(both) /
             (static_cast<double>(p.orders_a) * static_cast<double>(p.orders_b));
    out.push_back(p);
  });
  std::sort(out.begin(), out.end(), [&](const AssociationPair& x, const AssociationPair& y) {
    if (x.lift != y.lift) return x.lift > y.lift;
    if (x.both != y.both) return x.both > y.both;
    const int32_t xa = order_key[static_cast<size_t>(x.a)];
    const int32_t ya = order_key[static_cast<size_t>(y.a)];
    if (xa != ya) return xa < ya;
    return order_key[static_cast<size_t>(x.b)] < order_key[static_cast<size_t>(y.b)];
  });
  return out;
}

ItemToItem::ItemToItem(const CoPurchaseCounts& counts, double shrinkage) {
  const auto products = static_cast<size_t>(counts.products());
  neighbours_.resize(products);
  counts.ForEachPair([&](int32_t a, int32_t b, int64_t both) {
    const double n = static_cast<double>(both);
    double similarity = n / std::sqrt(static_cast<double>(counts.ItemOrders(a)) *
                                      static_cast<double>(counts.ItemOrders(b)));
    if (shrinkage > 0.0) similarity *= n / (n + shrinkage);
    neighbours_[static_cast<size_t>(a)].push_back({b, similarity});
    neighbours_[static_cast<size_t>(b)].push_back({a, similarity});
  });
  for (auto& list : neighbours_) {
    auto better = [](const Neighbour& x, const Neighbour& y) {
      return x.similarity != y.similarity ? x.similarity > y.similarity : x.product < y.product;
    };
    if (list.size() > kNeighbours) {
      std::partial_sort(list.begin(), list.begin() + kNeighbours, list.end(), better);
      list.resize(kNeighbours);
      list.shrink_to_fit();
    } else {
      std::sort(list.begin(), list.end(), better);
    }
  }
  by_popularity_.resize(products);
  std::iota(by_popularity_.begin(), by_popularity_.end(), 0);
  std::stable_sort(by_popularity_.begin(), by_popularity_.end(), [&](int32_t x, int32_t y) {
    return counts.ItemOrders(x) > counts.ItemOrders(y);
  });
  // Products never ordered are not recommended as popular.
  while (!by_popularity_.empty() && counts.ItemOrders(by_popularity_.back()) == 0) {
    by_popularity_.pop_back();
  }
}

std::vector<int32_t> ItemToItem::Popular(const std::vector<int32_t>& history, size_t count) const {
  const absl::flat_hash_set<int32_t> bought(history.begin(), history.end());
  std::vector<int32_t> out;
  for (const int32_t p : by_popularity_) {
    if (out.size() >= count) break;
    if (!bought.contains(p)) out.push_back(p);
  }
  return out;
}

double ItemToItem::Similarity(int32_t i, int32_t j) const {
  if (i < 0 || static_cast<size_t>(i) >= neighbours_.size()) return 0.0;
  for (const Neighbour& n : neighbours_[static_cast<size_t>(i)]) {
    if (n.product == j) return n.similarity;
  }
  return 0.0;
}

std::vector<Recommendation> ItemToItem::Recommend(const std::vector<int32_t>& history,
                                                  size_t count) const {
  Scratch scratch;
  return Recommend(history, count, scratch);
}

std::vector<Recommendation> ItemToItem::Recommend(const std::vector<int32_t>& history, size_t count,
                                                  Scratch& scratch) const {
  return Rank(history, count, scratch, true);
}

std::vector<Recommendation> ItemToItem::RecommendWithoutReasons(const std::vector<int32_t>& history,
                                                                size_t count,
                                                                Scratch& scratch) const {
  return Rank(history, count, scratch, false);
}

std::vector<Recommendation> ItemToItem::Rank(const std::vector<int32_t>& history, size_t count,
                                             Scratch& s, bool reasons) const {
  const size_t products = neighbours_.size();
  if (s.score.size() != products) {
    s.score.assign(products, 0.0);
    s.seen.assign(products, 0);
    s.bought.assign(products, 0);
    s.call = 0;
  }
  if (++s.call == 0) {  // the stamps wrapped: start them again
    std::fill(s.seen.begin(), s.seen.end(), 0);
    std::fill(s.bought.begin(), s.bought.end(), 0);
    s.call = 1;
  }
  const uint32_t call = s.call;
  auto known = [&](int32_t p) { return p >= 0 && static_cast<size_t>(p) < products; };
  for (const int32_t i : history) {
    if (known(i)) s.bought[static_cast<size_t>(i)] = call;
  }
  // Scores summed in the order of the history, then of each product's neighbours.
  s.touched.clear();
  for (const int32_t i : history) {
    if (!known(i)) continue;
    for (const Neighbour& n : neighbours_[static_cast<size_t>(i)]) {
      const auto p = static_cast<size_t>(n.product);
      if (s.bought[p] == call) continue;
      if (s.seen[p] != call) {
        s.seen[p] = call;
        s.score[p] = 0.0;
        s.touched.push_back(n.product);
      }
      s.score[p] += n.similarity;
    }
  }
  auto better = [&](int32_t x, int32_t y) {
    const double sx = s.score[static_cast<size_t>(x)];
    const double sy = s.score[static_cast<size_t>(y)];
    return sx != sy ? sx > sy : x < y;
  };
  const size_t take = std::min(count, s.touched.size());
  const auto taken = s.touched.begin() + static_cast<std::ptrdiff_t>(take);
  if (take < s.touched.size()) std::nth_element(s.touched.begin(), taken, s.touched.end(), better);
  std::sort(s.touched.begin(), taken, better);
  std::vector<Recommendation> out;
  out.reserve(count);
  std::vector<std::pair<double, int32_t>> sources;  // (similarity, bought product)
  for (size_t k = 0; k < take; ++k) {
    const int32_t product = s.touched[k];
    sources.clear();
    for (const int32_t i : history) {
      if (!reasons) break;
      if (!known(i)) continue;
      for (const Neighbour& n : neighbours_[static_cast<size_t>(i)]) {
        if (n.product == product) {
          sources.push_back({n.similarity, i});
          break;
        }
      }
    }
    std::sort(sources.begin(), sources.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    Recommendation r;
    r.product = product;
    r.score = s.score[static_cast<size_t>(product)];
    for (size_t j = 0; j < sources.size() && j < 3; ++j) r.because_of.push_back(sources[j].second);
    out.push_back(std::move(r));
  }
  // Too few candidates (every one taken): the most ordered products not bought nor taken.
  for (const int32_t p : by_popularity_) {
    if (out.size() >= count) break;
    const auto i = static_cast<size_t>(p);
    if (s.bought[i] == call || s.seen[i] == call) continue;
    out.push_back({p, 0.0, true, {}});
  }
  return out;
}

// Each customer with two or more baskets: the products of their earlier baskets and the
// products of the hidden (last) one they had not bought before.
struct HiddenBaskets {
  struct Check {
    std::vector<int32_t> history;  // distinct and sorted, earlier baskets
    std::vector<int32_t> target;   // new products of the hidden basket (non-empty, sorted)
  };
  std::vector<Check> checks;
  std::vector<char> hidden;  // per basket (same index): 1 when hidden
};

namespace {

HiddenBaskets HideLastBaskets(const std::vector<Basket>& baskets) {
  HiddenBaskets out;
  out.hidden.assign(baskets.size(), 0);
  // Each customer's slot: their baskets' count and latest basket (time, then order name).
  struct Slot {
    size_t baskets = 0;
    size_t last = 0;
  };
  absl::flat_hash_map<int32_t, size_t> slot_of;
  std::vector<Slot> slots;
  std::vector<size_t> basket_slot(baskets.size());
  for (size_t k = 0; k < baskets.size(); ++k) {
    const Basket& b = baskets[k];
    const auto [it, added] = slot_of.try_emplace(b.customer, slots.size());
    if (added) slots.push_back({0, k});
    Slot& slot = slots[it->second];
    basket_slot[k] = it->second;
    const Basket& last = baskets[slot.last];
    if (++slot.baskets > 1 && (last.time != b.time ? last.time < b.time : last.order < b.order)) {
      slot.last = k;
    }
  }
  std::vector<std::vector<int32_t>> histories(slots.size());
  for (size_t k = 0; k < baskets.size(); ++k) {
    const Slot& slot = slots[basket_slot[k]];
    if (slot.baskets < 2) continue;
    if (slot.last == k) {
      out.hidden[k] = 1;
    } else {
      std::vector<int32_t>& h = histories[basket_slot[k]];
      h.insert(h.end(), baskets[k].products.begin(), baskets[k].products.end());
    }
  }
  for (size_t c = 0; c < slots.size(); ++c) {
    if (slots[c].baskets < 2) continue;
    std::vector<int32_t>& history = histories[c];
    Dedupe(history);
    HiddenBaskets::Check check;
    for (const int32_t p : baskets[slots[c].last].products) {
      if (!std::binary_search(history.begin(), history.end(), p)) check.target.push_back(p);
    }
    Dedupe(check.target);
    if (check.target.empty()) continue;
    check.history = std::move(history);
    out.checks.push_back(std::move(check));
  }
  return out;
}

// Every basket but the hidden ones, counted.
CoPurchaseCounts TrainingCounts(const std::vector<Basket>& baskets, const HiddenBaskets& hidden,
                                int32_t products) {
  CoPurchaseCounts training(products);
  for (size_t k = 0; k < baskets.size(); ++k) {
    if (hidden.hidden[k] == 0) training.Add(baskets[k].products);
  }
  return training;
}

bool Holds(const std::vector<int32_t>& sorted, int32_t p) {
  return std::binary_search(sorted.begin(), sorted.end(), p);
}

}  // namespace

HoldoutResult EvaluateLastBasketHoldout(const std::vector<Basket>& baskets, int32_t products,
                                        size_t count, double shrinkage) {
  const HiddenBaskets hidden = HideLastBaskets(baskets);
  const ItemToItem recommender(TrainingCounts(baskets, hidden, products), shrinkage);
  HoldoutResult result;
  int64_t hits = 0;
  int64_t popular_hits = 0;
  for (const HiddenBaskets::Check& check : hidden.checks) {
    ++result.customers;
    for (const Recommendation& r : recommender.Recommend(check.history, count)) {
      if (Holds(check.target, r.product)) {
        ++hits;
        break;
      }
    }
    for (const int32_t p : recommender.Popular(check.history, count)) {
      if (Holds(check.target, p)) {
        ++popular_hits;
        break;
      }
    }
  }
  if (result.customers > 0) {
    result.hit_rate = static_cast<double>(hits) / static_cast<double>(result.customers);
    result.popular_hit_rate =
        static_cast<double>(popular_hits) / static_cast<double>(result.customers);
  }
  return result;
}

RankedHoldout::RankedHoldout(const std::vector<Basket>& baskets, int32_t products, size_t max_count,
                             double shrinkage)
    : first_hit_(max_count, 0),
      popular_first_hit_(max_count, 0),
      co_shown_(max_count, 0),
      co_hits_(max_count, 0),
      popular_shown_(max_count, 0),
      popular_hits_(max_count, 0) {
  const HiddenBaskets hidden = HideLastBaskets(baskets);
  Check(hidden, TrainingCounts(baskets, hidden, products), shrinkage);
}

RankedHoldout::RankedHoldout(const std::vector<Basket>& baskets, const CoPurchaseCounts& all_counts,
                             size_t max_count, double shrinkage)
    : first_hit_(max_count, 0),
      popular_first_hit_(max_count, 0),
      co_shown_(max_count, 0),
      co_hits_(max_count, 0),
      popular_shown_(max_count, 0),
      popular_hits_(max_count, 0) {
  const HiddenBaskets hidden = HideLastBaskets(baskets);
  CoPurchaseCounts training = all_counts;
  for (size_t k = 0; k < baskets.size(); ++k) {
    if (hidden.hidden[k] != 0) training.RemoveDistinct(baskets[k].products);
  }
  Check(hidden, training, shrinkage);
}

void RankedHoldout::Check(const HiddenBaskets& hidden, const CoPurchaseCounts& training,
                          double shrinkage) {
  const ItemToItem recommender(training, shrinkage);
  ItemToItem::Scratch scratch;
  const size_t max_count = first_hit_.size();
  for (const HiddenBaskets::Check& check : hidden.checks) {
    ++customers_;
    const std::vector<Recommendation> list =
        recommender.RecommendWithoutReasons(check.history, max_count, scratch);
    bool hit = false;
    for (size_t k = 0; k < list.size(); ++k) {
      const bool in_target = Holds(check.target, list[k].product);
      if (!list[k].popular) {
        ++co_shown_[k];
        if (in_target) ++co_hits_[k];
      }
      if (in_target && !hit) {
        ++first_hit_[k];
        hit = true;
      }
    }
    const std::vector<int32_t> popular = recommender.Popular(check.history, max_count);
    bool popular_hit = false;
    for (size_t k = 0; k < popular.size(); ++k) {
      const bool in_target = Holds(check.target, popular[k]);
      ++popular_shown_[k];
      if (in_target) ++popular_hits_[k];
      if (in_target && !popular_hit) {
        ++popular_first_hit_[k];
        popular_hit = true;
      }
    }
  }
}

HoldoutResult RankedHoldout::At(size_t count) const {
  HoldoutResult result;
  result.customers = customers_;
  if (customers_ == 0) return result;
  int64_t hits = 0;
  int64_t popular_hits = 0;
  for (size_t k = 0; k < count && k < first_hit_.size(); ++k) {
    hits += first_hit_[k];
    popular_hits += popular_first_hit_[k];
  }
  result.hit_rate = static_cast<double>(hits) / static_cast<double>(customers_);
  result.popular_hit_rate = static_cast<double>(popular_hits) / static_cast<double>(customers_);
  return result;
}

MethodChoice ChooseRecommendationMethod(const HoldoutResult& holdout, size_t count) {
  MethodChoice choice;
  const std::string products = absl::StrFormat("%d product%s", count, count == 1 ? "" : "s");
  if (!holdout.hit_rate.has_value() || !holdout.popular_hit_rate.has_value()) {
    choice.method = RecommendationMethod::kMostPopular;
    choice.reason = absl::StrFormat(
        "no customer could be checked on the holdout at %s (none has a later order with a "
        "product new to them): the most popular products are served as the simpler model",
        products);
    return choice;
  }
  const double item = *holdout.hit_rate;
  const double popular = *holdout.popular_hit_rate;
  const std::string figures = absl::StrFormat(
      "item-to-item hit rate %.1f%% %s the most popular products' %.1f%% on the holdout of %d "
      "customer%s at %s",
      100.0 * item, item > popular ? "beats" : (item == popular ? "ties" : "does not beat"),
      100.0 * popular, holdout.customers, holdout.customers == 1 ? "" : "s", products);
  if (item > popular) {
    choice.method = RecommendationMethod::kItemToItem;
    choice.reason = figures + ": item-to-item is served";
  } else {
    choice.method = RecommendationMethod::kMostPopular;
    choice.reason =
        figures + (item == popular ? ": the most popular products are served (a tie goes to the "
                                     "simpler model)"
                                   : ": the most popular products are served");
  }
  return choice;
}

std::vector<Recommendation> RecommendBy(const ItemToItem& recommender, RecommendationMethod method,
                                        const std::vector<int32_t>& history, size_t count) {
  if (method == RecommendationMethod::kItemToItem) return recommender.Recommend(history, count);
  std::vector<Recommendation> out;
  for (const int32_t p : recommender.Popular(history, count)) out.push_back({p, 0.0, true, {}});
  return out;
}

ServedRecommendations ServeRecommendations(const ItemToItem& recommender,
                                           const HoldoutResult& holdout,
                                           const std::vector<int32_t>& history, size_t count) {
  ServedRecommendations out;
  out.choice = ChooseRecommendationMethod(holdout, count);
  out.products = RecommendBy(recommender, out.choice.method, history, count);
  return out;
}

std::optional<double> RankedHoldout::CoPurchasePrecision(size_t rank) const {
  if (rank >= co_shown_.size() || co_shown_[rank] == 0) return std::nullopt;
  return static_cast<double>(co_hits_[rank]) / static_cast<double>(co_shown_[rank]);
}

int64_t RankedHoldout::CoPurchaseShown(size_t rank) const {
  return rank < co_shown_.size() ? co_shown_[rank] : 0;
}

std::optional<double> RankedHoldout::PopularPrecision(size_t rank) const {
  if (rank >= popular_shown_.size() || popular_shown_[rank] == 0) return std::nullopt;
  return static_cast<double>(popular_hits_[rank]) / static_cast<double>(popular_shown_[rank]);
}

int64_t RankedHoldout::PopularShown(size_t rank) const {
  return rank < popular_shown_.size() ? popular_shown_[rank] : 0;
}

std::optional<double> RankedHoldout::Precision(RecommendationMethod method, size_t rank) const {
  return method == RecommendationMethod::kItemToItem ? CoPurchasePrecision(rank)
                                                     : PopularPrecision(rank);
}

}  // namespace sales::analytics::domain
