// Row structs of the orders schema (migrations/V001__orders.sql): plain values as stored,
// enums as their domain types, money as int64 minor units of the deployment currency. An
// order, its lines, credits, status history and shipments are stored as the domain values
// of domain/order.h; the aliases below name them as rows.
//
// Each row maps itself once (common/db/row_mapping.h): `Read` from a SELECT of its table's
// columns (by name), `Bind` to the placeholders of its INSERT in that statement's column
// order; domain values, which know nothing of SQL, are read by the Read* functions below.
// Enums are stored as their numbers and read back through db::EnumColumn (end of this
// file), which refuses a number the enum does not know. Definitions in rows.cc.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/row_mapping.h"
#include "services/orders/src/domain/member_privileges.h"
#include "services/orders/src/domain/order.h"
#include "services/orders/src/domain/order_status.h"
#include "services/orders/src/domain/pricing.h"
#include "services/orders/src/domain/return_status.h"
#include "services/orders/src/domain/stock_movement.h"

namespace sales::orders::store {

struct ProductRow {
  int64_t id = 0;
  std::string sku;
  std::string display_name;
  std::string category;
  std::string unit;
  int64_t list_price_minor = 0;
  int64_t unit_cost_minor = 0;
  bool active = true;
  int64_t reorder_point = 0;
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();
  int64_t version = 1;
  domain::TierReservation reservation;  // min_tier empty: not reserved

  // Reads the columns of products (the reservation from reserved_*).
  static ProductRow Read(const db::RowReader& r);
  // sku, display_name, category, unit, list_price_minor, unit_cost_minor, active,
  // reorder_point, created_at, updated_at, version.
  void Bind(db::ParamWriter& p) const;
};

struct PriceChangeRow {
  int64_t id = 0;
  int64_t product_id = 0;
  int64_t list_price_minor = 0;
  int64_t unit_cost_minor = 0;
  absl::Time effective_at = absl::InfinitePast();

  static PriceChangeRow Read(const db::RowReader& r);
};

struct StockRow {
  int64_t product_id = 0;
  std::string warehouse;
  int64_t on_hand = 0;
  int64_t reserved = 0;
  absl::Time updated_at = absl::InfinitePast();
  int64_t available() const { return on_hand - reserved; }

  static StockRow Read(const db::RowReader& r);
};

struct PromotionRow {
  int64_t id = 0;
  std::string code;  // empty for automatic promotions
  std::string display_name;
  domain::PromotionKind kind = domain::PromotionKind::kPercentOff;
  int32_t percent_off_bp = 0;
  int64_t amount_off_minor = 0;
  int32_t buy_quantity = 0;
  int32_t free_quantity = 0;
  int64_t threshold_minor = 0;
  bool automatic = false;
  absl::Time starts_at = absl::InfinitePast();
  absl::Time ends_at = absl::InfinitePast();
  bool exclusive = false;
  int64_t usage_limit_total = 0;
  int64_t usage_limit_per_customer = 0;
  int64_t used_count = 0;
  std::vector<int64_t> product_ids;  // eligibility: empty with empty categories = all
  std::vector<std::string> categories;
  absl::Time created_at = absl::InfinitePast();
  std::string min_tier;  // only this tier and up; empty: everyone

  // Reads the columns of promotions; product_ids and categories (promotion_targets) stay
  // empty.
  static PromotionRow Read(const db::RowReader& r);
  // code, display_name, kind, percent_off_bp, amount_off_minor, buy_quantity, free_quantity,
  // threshold_minor, automatic, starts_at, ends_at, exclusive, usage_limit_total,
  // usage_limit_per_customer, created_at (an empty code as NULL).
  void Bind(db::ParamWriter& p) const;
};

using LineDiscountRow = domain::LineDiscount;
using OrderLineRow = domain::OrderLine;
using CreditRow = domain::CreditShare;
using StatusChangeRow = domain::StatusChange;
using ShipmentLineRow = domain::ShipmentLine;
using ShipmentRow = domain::Shipment;
using OrderRow = domain::Order;

// Readers of the domain values stored as rows.
// The columns of orders; lines, credits, codes and shipments stay empty.
OrderRow ReadOrder(const db::RowReader& r);
// The columns of order_lines; `discounts` stay empty.
OrderLineRow ReadOrderLine(const db::RowReader& r);
// promotion_id, amount_minor of order_line_discounts.
LineDiscountRow ReadLineDiscount(const db::RowReader& r);
// rep, revenue_share_bp, kind of order_credits.
CreditRow ReadCredit(const db::RowReader& r);
// from_status (0: the creation row), to_status, actor, reason, changed_at.
StatusChangeRow ReadStatusChange(const db::RowReader& r);
// The columns of shipments (delivered_at NULL until delivered); `lines` stay empty.
ShipmentRow ReadShipment(const db::RowReader& r);
// line_id, quantity of shipment_lines.
ShipmentLineRow ReadShipmentLine(const db::RowReader& r);

struct ReturnLineRow {
  int32_t line_id = 0;
  int64_t quantity = 0;
  int64_t refund_minor = 0;

  static ReturnLineRow Read(const db::RowReader& r);
  // line_id, quantity, refund_minor (after the return_id the caller binds).
  void Bind(db::ParamWriter& p) const;
};

struct ReturnRow {
  int64_t id = 0;
  int64_t order_id = 0;
  std::string reason;
  bool exchange = false;
  domain::ReturnStatus status = domain::ReturnStatus::kRequested;
  std::optional<domain::Disposition> disposition;  // set when RESOLVED
  int64_t refund_total_minor = 0;
  int64_t replacement_order_id = 0;
  std::string rejection_reason;  // set when REJECTED
  bool imported = false;         // came in through ImportOrders
  std::string external_ref;      // the legacy system's id of an imported return, or empty
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();
  std::vector<ReturnLineRow> lines;

  // Reads the columns of order_returns; `lines` stay empty.
  static ReturnRow Read(const db::RowReader& r);
  // order_id, reason, exchange, status, disposition, refund_total_minor,
  // replacement_order_id, imported, external_ref, created_at, updated_at (no disposition as
  // 0, no replacement and no external_ref as NULL).
  void Bind(db::ParamWriter& p) const;
};

}  // namespace sales::orders::store

namespace sales::db {

// How the orders schema stores its enums: as their proto numbers. 0 (*_UNSPECIFIED) stands
// for "none" where a column is optional (an order's first status change has no from_status,
// a return no disposition until resolved); RowReader::OptionalEnum reads it as nullopt.
template <>
struct EnumColumn<orders::domain::PromotionKind>
    : DenseEnumColumn<orders::domain::PromotionKind, 1, 4> {
  static constexpr std::string_view kName = "PromotionKind";
};
template <>
struct EnumColumn<orders::domain::OrderStatus>
    : DenseEnumColumn<orders::domain::OrderStatus, 1, 7> {
  static constexpr std::string_view kName = "OrderStatus";
};
template <>
struct EnumColumn<orders::domain::Channel> : DenseEnumColumn<orders::domain::Channel, 1, 4> {
  static constexpr std::string_view kName = "Channel";
};
template <>
struct EnumColumn<orders::domain::ReturnStatus>
    : DenseEnumColumn<orders::domain::ReturnStatus, 1, 4> {
  static constexpr std::string_view kName = "ReturnStatus";
};
template <>
struct EnumColumn<orders::domain::Disposition>
    : DenseEnumColumn<orders::domain::Disposition, 1, 2> {
  static constexpr std::string_view kName = "Disposition";
};
template <>
struct EnumColumn<orders::domain::CreditKind> : DenseEnumColumn<orders::domain::CreditKind, 1, 2> {
  static constexpr std::string_view kName = "CreditKind";
};
template <>
struct EnumColumn<orders::domain::StockMovementKind>
    : DenseEnumColumn<orders::domain::StockMovementKind, 1, orders::domain::kMaxStockMovementKind> {
  static constexpr std::string_view kName = "StockMovementKind";
};

}  // namespace sales::db
