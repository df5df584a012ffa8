// Products, their price history, and promotions (inside the caller's transaction).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/transaction.h"
#include "services/orders/src/store/rows.h"

namespace sales::orders::store {

// ALREADY_EXISTS naming product.sku when the SKU is taken.
absl::StatusOr<int64_t> InsertProduct(db::Transaction& tx, const ProductRow& row);
std::optional<ProductRow> FindProduct(db::Transaction& tx, int64_t id, bool for_update);
// The products with these ids that exist, by id (for pricing an order).
std::map<int64_t, ProductRow> FindProducts(db::Transaction& tx, const std::vector<int64_t>& ids);
std::vector<ProductRow> ListProducts(db::Transaction& tx, const std::string& category,
                                     bool show_inactive, int64_t after_id, int limit);
// Writes the mutable columns (version already bumped); records a price change when
// `price_changed`.
void UpdateProduct(db::Transaction& tx, const ProductRow& row, bool price_changed);
std::vector<PriceChangeRow> ListPriceChanges(db::Transaction& tx, int64_t product_id,
                                             int64_t before_id, int limit);

// ALREADY_EXISTS naming promotion.code when the code is taken.
absl::StatusOr<int64_t> InsertPromotion(db::Transaction& tx, const PromotionRow& row);
std::optional<PromotionRow> FindPromotion(db::Transaction& tx, int64_t id);
// The promotion with its row locked FOR UPDATE (orders that use it wait, and used_count is
// current); nullopt if there is none.
std::optional<PromotionRow> LockPromotion(db::Transaction& tx, int64_t id);
// Writes the columns UpdatePromotion may change: display_name, ends_at, usage_limit_total,
// usage_limit_per_customer.
void UpdatePromotion(db::Transaction& tx, const PromotionRow& row);
// The most orders one customer used the promotion in (0 if none did), a locking read.
int64_t MostUsesByOneCustomer(db::Transaction& tx, int64_t promotion_id);
std::vector<PromotionRow> ListPromotions(db::Transaction& tx, absl::Time valid_at, int64_t after_id,
                                         int limit);
// Promotions an order may use at `now`: those with the given codes (found or not, in their
// window or not: the caller reports unknown and expired codes) and every automatic one in
// its window, by id, locked FOR UPDATE in id order so that usage limits hold under
// concurrency (used_count and CountCustomerUses are then current).
std::vector<PromotionRow> FindApplicablePromotions(db::Transaction& tx,
                                                   const std::vector<std::string>& codes,
                                                   absl::Time now);
// How many orders of this customer used the promotion.
int64_t CountCustomerUses(db::Transaction& tx, int64_t promotion_id, int64_t customer_id);
// Records that an order used a promotion (and bumps used_count).
void RecordPromotionUse(db::Transaction& tx, int64_t promotion_id, int64_t order_id,
                        int64_t customer_id, int64_t discount_minor);
// Gives back the uses of a cancelled order.
void ReleasePromotionUses(db::Transaction& tx, int64_t order_id);

// Sets or (min_tier empty) clears a product's priority-purchase window.
void SetProductReservation(db::Transaction& tx, int64_t product_id,
                           const domain::TierReservation& reservation);
// Sets the lowest tier a promotion is for (empty: everyone).
void SetPromotionMinTier(db::Transaction& tx, int64_t promotion_id, const std::string& tier);

// (The customer's tier is read with their state: store/known_customers.h.)
// Records a tier change from the feed; an older change never overwrites a newer one.
void SetCustomerTier(db::Transaction& tx, int64_t customer_id, const std::string& tier,
                     absl::Time changed_at);

}  // namespace sales::orders::store
