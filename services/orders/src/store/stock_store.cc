#include "services/orders/src/store/stock_store.h"

#include <algorithm>
#include <map>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sales::orders::store {
namespace {

// Every stock change first locks the product row (FOR UPDATE), then its stock rows: all
// changes of one product's stock serialise on it, so the total over warehouses read for the
// stock_low check is exact, and locks are always taken in (product id, warehouse) order.
constexpr char kLockProduct[] = "SELECT id FROM products WHERE id = ? FOR UPDATE";
constexpr char kProductExists[] = "SELECT id FROM products WHERE id = ?";
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
    "INSERT INTO stock_movements (product_id, warehouse, kind, on_hand_delta, reserved_delta, "
    "actor, reason, order_id, return_id, transfer_id, counterpart_warehouse, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kMarkTransferOut[] = "UPDATE stock_movements SET transfer_id = id WHERE id = ?";
// One statement for every filter combination: a NULL parameter disables its condition.
constexpr char kListMovements[] =
    "SELECT id, product_id, warehouse, kind, on_hand_delta, reserved_delta, actor, reason, "
    "order_id, return_id, transfer_id, counterpart_warehouse, created_at FROM stock_movements "
    "WHERE product_id = ? "
    "AND (? IS NULL OR warehouse = ?) "
    "AND (? IS NULL OR kind = ?) "
    "AND (? IS NULL OR created_at >= ?) "
    "AND (? IS NULL OR created_at < ?) "
    "AND (? IS NULL OR created_at > ? OR (created_at = ? AND id > ?)) "
    "ORDER BY created_at, id LIMIT ?";
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
constexpr size_t kMaxMovementActor = 100;

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

// `text` (valid UTF-8) cut to at most `max_code_points` code points, never inside one: the
// columns count characters, and half a character is refused by the database.
std::string CutText(const std::string& text, size_t max_code_points) {
  size_t code_points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if ((byte & 0xC0) == 0x80) continue;  // a continuation byte
    if (code_points == max_code_points) return text.substr(0, i);
    ++code_points;
  }
  return text;
}

// The note of an order step: `note` with `default_reason` when it has no reason.
MovementNote WithReason(const MovementNote& note, const char* default_reason) {
  MovementNote out = note;
  if (out.reason.empty()) out.reason = default_reason;
  return out;
}

// Writes the new levels of `before` plus the deltas, and the movement row.
StockChange Apply(db::Transaction& tx, const StockRow& before, int64_t on_hand_delta,
                  int64_t reserved_delta, std::string reason, domain::StockMovementKind kind,
                  const MovementNote& note, int64_t order_id, absl::Time now) {
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
  const std::string movement_reason = CutText(note.reason, kMaxMovementReason);
  const std::string actor =
      note.actor.empty() ? std::string("system") : CutText(note.actor, kMaxMovementActor);
  tx.Exec(kInsertMovement,
          {before.product_id, before.warehouse, int64_t{static_cast<int>(kind)}, on_hand_delta,
           reserved_delta, actor, movement_reason, db::NullIfZero(order_id),
           db::NullIfZero(note.return_id), db::NullIfZero(note.transfer_id),
           db::NullIfEmpty(note.counterpart_warehouse), now});
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
                                         domain::StockMovementKind kind, const MovementNote& note,
                                         absl::Time now) {
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
  StockChange change = Apply(tx, *row, delta, 0, "adjust", kind, note, 0, now);
  change.movement_id = tx.LastInsertId();
  return change;
}

void MarkTransferOut(db::Transaction& tx, int64_t movement_id) {
  tx.Exec(kMarkTransferOut, {movement_id});
}

absl::StatusOr<std::vector<StockChange>> Reserve(db::Transaction& tx, int64_t order_id,
                                                 const std::string& warehouse,
                                                 std::vector<StockQuantity> quantities,
                                                 absl::Time now, const MovementNote& note) {
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
  const MovementNote reserve_note = WithReason(note, "order confirmed");
  std::vector<StockChange> changes;
  for (size_t i = 0; i < wanted.size(); ++i) {
    changes.push_back(Apply(tx, rows[i], 0, wanted[i].quantity, "reserve",
                            domain::StockMovementKind::kReserved, reserve_note, order_id, now));
  }
  return changes;
}

std::vector<StockChange> Release(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now,
                                 const MovementNote& note) {
  const MovementNote release_note = WithReason(note, "order cancelled");
  std::vector<StockChange> changes;
  for (const StockQuantity& q : Normalize(std::move(quantities))) {
    if (!LockProduct(tx, q.product_id)) continue;
    std::optional<StockRow> row = LockStock(tx, q.product_id, warehouse, /*create=*/false, now);
    if (!row.has_value()) continue;
    const int64_t units = std::min(q.quantity, row->reserved);  // never below zero reserved
    if (units == 0) continue;
    changes.push_back(Apply(tx, *row, 0, -units, "release", domain::StockMovementKind::kReleased,
                            release_note, order_id, now));
  }
  return changes;
}

std::vector<StockChange> Ship(db::Transaction& tx, int64_t order_id, const std::string& warehouse,
                              std::vector<StockQuantity> quantities, absl::Time now,
                              const MovementNote& note) {
  const MovementNote ship_note = WithReason(note, "order shipped");
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
    changes.push_back(Apply(tx, *row, -take, -unreserve, "ship",
                            domain::StockMovementKind::kShipped, ship_note, order_id, now));
  }
  return changes;
}

std::vector<StockChange> Restock(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now,
                                 const MovementNote& note) {
  const MovementNote restock_note = WithReason(note, "returned goods restocked");
  std::vector<StockChange> changes;
  for (const StockQuantity& q : Normalize(std::move(quantities))) {
    if (!LockProduct(tx, q.product_id)) continue;
    std::optional<StockRow> row = LockStock(tx, q.product_id, warehouse, /*create=*/true, now);
    changes.push_back(Apply(tx, *row, q.quantity, 0, "restock",
                            domain::StockMovementKind::kRestocked, restock_note, order_id, now));
  }
  return changes;
}

std::optional<ReorderPoint> LockReorderPoint(db::Transaction& tx, int64_t product_id) {
  auto rs = tx.Query(kProductForEvents, {product_id});
  if (!rs->next()) return std::nullopt;
  return ReorderPoint{rs->getString("sku"), rs->getInt64("reorder_point")};
}

bool ProductExists(db::Transaction& tx, int64_t product_id) {
  return tx.Query(kProductExists, {product_id})->next();
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

std::vector<StockMovementRow> ListMovements(db::Transaction& tx, const MovementFilter& f,
                                            const KeysetCursor& after, int limit) {
  const db::SqlParam wh = db::NullIfEmpty(f.warehouse);
  const db::SqlParam kind = db::NullIfZero(static_cast<int>(f.kind));
  const db::SqlParam from = db::NullIfUnset(f.created_from);
  const db::SqlParam before = db::NullIfUnset(f.created_before);
  const db::SqlParam cursor_time = after.first_page() ? db::SqlParam(nullptr) : after.time;
  auto rs =
      tx.Query(kListMovements, {f.product_id, wh, wh, kind, kind, from, from, before, before,
                                cursor_time, cursor_time, cursor_time, after.id, int64_t{limit}});
  std::vector<StockMovementRow> rows;
  while (rs->next()) {
    StockMovementRow row;
    row.id = rs->getInt64("id");
    row.product_id = rs->getInt64("product_id");
    row.warehouse = rs->getString("warehouse");
    const int kind_number = rs->getInt("kind");
    row.kind = kind_number >= 0 && kind_number <= domain::kMaxStockMovementKind
                   ? static_cast<domain::StockMovementKind>(kind_number)
                   : domain::StockMovementKind::kUnspecified;
    row.on_hand_delta = rs->getInt64("on_hand_delta");
    row.reserved_delta = rs->getInt64("reserved_delta");
    row.actor = rs->getString("actor");
    row.reason = rs->getString("reason");
    row.order_id = rs->isNull("order_id") ? 0 : rs->getInt64("order_id");
    row.return_id = rs->isNull("return_id") ? 0 : rs->getInt64("return_id");
    row.transfer_id = rs->isNull("transfer_id") ? 0 : rs->getInt64("transfer_id");
    row.counterpart_warehouse = db::GetString(*rs, "counterpart_warehouse");
    row.created_at = db::GetSqlTime(*rs, "created_at");
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sales::orders::store
