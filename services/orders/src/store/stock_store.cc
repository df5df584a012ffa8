#include "services/orders/src/store/stock_store.h"

#include <algorithm>
#include <map>
#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/db/batches.h"
#include "common/db/row_mapping.h"

namespace sales::orders::store {
namespace {

// Every stock change locks the product rows (FOR UPDATE, in id order) and a stock row only
// under its product's lock: all changes of one product's stock serialise on its product row,
// so the total over warehouses read for the stock_low check is exact, and product locks are
// always taken in id order. An order's products are locked, read and written together: a
// handful of statements per order whatever its number of lines. (Where the stock rows are
// locked in the same statement, a missing one takes a gap lock before the next product's
// lock; a deadlock that causes is retried by RunInTransaction.)
constexpr char kLockProductsPrefix[] = "SELECT id, sku, reorder_point FROM products WHERE id IN (";
constexpr char kLockProductsSuffix[] = ") ORDER BY id FOR UPDATE";
// Products and their stock rows in one warehouse locked in one statement, when no stock row
// is to be created: each product row, then its stock row (the LEFT JOIN reads products
// first, in id order). A stock row is still only ever locked under its product's lock.
constexpr char kLockProductsWithStockPrefix[] =
    "SELECT p.id, p.sku, p.reorder_point, s.product_id, s.warehouse, s.on_hand, s.reserved, "
    "s.updated_at FROM products p "
    "LEFT JOIN stock_levels s ON s.product_id = p.id AND s.warehouse = ? WHERE p.id IN (";
constexpr char kLockProductsWithStockSuffix[] = ") ORDER BY p.id FOR UPDATE";
constexpr char kProductExists[] = "SELECT id FROM products WHERE id = ?";
constexpr char kStockOfProductsPrefix[] =
    "SELECT product_id, warehouse, on_hand, reserved, updated_at FROM stock_levels "
    "WHERE warehouse = ? AND product_id IN (";
constexpr char kStockOfProductsSuffix[] = ") ORDER BY product_id FOR UPDATE";
// Creates missing rows without a prior gap lock (a SELECT ... FOR UPDATE of a missing key
// takes one, and two such transactions inserting into the same gap deadlock).
constexpr char kEnsureStocksPrefix[] =
    "INSERT INTO stock_levels (product_id, warehouse, on_hand, reserved, updated_at) VALUES ";
constexpr char kEnsureStocksSuffix[] = " ON DUPLICATE KEY UPDATE on_hand = on_hand";
// The rows are locked FOR UPDATE already, so every one exists and this only updates them,
// several in one statement. VALUES() in ON DUPLICATE KEY UPDATE is deprecated in MySQL 8.0.20
// but still supported there and in MariaDB, which lacks the row-alias form that replaces it.
constexpr char kUpdateStocksPrefix[] =
    "INSERT INTO stock_levels (product_id, warehouse, on_hand, reserved, updated_at) VALUES ";
constexpr char kUpdateStocksSuffix[] =
    " ON DUPLICATE KEY UPDATE on_hand = VALUES(on_hand), reserved = VALUES(reserved), "
    "updated_at = VALUES(updated_at)";
constexpr char kInsertMovementsPrefix[] =
    "INSERT INTO stock_movements (product_id, warehouse, kind, on_hand_delta, reserved_delta, "
    "actor, reason, order_id, return_id, transfer_id, counterpart_warehouse, created_at) VALUES ";
constexpr int kMovementColumns = 12;
constexpr char kStockColumns[] =
    "SELECT product_id, warehouse, on_hand, reserved, updated_at FROM stock_levels ";
const std::string kSelectStock =
    std::string(kStockColumns) + "WHERE product_id = ? AND warehouse = ?";
const std::string kSelectStockForUpdate = kSelectStock + " FOR UPDATE";
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

StockMovementRow ReadMovement(const db::RowReader& r) {
  StockMovementRow row;
  row.id = r.Int64("id");
  row.product_id = r.Int64("product_id");
  row.warehouse = r.String("warehouse");
  // 0: a movement recorded before kinds existed whose reason named none (V003).
  row.kind = r.OptionalEnum<domain::StockMovementKind>("kind").value_or(
      domain::StockMovementKind::kUnspecified);
  row.on_hand_delta = r.Int64("on_hand_delta");
  row.reserved_delta = r.Int64("reserved_delta");
  row.actor = r.String("actor");
  row.reason = r.String("reason");
  row.order_id = r.Int64OrZero("order_id");
  row.return_id = r.Int64OrZero("return_id");
  row.transfer_id = r.Int64OrZero("transfer_id");
  row.counterpart_warehouse = r.StringOrEmpty("counterpart_warehouse");
  row.created_at = r.Time("created_at");
  return row;
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

std::string ProductRef(int64_t id) { return absl::StrCat("products/", id); }

// A product row locked for a stock change, with its stock row in the warehouse changed.
struct LockedProduct {
  std::string sku;
  int64_t reorder_point = 0;
  std::optional<StockRow> stock;  // nullopt: no row in the warehouse
};

// Locks the products `ids` (sorted, distinct) that exist, in id order, with their stock rows
// in `warehouse`: in one statement, or, when `create`, the products in one, their missing
// stock rows created empty in a second and the stock rows locked in a third. Returns every
// existing product; a missing id is absent.
std::map<int64_t, LockedProduct> LockProductsAndStock(db::Transaction& tx,
                                                      const std::vector<int64_t>& ids,
                                                      const std::string& warehouse, bool create,
                                                      absl::Time now) {
  std::map<int64_t, LockedProduct> locked;
  if (ids.empty()) return locked;
  if (!create) {
    for (auto& [id, product] : db::QueryInAll(
             tx, kLockProductsWithStockPrefix, {warehouse}, ids, kLockProductsWithStockSuffix,
             [](const db::RowReader& r) {
               std::optional<StockRow> stock;
               if (!r.IsNull("product_id")) stock = StockRow::Read(r);
               return std::pair(r.Int64("id"),
                                LockedProduct{r.String("sku"), r.Int64("reorder_point"), stock});
             })) {
      locked[id] = std::move(product);
    }
    return locked;
  }
  for (auto& [id, product] : db::QueryInAll(
           tx, kLockProductsPrefix, {}, ids, kLockProductsSuffix, [](const db::RowReader& r) {
             return std::pair(r.Int64("id"), LockedProduct{r.String("sku"),
                                                           r.Int64("reorder_point"), std::nullopt});
           })) {
    locked[id] = std::move(product);
  }
  if (locked.empty()) return locked;
  std::vector<int64_t> existing;
  for (const auto& [id, product] : locked) existing.push_back(id);
  std::vector<db::SqlParam> p;
  for (int64_t id : existing) p.insert(p.end(), {id, warehouse, int64_t{0}, int64_t{0}, now});
  db::ExecBatch(tx, kEnsureStocksPrefix, 5, p, kEnsureStocksSuffix);
  for (StockRow& row : db::QueryInAll(tx, kStockOfProductsPrefix, {warehouse}, existing,
                                      kStockOfProductsSuffix, StockRow::Read)) {
    locked[row.product_id].stock = std::move(row);
  }
  return locked;
}

std::vector<int64_t> ProductIds(const std::vector<StockQuantity>& quantities) {
  std::vector<int64_t> ids;
  ids.reserve(quantities.size());
  for (const StockQuantity& q : quantities) ids.push_back(q.product_id);
  return ids;
}

// A change to make to a locked stock row.
struct PlannedChange {
  const LockedProduct* product = nullptr;
  int64_t on_hand_delta = 0;
  int64_t reserved_delta = 0;
};

// What every change of one call shares: its kind, who and why, its order, its time.
struct ChangeContext {
  std::string event_reason;  // the stock_changed reason
  domain::StockMovementKind kind = domain::StockMovementKind::kUnspecified;
  const MovementNote* note = nullptr;
  int64_t order_id = 0;
  absl::Time now;
};

// Writes every planned change: the new levels in one statement, the movement rows in another.
std::vector<StockChange> ApplyAll(db::Transaction& tx, const std::vector<PlannedChange>& planned,
                                  const ChangeContext& c) {
  std::vector<StockChange> changes;
  if (planned.empty()) return changes;
  const std::string reason = CutText(c.note->reason, kMaxMovementReason);
  const std::string actor =
      c.note->actor.empty() ? std::string("system") : CutText(c.note->actor, kMaxMovementActor);
  std::vector<db::SqlParam> levels;
  std::vector<db::SqlParam> movements;
  for (const PlannedChange& p : planned) {
    const StockRow& before = *p.product->stock;
    StockChange change;
    change.product_id = before.product_id;
    change.warehouse = before.warehouse;
    change.on_hand_delta = p.on_hand_delta;
    change.reserved_delta = p.reserved_delta;
    change.after = before;
    change.after.on_hand += p.on_hand_delta;
    change.after.reserved += p.reserved_delta;
    change.after.updated_at = c.now;
    change.reason = c.event_reason;
    change.sku = p.product->sku;
    change.reorder_point = p.product->reorder_point;
    levels.insert(levels.end(), {change.product_id, change.warehouse, change.after.on_hand,
                                 change.after.reserved, c.now});
    movements.insert(movements.end(),
                     {change.product_id, change.warehouse, int64_t{static_cast<int>(c.kind)},
                      p.on_hand_delta, p.reserved_delta, actor, reason, db::NullIfZero(c.order_id),
                      db::NullIfZero(c.note->return_id), db::NullIfZero(c.note->transfer_id),
                      db::NullIfEmpty(c.note->counterpart_warehouse), c.now});
    changes.push_back(std::move(change));
  }
  db::ExecBatch(tx, kUpdateStocksPrefix, 5, levels, kUpdateStocksSuffix);
  db::ExecBatch(tx, kInsertMovementsPrefix, kMovementColumns, movements);
  return changes;
}

// The changes `delta` plans for each wanted product that has a stock row in the warehouse
// (products or rows that do not exist are skipped): the units to add to on_hand and
// reserved, or nullopt for no change.
template <typename Delta>
std::vector<PlannedChange> PlanChanges(const std::map<int64_t, LockedProduct>& locked,
                                       const std::vector<StockQuantity>& wanted, Delta delta) {
  std::vector<PlannedChange> planned;
  for (const StockQuantity& q : wanted) {
    auto it = locked.find(q.product_id);
    if (it == locked.end() || !it->second.stock.has_value()) continue;
    const std::optional<std::pair<int64_t, int64_t>> d = delta(*it->second.stock, q.quantity);
    if (d.has_value()) planned.push_back({&it->second, d->first, d->second});
  }
  return planned;
}

}  // namespace

std::optional<StockRow> FindStock(db::Transaction& tx, int64_t product_id,
                                  const std::string& warehouse, bool for_update) {
  return db::QueryOne<StockRow>(tx, for_update ? kSelectStockForUpdate : kSelectStock,
                                {product_id, warehouse});
}

absl::StatusOr<StockChange> ChangeOnHand(db::Transaction& tx, int64_t product_id,
                                         const std::string& warehouse, int64_t delta,
                                         domain::StockMovementKind kind, const MovementNote& note,
                                         absl::Time now) {
  const std::map<int64_t, LockedProduct> locked =
      LockProductsAndStock(tx, {product_id}, warehouse, /*create=*/delta >= 0, now);
  auto it = locked.find(product_id);
  if (it == locked.end()) {
    return absl::NotFoundError(absl::StrCat(ProductRef(product_id), " not found"));
  }
  const int64_t available = it->second.stock.has_value() ? it->second.stock->available() : 0;
  if (delta < 0 && available + delta < 0) {
    return absl::FailedPreconditionError(absl::StrCat(
        ProductRef(product_id), " in warehouse ", warehouse, ": ", available,
        " units available, cannot take out ", -delta, " (available never goes below zero)"));
  }
  std::vector<StockChange> changes =
      ApplyAll(tx, {{&it->second, delta, 0}}, {"adjust", kind, &note, 0, now});
  changes.front().movement_id = tx.LastInsertId();  // of the one movement row just written
  return std::move(changes.front());
}

void MarkTransferOut(db::Transaction& tx, int64_t movement_id) {
  tx.Exec(kMarkTransferOut, {movement_id});
}

absl::StatusOr<std::vector<StockChange>> Reserve(db::Transaction& tx, int64_t order_id,
                                                 const std::string& warehouse,
                                                 std::vector<StockQuantity> quantities,
                                                 absl::Time now, const MovementNote& note) {
  const std::vector<StockQuantity> wanted = Normalize(std::move(quantities));
  const std::map<int64_t, LockedProduct> locked =
      LockProductsAndStock(tx, ProductIds(wanted), warehouse, /*create=*/false, now);
  std::vector<PlannedChange> planned;
  std::vector<std::string> short_products;
  for (const StockQuantity& q : wanted) {
    auto it = locked.find(q.product_id);
    const bool has_row = it != locked.end() && it->second.stock.has_value();
    const int64_t available = has_row ? it->second.stock->available() : 0;
    if (available < q.quantity) {
      short_products.push_back(absl::StrCat(ProductRef(q.product_id), " (", q.quantity,
                                            " requested, ", available, " available)"));
    } else {
      planned.push_back({&it->second, 0, q.quantity});
    }
  }
  if (!short_products.empty()) {
    return absl::FailedPreconditionError(absl::StrCat("not enough stock in warehouse ", warehouse,
                                                      ": ", absl::StrJoin(short_products, ", ")));
  }
  const MovementNote reserve_note = WithReason(note, "order confirmed");
  return ApplyAll(tx, planned,
                  {"reserve", domain::StockMovementKind::kReserved, &reserve_note, order_id, now});
}

std::vector<StockChange> Release(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now,
                                 const MovementNote& note) {
  const std::vector<StockQuantity> wanted = Normalize(std::move(quantities));
  const std::map<int64_t, LockedProduct> locked =
      LockProductsAndStock(tx, ProductIds(wanted), warehouse, /*create=*/false, now);
  const std::vector<PlannedChange> planned =
      PlanChanges(locked, wanted, [](const StockRow& row, int64_t quantity) {
        const int64_t units = std::min(quantity, row.reserved);  // never below 0 reserved
        return units > 0 ? std::optional(std::pair<int64_t, int64_t>(0, -units)) : std::nullopt;
      });
  const MovementNote release_note = WithReason(note, "order cancelled");
  return ApplyAll(tx, planned,
                  {"release", domain::StockMovementKind::kReleased, &release_note, order_id, now});
}

std::vector<StockChange> Ship(db::Transaction& tx, int64_t order_id, const std::string& warehouse,
                              std::vector<StockQuantity> quantities, absl::Time now,
                              const MovementNote& note) {
  const std::vector<StockQuantity> wanted = Normalize(std::move(quantities));
  const std::map<int64_t, LockedProduct> locked =
      LockProductsAndStock(tx, ProductIds(wanted), warehouse, /*create=*/false, now);
  const std::vector<PlannedChange> planned =
      PlanChanges(locked, wanted, [](const StockRow& row, int64_t quantity) {
        // Shipped units were reserved at confirmation; the clamps only keep the row's invariant
        // (0 <= reserved <= on_hand) should a caller ship more than it reserved.
        const int64_t unreserve = std::min(quantity, row.reserved);
        const int64_t take = std::min(quantity, row.on_hand - (row.reserved - unreserve));
        if (unreserve == 0 && take == 0) return std::optional<std::pair<int64_t, int64_t>>();
        return std::optional(std::pair<int64_t, int64_t>(-take, -unreserve));
      });
  const MovementNote ship_note = WithReason(note, "order shipped");
  return ApplyAll(tx, planned,
                  {"ship", domain::StockMovementKind::kShipped, &ship_note, order_id, now});
}

std::vector<StockChange> Restock(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now,
                                 const MovementNote& note) {
  const std::vector<StockQuantity> wanted = Normalize(std::move(quantities));
  const std::map<int64_t, LockedProduct> locked =
      LockProductsAndStock(tx, ProductIds(wanted), warehouse, /*create=*/true, now);
  const std::vector<PlannedChange> planned =
      PlanChanges(locked, wanted, [](const StockRow&, int64_t quantity) {
        return std::optional(std::pair<int64_t, int64_t>(quantity, 0));
      });
  const MovementNote restock_note = WithReason(note, "returned goods restocked");
  return ApplyAll(tx, planned,
                  {"restock", domain::StockMovementKind::kRestocked, &restock_note, order_id, now});
}

bool ProductExists(db::Transaction& tx, int64_t product_id) {
  return tx.Query(kProductExists, {product_id})->next();
}

int64_t TotalAvailable(db::Transaction& tx, int64_t product_id) {
  return db::QueryOne(tx, kTotalAvailable, {product_id},
                      [](const db::RowReader& r) { return r.Int64("available"); })
      .value_or(0);
}

std::vector<StockRow> ListStock(db::Transaction& tx, int64_t product_id,
                                const std::string& warehouse, int64_t after_product_id,
                                const std::string& after_warehouse, int limit) {
  const db::SqlParam product = product_id == 0 ? db::SqlParam(nullptr) : product_id;
  const db::SqlParam wh = db::NullIfEmpty(warehouse);
  return db::QueryAll<StockRow>(tx, kListStock,
                                {after_product_id, after_product_id, after_warehouse, product,
                                 product, wh, wh, int64_t{limit}});
}

std::vector<StockMovementRow> ListMovements(db::Transaction& tx, const MovementFilter& f,
                                            const KeysetCursor& after, int limit) {
  const db::SqlParam wh = db::NullIfEmpty(f.warehouse);
  const db::SqlParam kind = db::NullIfZero(static_cast<int>(f.kind));
  const db::SqlParam from = db::NullIfUnset(f.created_from);
  const db::SqlParam before = db::NullIfUnset(f.created_before);
  const db::SqlParam cursor_time = after.first_page() ? db::SqlParam(nullptr) : after.time;
  return db::QueryAll(tx, kListMovements,
                      {f.product_id, wh, wh, kind, kind, from, from, before, before, cursor_time,
                       cursor_time, cursor_time, after.id, int64_t{limit}},
                      ReadMovement);
}

}  // namespace sales::orders::store
