// Stock per product and warehouse, and its movement ledger (inside the caller's
// transaction). Every change writes one stock_movements row with its kind, actor and reason;
// the events of the changes are the caller's (api/stock_events.h). Every change locks the product
// rows, then the stock rows it touches, FOR UPDATE in product-id order, so concurrent
// reservations serialise per product, never oversell, and cannot deadlock among themselves. The
// products of one call are locked, read and written in a constant number of statements.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "common/paging.h"
#include "services/orders/src/domain/stock_movement.h"
#include "services/orders/src/store/rows.h"

namespace sales::orders::store {

// Units of one product for a reservation, shipment or restock.
struct StockQuantity {
  int64_t product_id = 0;
  int64_t quantity = 0;
};

// Who made a stock change and why, kept in its movement row.
struct MovementNote {
  std::string actor = "system";  // at most 100 characters
  // At most 200 characters (longer is cut). Reserve, Release, Ship and Restock use a short
  // text naming the order step when it is empty.
  std::string reason;
  int64_t return_id = 0;              // Restock: the return whose goods come back
  int64_t transfer_id = 0;            // a transfer's TRANSFERRED_IN: the out movement's id
  std::string counterpart_warehouse;  // a transfer: the other warehouse

  // Made by `actor` (a user name; "system" if empty) for `reason`.
  static MovementNote By(std::string actor, std::string reason = {}) {
    MovementNote note;
    if (!actor.empty()) note.actor = std::move(actor);
    note.reason = std::move(reason);
    return note;
  }
  // Goods of return `return_id` coming back.
  static MovementNote ForReturn(int64_t return_id) {
    MovementNote note;
    note.return_id = return_id;
    return note;
  }
};

// One change applied, for the stock_changed events the caller writes.
struct StockChange {
  int64_t movement_id = 0;  // ChangeOnHand only: the stock_movements row written for it
  int64_t product_id = 0;
  std::string warehouse;
  int64_t on_hand_delta = 0;
  int64_t reserved_delta = 0;
  StockRow after;
  // The stock_changed reason: "receive", "adjust", "transfer", "reserve", "release",
  // "ship" or "restock" (set by the function that made the change).
  std::string reason;
  // The product's SKU and reorder point, read with its lock (for the stock_low check).
  std::string sku;
  int64_t reorder_point = 0;
};

std::optional<StockRow> FindStock(db::Transaction& tx, int64_t product_id,
                                  const std::string& warehouse, bool for_update);
// Adds `delta` on-hand units (creating the row); FAILED_PRECONDITION if available would
// go below zero, NOT_FOUND if the product does not exist. The movement row gets `kind` and
// `note`; the change's event reason is "adjust" (the caller may set "receive" or "transfer").
absl::StatusOr<StockChange> ChangeOnHand(db::Transaction& tx, int64_t product_id,
                                         const std::string& warehouse, int64_t delta,
                                         domain::StockMovementKind kind, const MovementNote& note,
                                         absl::Time now);
// Makes a TRANSFERRED_OUT movement carry its own id as transfer_id (written after the
// TRANSFERRED_IN movement that refers to it).
void MarkTransferOut(db::Transaction& tx, int64_t movement_id);
// Reserves all quantities in `warehouse` for order `order_id`, or nothing: too little
// available is FAILED_PRECONDITION naming every short product ("products/{id}").
absl::StatusOr<std::vector<StockChange>> Reserve(db::Transaction& tx, int64_t order_id,
                                                 const std::string& warehouse,
                                                 std::vector<StockQuantity> quantities,
                                                 absl::Time now, const MovementNote& note = {});
// Gives back reserved units (cancellation of a confirmed order).
std::vector<StockChange> Release(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now,
                                 const MovementNote& note = {});
// Takes shipped units out of both reserved and on-hand.
std::vector<StockChange> Ship(db::Transaction& tx, int64_t order_id, const std::string& warehouse,
                              std::vector<StockQuantity> quantities, absl::Time now,
                              const MovementNote& note = {});
// Puts returned units back on hand.
std::vector<StockChange> Restock(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now,
                                 const MovementNote& note = {});
// Whether the product exists (a plain read).
bool ProductExists(db::Transaction& tx, int64_t product_id);
// Total available units of a product over all warehouses (a locking read: current values).
int64_t TotalAvailable(db::Transaction& tx, int64_t product_id);
std::vector<StockRow> ListStock(db::Transaction& tx, int64_t product_id,
                                const std::string& warehouse, int64_t after_product_id,
                                const std::string& after_warehouse, int limit);

// One row of the movement ledger.
struct StockMovementRow {
  int64_t id = 0;
  int64_t product_id = 0;
  std::string warehouse;
  domain::StockMovementKind kind = domain::StockMovementKind::kUnspecified;
  int64_t on_hand_delta = 0;
  int64_t reserved_delta = 0;
  std::string actor;
  std::string reason;
  int64_t order_id = 0;     // 0: none
  int64_t return_id = 0;    // 0: none
  int64_t transfer_id = 0;  // 0: none
  std::string counterpart_warehouse;
  absl::Time created_at = absl::InfinitePast();
};
struct MovementFilter {
  int64_t product_id = 0;                                                    // required
  std::string warehouse;                                                     // empty: any
  domain::StockMovementKind kind = domain::StockMovementKind::kUnspecified;  // any
  absl::Time created_from = absl::InfinitePast();    // inclusive; InfinitePast: open
  absl::Time created_before = absl::InfinitePast();  // exclusive; InfinitePast: open
};
// Oldest first: rows strictly after `after`, a (created_at, id) cursor, in (created_at, id)
// order.
std::vector<StockMovementRow> ListMovements(db::Transaction& tx, const MovementFilter& filter,
                                            const KeysetCursor& after, int limit);

}  // namespace sales::orders::store
