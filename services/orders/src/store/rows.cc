#include "services/orders/src/store/rows.h"

namespace sales::orders::store {

ProductRow ProductRow::Read(const db::RowReader& r) {
  ProductRow row;
  row.id = r.Int64("id");
  row.sku = r.String("sku");
  row.display_name = r.String("display_name");
  row.category = r.String("category");
  row.unit = r.String("unit");
  row.list_price_minor = r.Int64("list_price_minor");
  row.unit_cost_minor = r.Int64("unit_cost_minor");
  row.active = r.Bool("active");
  row.reorder_point = r.Int64("reorder_point");
  row.created_at = r.Time("created_at");
  row.updated_at = r.Time("updated_at");
  row.version = r.Int64("version");
  row.reservation.min_tier = r.StringOrEmpty("reserved_min_tier");
  row.reservation.starts_at = r.TimeOrUnset("reserved_from");
  row.reservation.ends_at = r.TimeOrUnset("reserved_until");
  return row;
}

void ProductRow::Bind(db::ParamWriter& p) const {
  p.Add(sku)
      .Add(display_name)
      .Add(category)
      .Add(unit)
      .Add(list_price_minor)
      .Add(unit_cost_minor)
      .Add(active)
      .Add(reorder_point)
      .Add(created_at)
      .Add(updated_at)
      .Add(version);
}

PriceChangeRow PriceChangeRow::Read(const db::RowReader& r) {
  PriceChangeRow row;
  row.id = r.Int64("id");
  row.product_id = r.Int64("product_id");
  row.list_price_minor = r.Int64("list_price_minor");
  row.unit_cost_minor = r.Int64("unit_cost_minor");
  row.effective_at = r.Time("effective_at");
  return row;
}

StockRow StockRow::Read(const db::RowReader& r) {
  StockRow row;
  row.product_id = r.Int64("product_id");
  row.warehouse = r.String("warehouse");
  row.on_hand = r.Int64("on_hand");
  row.reserved = r.Int64("reserved");
  row.updated_at = r.Time("updated_at");
  return row;
}

PromotionRow PromotionRow::Read(const db::RowReader& r) {
  PromotionRow row;
  row.id = r.Int64("id");
  row.code = r.StringOrEmpty("code");
  row.display_name = r.String("display_name");
  row.kind = r.Enum<domain::PromotionKind>("kind");
  row.percent_off_bp = r.Int32("percent_off_bp");
  row.amount_off_minor = r.Int64("amount_off_minor");
  row.buy_quantity = r.Int32("buy_quantity");
  row.free_quantity = r.Int32("free_quantity");
  row.threshold_minor = r.Int64("threshold_minor");
  row.automatic = r.Bool("automatic");
  row.starts_at = r.Time("starts_at");
  row.ends_at = r.Time("ends_at");
  row.exclusive = r.Bool("exclusive");
  row.usage_limit_total = r.Int64("usage_limit_total");
  row.usage_limit_per_customer = r.Int64("usage_limit_per_customer");
  row.used_count = r.Int64("used_count");
  row.created_at = r.Time("created_at");
  row.min_tier = r.StringOrEmpty("min_tier");
  return row;
}

void PromotionRow::Bind(db::ParamWriter& p) const {
  p.Add(db::NullIfEmpty(code))
      .Add(display_name)
      .Add(kind)
      .Add(percent_off_bp)
      .Add(amount_off_minor)
      .Add(buy_quantity)
      .Add(free_quantity)
      .Add(threshold_minor)
      .Add(automatic)
      .Add(starts_at)
      .Add(ends_at)
      .Add(exclusive)
      .Add(usage_limit_total)
      .Add(usage_limit_per_customer)
      .Add(created_at);
}

ReturnLineRow ReturnLineRow::Read(const db::RowReader& r) {
  return {r.Int32("line_id"), r.Int64("quantity"), r.Int64("refund_minor")};
}

void ReturnLineRow::Bind(db::ParamWriter& p) const {
  p.Add(line_id).Add(quantity).Add(refund_minor);
}

ReturnRow ReturnRow::Read(const db::RowReader& r) {
  ReturnRow row;
  row.id = r.Int64("id");
  row.order_id = r.Int64("order_id");
  row.reason = r.String("reason");
  row.exchange = r.Bool("exchange");
  row.status = r.Enum<domain::ReturnStatus>("status");
  row.disposition = r.OptionalEnum<domain::Disposition>("disposition");
  row.refund_total_minor = r.Int64("refund_total_minor");
  row.replacement_order_id = r.Int64OrZero("replacement_order_id");
  row.rejection_reason = r.StringOrEmpty("rejection_reason");
  row.imported = r.Bool("imported");
  row.external_ref = r.StringOrEmpty("external_ref");
  row.created_at = r.Time("created_at");
  row.updated_at = r.Time("updated_at");
  return row;
}

void ReturnRow::Bind(db::ParamWriter& p) const {
  p.Add(order_id)
      .Add(reason)
      .Add(exchange)
      .Add(status)
      .Add(disposition)
      .Add(refund_total_minor)
      .Add(db::NullIfZero(replacement_order_id))
      .Add(imported)
      .Add(db::NullIfEmpty(external_ref))
      .Add(created_at)
      .Add(updated_at);
}

OrderRow ReadOrder(const db::RowReader& r) {
  OrderRow row;
  row.id = r.Int64("id");
  row.customer_id = r.Int64("customer_id");
  row.channel = r.Enum<domain::Channel>("channel");
  row.region = r.String("region");
  row.warehouse = r.String("warehouse");
  row.status = r.Enum<domain::OrderStatus>("status");
  row.requires_approval = r.Bool("requires_approval");
  row.approver = r.StringOrEmpty("approver");
  row.subtotal_minor = r.Int64("subtotal_minor");
  row.discount_minor = r.Int64("discount_minor");
  row.tax_minor = r.Int64("tax_minor");
  row.total_minor = r.Int64("total_minor");
  row.cost_minor = r.Int64("cost_minor");
  row.external_ref = r.StringOrEmpty("external_ref");
  row.replaces_return_id = r.Int64OrZero("replaces_return_id");
  row.imported = r.Bool("imported");
  row.created_at = r.Time("created_at");
  row.updated_at = r.Time("updated_at");
  row.version = r.Int64("version");
  const int64_t option = r.Int64OrZero("delivery_option");
  if (option >= 1 && option <= 3) row.delivery_option = static_cast<domain::DeliveryOption>(option);
  const std::string promised = r.StringOrEmpty("promised_date");
  absl::CivilDay day;
  if (!promised.empty() && absl::ParseCivilTime(promised, &day)) row.promised_date = day;
  row.delivery_time_zone = r.StringOrEmpty("delivery_time_zone");
  row.customer_tier = r.StringOrEmpty("customer_tier");
  return row;
}

OrderLineRow ReadOrderLine(const db::RowReader& r) {
  OrderLineRow line;
  line.line_id = r.Int32("line_id");
  line.product_id = r.Int64("product_id");
  line.sku = r.String("sku");
  line.category = r.String("category");
  line.quantity = r.Int64("quantity");
  line.unit_price_minor = r.Int64("unit_price_minor");
  line.unit_cost_minor = r.Int64("unit_cost_minor");
  line.discount_minor = r.Int64("discount_minor");
  line.tax_minor = r.Int64("tax_minor");
  line.shipped_quantity = r.Int64("shipped_quantity");
  line.returned_quantity = r.Int64("returned_quantity");
  return line;
}

LineDiscountRow ReadLineDiscount(const db::RowReader& r) {
  return {r.Int64("promotion_id"), r.Int64("amount_minor")};
}

CreditRow ReadCredit(const db::RowReader& r) {
  return {r.String("rep"), r.Int32("revenue_share_bp"), r.Enum<domain::CreditKind>("kind")};
}

StatusChangeRow ReadStatusChange(const db::RowReader& r) {
  StatusChangeRow row;
  row.from_status = r.OptionalEnum<domain::OrderStatus>("from_status");
  row.to_status = r.Enum<domain::OrderStatus>("to_status");
  row.actor = r.String("actor");
  row.reason = r.StringOrEmpty("reason");
  row.changed_at = r.Time("changed_at");
  return row;
}

ShipmentRow ReadShipment(const db::RowReader& r) {
  ShipmentRow row;
  row.id = r.Int64("id");
  row.order_id = r.Int64("order_id");
  row.carrier = r.String("carrier");
  row.tracking_number = r.String("tracking_number");
  row.shipped_at = r.Time("shipped_at");
  row.delivered_at = r.TimeOrUnset("delivered_at");
  return row;
}

ShipmentLineRow ReadShipmentLine(const db::RowReader& r) {
  return {r.Int32("line_id"), r.Int64("quantity")};
}

}  // namespace sales::orders::store
