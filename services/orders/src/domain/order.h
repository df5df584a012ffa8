// The order aggregate: an order with its lines, credits and shipments, changed only through
// one method per transition. Each method leaves the order as it was and returns the new
// state with the events the change raises (what api/ persists and publishes), or an error
// when the transition table (order_status.h) or the order's contents refuse the move.
// Plain values: no SQL, no proto.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/orders/src/domain/delivery_promise.h"
#include "services/orders/src/domain/order_policy.h"
#include "services/orders/src/domain/order_status.h"
#include "services/orders/src/domain/pricing.h"

namespace sales::orders::domain {

// Values equal the proto Channel numbers.
enum class Channel { kStore = 1, kWeb = 2, kPhone = 3, kPartner = 4 };

struct OrderLine {
  int32_t line_id = 0;  // 1-based, in the order's line order
  int64_t product_id = 0;
  std::string sku;
  std::string category;
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;
  int64_t unit_cost_minor = 0;
  int64_t discount_minor = 0;  // sum of `discounts`
  int64_t tax_minor = 0;
  int64_t shipped_quantity = 0;
  int64_t returned_quantity = 0;  // received back in returns
  std::vector<LineDiscount> discounts;

  int64_t subtotal_minor() const { return unit_price_minor * quantity; }
  int64_t unshipped() const { return quantity - shipped_quantity; }
};

struct ShipmentLine {
  int32_t line_id = 0;
  int64_t quantity = 0;
};

struct Shipment {
  int64_t id = 0;  // 0 until stored
  int64_t order_id = 0;
  std::string carrier;
  std::string tracking_number;
  absl::Time shipped_at = absl::InfinitePast();
  absl::Time delivered_at = absl::InfinitePast();  // InfinitePast: not delivered yet
  std::vector<ShipmentLine> lines;

  bool delivered() const { return delivered_at != absl::InfinitePast(); }
};

// One row of the status history. `from_status` is empty for the creation of the order.
struct StatusChange {
  std::optional<OrderStatus> from_status;
  OrderStatus to_status = OrderStatus::kReceived;
  std::string actor;
  std::string reason;
  absl::Time changed_at = absl::InfinitePast();
};

// Units of one product, summed over lines (what a stock reservation, release or shipment
// moves).
struct ProductUnits {
  int64_t product_id = 0;
  int64_t units = 0;
};

// --- Events an order raises ------------------------------------------------------------------

// The order was placed (created as RECEIVED); `change` is its creation history row.
struct OrderPlaced {
  StatusChange change;
};
// The order moved from one status to another (SHIPPED -> SHIPPED for a further partial
// shipment). `shipment` is the index in Order::shipments of the shipment that caused it:
// its reason names that shipment once stored (see NameShipment).
struct StatusChanged {
  StatusChange change;
  std::optional<size_t> shipment;
};
// The order's units must be reserved in its warehouse (confirmation).
struct StockReserved {
  std::vector<ProductUnits> units;
};
// The order's reservation is given back (cancellation of a confirmed order).
struct StockReleased {
  std::vector<ProductUnits> units;
};
// The order's promotion uses are given back (cancellation).
struct PromotionUsesReleased {};
// A shipment was added: Order::shipments[index], whose lines' shipped_quantity grew;
// `units` leave the warehouse's stock and reservation.
struct ShipmentAdded {
  size_t index = 0;
  std::vector<ProductUnits> units;
};
// A shipment reached the customer.
struct ShipmentDelivered {
  int64_t shipment_id = 0;
  absl::Time delivered_at = absl::InfinitePast();
};

using OrderEvent = std::variant<OrderPlaced, StatusChanged, StockReserved, StockReleased,
                                PromotionUsesReleased, ShipmentAdded, ShipmentDelivered>;

struct OrderTransition;

// An order. `shipments` is filled when the order was loaded with them (every transition
// that needs them, and the full view); ListOrders leaves it empty.
struct Order final {
  int64_t id = 0;  // 0 until stored
  int64_t customer_id = 0;
  Channel channel = Channel::kStore;
  std::string region;
  std::string warehouse;
  OrderStatus status = OrderStatus::kReceived;
  bool requires_approval = false;
  std::string approver;
  int64_t subtotal_minor = 0;
  int64_t discount_minor = 0;
  int64_t tax_minor = 0;
  int64_t total_minor = 0;
  int64_t cost_minor = 0;
  std::string external_ref;
  int64_t replaces_return_id = 0;  // 0: not the replacement of an exchange
  bool imported = false;
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();
  int64_t version = 1;
  std::vector<OrderLine> lines;
  std::vector<CreditShare> credits;
  std::vector<std::string> promotion_codes;  // codes of the promotions it used
  std::vector<Shipment> shipments;
  // The delivery promise: the option chosen, the promised local date and the IANA time zone
  // of that date (the business time zone when the order was taken). kNone: no promise.
  DeliveryOption delivery_option = DeliveryOption::kNone;
  std::optional<absl::CivilDay> promised_date;
  std::string delivery_time_zone;
  // The customer's tier when the order was taken, as orders knew it from the customers feed.
  std::string customer_tier;

  // Whole local days `at` falls after the promised date (0 on or before it); nullopt for an
  // order without a promise.
  std::optional<int64_t> DaysAfterPromise(absl::Time at) const;
  // Once every unit is shipped and every shipment delivered: the days the last delivery came
  // after the promise (0: on time); nullopt before that, without a promise, or when the
  // shipments were not loaded.
  std::optional<int64_t> DeliveryDaysLate() const;

  // Placing: a priced draft becomes a RECEIVED order at `now` (version 1), needing an
  // approval when `policy` says so for its amounts. Raises OrderPlaced.
  static OrderTransition Place(Order draft, const OrderPolicy& policy, absl::Time now);
  // A historical order as the source system last saw it: `status` with its lines shipped
  // when it got that far, amounts summed from the lines, created at `created_at` and last
  // changed at `closed_at`. Raises OrderPlaced and, unless still RECEIVED, StatusChanged
  // (RECEIVED -> status, actor "import", reason "imported"), both as of `closed_at` for
  // the change and `created_at` for the placing.
  static OrderTransition Import(Order draft, OrderStatus status, absl::Time created_at,
                                absl::Time closed_at);

  // ConfirmOrder: to IN_REVIEW when an approval is needed (flagged when placed, or required
  // by `policy` now), raising StatusChanged; else to CONFIRMED, raising StockReserved (every
  // unit) then StatusChanged. An IN_REVIEW order that needs an approval is refused: only
  // Approve moves it.
  absl::StatusOr<OrderTransition> Confirm(const OrderPolicy& policy, const std::string& actor,
                                          absl::Time now) const;
  // ApproveOrder: IN_REVIEW -> CONFIRMED by `approver` (reason "approved"); raises
  // StockReserved then StatusChanged.
  absl::StatusOr<OrderTransition> Approve(const std::string& approver, absl::Time now) const;
  // CancelOrder: to CANCELLED (only before anything shipped); raises StatusChanged, then
  // StockReleased when the order held a reservation (CONFIRMED), then PromotionUsesReleased.
  absl::StatusOr<OrderTransition> Cancel(const std::string& actor, const std::string& reason,
                                         absl::Time now) const;
  // ShipOrder: ships `lines` (units per line_id; empty: every unit not shipped yet) as a new
  // shipment, to SHIPPED. Raises ShipmentAdded then StatusChanged (actor "system").
  // FAILED_PRECONDITION when nothing is left to ship or a line has fewer units left than
  // asked ("lines[i].quantity: ..."), INVALID_ARGUMENT "lines[i].line_id: ..." for a line
  // the order does not have; `i` is the index in `lines`.
  absl::StatusOr<OrderTransition> Ship(const std::vector<ShipmentLine>& lines,
                                       const std::string& carrier,
                                       const std::string& tracking_number, absl::Time now) const;
  // DeliverShipment: marks the shipment delivered (ShipmentDelivered); the order becomes
  // DELIVERED (StatusChanged) once every unit is shipped and every shipment delivered.
  // NOT_FOUND for a shipment the order does not have; FAILED_PRECONDITION when it was
  // already delivered or the order is not SHIPPED.
  absl::StatusOr<OrderTransition> Deliver(int64_t shipment_id, absl::Time now) const;
  // CompleteOrder: DELIVERED -> COMPLETED; raises StatusChanged.
  absl::StatusOr<OrderTransition> Complete(absl::Time now) const;

  // Per promotion, in order of first appearance over the lines, what it took off the order.
  std::vector<LineDiscount> PromotionTotals() const;
  const OrderLine* FindLine(int32_t line_id) const;
  const Shipment* FindShipment(int64_t shipment_id) const;
};

struct OrderTransition {
  Order order;  // the new state
  std::vector<OrderEvent> events;
};

// The reason recorded when a shipment moves an order: "shipment {id}".
std::string ShipmentReason(int64_t shipment_id);
// Once shipment `index` of `transition` is stored with `id`: sets its id, and the reason
// of every StatusChanged it caused.
void NameShipment(OrderTransition& transition, size_t index, int64_t id);

}  // namespace sales::orders::domain
