#include "services/orders/src/api/mapping_orders.h"

#include <charconv>
#include <map>
#include <optional>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"

namespace sales::orders::api {
namespace {

// Per promotion, in order of first appearance, what it took off the whole order.
std::vector<store::LineDiscountRow> PromotionTotals(const store::OrderRow& row) {
  std::vector<store::LineDiscountRow> totals;
  std::map<int64_t, size_t> index;
  for (const store::OrderLineRow& line : row.lines) {
    for (const store::LineDiscountRow& d : line.discounts) {
      auto [it, inserted] = index.emplace(d.promotion_id, totals.size());
      if (inserted) totals.push_back({d.promotion_id, 0});
      totals[it->second].amount_minor += d.amount_minor;
    }
  }
  return totals;
}

}  // namespace

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

std::string OrderStatusName(int status) {
  return v1::OrderStatus_Name(static_cast<v1::OrderStatus>(status));
}

std::string ChannelName(int channel) { return v1::Channel_Name(static_cast<v1::Channel>(channel)); }

v1::Order ToProto(const store::OrderRow& row, const std::vector<store::StatusChangeRow>& history,
                  const std::vector<store::ShipmentRow>& shipments, const std::string& currency) {
  v1::Order o;
  o.set_name(OrderName(row.id));
  o.set_customer(IdName("customers", row.customer_id));
  o.set_channel(static_cast<v1::Channel>(row.channel));
  o.set_region(row.region);
  o.set_warehouse(row.warehouse);
  for (const store::CreditRow& c : row.credits) {
    v1::SalesCredit* credit = o.add_sales_credits();
    credit->set_rep(c.rep);
    credit->set_revenue_share_bp(c.revenue_share_bp);
  }
  for (const store::OrderLineRow& l : row.lines) {
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
    for (const store::LineDiscountRow& d : l.discounts) {
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
  for (const store::LineDiscountRow& p : PromotionTotals(row)) {
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
  o.set_status(static_cast<v1::OrderStatus>(row.status));
  o.set_requires_approval(row.requires_approval);
  o.set_approver(row.approver);
  for (const store::StatusChangeRow& h : history) {
    v1::StatusChange* change = o.add_status_history();
    change->set_from_status(static_cast<v1::OrderStatus>(h.from_status));
    change->set_to_status(static_cast<v1::OrderStatus>(h.to_status));
    SetProtoTime(h.changed_at, change->mutable_change_time());
    change->set_actor(h.actor);
    change->set_reason(h.reason);
  }
  for (const store::ShipmentRow& s : shipments) {
    v1::Shipment* shipment = o.add_shipments();
    shipment->set_name(ShipmentName(row.id, s.id));
    shipment->set_carrier(s.carrier);
    shipment->set_tracking_number(s.tracking_number);
    for (const store::ShipmentLineRow& sl : s.lines) {
      v1::ShipmentLine* line = shipment->add_lines();
      line->set_line_id(sl.line_id);
      line->set_quantity(sl.quantity);
    }
    SetProtoTime(s.shipped_at, shipment->mutable_ship_time());
    if (s.delivered_at != absl::InfinitePast()) {
      SetProtoTime(s.delivered_at, shipment->mutable_delivery_time());
    }
  }
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
  r.set_status(static_cast<v1::ReturnStatus>(row.status));
  r.set_disposition(static_cast<v1::Disposition>(row.disposition));
  *r.mutable_refund_total() = ToMoney(currency, row.refund_total_minor);
  if (row.replacement_order_id != 0) r.set_replacement_order(OrderName(row.replacement_order_id));
  r.set_rejection_reason(row.rejection_reason);
  SetProtoTime(row.created_at, r.mutable_create_time());
  SetProtoTime(row.updated_at, r.mutable_update_time());
  return r;
}

events::v1::OrderSnapshot ToSnapshot(const store::OrderRow& row, const std::string& currency) {
  events::v1::OrderSnapshot s;
  s.set_order(OrderName(row.id));
  s.set_customer(IdName("customers", row.customer_id));
  s.set_channel(ChannelName(row.channel));
  s.set_region(row.region);
  s.set_warehouse(row.warehouse);
  s.set_currency_code(currency);
  for (const store::CreditRow& c : row.credits) {
    events::v1::CreditShare* share = s.add_credits();
    share->set_rep(c.rep);
    share->set_revenue_share_bp(c.revenue_share_bp);
  }
  for (const store::OrderLineRow& l : row.lines) {
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
  for (const store::LineDiscountRow& p : PromotionTotals(row)) {
    events::v1::PromotionUse* use = s.add_promotions();
    use->set_promotion(IdName("promotions", p.promotion_id));
    use->set_discount_minor(p.amount_minor);
  }
  s.set_subtotal_minor(row.subtotal_minor);
  s.set_discount_minor(row.discount_minor);
  s.set_tax_minor(row.tax_minor);
  s.set_total_minor(row.total_minor);
  s.set_cost_minor(row.cost_minor);
  s.set_status(OrderStatusName(row.status));
  SetProtoTime(row.created_at, s.mutable_create_time());
  s.set_imported(row.imported);
  return s;
}

}  // namespace sales::orders::api
