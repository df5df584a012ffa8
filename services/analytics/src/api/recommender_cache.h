// The item-to-item recommender kept fitted in memory, one per analytics process: every
// counted order read once, the model and its holdout check (for every count at once) built
// from them, and reused until the orders feed has moved on and the model is older than a
// configured age. One fit at a time: while it runs, callers get the previous model, or
// wait for it when there is none yet.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "services/analytics/src/domain/basket.h"
#include "services/analytics/src/store/basket_store.h"

namespace sales::analytics::api {

// The most products one recommendation asks for (RecommendProductsRequest.count), and the
// count the holdout check is run at (every smaller count is read from it).
inline constexpr size_t kMaxRecommendationCount = 50;

// A fitted recommender and what it was fitted over.
struct FittedRecommender {
  store::BasketData data;                                 // the orders read
  absl::flat_hash_map<std::string, int32_t> customer_id;  // name -> id in data.customers
  std::vector<std::vector<int32_t>> histories;            // per customer id: distinct products
  std::vector<int64_t> product_orders;                    // per product id: orders with it
  std::optional<domain::ItemToItem> recommender;          // fitted on every order
  domain::RankedHoldout holdout;                          // last orders hidden
  absl::Time fit_time;                                    // when the fit finished
  int64_t orders_position = 0;  // the orders feed position the facts included
  int64_t orders = 0;           // counted orders with a line, fitted on
  absl::Time first_order_time = absl::InfinitePast();  // the earliest of them
  absl::Time last_order_time = absl::InfinitePast();   // the latest

  // The distinct products a customer bought; empty for one without orders.
  const std::vector<int32_t>& HistoryOf(const std::string& customer) const;
};

// Builds a FittedRecommender from the live facts (the orders and their feed position read
// in one snapshot).
absl::StatusOr<std::shared_ptr<const FittedRecommender>> FitRecommender(db::ConnectionPool& pool,
                                                                        absl::Time deadline);

class RecommenderCache final {
 public:
  // `max_age`: a model younger than this is used without asking the database; an older one
  // is refitted when the orders feed position has moved since it was fitted.
  RecommenderCache(db::ConnectionPool& pool, absl::Duration max_age)
      : pool_(pool), max_age_(max_age) {}

  // The current model, refitted first when it is stale (see above) and no other caller is
  // refitting it; while one is, the previous model (or, before the first, a wait for it).
  absl::StatusOr<std::shared_ptr<const FittedRecommender>> Get(absl::Time deadline);

  // Fits done so far (for tests and metrics).
  int64_t fits() const;

 private:
  absl::StatusOr<int64_t> OrdersPosition(absl::Time deadline);

  db::ConnectionPool& pool_;
  const absl::Duration max_age_;
  mutable absl::Mutex mu_;
  std::shared_ptr<const FittedRecommender> current_ ABSL_GUARDED_BY(mu_);
  bool fitting_ ABSL_GUARDED_BY(mu_) = false;
  int64_t fits_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace sales::analytics::api
