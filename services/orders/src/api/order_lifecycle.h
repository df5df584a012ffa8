// Steps of the order lifecycle shared by the order, return and import handlers: validation
// of credits, loading an order, pricing a new one, and persisting a domain transition with
// the events it raised (the one place order events are written to the outbox).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "sales/orders/v1/order.pb.h"
#include "services/orders/src/api/handler_context.h"
#include "services/orders/src/domain/order.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

// Rep names and shares (each 1-10000, distinct reps, summing to 10000, or none).
absl::StatusOr<std::vector<domain::CreditShare>> ValidateSalesCredits(
    std::string_view field, const google::protobuf::RepeatedPtrField<v1::SalesCredit>& credits);

// The order with its lines, credits and shipments, or NOT_FOUND; `for_update` locks it.
absl::StatusOr<domain::Order> LoadOrder(db::Transaction& tx, int64_t id, bool for_update);

// Prices `draft` (customer, lines with line_id, product_id and quantity set) at `now`: the
// catalogue's prices and costs, the promotions domain::SelectPromotions picks for
// `codes`, tax by the policy. `tier` is the customer's tier as the customers feed reported
// it (store::FindKnownCustomer); nullopt: the lowest.
absl::StatusOr<domain::Order> PriceNewOrder(db::Transaction& tx, const HandlerContext& ctx,
                                            domain::Order draft,
                                            const std::optional<std::string>& tier,
                                            const std::vector<std::string>& codes, absl::Time now);
// An order and its whole status history, as written in this transaction.
struct OrderWithHistory {
  domain::Order order;
  std::vector<domain::StatusChange> history;
};
// Places a priced order (domain::Order::Place), stores it and its events; its history is the
// rows just written.
absl::StatusOr<OrderWithHistory> PlaceOrder(db::Transaction& tx, const HandlerContext& ctx,
                                            domain::Order priced, absl::Time now);

// Persists a transition of a stored order: its header, then each event in order (promotion
// uses, shipments, status history, and last the stock) with its sales.events.v1 event in the
// outbox. Returns the status history rows it wrote. An error (stock too low) leaves the
// caller to roll back.
absl::StatusOr<std::vector<domain::StatusChange>> ApplyTransition(
    db::Transaction& tx, const HandlerContext& ctx, domain::OrderTransition& transition);

// The order with its history (read in `tx`) and shipments.
v1::Order FullOrder(db::Transaction& tx, const HandlerContext& ctx, const domain::Order& order);
// An order with the history its caller has, and its shipments, without a read.
v1::Order FullOrder(const HandlerContext& ctx, const OrderWithHistory& order);

}  // namespace sales::orders::api
