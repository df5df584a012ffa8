// The item-to-item recommender kept fitted in memory, one per analytics process: every
// counted order read once, the model and its holdout check (for every count at once) built
// from them, and reused until the orders feed has moved on and the model is older than a
// configured age. One fit at a time: while it runs, callers get the previous model, or
// wait for it when there is none yet (kept_model.h holds these rules).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "services/analytics/src/api/kept_model.h"
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
  // The order counts of every product and pair, shared with the market basket
  // (AffinityCache) when it asks for a period holding every one of these orders.
  std::shared_ptr<const domain::CoPurchaseCounts> counts;
  std::optional<domain::ItemToItem> recommender;  // fitted on every order
  domain::RankedHoldout holdout;                  // last orders hidden
  absl::Time fit_time;                            // when the fit finished
  int64_t orders_position = 0;                    // the orders feed position the facts included
  int64_t orders = 0;                             // counted orders with a line, fitted on
  absl::Time first_order_time = absl::InfinitePast();  // the earliest of them
  absl::Time last_order_time = absl::InfinitePast();   // the latest

  // The distinct products a customer bought; empty for one without orders.
  const std::vector<int32_t>& HistoryOf(const std::string& customer) const;
  // For KeptModel.
  int64_t FactsVersion() const { return orders_position; }
  absl::Time FitTime() const { return fit_time; }
};

// Builds a FittedRecommender from the live facts (the orders and their feed position read
// in one snapshot).
absl::StatusOr<std::shared_ptr<const FittedRecommender>> FitRecommender(db::ConnectionPool& pool,
                                                                        absl::Time deadline);

// Builds a FittedRecommender from orders already read (`data`, consumed) at the orders feed
// position `orders_position`.
std::shared_ptr<const FittedRecommender> FitRecommenderOn(store::BasketData data,
                                                          int64_t orders_position);

// The orders feed position analytics has applied (0 before the first event), read in `tx`:
// facts read after it in the same snapshot include at least its events.
int64_t ReadOrdersPosition(db::Transaction& tx);

class RecommenderCache final {
 public:
  // `max_age`: a model younger than this is used without asking the database; an older one
  // is refitted when the orders feed position has moved since it was fitted.
  RecommenderCache(db::ConnectionPool& pool, absl::Duration max_age);

  // The current model, refitted first when it is stale (see above) and no other caller is
  // refitting it; while one is, the previous model (or, before the first, a wait for it).
  absl::StatusOr<std::shared_ptr<const FittedRecommender>> Get(absl::Time deadline);

  // The current model as it is (no database asked, no fit); null before the first fit.
  std::shared_ptr<const FittedRecommender> Peek() const { return kept_.Peek({}); }

  // Starts fitting the first model in the background when there are counted orders (a
  // server warming it at start, so that the first caller does not pay the fit); returns
  // whether it started. Without orders nothing is fitted: a model of no orders would be
  // kept for the max age while the first orders arrive.
  absl::StatusOr<bool> WarmIfOrders(absl::Time deadline);

  // Fits done so far (for tests and metrics).
  int64_t fits() const { return kept_.fits(); }
  absl::Duration max_age() const { return kept_.max_age(); }

 private:
  db::ConnectionPool& pool_;
  KeptModel<std::monostate, FittedRecommender> kept_;
};

// The orders feed position analytics has applied, in a read-only transaction of its own.
absl::StatusOr<int64_t> ReadOrdersPosition(db::ConnectionPool& pool, absl::Time deadline);

// Whether the facts hold a counted order at all: a model warmed at start from none would be
// kept, and answer, while the first orders arrive.
absl::StatusOr<bool> AnyCountedOrder(db::ConnectionPool& pool, absl::Time deadline);

}  // namespace sales::analytics::api
