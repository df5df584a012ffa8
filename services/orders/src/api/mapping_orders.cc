#include "services/orders/src/api/mapping_orders.h"

#include <charconv>
#include <optional>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/orders/src/domain/returns.h"

namespace sales::orders::api {
std::string IdName(std::string_view collection, int64_t id) {
  return absl::StrCat(ToAbsl(collection), "/", id);
}

absl::StatusOr<int64_t> ParseIdName(std::string_view field, std::string_view collection,
                                    std::string_view name) {
  return ParseCollectionName(field, collection, name);
}

std::string OrderName(int64_t id) { return IdName("orders", id); }
std::string ReturnName(int64_t id) { return IdName("returns", id); }
std::string ShipmentName(int64_t order_id, int64_t shipment_id) {
  return absl::StrCat("orders/", order_id, "/shipments/", shipment_id);
}

absl::StatusOr<ShipmentId> ParseShipmentName(std::string_view field, std::string_view name) {
  const size_t mid = name.find("/shipments/");
  if (mid != std::string_view::npos) {
    absl::StatusOr<int64_t> order = ParseIdName(field, "orders", name.substr(0, mid));
    std::optional<int64_t> shipment = ParseResourceId(name.substr(mid + 11));
    if (order.ok() && shipment.has_value()) return ShipmentId{*order, *shipment};
  }
  if (name.empty()) return InvalidField(field, "is required");
  return InvalidField(field, "must look like orders/{id}/shipments/{id}");
}

std::string OrderEtag(int64_t version) { return absl::StrCat("v", version); }

sales::common::v1::Money ToMoney(const std::string& currency, int64_t minor) {
  sales::common::v1::Money m;
  m.set_currency_code(currency);
  m.set_minor_units(minor);
  return m;
}

v1::OrderStatus ToProto(domain::OrderStatus status) { return static_cast<v1::OrderStatus>(status); }
domain::OrderStatus OrderStatusFromProto(v1::OrderStatus status) {
  return static_cast<domain::OrderStatus>(status);
}
v1::Channel ToProto(domain::Channel channel) { return static_cast<v1::Channel>(channel); }
domain::Channel ChannelFromProto(v1::Channel channel) {
  return static_cast<domain::Channel>(channel);
}
v1::ReturnStatus ToProto(domain::ReturnStatus status) {
  return static_cast<v1::ReturnStatus>(status);
}
v1::Disposition ToProto(std::optional<domain::Disposition> disposition) {
  return disposition.has_value() ? static_cast<v1::Disposition>(*disposition)
                                 : v1::DISPOSITION_UNSPECIFIED;
}
domain::Disposition DispositionFromProto(v1::Disposition disposition) {
  return static_cast<domain::Disposition>(disposition);
}

std::string ChannelName(domain::Channel channel) { return v1::Channel_Name(ToProto(channel)); }

v1::SalesCreditKind ToProto(domain::CreditKind kind) {
  return static_cast<v1::SalesCreditKind>(kind);
}
domain::CreditKind CreditKindFromProto(v1::SalesCreditKind kind) {
  return kind == v1::SALES_CREDIT_KIND_OVERLAY ? domain::CreditKind::kOverlay
                                               : domain::CreditKind::kRevenue;
}
std::string CreditKindName(domain::CreditKind kind) {
  return v1::SalesCreditKind_Name(ToProto(kind));
}

v1::Order ToProto(const domain::Order& row, const std::vector<domain::StatusChange>& history,
                  const std::string& currency) {
  v1::Order o;
  o.set_name(OrderName(row.id));
  o.set_customer(IdName("customers", row.customer_id));
  o.set_channel(ToProto(row.channel));
  o.set_region(row.region);
  o.set_warehouse(row.warehouse);
  for (const domain::CreditShare& c : row.credits) {
    v1::SalesCredit* credit = o.add_sales_credits();
    credit->set_rep(c.rep);
    credit->set_revenue_share_bp(c.revenue_share_bp);
    credit->set_kind(ToProto(c.kind));
  }
  for (const domain::OrderLine& l : row.lines) {
    v1::OrderLine* line = o.add_lines();
    line->set_line_id(l.line_id);
    line->set_product(IdName("products", l.product_id));
    line->set_sku(l.sku);
    line->set_category(l.category);
    line->set_quantity(l.quantity);
    *line->mutable_unit_price() = ToMoney(currency, l.unit_price_minor);
    *line->mutable_unit_cost() = ToMoney(currency, l.unit_cost_minor);
    const int64_t subtotal = l.unit_price_minor * l.quantity;
    *line->mutable_subtotal() = ToMoney(currency, subtotal);
    for (const domain::LineDiscount& d : l.discounts) {
      v1::LineDiscount* discount = line->add_discounts();
      discount->set_promotion(IdName("promotions", d.promotion_id));
      *discount->mutable_amount() = ToMoney(currency, d.amount_minor);
    }
    *line->mutable_discount_total() = ToMoney(currency, l.discount_minor);
    *line->mutable_tax() = ToMoney(currency, l.tax_minor);
    *line->mutable_total() = ToMoney(currency, subtotal - l.discount_minor + l.tax_minor);
    *line->mutable_cost() = ToMoney(currency, l.unit_cost_minor * l.quantity);
    line->set_shipped_quantity(l.shipped_quantity);
    line->set_returned_quantity(l.returned_quantity);
  }
  for (const std::string& code : row.promotion_codes) o.add_promotion_codes(code);
  for (const domain::LineDiscount& p : row.PromotionTotals()) {
    v1::LineDiscount* applied = o.add_applied_promotions();
    applied->set_promotion(IdName("promotions", p.promotion_id));
    *applied->mutable_amount() = ToMoney(currency, p.amount_minor);
  }
  *o.mutable_subtotal() = ToMoney(currency, row.subtotal_minor);
  *o.mutable_discount_total() = ToMoney(currency, row.discount_minor);
  *o.mutable_tax_total() = ToMoney(currency, row.tax_minor);
  *o.mutable_total() = ToMoney(currency, row.total_minor);
  *o.mutable_cost_total() = ToMoney(currency, row.cost_minor);
  *o.mutable_margin() = ToMoney(currency, row.total_minor - row.tax_minor - row.cost_minor);
  o.set_status(ToProto(row.status));
  o.set_requires_approval(row.requires_approval);
  o.set_approver(row.approver);
  for (const domain::StatusChange& h : history) {
    v1::StatusChange* change = o.add_status_history();
    change->set_from_status(h.from_status.has_value() ? ToProto(*h.from_status)
                                                      : v1::ORDER_STATUS_UNSPECIFIED);
    change->set_to_status(ToProto(h.to_status));
    SetProtoTime(h.changed_at, change->mutable_change_time());
    change->set_actor(h.actor);
    change->set_reason(h.reason);
  }
  for (const domain::Shipment& s : row.shipments) {
    v1::Shipment* shipment = o.add_shipments();
    shipment->set_name(ShipmentName(row.id, s.id));
    shipment->set_carrier(s.carrier);
    shipment->set_tracking_number(s.tracking_number);
    for (const domain::ShipmentLine& sl : s.lines) {
      v1::ShipmentLine* line = shipment->add_lines();
      line->set_line_id(sl.line_id);
      line->set_quantity(sl.quantity);
    }
    SetProtoTime(s.shipped_at, shipment->mutable_ship_time());
    shipment->set_ship_days_late(
        static_cast<int32_t>(row.DaysAfterPromise(s.shipped_at).value_or(0)));
    if (s.delivered()) {
      SetProtoTime(s.delivered_at, shipment->mutable_delivery_time());
      shipment->set_delivery_days_late(
          static_cast<int32_t>(row.DaysAfterPromise(s.delivered_at).value_or(0)));
    }
  }
  if (row.delivery_option != domain::DeliveryOption::kNone) {
    v1::DeliveryPromise* d = o.mutable_delivery();
    d->set_option(static_cast<v1::DeliveryOption>(row.delivery_option));
    if (row.delivery_option == domain::DeliveryOption::kScheduled && row.promised_date) {
      d->set_scheduled_date(domain::FormatDate(*row.promised_date));
    }
    if (row.promised_date) d->set_promised_date(domain::FormatDate(*row.promised_date));
    d->set_time_zone(row.delivery_time_zone);
    if (const std::optional<int64_t> late = row.DeliveryDaysLate(); late.has_value()) {
      d->set_punctuality(*late > 0 ? v1::DELIVERY_PUNCTUALITY_LATE
                                   : v1::DELIVERY_PUNCTUALITY_ON_TIME);
      d->set_days_late(static_cast<int32_t>(*late));
    }
  }
  o.set_customer_tier(row.customer_tier);
  o.set_external_ref(row.external_ref);
  if (row.replaces_return_id != 0) o.set_replaces_return(ReturnName(row.replaces_return_id));
  SetProtoTime(row.created_at, o.mutable_create_time());
  SetProtoTime(row.updated_at, o.mutable_update_time());
  o.set_etag(OrderEtag(row.version));
  return o;
}

v1::Return ToProto(const store::ReturnRow& row, const std::string& currency) {
  v1::Return r;
  r.set_name(ReturnName(row.id));
  r.set_order(OrderName(row.order_id));
  for (const store::ReturnLineRow& l : row.lines) {
    v1::ReturnLine* line = r.add_lines();
    line->set_line_id(l.line_id);
    line->set_quantity(l.quantity);
    *line->mutable_refund() = ToMoney(currency, row.exchange ? 0 : l.refund_minor);
  }
  r.set_reason(row.reason);
  r.set_exchange(row.exchange);
  r.set_status(ToProto(row.status));
  r.set_disposition(ToProto(row.disposition));
  *r.mutable_refund_total() = ToMoney(currency, row.refund_total_minor);
  if (row.replacement_order_id != 0) r.set_replacement_order(OrderName(row.replacement_order_id));
  r.set_rejection_reason(row.rejection_reason);
  r.set_imported(row.imported);
  r.set_external_ref(row.external_ref);
  SetProtoTime(row.created_at, r.mutable_create_time());
  SetProtoTime(row.updated_at, r.mutable_update_time());
  return r;
}

events::v1::OrderSnapshot ToSnapshot(const domain::Order& row, const std::string& currency) {
  events::v1::OrderSnapshot s;
  s.set_order(OrderName(row.id));
  s.set_customer(IdName("customers", row.customer_id));
  s.set_channel(ChannelName(row.channel));
  s.set_region(row.region);
  s.set_warehouse(row.warehouse);
  s.set_currency_code(currency);
  for (const domain::CreditShare& c : row.credits) {
    events::v1::CreditShare* share = s.add_credits();
    share->set_rep(c.rep);
    share->set_revenue_share_bp(c.revenue_share_bp);
    share->set_kind(CreditKindName(c.kind));
  }
  for (const domain::OrderLine& l : row.lines) {
    events::v1::LineSnapshot* line = s.add_lines();
    line->set_line_id(l.line_id);
    line->set_product(IdName("products", l.product_id));
    line->set_sku(l.sku);
    line->set_category(l.category);
    line->set_quantity(l.quantity);
    line->set_unit_price_minor(l.unit_price_minor);
    line->set_unit_cost_minor(l.unit_cost_minor);
    const int64_t subtotal = l.unit_price_minor * l.quantity;
    line->set_subtotal_minor(subtotal);
    line->set_discount_minor(l.discount_minor);
    line->set_tax_minor(l.tax_minor);
    line->set_total_minor(subtotal - l.discount_minor + l.tax_minor);
    line->set_cost_minor(l.unit_cost_minor * l.quantity);
  }
  for (const domain::LineDiscount& p : row.PromotionTotals()) {
    events::v1::PromotionUse* use = s.add_promotions();
    use->set_promotion(IdName("promotions", p.promotion_id));
    use->set_discount_minor(p.amount_minor);
  }
  s.set_subtotal_minor(row.subtotal_minor);
  s.set_discount_minor(row.discount_minor);
  s.set_tax_minor(row.tax_minor);
  s.set_total_minor(row.total_minor);
  s.set_cost_minor(row.cost_minor);
  s.set_status(std::string(domain::StatusName(row.status)));
  SetProtoTime(row.created_at, s.mutable_create_time());
  s.set_imported(row.imported);
  if (row.delivery_option != domain::DeliveryOption::kNone) {
    s.set_delivery_option(
        v1::DeliveryOption_Name(static_cast<v1::DeliveryOption>(row.delivery_option)));
    if (row.promised_date) s.set_promised_date(domain::FormatDate(*row.promised_date));
    s.set_delivery_time_zone(row.delivery_time_zone);
    if (const std::optional<int64_t> late = row.DeliveryDaysLate(); late.has_value()) {
      s.set_delivery_punctuality(v1::DeliveryPunctuality_Name(
          *late > 0 ? v1::DELIVERY_PUNCTUALITY_LATE : v1::DELIVERY_PUNCTUALITY_ON_TIME));
      s.set_delivery_days_late(static_cast<int32_t>(*late));
    }
  }
  s.set_customer_tier(row.customer_tier);
  return s;
}

events::v1::Event OrderPlacedEvent(const domain::Order& order, const domain::OrderPlaced& placed,
                                   const std::string& currency) {
  events::v1::Event event;
  event.set_aggregate(OrderName(order.id));
  events::v1::OrderSnapshot* snapshot = event.mutable_order_placed()->mutable_order();
  *snapshot = ToSnapshot(order, currency);
  snapshot->set_status(std::string(domain::StatusName(placed.change.to_status)));
  return event;
}

events::v1::Event ReturnResolvedEvent(const domain::Order& order, const store::ReturnRow& ret,
                                      const std::map<int32_t, int64_t>& before,
                                      const std::string& currency) {
  events::v1::Event event;
  event.set_aggregate(ReturnName(ret.id));
  events::v1::ReturnResolved* resolved = event.mutable_return_resolved();
  resolved->set_return_name(ReturnName(ret.id));
  resolved->set_order(OrderName(order.id));
  resolved->set_customer(IdName("customers", order.customer_id));
  resolved->set_currency_code(currency);
  for (const store::ReturnLineRow& rl : ret.lines) {
    const domain::OrderLine* ol = order.FindLine(rl.line_id);
    if (ol == nullptr) continue;
    auto it = before.find(rl.line_id);
    const int64_t earlier = it == before.end() ? 0 : it->second;
    events::v1::RefundLine* line = resolved->add_lines();
    line->set_line_id(rl.line_id);
    line->set_product(IdName("products", ol->product_id));
    line->set_category(ol->category);
    line->set_quantity(rl.quantity);
    const int64_t refund = ret.exchange ? 0 : rl.refund_minor;
    const int64_t tax =
        ret.exchange ? 0
                     : domain::RefundTaxFor(domain::Charged(*ol, earlier), earlier, rl.quantity);
    line->set_refund_minor(refund);
    line->set_net_minor(refund - tax);
    line->set_cost_minor(ol->unit_cost_minor * rl.quantity);
  }
  resolved->set_refund_total_minor(ret.refund_total_minor);
  resolved->set_disposition(v1::Disposition_Name(ToProto(ret.disposition)));
  resolved->set_exchange(ret.exchange);
  if (ret.replacement_order_id != 0) {
    resolved->set_replacement_order(OrderName(ret.replacement_order_id));
  }
  for (const domain::CreditShare& c : order.credits) {
    events::v1::CreditShare* share = resolved->add_credits();
    share->set_rep(c.rep);
    share->set_revenue_share_bp(c.revenue_share_bp);
    share->set_kind(CreditKindName(c.kind));
  }
  resolved->set_region(order.region);
  resolved->set_channel(ChannelName(order.channel));
  SetProtoTime(ret.updated_at, resolved->mutable_resolve_time());
  resolved->set_imported(ret.imported);
  return event;
}

events::v1::Event OrderStatusChangedEvent(const domain::Order& order,
                                          const domain::StatusChange& change,
                                          const std::string& currency) {
  events::v1::Event event;
  event.set_aggregate(OrderName(order.id));
  events::v1::OrderStatusChanged* changed = event.mutable_order_status_changed();
  *changed->mutable_order() = ToSnapshot(order, currency);
  changed->set_from_status(change.from_status.has_value()
                               ? std::string(domain::StatusName(*change.from_status))
                               : v1::OrderStatus_Name(v1::ORDER_STATUS_UNSPECIFIED));
  changed->set_to_status(std::string(domain::StatusName(change.to_status)));
  changed->set_actor(change.actor);
  changed->set_reason(change.reason);
  *changed->mutable_change_time() = ToProtoTime(change.changed_at);
  return event;
}

}  // namespace sales::orders::api
