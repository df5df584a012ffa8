// Steps of the order lifecycle shared by the order, return and import handlers: validation
// of codes and credits, locking, pricing a new order, status moves with their history row
// and event, and the full order view.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "sales/orders/v1/order.pb.h"
#include "services/orders/src/api/handler_context.h"
#include "services/orders/src/domain/pricing.h"
#include "services/orders/src/store/rows.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

// Rep names and shares (each 1-10000, distinct reps, summing to 10000, or none).
absl::StatusOr<std::vector<store::CreditRow>> ValidateSalesCredits(
    std::string_view field, const google::protobuf::RepeatedPtrField<v1::SalesCredit>& credits);

// The order locked FOR UPDATE, or NOT_FOUND.
absl::StatusOr<store::OrderRow> LockOrder(db::Transaction& tx, int64_t id);

// Inserts the history row of the move from `from` to row.status and its
// order_status_changed event.
void RecordStatusChange(db::Transaction& tx, const HandlerContext& ctx, store::OrderRow& row,
                        int from, const std::string& actor, const std::string& reason,
                        absl::Time at);
// Checks the transition table, then writes the new status (version bumped), the history row
// and the event.
absl::Status MoveOrder(db::Transaction& tx, const HandlerContext& ctx, store::OrderRow& row, int to,
                       const std::string& actor, const std::string& reason, absl::Time now);

// A new order priced from the catalogue and promotions, and the promotion uses to record.
struct PricedNewOrder {
  store::OrderRow row;
  std::vector<domain::LineDiscount> uses;
};
// Prices `row` (customer, lines with line_id, product_id and quantity set) at `now`.
absl::StatusOr<PricedNewOrder> PriceNewOrder(db::Transaction& tx, const HandlerContext& ctx,
                                             store::OrderRow row,
                                             const std::vector<std::string>& codes, absl::Time now);
// Inserts a priced order as RECEIVED with its promotion uses, creation history row and
// order_placed event; sets row.id.
absl::Status InsertNewOrder(db::Transaction& tx, const HandlerContext& ctx, PricedNewOrder& order,
                            absl::Time now);

// The order with its history and shipments.
v1::Order FullOrder(db::Transaction& tx, const HandlerContext& ctx, const store::OrderRow& row);

}  // namespace sales::orders::api
