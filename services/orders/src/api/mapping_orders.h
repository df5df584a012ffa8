// Domain <-> proto mapping of orders and returns (the one place proto enum numbers become
// domain enums and back), the sales.events.v1 events an order's domain events map to, and
// the resource names they use ("orders/{id}", "orders/{id}/shipments/{id}", "returns/{id}").
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "sales/common/v1/money.pb.h"
#include "sales/events/v1/event.pb.h"
#include "sales/events/v1/order_events.pb.h"
#include "sales/orders/v1/order.pb.h"
#include "sales/orders/v1/return.pb.h"
#include "services/orders/src/domain/order.h"
#include "services/orders/src/domain/return_status.h"
#include "services/orders/src/store/rows.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

// "{collection}/{id}".
std::string IdName(std::string_view collection, int64_t id);
// The id of "{collection}/{id}" (id a positive decimal); INVALID_ARGUMENT naming `field`.
absl::StatusOr<int64_t> ParseIdName(std::string_view field, std::string_view collection,
                                    std::string_view name);

std::string OrderName(int64_t id);
std::string ReturnName(int64_t id);
std::string ShipmentName(int64_t order_id, int64_t shipment_id);
struct ShipmentId {
  int64_t order_id = 0;
  int64_t shipment_id = 0;
};
absl::StatusOr<ShipmentId> ParseShipmentName(std::string_view field, std::string_view name);

// The opaque etag of an order version.
std::string OrderEtag(int64_t version);

sales::common::v1::Money ToMoney(const std::string& currency, int64_t minor);

// Enums. The *FromProto functions take a value the caller checked with *_IsValid and that is
// not UNSPECIFIED.
v1::OrderStatus ToProto(domain::OrderStatus status);
domain::OrderStatus OrderStatusFromProto(v1::OrderStatus status);
v1::Channel ToProto(domain::Channel channel);
domain::Channel ChannelFromProto(v1::Channel channel);
v1::ReturnStatus ToProto(domain::ReturnStatus status);
v1::Disposition ToProto(std::optional<domain::Disposition> disposition);
domain::Disposition DispositionFromProto(v1::Disposition disposition);
// A credit's kind; UNSPECIFIED reads as revenue (so does any value the caller did not
// check, which ValidateSalesCredits refuses first).
v1::SalesCreditKind ToProto(domain::CreditKind kind);
domain::CreditKind CreditKindFromProto(v1::SalesCreditKind kind);
// The name a CreditShare of the events carries, e.g. "SALES_CREDIT_KIND_OVERLAY".
std::string CreditKindName(domain::CreditKind kind);

// The full order: lines with discounts, credits, shipments and `history` (shipments and
// history may be empty, as in ListOrders). Line subtotals, totals and the order's margin are
// derived here.
v1::Order ToProto(const domain::Order& order, const std::vector<domain::StatusChange>& history,
                  const std::string& currency);

v1::Return ToProto(const store::ReturnRow& row, const std::string& currency);

// The order as analytics and incentives need it, with `status` as its current status.
events::v1::OrderSnapshot ToSnapshot(const domain::Order& order, const std::string& currency);

// The order_placed event of `order` (its snapshot shows `placed.change.to_status`).
events::v1::Event OrderPlacedEvent(const domain::Order& order, const domain::OrderPlaced& placed,
                                   const std::string& currency);
// The order_status_changed event of a change of `order` (its snapshot as after the change).
events::v1::Event OrderStatusChangedEvent(const domain::Order& order,
                                          const domain::StatusChange& change,
                                          const std::string& currency);

// The return_resolved event of `ret`, a resolved return of `order`: per line the refund, the
// tax part of it split out by the refund rule (domain::RefundTaxFor) given `before` (units
// of each line in the order's earlier returns), and the cost of the units; the order's
// credits, region and channel; resolve_time ret.updated_at, imported ret.imported.
events::v1::Event ReturnResolvedEvent(const domain::Order& order, const store::ReturnRow& ret,
                                      const std::map<int32_t, int64_t>& before,
                                      const std::string& currency);

// Proto enum value names, e.g. "ORDER_STATUS_CONFIRMED", "CHANNEL_WEB".
std::string ChannelName(domain::Channel channel);

}  // namespace sales::orders::api
