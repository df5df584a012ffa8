#include "services/analytics/src/api/recommender_cache.h"

#include <algorithm>
#include <utility>

#include "common/db/transaction.h"
#include "common/status.h"

namespace sales::analytics::api {
namespace {

// The orders feed's position, read before the facts: they include at least its events.
constexpr char kOrdersPosition[] = "SELECT position FROM consumer_checkpoints WHERE source = ?";
// Whether there is a counted order at all.
constexpr char kAnyCountedOrder[] = "SELECT 1 FROM order_facts WHERE counted = 1 LIMIT 1";

}  // namespace

int64_t ReadOrdersPosition(db::Transaction& tx) {
  auto rs = tx.Query(kOrdersPosition, {std::string("orders")});
  return rs->next() ? rs->getInt64(1) : 0;
}

absl::StatusOr<int64_t> ReadOrdersPosition(db::ConnectionPool& pool, absl::Time deadline) {
  int64_t position = 0;
  RETURN_IF_ERROR(db::RunReadOnly(pool, deadline, [&](db::Transaction& tx) {
    position = ReadOrdersPosition(tx);
    return absl::OkStatus();
  }));
  return position;
}

const std::vector<int32_t>& FittedRecommender::HistoryOf(const std::string& customer) const {
  static const std::vector<int32_t> kNone;
  const auto it = customer_id.find(customer);
  return it == customer_id.end() ? kNone : histories[static_cast<size_t>(it->second)];
}

absl::StatusOr<std::shared_ptr<const FittedRecommender>> FitRecommender(db::ConnectionPool& pool,
                                                                        absl::Time deadline) {
  int64_t position = 0;
  store::BasketData data;
  RETURN_IF_ERROR(db::RunSnapshotRead(pool, deadline, [&](db::Transaction& tx) {
    position = ReadOrdersPosition(tx);
    data = store::LoadBaskets(tx, std::nullopt, std::nullopt);
    return absl::OkStatus();
  }));
  return FitRecommenderOn(std::move(data), position);
}

std::shared_ptr<const FittedRecommender> FitRecommenderOn(store::BasketData data,
                                                          int64_t orders_position) {
  auto fitted = std::make_shared<FittedRecommender>();
  fitted->orders_position = orders_position;
  fitted->data = std::move(data);
  FittedRecommender& f = *fitted;
  const auto products = static_cast<int32_t>(f.data.products.size());
  auto counts = std::make_shared<domain::CoPurchaseCounts>(products);
  f.histories.resize(f.data.customers.size());
  for (const domain::Basket& b : f.data.baskets) {
    counts->AddDistinct(b.products);  // LoadBaskets: sorted and distinct
    std::vector<int32_t>& h = f.histories[static_cast<size_t>(b.customer)];
    h.insert(h.end(), b.products.begin(), b.products.end());
    if (f.first_order_time == absl::InfinitePast() || b.time < f.first_order_time) {
      f.first_order_time = b.time;
    }
    f.last_order_time = std::max(f.last_order_time, b.time);
  }
  for (std::vector<int32_t>& h : f.histories) {
    std::sort(h.begin(), h.end());
    h.erase(std::unique(h.begin(), h.end()), h.end());
  }
  f.customer_id.reserve(f.data.customers.size());
  for (size_t k = 0; k < f.data.customers.size(); ++k) {
    f.customer_id.emplace(f.data.customers[k], static_cast<int32_t>(k));
  }
  f.product_orders.resize(f.data.products.size());
  for (int32_t p = 0; p < products; ++p)
    f.product_orders[static_cast<size_t>(p)] = counts->ItemOrders(p);
  f.orders = counts->orders();
  f.recommender.emplace(*counts);
  // The holdout's training counts: these less the hidden orders (one count of the orders).
  f.holdout = domain::RankedHoldout(f.data.baskets, *counts, kMaxRecommendationCount);
  f.counts = std::move(counts);
  f.fit_time = absl::Now();
  return fitted;
}

RecommenderCache::RecommenderCache(db::ConnectionPool& pool, absl::Duration max_age)
    : pool_(pool),
      kept_([&pool](absl::Time deadline) { return ReadOrdersPosition(pool, deadline); },
            [&pool](const std::monostate&, absl::Time deadline) {
              return FitRecommender(pool, deadline);
            },
            max_age) {}

absl::StatusOr<bool> AnyCountedOrder(db::ConnectionPool& pool, absl::Time deadline) {
  bool any = false;
  RETURN_IF_ERROR(db::RunReadOnly(pool, deadline, [&](db::Transaction& tx) {
    any = tx.Query(kAnyCountedOrder)->next();
    return absl::OkStatus();
  }));
  return any;
}

absl::StatusOr<bool> RecommenderCache::WarmIfOrders(absl::Time deadline) {
  ASSIGN_OR_RETURN(const bool any, AnyCountedOrder(pool_, deadline));
  return any && kept_.Warm({});
}

absl::StatusOr<std::shared_ptr<const FittedRecommender>> RecommenderCache::Get(
    absl::Time deadline) {
  return kept_.Get({}, deadline);
}

}  // namespace sales::analytics::api
