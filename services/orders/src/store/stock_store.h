// Stock per product and warehouse, and its movement ledger (inside the caller's
// transaction). Every change locks the stock rows it touches FOR UPDATE in product-id order,
// so concurrent reservations serialise per product, never oversell, and cannot deadlock
// among themselves.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/db/transaction.h"
#include "services/orders/src/store/rows.h"

namespace sales::orders::store {

// Units of one product for a reservation, shipment or restock.
struct StockQuantity {
  int64_t product_id = 0;
  int64_t quantity = 0;
};

// One change applied, for the stock_changed events the caller writes.
struct StockChange {
  int64_t product_id = 0;
  std::string warehouse;
  int64_t on_hand_delta = 0;
  int64_t reserved_delta = 0;
  StockRow after;
  // The stock_changed reason: "receive", "adjust", "transfer", "reserve", "release",
  // "ship" or "restock" (set by the function that made the change).
  std::string reason;
};

std::optional<StockRow> FindStock(db::Transaction& tx, int64_t product_id,
                                  const std::string& warehouse, bool for_update);
// Adds `delta` on-hand units (creating the row); FAILED_PRECONDITION if available would
// go below zero, NOT_FOUND if the product does not exist. `reason` is kept in the movement
// ledger; the change's event reason is "adjust" (the caller may set "receive" or "transfer").
absl::StatusOr<StockChange> ChangeOnHand(db::Transaction& tx, int64_t product_id,
                                         const std::string& warehouse, int64_t delta,
                                         const std::string& reason, absl::Time now);
// Reserves all quantities in `warehouse` for order `order_id`, or nothing: too little
// available is FAILED_PRECONDITION naming every short product ("products/{id}").
absl::StatusOr<std::vector<StockChange>> Reserve(db::Transaction& tx, int64_t order_id,
                                                 const std::string& warehouse,
                                                 std::vector<StockQuantity> quantities,
                                                 absl::Time now);
// Gives back reserved units (cancellation of a confirmed order).
std::vector<StockChange> Release(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now);
// Takes shipped units out of both reserved and on-hand.
std::vector<StockChange> Ship(db::Transaction& tx, int64_t order_id, const std::string& warehouse,
                              std::vector<StockQuantity> quantities, absl::Time now);
// Puts returned units back on hand.
std::vector<StockChange> Restock(db::Transaction& tx, int64_t order_id,
                                 const std::string& warehouse,
                                 std::vector<StockQuantity> quantities, absl::Time now);
// Writes, in `tx`, one stock_changed event per change (aggregate "products/{id}") and a
// stock_low event for each product whose total available units crossed from at or above
// its reorder point (> 0) to below it through these changes. Call it after the changes, in
// the transaction that made them, with all of them (one call per batch).
void WriteStockEvents(db::Transaction& tx, const std::vector<StockChange>& changes);
// Total available units of a product over all warehouses (a locking read: current values).
int64_t TotalAvailable(db::Transaction& tx, int64_t product_id);
std::vector<StockRow> ListStock(db::Transaction& tx, int64_t product_id,
                                const std::string& warehouse, int64_t after_product_id,
                                const std::string& after_warehouse, int limit);

}  // namespace sales::orders::store
