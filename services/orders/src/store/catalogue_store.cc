#include "services/orders/src/store/catalogue_store.h"

#include <cppconn/exception.h>

#include <set>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/db/batches.h"
#include "common/db/sql_error.h"

namespace sales::orders::store {
namespace {

// The unique keys a caller can collide with, and the field each stands for: a duplicate
// maps to ALREADY_EXISTS naming it (common/db/sql_error.h).
const db::UniqueKeys kUniqueKeys({
    {"uk_products_sku", "product.sku", "a product with this SKU"},
    {"uk_promotions_code", "promotion.code", "a promotion with this code"},
});

constexpr char kProductColumns[] =
    "SELECT id, sku, display_name, category, unit, list_price_minor, unit_cost_minor, active, "
    "reorder_point, created_at, updated_at, version, reserved_min_tier, reserved_from, "
    "reserved_until FROM products ";
const std::string kSelectProduct = std::string(kProductColumns) + "WHERE id = ?";
const std::string kSelectProductForUpdate = kSelectProduct + " FOR UPDATE";
const std::string kSelectProductsPrefix = std::string(kProductColumns) + "WHERE id IN (";
// One statement for every filter combination: a NULL parameter disables its condition.
const std::string kListProducts = std::string(kProductColumns) +
                                  "WHERE id > ? AND (? OR active = 1) "
                                  "AND (? IS NULL OR category = ?) "
                                  "ORDER BY id LIMIT ?";
constexpr char kInsertProduct[] =
    "INSERT INTO products (sku, display_name, category, unit, list_price_minor, "
    "unit_cost_minor, active, reorder_point, created_at, updated_at, version) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kUpdateProduct[] =
    "UPDATE products SET display_name = ?, category = ?, unit = ?, list_price_minor = ?, "
    "unit_cost_minor = ?, active = ?, reorder_point = ?, updated_at = ?, version = ? "
    "WHERE id = ?";
constexpr char kSetReservation[] =
    "UPDATE products SET reserved_min_tier = ?, reserved_from = ?, reserved_until = ? "
    "WHERE id = ?";
constexpr char kSetMinTier[] = "UPDATE promotions SET min_tier = ? WHERE id = ?";
// Keeps the latest change: a replayed older one does not overwrite a newer tier.
constexpr char kUpsertCustomerTier[] =
    "INSERT INTO customer_tiers (customer_id, tier, changed_at) VALUES (?, ?, ?) "
    "ON DUPLICATE KEY UPDATE tier = IF(VALUES(changed_at) >= changed_at, VALUES(tier), tier), "
    "changed_at = GREATEST(changed_at, VALUES(changed_at))";
constexpr char kInsertPriceChange[] =
    "INSERT INTO price_changes (product_id, list_price_minor, unit_cost_minor, effective_at) "
    "VALUES (?, ?, ?, ?)";
constexpr char kListPriceChanges[] =
    "SELECT id, product_id, list_price_minor, unit_cost_minor, effective_at FROM price_changes "
    "WHERE product_id = ? AND (? = 0 OR id < ?) ORDER BY id DESC LIMIT ?";

constexpr char kPromotionColumns[] =
    "SELECT id, code, display_name, kind, percent_off_bp, amount_off_minor, buy_quantity, "
    "free_quantity, threshold_minor, automatic, starts_at, ends_at, exclusive, "
    "usage_limit_total, usage_limit_per_customer, used_count, created_at, min_tier "
    "FROM promotions ";
const std::string kSelectPromotion = std::string(kPromotionColumns) + "WHERE id = ?";
const std::string kSelectPromotionForUpdate = kSelectPromotion + " FOR UPDATE";
const std::string kListPromotions =
    std::string(kPromotionColumns) +
    "WHERE id > ? AND (? IS NULL OR (starts_at <= ? AND ends_at > ?)) ORDER BY id LIMIT ?";
constexpr char kInsertPromotion[] =
    "INSERT INTO promotions (code, display_name, kind, percent_off_bp, amount_off_minor, "
    "buy_quantity, free_quantity, threshold_minor, automatic, starts_at, ends_at, exclusive, "
    "usage_limit_total, usage_limit_per_customer, used_count, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)";
constexpr char kUpdatePromotion[] =
    "UPDATE promotions SET display_name = ?, ends_at = ?, usage_limit_total = ?, "
    "usage_limit_per_customer = ? WHERE id = ?";
constexpr char kMostUsesByOneCustomer[] =
    "SELECT COUNT(*) AS uses FROM promotion_uses WHERE promotion_id = ? GROUP BY customer_id "
    "ORDER BY uses DESC LIMIT 1 FOR UPDATE";
constexpr char kInsertTarget[] =
    "INSERT INTO promotion_targets (promotion_id, product_id, category) VALUES (?, ?, ?)";
// Targets of the promotions with ids in [first, last] (a page is a contiguous id range).
constexpr char kSelectTargets[] =
    "SELECT promotion_id, product_id, category FROM promotion_targets "
    "WHERE promotion_id >= ? AND promotion_id <= ? ORDER BY promotion_id, product_id, category";
// Plain reads that find candidate ids; the rows are then locked and read again by id.
constexpr char kPromotionIdByCode[] = "SELECT id FROM promotions WHERE code = ?";
constexpr char kAutomaticPromotionIds[] =
    "SELECT id FROM promotions WHERE automatic = 1 AND starts_at <= ? AND ends_at > ?";
// A locking read: the current count, not the snapshot taken before the promotion's lock
// was granted.
constexpr char kCountCustomerUses[] =
    "SELECT COUNT(*) AS uses FROM promotion_uses WHERE promotion_id = ? AND customer_id = ? "
    "FOR UPDATE";
constexpr char kInsertUse[] =
    "INSERT INTO promotion_uses (promotion_id, order_id, customer_id, discount_minor) "
    "VALUES (?, ?, ?, ?)";
constexpr char kBumpUsedCount[] = "UPDATE promotions SET used_count = used_count + 1 WHERE id = ?";
constexpr char kUsesOfOrder[] =
    "SELECT promotion_id FROM promotion_uses WHERE order_id = ? ORDER BY promotion_id";
constexpr char kDeleteUse[] = "DELETE FROM promotion_uses WHERE promotion_id = ? AND order_id = ?";
constexpr char kDropUsedCount[] =
    "UPDATE promotions SET used_count = GREATEST(used_count - 1, 0) WHERE id = ?";

int64_t ReadId(const db::RowReader& r) { return r.Int64("id"); }
int64_t ReadUses(const db::RowReader& r) { return r.Int64("uses"); }

// Fills product_ids and categories of `rows` (sorted by id) from promotion_targets.
void AttachTargets(db::Transaction& tx, std::vector<PromotionRow>& rows) {
  if (rows.empty()) return;
  // A target is a product (category empty) or a category (product_id 0).
  std::vector<db::Keyed<int64_t>> products;
  std::vector<db::Keyed<std::string>> categories;
  for (auto& [promotion_id, product_id, category] : db::QueryAll(
           tx, kSelectTargets, {rows.front().id, rows.back().id}, [](const db::RowReader& r) {
             return std::tuple(r.Int64("promotion_id"), r.Int64("product_id"),
                               r.String("category"));
           })) {
    if (product_id != 0) {
      products.push_back({promotion_id, product_id});
    } else {
      categories.push_back({promotion_id, std::move(category)});
    }
  }
  db::AttachChildren(rows, &PromotionRow::id, &PromotionRow::product_ids, std::move(products));
  db::AttachChildren(rows, &PromotionRow::id, &PromotionRow::categories, std::move(categories));
}

std::optional<PromotionRow> ReadOnePromotion(db::Transaction& tx, int64_t id, bool for_update) {
  std::optional<PromotionRow> row = db::QueryOne<PromotionRow>(
      tx, for_update ? kSelectPromotionForUpdate : kSelectPromotion, {id});
  if (!row.has_value()) return std::nullopt;
  std::vector<PromotionRow> rows{std::move(*row)};
  AttachTargets(tx, rows);
  return std::move(rows.front());
}

}  // namespace

absl::StatusOr<int64_t> InsertProduct(db::Transaction& tx, const ProductRow& row) {
  tx.Exec(kInsertProduct, db::ParamWriter().AddRow(row).params());
  const int64_t id = tx.LastInsertId();
  tx.Exec(kInsertPriceChange, {id, row.list_price_minor, row.unit_cost_minor, row.created_at});
  return id;
}

std::optional<ProductRow> FindProduct(db::Transaction& tx, int64_t id, bool for_update) {
  return db::QueryOne<ProductRow>(tx, for_update ? kSelectProductForUpdate : kSelectProduct, {id});
}

std::map<int64_t, ProductRow> FindProducts(db::Transaction& tx, const std::vector<int64_t>& ids) {
  std::map<int64_t, ProductRow> out;
  const std::set<int64_t> distinct(ids.begin(), ids.end());
  for (ProductRow& row :
       db::QueryInAll(tx, kSelectProductsPrefix, {}, {distinct.begin(), distinct.end()}, ")",
                      ProductRow::Read)) {
    out.emplace(row.id, std::move(row));
  }
  return out;
}

std::vector<ProductRow> ListProducts(db::Transaction& tx, const std::string& category,
                                     bool show_inactive, int64_t after_id, int limit) {
  const db::SqlParam cat = db::NullIfEmpty(category);
  return db::QueryAll<ProductRow>(tx, kListProducts,
                                  {after_id, show_inactive, cat, cat, int64_t{limit}});
}

void UpdateProduct(db::Transaction& tx, const ProductRow& row, bool price_changed) {
  tx.Exec(kUpdateProduct,
          {row.display_name, row.category, row.unit, row.list_price_minor, row.unit_cost_minor,
           row.active, row.reorder_point, row.updated_at, row.version, row.id});
  if (price_changed) {
    tx.Exec(kInsertPriceChange,
            {row.id, row.list_price_minor, row.unit_cost_minor, row.updated_at});
  }
}

std::vector<PriceChangeRow> ListPriceChanges(db::Transaction& tx, int64_t product_id,
                                             int64_t before_id, int limit) {
  return db::QueryAll<PriceChangeRow>(tx, kListPriceChanges,
                                      {product_id, before_id, before_id, int64_t{limit}});
}

absl::StatusOr<int64_t> InsertPromotion(db::Transaction& tx, const PromotionRow& row) {
  tx.Exec(kInsertPromotion, db::ParamWriter().AddRow(row).params());
  const int64_t id = tx.LastInsertId();
  for (int64_t product_id : row.product_ids) {
    tx.Exec(kInsertTarget, {id, product_id, std::string()});
  }
  for (const std::string& category : row.categories) {
    tx.Exec(kInsertTarget, {id, int64_t{0}, category});
  }
  return id;
}

std::optional<PromotionRow> FindPromotion(db::Transaction& tx, int64_t id) {
  return ReadOnePromotion(tx, id, /*for_update=*/false);
}

std::optional<PromotionRow> LockPromotion(db::Transaction& tx, int64_t id) {
  return ReadOnePromotion(tx, id, /*for_update=*/true);
}

void UpdatePromotion(db::Transaction& tx, const PromotionRow& row) {
  tx.Exec(kUpdatePromotion, {row.display_name, row.ends_at, row.usage_limit_total,
                             row.usage_limit_per_customer, row.id});
}

int64_t MostUsesByOneCustomer(db::Transaction& tx, int64_t promotion_id) {
  return db::QueryOne(tx, kMostUsesByOneCustomer, {promotion_id}, ReadUses).value_or(0);
}

std::vector<PromotionRow> ListPromotions(db::Transaction& tx, absl::Time valid_at, int64_t after_id,
                                         int limit) {
  const db::SqlParam at =
      valid_at == absl::InfinitePast() ? db::SqlParam(nullptr) : db::SqlParam(valid_at);
  std::vector<PromotionRow> rows =
      db::QueryAll<PromotionRow>(tx, kListPromotions, {after_id, at, at, at, int64_t{limit}});
  AttachTargets(tx, rows);
  return rows;
}

std::vector<PromotionRow> FindApplicablePromotions(db::Transaction& tx,
                                                   const std::vector<std::string>& codes,
                                                   absl::Time now) {
  std::set<int64_t> ids;
  for (const std::string& code : std::set<std::string>(codes.begin(), codes.end())) {
    if (code.empty()) continue;
    if (std::optional<int64_t> id = db::QueryOne(tx, kPromotionIdByCode, {code}, ReadId)) {
      ids.insert(*id);
    }
  }
  for (int64_t id : db::QueryAll(tx, kAutomaticPromotionIds, {now, now}, ReadId)) ids.insert(id);
  std::vector<PromotionRow> rows;
  for (int64_t id : ids) {  // ascending: every order locks promotions in the same order
    std::optional<PromotionRow> row = ReadOnePromotion(tx, id, /*for_update=*/true);
    if (row.has_value()) rows.push_back(std::move(*row));
  }
  return rows;
}

int64_t CountCustomerUses(db::Transaction& tx, int64_t promotion_id, int64_t customer_id) {
  return db::QueryOne(tx, kCountCustomerUses, {promotion_id, customer_id}, ReadUses).value_or(0);
}

void RecordPromotionUse(db::Transaction& tx, int64_t promotion_id, int64_t order_id,
                        int64_t customer_id, int64_t discount_minor) {
  tx.Exec(kInsertUse, {promotion_id, order_id, customer_id, discount_minor});
  tx.Exec(kBumpUsedCount, {promotion_id});
}

void ReleasePromotionUses(db::Transaction& tx, int64_t order_id) {
  const std::vector<int64_t> promotion_ids = db::QueryAll(
      tx, kUsesOfOrder, {order_id}, [](const db::RowReader& r) { return r.Int64("promotion_id"); });
  for (int64_t promotion_id : promotion_ids) {  // ascending, like FindApplicablePromotions
    tx.Query(kSelectPromotionForUpdate, {promotion_id});
    if (tx.Exec(kDeleteUse, {promotion_id, order_id}) > 0) tx.Exec(kDropUsedCount, {promotion_id});
  }
}

void SetProductReservation(db::Transaction& tx, int64_t product_id,
                           const domain::TierReservation& r) {
  if (r.min_tier.empty()) {
    tx.Exec(kSetReservation, {nullptr, nullptr, nullptr, product_id});
    return;
  }
  tx.Exec(kSetReservation, {r.min_tier, r.starts_at, r.ends_at, product_id});
}

void SetPromotionMinTier(db::Transaction& tx, int64_t promotion_id, const std::string& tier) {
  tx.Exec(kSetMinTier, {db::NullIfEmpty(tier), promotion_id});
}

void SetCustomerTier(db::Transaction& tx, int64_t customer_id, const std::string& tier,
                     absl::Time changed_at) {
  tx.Exec(kUpsertCustomerTier, {customer_id, tier, changed_at});
}

}  // namespace sales::orders::store
