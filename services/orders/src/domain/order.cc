#include "services/orders/src/domain/order.h"

#include <algorithm>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"

namespace sales::orders::domain {
namespace {

constexpr char kSystemActor[] = "system";
constexpr char kImportActor[] = "import";

// Units per product of `lines`, `units_of(line)` each (lines with none are left out), in
// product id order.
template <typename UnitsOf>
std::vector<ProductUnits> ByProduct(const std::vector<OrderLine>& lines, UnitsOf units_of) {
  std::map<int64_t, int64_t> units;
  for (const OrderLine& line : lines) {
    const int64_t u = units_of(line);
    if (u > 0) units[line.product_id] += u;
  }
  std::vector<ProductUnits> out;
  for (const auto& [product, u] : units) out.push_back({product, u});
  return out;
}

// The order after any change at `now`: one more version.
OrderTransition Touched(const Order& order, absl::Time now) {
  OrderTransition t{order, {}};
  t.order.updated_at = now;
  ++t.order.version;
  return t;
}

// Moves t.order to `to` if the table allows it, raising StatusChanged.
absl::Status Move(OrderTransition& t, OrderStatus to, const std::string& actor,
                  const std::string& reason, absl::Time now,
                  std::optional<size_t> shipment = std::nullopt) {
  RETURN_IF_ERROR(CheckTransition(t.order.status, to));
  StatusChange change{t.order.status, to, actor, reason, now};
  t.order.status = to;
  t.events.push_back(StatusChanged{std::move(change), shipment});
  return absl::OkStatus();
}

}  // namespace

OrderTransition Order::Place(Order draft, const OrderPolicy& policy, absl::Time now) {
  OrderTransition t{std::move(draft), {}};
  Order& o = t.order;
  o.status = OrderStatus::kReceived;
  o.requires_approval = NeedsApproval(policy, o.subtotal_minor, o.discount_minor, o.total_minor);
  o.created_at = now;
  o.updated_at = now;
  o.version = 1;
  t.events.push_back(OrderPlaced{{std::nullopt, OrderStatus::kReceived, kSystemActor, "", now}});
  return t;
}

OrderTransition Order::Import(Order draft, OrderStatus status, absl::Time created_at,
                              absl::Time closed_at) {
  OrderTransition t{std::move(draft), {}};
  Order& o = t.order;
  const bool shipped = status == OrderStatus::kShipped || status == OrderStatus::kDelivered ||
                       status == OrderStatus::kCompleted;
  o.subtotal_minor = 0;
  o.discount_minor = 0;
  o.tax_minor = 0;
  o.cost_minor = 0;
  for (OrderLine& line : o.lines) {
    if (shipped) line.shipped_quantity = line.quantity;
    o.subtotal_minor += line.subtotal_minor();
    o.discount_minor += line.discount_minor;
    o.tax_minor += line.tax_minor;
    o.cost_minor += line.unit_cost_minor * line.quantity;
  }
  o.total_minor = o.subtotal_minor - o.discount_minor + o.tax_minor;
  o.status = status;
  o.imported = true;
  o.created_at = created_at;
  o.updated_at = closed_at;
  o.version = 1;
  t.events.push_back(
      OrderPlaced{{std::nullopt, OrderStatus::kReceived, kImportActor, "", created_at}});
  if (status != OrderStatus::kReceived) {
    t.events.push_back(StatusChanged{
        {OrderStatus::kReceived, status, kImportActor, "imported", closed_at}, std::nullopt});
  }
  return t;
}

absl::StatusOr<OrderTransition> Order::Confirm(const OrderPolicy& policy, const std::string& actor,
                                               absl::Time now) const {
  if (status == OrderStatus::kInReview && requires_approval) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "cannot move order from %s to %s by confirmation: it waits for an explicit approval "
        "(ApproveOrder)",
        StatusName(status), StatusName(OrderStatus::kConfirmed)));
  }
  const bool needs_approval =
      requires_approval || NeedsApproval(policy, subtotal_minor, discount_minor, total_minor);
  ASSIGN_OR_RETURN(const OrderStatus to, ConfirmTarget(status, needs_approval));
  OrderTransition t = Touched(*this, now);
  t.order.requires_approval = needs_approval;
  if (to == OrderStatus::kConfirmed) {
    t.events.push_back(
        StockReserved{ByProduct(lines, [](const OrderLine& l) { return l.quantity; })});
  }
  RETURN_IF_ERROR(Move(t, to, actor, "", now));
  return t;
}

absl::StatusOr<OrderTransition> Order::Approve(const std::string& approver, absl::Time now) const {
  RETURN_IF_ERROR(CheckApproval(status));
  OrderTransition t = Touched(*this, now);
  t.order.approver = approver;
  t.events.push_back(
      StockReserved{ByProduct(lines, [](const OrderLine& l) { return l.quantity; })});
  RETURN_IF_ERROR(Move(t, OrderStatus::kConfirmed, approver, "approved", now));
  return t;
}

absl::StatusOr<OrderTransition> Order::Cancel(const std::string& actor, const std::string& reason,
                                              absl::Time now) const {
  OrderTransition t = Touched(*this, now);
  RETURN_IF_ERROR(Move(t, OrderStatus::kCancelled, actor, reason, now));
  if (status == OrderStatus::kConfirmed) {  // only a confirmed order holds a reservation
    t.events.push_back(
        StockReleased{ByProduct(lines, [](const OrderLine& l) { return l.unshipped(); })});
  }
  t.events.push_back(PromotionUsesReleased{});
  return t;
}

absl::StatusOr<OrderTransition> Order::Ship(const std::vector<ShipmentLine>& to_ship,
                                            const std::string& carrier,
                                            const std::string& tracking_number,
                                            absl::Time now) const {
  RETURN_IF_ERROR(CheckTransition(status, OrderStatus::kShipped));
  std::map<int32_t, int64_t> units;  // line_id -> units to ship
  if (to_ship.empty()) {
    for (const OrderLine& l : lines) {
      if (l.unshipped() > 0) units[l.line_id] = l.unshipped();
    }
    if (units.empty()) {
      return absl::FailedPreconditionError("every unit of the order is already shipped");
    }
  } else {
    for (size_t i = 0; i < to_ship.size(); ++i) {
      const ShipmentLine& sl = to_ship[i];
      const OrderLine* line = FindLine(sl.line_id);
      if (line == nullptr) {
        return InvalidField(absl::StrCat("lines[", i, "].line_id"),
                            absl::StrCat("the order has no line ", sl.line_id));
      }
      if (sl.quantity < 1) {
        return InvalidField(absl::StrCat("lines[", i, "].quantity"), "must be at least 1");
      }
      if (units.count(sl.line_id) > 0) {
        return InvalidField(absl::StrCat("lines[", i, "].line_id"), "appears twice");
      }
      if (sl.quantity > line->unshipped()) {
        return absl::FailedPreconditionError(absl::StrCat("lines[", i, "].quantity: ", sl.quantity,
                                                          " units requested, ", line->unshipped(),
                                                          " not yet shipped on line ", sl.line_id));
      }
      units[sl.line_id] = sl.quantity;
    }
  }
  OrderTransition t = Touched(*this, now);
  Shipment shipment;
  shipment.order_id = id;
  shipment.carrier = carrier;
  shipment.tracking_number = tracking_number;
  shipment.shipped_at = now;
  std::vector<OrderLine> shipped;  // the units of this shipment, per line
  for (OrderLine& l : t.order.lines) {
    auto it = units.find(l.line_id);
    if (it == units.end()) continue;
    shipment.lines.push_back({l.line_id, it->second});
    l.shipped_quantity += it->second;
    OrderLine part = l;
    part.quantity = it->second;
    shipped.push_back(std::move(part));
  }
  const size_t index = t.order.shipments.size();
  t.order.shipments.push_back(std::move(shipment));
  t.events.push_back(
      ShipmentAdded{index, ByProduct(shipped, [](const OrderLine& l) { return l.quantity; })});
  RETURN_IF_ERROR(Move(t, OrderStatus::kShipped, kSystemActor, "", now, index));
  return t;
}

absl::StatusOr<OrderTransition> Order::Deliver(int64_t shipment_id, absl::Time now) const {
  const Shipment* found = FindShipment(shipment_id);
  if (found == nullptr) {
    return absl::NotFoundError(absl::StrCat("shipment ", shipment_id, " not found"));
  }
  if (found->delivered()) {
    return absl::FailedPreconditionError(
        absl::StrCat("shipment ", shipment_id, " was already delivered"));
  }
  if (status != OrderStatus::kShipped) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "cannot deliver a shipment of an order in %s: only %s orders have shipments on the way",
        StatusName(status), StatusName(OrderStatus::kShipped)));
  }
  OrderTransition t = Touched(*this, now);
  for (Shipment& s : t.order.shipments) {
    if (s.id == shipment_id) s.delivered_at = now;
  }
  t.events.push_back(ShipmentDelivered{shipment_id, now});
  // Delivered only when everything is: every unit shipped and every shipment delivered.
  const bool all_shipped = std::all_of(t.order.lines.begin(), t.order.lines.end(),
                                       [](const OrderLine& l) { return l.unshipped() <= 0; });
  const bool all_delivered = std::all_of(t.order.shipments.begin(), t.order.shipments.end(),
                                         [](const Shipment& s) { return s.delivered(); });
  if (all_shipped && all_delivered) {
    RETURN_IF_ERROR(Move(t, OrderStatus::kDelivered, kSystemActor, "", now));
  }
  return t;
}

absl::StatusOr<OrderTransition> Order::Complete(absl::Time now) const {
  OrderTransition t = Touched(*this, now);
  RETURN_IF_ERROR(Move(t, OrderStatus::kCompleted, kSystemActor, "", now));
  return t;
}

std::vector<LineDiscount> Order::PromotionTotals() const {
  std::vector<LineDiscount> totals;
  std::map<int64_t, size_t> index;
  for (const OrderLine& line : lines) {
    for (const LineDiscount& d : line.discounts) {
      auto [it, inserted] = index.emplace(d.promotion_id, totals.size());
      if (inserted) totals.push_back({d.promotion_id, 0});
      totals[it->second].amount_minor += d.amount_minor;
    }
  }
  return totals;
}

const OrderLine* Order::FindLine(int32_t line_id) const {
  for (const OrderLine& l : lines) {
    if (l.line_id == line_id) return &l;
  }
  return nullptr;
}

const Shipment* Order::FindShipment(int64_t shipment_id) const {
  for (const Shipment& s : shipments) {
    if (s.id == shipment_id) return &s;
  }
  return nullptr;
}

std::string ShipmentReason(int64_t shipment_id) { return absl::StrCat("shipment ", shipment_id); }

void NameShipment(OrderTransition& transition, size_t index, int64_t id) {
  if (index < transition.order.shipments.size()) transition.order.shipments[index].id = id;
  for (OrderEvent& event : transition.events) {
    if (auto* changed = std::get_if<StatusChanged>(&event);
        changed != nullptr && changed->shipment == index) {
      changed->change.reason = ShipmentReason(id);
    }
  }
}

std::optional<int64_t> Order::DaysAfterPromise(absl::Time at) const {
  if (!promised_date.has_value()) return std::nullopt;
  absl::TimeZone zone = absl::UTCTimeZone();
  // A zone name stored with the order always loaded when it was stored; UTC is the fallback
  // of a host without that zone's data.
  if (!delivery_time_zone.empty()) absl::LoadTimeZone(delivery_time_zone, &zone);
  return DaysLate(*promised_date, at, zone);
}

std::optional<int64_t> Order::DeliveryDaysLate() const {
  if (!promised_date.has_value() || shipments.empty()) return std::nullopt;
  for (const OrderLine& line : lines) {
    if (line.unshipped() > 0) return std::nullopt;
  }
  absl::Time last = absl::InfinitePast();
  for (const Shipment& s : shipments) {
    if (!s.delivered()) return std::nullopt;
    last = std::max(last, s.delivered_at);
  }
  return DaysAfterPromise(last);
}

}  // namespace sales::orders::domain
