#include "services/orders/src/store/stock_store.h"

#include <algorithm>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/outbox.h"

namespace sales::orders::store {
namespace {

// Every stock change first locks the product row (FOR UPDATE), then its stock rows: all
// changes of one product's stock serialise on it, so the total over warehouses read for the
// stock_low check is exact, and locks are always taken in (product id, warehouse) order.
constexpr char kLockProduct[] = "SELECT id FROM products WHERE id = ? FOR UPDATE";
constexpr char kProductForEvents[] =
    "SELECT sku, reorder_point FROM products WHERE id = ? FOR UPDATE";

constexpr char kStockColumns[] =
    "SELECT product_id, warehouse, on_hand, reserved, updated_at FROM stock_levels ";
const std::string kSelectStock =
    std::string(kStockColumns) + "WHERE product_id = ? AND warehouse = ?";
const std::string kSelectStockForUpdate = kSelectStock + " FOR UPDATE";
// Creates a missing row without a prior gap lock (a SELECT ... FOR UPDATE of a missing key
// takes one, and two such transactions inserting into the same gap deadlock).
constexpr char kEnsureStock[] =
    "INSERT INTO stock_levels (product_id, warehouse, on_hand, reserved, updated_at) "
    "VALUES (?, ?, 0, 0, ?) ON DUPLICATE KEY UPDATE on_hand = on_hand";
constexpr char kUpdateStock[] =
    "UPDATE stock_levels SET on_hand = ?, reserved = ?, updated_at = ? "
    "WHERE product_id = ? AND warehouse = ?";
constexpr char kInsertMovement[] =
    "INSERT INTO stock_movements (product_id, warehouse, on_hand_delta, reserved_delta, reason, "
    "order_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr char kTotalAvailable[] =
    "SELECT COALESCE(SUM(on_hand - reserved), 0) AS available FROM stock_levels "
    "WHERE product_id = ? FOR UPDATE";
// One statement for every filter combination: a NULL parameter disables its condition.
const std::string kListStock = std::string(kStockColumns) +
                               "WHERE (product_id > ? OR (product_id = ? AND warehouse > ?)) "
                               "AND (? IS NULL OR product_id = ?) "
                               "AND (? IS NULL OR warehouse = ?) "
                               "ORDER BY product_id, warehouse LIMIT ?";

constexpr size_t kMaxMovementReason = 200;

StockRow ReadStock(sql::ResultSet& rs) {
  StockRow row;
  row.product_id = rs.getInt64("product_id");
  row.warehouse = rs.getString("warehouse");
  row.on_hand = rs.getInt64("on_hand");
  row.reserved = rs.getInt64("reserved");
  row.updated_at = db::GetSqlTime(rs, "updated_at");
  return row;
}

bool LockProduct(db::Transaction& tx, int64_t product_id) {
  return tx.Query(kLockProduct, {product_id})->next();
}

// Sorted by product id, duplicates merged, zero and negative quantities dropped.
std::vector<StockQuantity> Normalize(std::vector<StockQuantity> quantities) {
  std::map<int64_t, int64_t> merged;
  for (const StockQuantity& q : quantities) {
    if (q.quantity > 0) merged[q.product_id] += q.quantity;
  }
  std::vector<StockQuantity> out;
  out.reserve(merged.size());
  for (const auto& [product_id, quantity] : merged) out.push_back({product_id, quantity});
  return out;
}

// Writes the new levels of `before` plus the deltas, and the movement row.
StockChange Apply(db::Transaction& tx, const StockRow& before, int64_t on_hand_delta,
                  int64_t reserved_delta, std::string reason, std::string movement_reason,
                  int64_t order_id, absl::Time now) {
  StockChange change;
  change.product_id = before.product_id;
  change.warehouse = before.warehouse;
  change.on_hand_delta = on_hand_delta;
  change.reserved_delta = reserved_delta;
  change.after = before;
  change.after.on_hand += on_hand_delta;
  change.after.reserved += reserved_delta;
  change.after.updated_at = now;
  change.reason = std::move(reason);
  tx.Exec(kUpdateStock,
          {change.after.on_hand, change.after.reserved, now, before.product_id, before.warehouse});
  if (movement_reason.size() > kMaxMovementReason) movement_reason.resize(kMaxMovementReason);
  tx.Exec(kInsertMovement,
          {before.product_id, before.warehouse, on_hand_delta, reserved_delta, movement_reason,
           order_id == 0 ? db::SqlParam(nullptr) : order_id, now});
  return change;
}

// The locked row, created empty first when `create` is set.
std::optional<StockRow> LockStock(db::Transaction& tx, int64_t product_id,
                                  const std::string& warehouse, bool create, absl::Time now) {
  if (create) tx.Exec(kEnsureStock, {product_id, warehouse, now});
  return FindStock(tx, product_id, warehouse, /*for_update=*/true);
}

std::string ProductRef(int64_t id) { return absl::StrCat("products/", id); }

}  // namespace

std::optional<StockRow> FindStock(db::Transaction& tx, int64_t product_id,
                                  const std::string& warehouse, bool for_update) {
  auto rs = tx.Query(for_update ? kSelectStockForUpdate : kSelectStock, {product_id, warehouse});
  if (!rs->next()) return std::nullopt;
  return ReadStock(*rs);
}

absl::StatusOr<StockChange> ChangeOnHand(db::Transaction& tx, int64_t product_id,
                                         const std::string& warehouse, int64_t delta,
                                         const std::string& reason, absl::Time now) {
  if (!LockProduct(tx, product_id)) {
    return absl::NotFoundError(absl::StrCat(ProductRef(product_id), " not found"));
  }
  std::optional<StockRow> row = LockStock(tx, product_id, warehouse, delta >= 0, now);
  const int64_t available = row.has_value() ? row->available() : 0;
  if (delta < 0 && available + delta < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        ProductRef(product_id), " in warehouse ", warehouse, ": ", available,
        " units available, cannot take out ", -delta, " (available never goes below zero)"));
  }
  return Apply(tx, *row, delta, 0, "adjust", reason, 0, now);
}

absl::StatusOr<std::vector<StockChange>> Reserve(db::Transaction& tx, int64_t order_id,
                                                 const std::string& warehouse,
                                                 std::vector<StockQuantity> quantities,
                                                 absl::Time now) {
  const std::vector<StockQuantity> wanted = Normalize(std::move(quantities));
  std::vector<StockRow> rows;
  std::vector<std::string> short_products;
  for (const StockQuantity& q : wanted) {
    std::optional<StockRow> row;
    if (LockProduct(tx, q.product_id)) {
      row = LockStock(tx, q.product_id, warehouse, /*create=*/false, now);
    }
    const int64_t available = row.has_value() ? row->available() : 0;
    if (available < q.quantity) {
      short_products.push_back(absl::StrCat(ProductRef(q.product_id), " (", q.quantity,
                                            " requested, ", available, " available)"));
    } else {
      rows.push_back(*row);
    }
  }
  if (!short_products.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("not enough stock in warehouse ", warehouse,
                                                      ": ", absl::StrJoin(short_products, ", ")));
  }
  std::vector<StockChange> changes;
  for (size_t i = 0; i < wanted.size(); ++i) {
    changes.push_back(
        Apply(tx, rows[i], 0, wanted[i].quantity, "reserve", "reserve", order_id, now));
  }
  return changes;
}

std::vector<StockChange> Release(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now) {
  std::vector<StockChange> changes;
  for (const StockQuantity& q : Normalize(std::move(quantities))) {
    if (!LockProduct(tx, q.product_id)) continue;
    std::optional<StockRow> row = LockStock(tx, q.product_id, warehouse, /*create=*/false, now);
    if (!row.has_value()) continue;
    const int64_t units = std::min(q.quantity, row->reserved);  // never below zero reserved
    if (units == 0) continue;
    changes.push_back(Apply(tx, *row, 0, -units, "release", "release", order_id, now));
  }
  return changes;
}

std::vector<StockChange> Ship(db::Transaction& tx, int64_t order_id, const std::string& warehouse,
                              std::vector<StockQuantity> quantities, absl::Time now) {
  std::vector<StockChange> changes;
  for (const StockQuantity& q : Normalize(std::move(quantities))) {
    if (!LockProduct(tx, q.product_id)) continue;
    std::optional<StockRow> row = LockStock(tx, q.product_id, warehouse, /*create=*/false, now);
    if (!row.has_value()) continue;
    // Shipped units were reserved at confirmation; the clamps only keep the row's invariant
    // (0 <= reserved <= on_hand) should a caller ship more than it reserved.
    const int64_t unreserve = std::min(q.quantity, row->reserved);
    const int64_t reserved_after = row->reserved - unreserve;
    const int64_t take = std::min(q.quantity, row->on_hand - reserved_after);
    if (unreserve == 0 && take == 0) continue;
    changes.push_back(Apply(tx, *row, -take, -unreserve, "ship", "ship", order_id, now));
  }
  return changes;
}

std::vector<StockChange> Restock(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now) {
  std::vector<StockChange> changes;
  for (const StockQuantity& q : Normalize(std::move(quantities))) {
    if (!LockProduct(tx, q.product_id)) continue;
    std::optional<StockRow> row = LockStock(tx, q.product_id, warehouse, /*create=*/true, now);
    changes.push_back(Apply(tx, *row, q.quantity, 0, "restock", "restock", order_id, now));
  }
  return changes;
}

void WriteStockEvents(db::Transaction& tx, const std::vector<StockChange>& changes) {
  std::map<int64_t, int64_t> available_delta;  // per product, sorted: locks in id order
  for (const StockChange& change : changes) {
    events::v1::Event event;
    event.set_aggregate(ProductRef(change.product_id));
    events::v1::StockChanged* payload = event.mutable_stock_changed();
    payload->set_product(ProductRef(change.product_id));
    payload->set_warehouse(change.warehouse);
    payload->set_on_hand_delta(change.on_hand_delta);
    payload->set_reserved_delta(change.reserved_delta);
    payload->set_on_hand(change.after.on_hand);
    payload->set_reserved(change.after.reserved);
    payload->set_reason(change.reason);
    WriteEvent(tx, std::move(event));
    available_delta[change.product_id] += change.on_hand_delta - change.reserved_delta;
  }
  for (const auto& [product_id, delta] : available_delta) {
    if (delta >= 0) continue;  // only a decrease can cross downwards
    auto rs = tx.Query(kProductForEvents, {product_id});
    if (!rs->next()) continue;
    const int64_t reorder_point = rs->getInt64("reorder_point");
    const std::string sku = rs->getString("sku");
    if (reorder_point <= 0) continue;
    const int64_t after = TotalAvailable(tx, product_id);
    const int64_t before = after - delta;
    if (before < reorder_point || after >= reorder_point) continue;
    events::v1::Event event;
    event.set_aggregate(ProductRef(product_id));
    events::v1::StockLow* payload = event.mutable_stock_low();
    payload->set_product(ProductRef(product_id));
    payload->set_sku(sku);
    payload->set_available(after);
    payload->set_reorder_point(reorder_point);
    WriteEvent(tx, std::move(event));
  }
}

int64_t TotalAvailable(db::Transaction& tx, int64_t product_id) {
  auto rs = tx.Query(kTotalAvailable, {product_id});
  if (!rs->next()) return 0;
  return rs->getInt64("available");
}

std::vector<StockRow> ListStock(db::Transaction& tx, int64_t product_id,
                                const std::string& warehouse, int64_t after_product_id,
                                const std::string& after_warehouse, int limit) {
  const db::SqlParam product = product_id == 0 ? db::SqlParam(nullptr) : product_id;
  const db::SqlParam wh = db::NullIfEmpty(warehouse);
  auto rs = tx.Query(kListStock, {after_product_id, after_product_id, after_warehouse, product,
                                  product, wh, wh, int64_t{limit}});
  std::vector<StockRow> rows;
  while (rs->next()) rows.push_back(ReadStock(*rs));
  return rows;
}

}  // namespace sales::orders::store
