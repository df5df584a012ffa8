#include "services/orders/src/store/stock_store.h"

#include <algorithm>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/outbox.h"
#include "services/orders/src/store/sql_batches.h"

namespace sales::orders::store {
namespace {

// Every stock change first locks the product row (FOR UPDATE), then its stock rows: all
// changes of one product's stock serialise on it, so the total over warehouses read for the
// stock_low check is exact, and locks are always taken in (product id, warehouse) order.
constexpr char kLockProduct[] = "SELECT id FROM products WHERE id = ? FOR UPDATE";
// The batched forms, for the several products of one order (see LockProductsAndStock).
constexpr char kLockProductsPrefix[] = "SELECT id FROM products WHERE id IN (";
constexpr char kLockProductsSuffix[] = ") ORDER BY id FOR UPDATE";
constexpr char kProductsForEventsPrefix[] =
    "SELECT id, sku, reorder_point FROM products WHERE id IN (";
constexpr char kProductsForEventsSuffix[] = ") FOR UPDATE";
constexpr char kStockOfProductsPrefix[] =
    "SELECT product_id, warehouse, on_hand, reserved, updated_at FROM stock_levels "
    "WHERE warehouse = ? AND product_id IN (";
constexpr char kStockOfProductsSuffix[] = ") ORDER BY product_id FOR UPDATE";
constexpr char kAllStockOfProductsPrefix[] =
    "SELECT product_id, on_hand, reserved FROM stock_levels WHERE product_id IN (";
constexpr char kAllStockOfProductsSuffix[] = ") FOR UPDATE";
constexpr char kEnsureStocksPrefix[] =
    "INSERT INTO stock_levels (product_id, warehouse, on_hand, reserved, updated_at) VALUES ";
constexpr char kEnsureStocksSuffix[] = " ON DUPLICATE KEY UPDATE on_hand = on_hand";
// Rows already locked FOR UPDATE, so every row exists and this only updates them.
constexpr char kUpdateStocksPrefix[] =
    "INSERT INTO stock_levels (product_id, warehouse, on_hand, reserved, updated_at) VALUES ";
constexpr char kUpdateStocksSuffix[] =
    " ON DUPLICATE KEY UPDATE on_hand = VALUES(on_hand), reserved = VALUES(reserved), "
    "updated_at = VALUES(updated_at)";
constexpr char kInsertMovementsPrefix[] =
    "INSERT INTO stock_movements (product_id, warehouse, on_hand_delta, reserved_delta, reason, "
    "order_id, created_at) VALUES ";

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

// Locks the products of `quantities` (sorted by product id) that exist, in id order, in one
// statement; then, in a second, their stock rows in `warehouse` (created empty first, in
// one more, when `create`). The same lock order as the one-product path: product rows by
// id, then stock rows. Returns every existing product with its row, nullopt when it has
// none in `warehouse`.
std::map<int64_t, std::optional<StockRow>> LockProductsAndStock(
    db::Transaction& tx, const std::vector<StockQuantity>& quantities, const std::string& warehouse,
    bool create, absl::Time now) {
  std::map<int64_t, std::optional<StockRow>> locked;
  if (quantities.empty()) return locked;
  std::vector<int64_t> ids;
  for (const StockQuantity& q : quantities) ids.push_back(q.product_id);
  QueryIn(tx, kLockProductsPrefix, {}, ids, kLockProductsSuffix,
          [&](sql::ResultSet& rs) { locked.emplace(rs.getInt64("id"), std::nullopt); });
  if (locked.empty()) return locked;
  std::vector<int64_t> existing;
  for (const auto& [id, row] : locked) existing.push_back(id);
  if (create) {
    std::vector<db::SqlParam> p;
    for (int64_t id : existing) p.insert(p.end(), {id, warehouse, int64_t{0}, int64_t{0}, now});
    ExecBatch(tx, kEnsureStocksPrefix, 5, p, kEnsureStocksSuffix);
  }
  QueryIn(tx, kStockOfProductsPrefix, {warehouse}, existing, kStockOfProductsSuffix,
          [&](sql::ResultSet& rs) {
            StockRow row = ReadStock(rs);
            locked[row.product_id] = std::move(row);
          });
  return locked;
}

// A change to apply to a locked row.
struct PlannedChange {
  StockRow before;
  int64_t on_hand_delta = 0;
  int64_t reserved_delta = 0;
};

// Writes every planned change: the new levels in one statement, the movement rows in
// another. `reason` is both the event reason and the movement reason.
std::vector<StockChange> ApplyAll(db::Transaction& tx, const std::vector<PlannedChange>& planned,
                                  const std::string& reason, int64_t order_id, absl::Time now) {
  std::vector<StockChange> changes;
  std::vector<db::SqlParam> levels;
  std::vector<db::SqlParam> movements;
  for (const PlannedChange& p : planned) {
    StockChange change;
    change.product_id = p.before.product_id;
    change.warehouse = p.before.warehouse;
    change.on_hand_delta = p.on_hand_delta;
    change.reserved_delta = p.reserved_delta;
    change.after = p.before;
    change.after.on_hand += p.on_hand_delta;
    change.after.reserved += p.reserved_delta;
    change.after.updated_at = now;
    change.reason = reason;
    levels.insert(levels.end(), {change.product_id, change.warehouse, change.after.on_hand,
                                 change.after.reserved, now});
    movements.insert(movements.end(),
                     {change.product_id, change.warehouse, p.on_hand_delta, p.reserved_delta,
                      reason, order_id == 0 ? db::SqlParam(nullptr) : order_id, now});
    changes.push_back(std::move(change));
  }
  ExecBatch(tx, kUpdateStocksPrefix, 5, levels, kUpdateStocksSuffix);
  ExecBatch(tx, kInsertMovementsPrefix, 7, movements);
  return changes;
}

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
  const std::map<int64_t, std::optional<StockRow>> locked =
      LockProductsAndStock(tx, wanted, warehouse, /*create=*/false, now);
  std::vector<PlannedChange> planned;
  std::vector<std::string> short_products;
  for (const StockQuantity& q : wanted) {
    auto it = locked.find(q.product_id);
    const std::optional<StockRow>* row = it == locked.end() ? nullptr : &it->second;
    const int64_t available = row != nullptr && row->has_value() ? (*row)->available() : 0;
    if (available < q.quantity) {
      short_products.push_back(absl::StrCat(ProductRef(q.product_id), " (", q.quantity,
                                            " requested, ", available, " available)"));
    } else {
      planned.push_back({**row, 0, q.quantity});
    }
  }
  if (!short_products.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("not enough stock in warehouse ", warehouse,
                                                      ": ", absl::StrJoin(short_products, ", ")));
  }
  return ApplyAll(tx, planned, "reserve", order_id, now);
}

std::vector<StockChange> Release(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now) {
  const std::vector<StockQuantity> wanted = Normalize(std::move(quantities));
  const std::map<int64_t, std::optional<StockRow>> locked =
      LockProductsAndStock(tx, wanted, warehouse, /*create=*/false, now);
  std::vector<PlannedChange> planned;
  for (const StockQuantity& q : wanted) {
    auto it = locked.find(q.product_id);
    if (it == locked.end() || !it->second.has_value()) continue;
    const StockRow& row = *it->second;
    const int64_t units = std::min(q.quantity, row.reserved);  // never below zero reserved
    if (units == 0) continue;
    planned.push_back({row, 0, -units});
  }
  return ApplyAll(tx, planned, "release", order_id, now);
}

std::vector<StockChange> Ship(db::Transaction& tx, int64_t order_id, const std::string& warehouse,
                              std::vector<StockQuantity> quantities, absl::Time now) {
  const std::vector<StockQuantity> wanted = Normalize(std::move(quantities));
  const std::map<int64_t, std::optional<StockRow>> locked =
      LockProductsAndStock(tx, wanted, warehouse, /*create=*/false, now);
  std::vector<PlannedChange> planned;
  for (const StockQuantity& q : wanted) {
    auto it = locked.find(q.product_id);
    if (it == locked.end() || !it->second.has_value()) continue;
    const StockRow& row = *it->second;
    // Shipped units were reserved at confirmation; the clamps only keep the row's invariant
    // (0 <= reserved <= on_hand) should a caller ship more than it reserved.
    const int64_t unreserve = std::min(q.quantity, row.reserved);
    const int64_t reserved_after = row.reserved - unreserve;
    const int64_t take = std::min(q.quantity, row.on_hand - reserved_after);
    if (unreserve == 0 && take == 0) continue;
    planned.push_back({row, -take, -unreserve});
  }
  return ApplyAll(tx, planned, "ship", order_id, now);
}

std::vector<StockChange> Restock(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now) {
  const std::vector<StockQuantity> wanted = Normalize(std::move(quantities));
  const std::map<int64_t, std::optional<StockRow>> locked =
      LockProductsAndStock(tx, wanted, warehouse, /*create=*/true, now);
  std::vector<PlannedChange> planned;
  for (const StockQuantity& q : wanted) {
    auto it = locked.find(q.product_id);
    if (it == locked.end() || !it->second.has_value()) continue;
    planned.push_back({*it->second, q.quantity, 0});
  }
  return ApplyAll(tx, planned, "restock", order_id, now);
}

void WriteStockEvents(db::Transaction& tx, const std::vector<StockChange>& changes) {
  std::map<int64_t, int64_t> available_delta;  // per product, sorted: locks in id order
  std::vector<events::v1::Event> events;
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
    events.push_back(std::move(event));
    available_delta[change.product_id] += change.on_hand_delta - change.reserved_delta;
  }
  // Only a decrease can cross downwards; products without a reorder point never do.
  std::vector<int64_t> decreased;
  for (const auto& [product_id, delta] : available_delta) {
    if (delta < 0) decreased.push_back(product_id);
  }
  struct Watched {
    std::string sku;
    int64_t reorder_point = 0;
    int64_t available = 0;
  };
  std::map<int64_t, Watched> watched;
  if (!decreased.empty()) {
    QueryIn(tx, kProductsForEventsPrefix, {}, decreased, kProductsForEventsSuffix,
            [&](sql::ResultSet& rs) {
              const int64_t reorder_point = rs.getInt64("reorder_point");
              if (reorder_point > 0) {
                watched[rs.getInt64("id")] = {rs.getString("sku"), reorder_point, 0};
              }
            });
  }
  if (!watched.empty()) {
    std::vector<int64_t> ids;
    for (const auto& [id, w] : watched) ids.push_back(id);
    QueryIn(tx, kAllStockOfProductsPrefix, {}, ids, kAllStockOfProductsSuffix,
            [&](sql::ResultSet& rs) {
              watched[rs.getInt64("product_id")].available +=
                  rs.getInt64("on_hand") - rs.getInt64("reserved");
            });
  }
  for (const auto& [product_id, w] : watched) {
    const int64_t after = w.available;
    const int64_t before = after - available_delta[product_id];
    if (before < w.reorder_point || after >= w.reorder_point) continue;
    events::v1::Event event;
    event.set_aggregate(ProductRef(product_id));
    events::v1::StockLow* payload = event.mutable_stock_low();
    payload->set_product(ProductRef(product_id));
    payload->set_sku(w.sku);
    payload->set_available(after);
    payload->set_reorder_point(w.reorder_point);
    events.push_back(std::move(event));
  }
  WriteEvents(tx, std::move(events));
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
