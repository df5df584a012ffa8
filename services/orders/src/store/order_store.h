// Orders with their lines, discounts, credits, status history and shipments (inside the
// caller's transaction), and the batched writes of the historical import.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "common/paging.h"
#include "services/orders/src/store/rows.h"

namespace sales::orders::store {

// Inserts the order with its lines, line discounts and credits, and returns its id.
// ALREADY_EXISTS naming order.external_ref when that reference is taken.
absl::StatusOr<int64_t> InsertOrder(db::Transaction& tx, const OrderRow& row);
// The order with lines (and their discounts), credits and the codes of the promotions it
// used; nullopt if there is none. `for_update` locks the order row. Three statements.
std::optional<OrderRow> FindOrder(db::Transaction& tx, int64_t id, bool for_update);
// Writes status, requires_approval, approver, updated_at and version (already bumped).
void UpdateOrderHeader(db::Transaction& tx, const OrderRow& row);
// Writes shipped_quantity and returned_quantity of one line.
void UpdateOrderLine(db::Transaction& tx, int64_t order_id, const OrderLineRow& line);

// Appends the rows to the order's status history, in order, in one statement.
void InsertStatusChanges(db::Transaction& tx, int64_t order_id,
                         const std::vector<StatusChangeRow>& changes);
// Oldest first.
std::vector<StatusChangeRow> ListStatusHistory(db::Transaction& tx, int64_t order_id);

// Inserts the shipment and its lines; returns its id.
int64_t InsertShipment(db::Transaction& tx, const ShipmentRow& row);
void SetShipmentDelivered(db::Transaction& tx, int64_t shipment_id, absl::Time at);
// Oldest first, with lines.
std::vector<ShipmentRow> ListShipments(db::Transaction& tx, int64_t order_id);

struct OrderFilter {
  int64_t customer_id = 0;                           // 0: any
  std::string rep;                                   // empty: any
  std::optional<domain::OrderStatus> status;         // empty: any
  std::optional<domain::Channel> channel;            // empty: any
  std::string region;                                // empty: any
  absl::Time created_from = absl::InfinitePast();    // inclusive; InfinitePast: open
  absl::Time created_before = absl::InfinitePast();  // exclusive; InfinitePast: open
  std::string external_ref;                          // empty: any; else exact match
};
// Newest first, with lines and credits (no history, no shipments): rows strictly after
// `after`, a (created_at, id) cursor, in (created_at DESC, id DESC) order. Three statements
// whatever `limit` (orders, then lines and credits of all of them by IN lists).
std::vector<OrderRow> ListOrders(db::Transaction& tx, const OrderFilter& filter,
                                 const KeysetCursor& after, int limit);

// --- Import -------------------------------------------------------------------------------

// The subset of `refs` already used by an order.
std::vector<std::string> FindExternalRefs(db::Transaction& tx,
                                          const std::vector<std::string>& refs);
// An order to import: its row (ids unset, lines with their line_ids) and its history.
struct ImportedOrderRows {
  OrderRow order;
  std::vector<StatusChangeRow> history;
};
// Writes every order with lines, credits and history in a few multi-row INSERTs and
// sets order.id of each. A duplicate external_ref (a concurrent import) asks
// RunInTransaction to retry via the returned status.
absl::Status InsertImportedOrders(db::Transaction& tx, std::vector<ImportedOrderRows>& orders);

}  // namespace sales::orders::store
