#include "services/analytics/src/domain/basket.h"

#include <algorithm>
#include <cmath>
#include <numeric>

#include "absl/container/flat_hash_set.h"

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

void CoPurchaseCounts::Add(std::vector<int32_t> products) {
  Dedupe(products);
  if (products.empty()) return;
  ++orders_;
  for (size_t i = 0; i < products.size(); ++i) {
    ++item_orders_[static_cast<size_t>(products[i])];
    for (size_t j = i + 1; j < products.size(); ++j) ++pairs_[Key(products[i], products[j])];
  }
}

int64_t CoPurchaseCounts::PairOrders(int32_t a, int32_t b) const {
  if (a > b) std::swap(a, b);
  const auto it = pairs_.find(Key(a, b));
  return it == pairs_.end() ? 0 : it->second;
}

std::vector<AssociationPair> AssociationPairs(const CoPurchaseCounts& counts, double min_support,
                                              std::optional<int32_t> product,
                                              const std::vector<int32_t>& order_key) {
  std::vector<AssociationPair> out;
  const double n = static_cast<double>(counts.orders());
  if (counts.orders() == 0) return out;
  for (const auto& [key, both] : counts.pairs()) {
    if (both < 2) continue;
    const auto [a, b] = CoPurchaseCounts::Unkey(key);
    if (product.has_value() && a != *product && b != *product) continue;
    const double support = static_cast<double>(both) / n;
    if (support < min_support) continue;
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
  }
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

ItemToItem::ItemToItem(const CoPurchaseCounts& counts) {
  const auto products = static_cast<size_t>(counts.products());
  neighbours_.resize(products);
  for (const auto& [key, both] : counts.pairs()) {
    const auto [a, b] = CoPurchaseCounts::Unkey(key);
    const double similarity =
        static_cast<double>(both) / std::sqrt(static_cast<double>(counts.ItemOrders(a)) *
                                              static_cast<double>(counts.ItemOrders(b)));
    neighbours_[static_cast<size_t>(a)].push_back({b, similarity});
    neighbours_[static_cast<size_t>(b)].push_back({a, similarity});
  }
  for (auto& list : neighbours_) {
    auto better = [](const Neighbour& x, const Neighbour& y) {
      return x.similarity != y.similarity ? x.similarity > y.similarity : x.product < y.product;
    };
    if (list.size() > kNeighbours) {
      std::partial_sort(list.begin(), list.begin() + kNeighbours, list.end(), better);
      list.resize(kNeighbours);
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

std::vector<Recommendation> ItemToItem::Recommend(const std::vector<int32_t>& history,
                                                  size_t count) const {
  const absl::flat_hash_set<int32_t> bought(history.begin(), history.end());
  struct Candidate {
    double score = 0.0;
    std::vector<std::pair<double, int32_t>> sources;  // (similarity, bought product)
  };
  absl::flat_hash_map<int32_t, Candidate> candidates;
  for (const int32_t i : history) {
    if (i < 0 || static_cast<size_t>(i) >= neighbours_.size()) continue;
    for (const Neighbour& n : neighbours_[static_cast<size_t>(i)]) {
      if (bought.contains(n.product)) continue;
      Candidate& c = candidates[n.product];
      c.score += n.similarity;
      c.sources.push_back({n.similarity, i});
    }
  }
  std::vector<Recommendation> out;
  out.reserve(candidates.size());
  for (auto& [product, c] : candidates) {
    std::sort(c.sources.begin(), c.sources.end(), [](const auto& x, const auto& y) {
      return x.first != y.first ? x.first > y.first : x.second < y.second;
    });
    Recommendation r;
    r.product = product;
    r.score = c.score;
    for (size_t k = 0; k < c.sources.size() && k < 3; ++k)
      r.because_of.push_back(c.sources[k].second);
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const Recommendation& x, const Recommendation& y) {
    return x.score != y.score ? x.score > y.score : x.product < y.product;
  });
  if (out.size() > count) out.resize(count);
  if (out.size() < count) {
    absl::flat_hash_set<int32_t> taken(history.begin(), history.end());
    for (const Recommendation& r : out) taken.insert(r.product);
    for (const int32_t p : by_popularity_) {
      if (out.size() >= count) break;
      if (taken.contains(p)) continue;
      out.push_back({p, 0.0, true, {}});
    }
  }
  return out;
}

namespace {

// Each customer with two or more baskets: the products of their earlier baskets and the
// products of the hidden (last) one they had not bought before; and the recommender fitted
// on every basket but the hidden ones.
struct HiddenBaskets {
  struct Check {
    std::vector<int32_t> history;         // distinct, earlier baskets
    absl::flat_hash_set<int32_t> target;  // new products of the hidden basket (non-empty)
  };
  std::vector<Check> checks;
};

HiddenBaskets HideLastBaskets(const std::vector<Basket>& baskets, int32_t products,
                              std::optional<ItemToItem>& recommender) {
  // Each customer's baskets, latest last.
  absl::flat_hash_map<int32_t, std::vector<const Basket*>> by_customer;
  for (const Basket& b : baskets) by_customer[b.customer].push_back(&b);
  absl::flat_hash_set<const Basket*> hidden;
  for (auto& [customer, list] : by_customer) {
    if (list.size() < 2) continue;
    const Basket* last =
        *std::max_element(list.begin(), list.end(), [](const Basket* x, const Basket* y) {
          return x->time != y->time ? x->time < y->time : x->order < y->order;
        });
    hidden.insert(last);
  }
  CoPurchaseCounts training(products);
  for (const Basket& b : baskets) {
    if (!hidden.contains(&b)) training.Add(b.products);
  }
  recommender.emplace(training);
  HiddenBaskets out;
  for (const auto& [customer, list] : by_customer) {
    const Basket* last = nullptr;
    std::vector<int32_t> history;
    for (const Basket* b : list) {
      if (hidden.contains(b)) {
        last = b;
      } else {
        history.insert(history.end(), b->products.begin(), b->products.end());
      }
    }
    if (last == nullptr) continue;
    Dedupe(history);
    const absl::flat_hash_set<int32_t> earlier(history.begin(), history.end());
    HiddenBaskets::Check check;
    for (const int32_t p : last->products) {
      if (!earlier.contains(p)) check.target.insert(p);
    }
    if (check.target.empty()) continue;
    check.history = std::move(history);
    out.checks.push_back(std::move(check));
  }
  return out;
}

}  // namespace

HoldoutResult EvaluateLastBasketHoldout(const std::vector<Basket>& baskets, int32_t products,
                                        size_t count) {
  std::optional<ItemToItem> recommender;
  const HiddenBaskets hidden = HideLastBaskets(baskets, products, recommender);
  HoldoutResult result;
  int64_t hits = 0;
  int64_t popular_hits = 0;
  for (const HiddenBaskets::Check& check : hidden.checks) {
    ++result.customers;
    for (const Recommendation& r : recommender->Recommend(check.history, count)) {
      if (check.target.contains(r.product)) {
        ++hits;
        break;
      }
    }
    for (const int32_t p : recommender->Popular(check.history, count)) {
      if (check.target.contains(p)) {
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

RankedHoldout::RankedHoldout(const std::vector<Basket>& baskets, int32_t products, size_t max_count)
    : first_hit_(max_count, 0),
      popular_first_hit_(max_count, 0),
      co_shown_(max_count, 0),
      co_hits_(max_count, 0) {
  std::optional<ItemToItem> recommender;
  const HiddenBaskets hidden = HideLastBaskets(baskets, products, recommender);
  for (const HiddenBaskets::Check& check : hidden.checks) {
    ++customers_;
    const std::vector<Recommendation> list = recommender->Recommend(check.history, max_count);
    bool hit = false;
    for (size_t k = 0; k < list.size(); ++k) {
      const bool in_target = check.target.contains(list[k].product);
      if (!list[k].popular) {
        ++co_shown_[k];
        if (in_target) ++co_hits_[k];
      }
      if (in_target && !hit) {
        ++first_hit_[k];
        hit = true;
      }
    }
    const std::vector<int32_t> popular = recommender->Popular(check.history, max_count);
    for (size_t k = 0; k < popular.size(); ++k) {
      if (check.target.contains(popular[k])) {
        ++popular_first_hit_[k];
        break;
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

std::optional<double> RankedHoldout::CoPurchasePrecision(size_t rank) const {
  if (rank >= co_shown_.size() || co_shown_[rank] == 0) return std::nullopt;
  return static_cast<double>(co_hits_[rank]) / static_cast<double>(co_shown_[rank]);
}

int64_t RankedHoldout::CoPurchaseShown(size_t rank) const {
  return rank < co_shown_.size() ? co_shown_[rank] : 0;
}

}  // namespace sales::analytics::domain
