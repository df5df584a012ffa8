#include "services/analytics/src/api/recommender_cache.h"

#include <algorithm>
#include <utility>

#include "common/db/transaction.h"
#include "common/status.h"

namespace sales::analytics::api {
namespace {

// The orders feed's position, read before the facts: they include at least its events.
constexpr char kOrdersPosition[] = "SELECT position FROM consumer_checkpoints WHERE source = ?";

int64_t ReadOrdersPosition(db::Transaction& tx) {
  auto rs = tx.Query(kOrdersPosition, {std::string("orders")});
  return rs->next() ? rs->getInt64(1) : 0;
}

}  // namespace

const std::vector<int32_t>& FittedRecommender::HistoryOf(const std::string& customer) const {
  static const std::vector<int32_t> kNone;
  const auto it = customer_id.find(customer);
  return it == customer_id.end() ? kNone : histories[static_cast<size_t>(it->second)];
}

absl::StatusOr<std::shared_ptr<const FittedRecommender>> FitRecommender(db::ConnectionPool& pool,
                                                                        absl::Time deadline) {
  auto fitted = std::make_shared<FittedRecommender>();
  RETURN_IF_ERROR(db::RunReadOnly(pool, deadline, [&](db::Transaction& tx) {
    fitted->orders_position = ReadOrdersPosition(tx);
    fitted->data = store::LoadBaskets(tx, std::nullopt, std::nullopt);
    return absl::OkStatus();
  }));
  FittedRecommender& f = *fitted;
  const auto products = static_cast<int32_t>(f.data.products.size());
  domain::CoPurchaseCounts counts(products);
  f.histories.resize(f.data.customers.size());
  for (const domain::Basket& b : f.data.baskets) {
    counts.Add(b.products);
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
    f.product_orders[static_cast<size_t>(p)] = counts.ItemOrders(p);
  f.orders = counts.orders();
  f.recommender.emplace(counts);
  f.holdout = domain::RankedHoldout(f.data.baskets, products, kMaxRecommendationCount);
  f.fit_time = absl::Now();
  return std::shared_ptr<const FittedRecommender>(std::move(fitted));
}

absl::StatusOr<int64_t> RecommenderCache::OrdersPosition(absl::Time deadline) {
  int64_t position = 0;
  RETURN_IF_ERROR(db::RunReadOnly(pool_, deadline, [&](db::Transaction& tx) {
    position = ReadOrdersPosition(tx);
    return absl::OkStatus();
  }));
  return position;
}

absl::StatusOr<std::shared_ptr<const FittedRecommender>> RecommenderCache::Get(
    absl::Time deadline) {
  std::shared_ptr<const FittedRecommender> previous;
  {
    absl::MutexLock lock(&mu_);
    previous = current_;
  }
  if (previous != nullptr) {
    if (absl::Now() - previous->fit_time < max_age_) return previous;
    ASSIGN_OR_RETURN(const int64_t position, OrdersPosition(deadline));
    if (position == previous->orders_position) return previous;
  }
  {
    absl::MutexLock lock(&mu_);
    if (fitting_) {
      // Someone is refitting: the previous model meanwhile, or a wait for the first.
      if (current_ != nullptr) return current_;
      const absl::Condition done(
          +[](bool* fitting) { return !*fitting; }, &fitting_);
      if (!mu_.AwaitWithDeadline(done, deadline)) {
        return absl::DeadlineExceededError("the recommender is still being fitted");
      }
      if (current_ != nullptr) return current_;
      // The fit failed; this caller tries in turn.
    } else if (current_ != previous) {
      return current_;  // refitted between our look and now
    }
    fitting_ = true;
  }
  absl::StatusOr<std::shared_ptr<const FittedRecommender>> fitted = FitRecommender(pool_, deadline);
  absl::MutexLock lock(&mu_);
  fitting_ = false;
  if (!fitted.ok()) {
    // A failed refit leaves the previous model answering; without one, the error.
    if (current_ != nullptr) return current_;
    return fitted.status();
  }
  current_ = *fitted;
  ++fits_;
  return current_;
}

int64_t RecommenderCache::fits() const {
  absl::MutexLock lock(&mu_);
  return fits_;
}

}  // namespace sales::analytics::api
