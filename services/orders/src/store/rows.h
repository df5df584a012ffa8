// Row structs of the orders schema (migrations/V001__orders.sql): plain values as stored,
// enums as their domain types, money as int64 minor units of the deployment currency. An
// order, its lines, credits, status history and shipments are stored as the domain values
// of domain/order.h; the aliases below name them as rows.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "services/orders/src/domain/order.h"
#include "services/orders/src/domain/pricing.h"
#include "services/orders/src/domain/return_status.h"

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
};

struct PriceChangeRow {
  int64_t id = 0;
  int64_t product_id = 0;
  int64_t list_price_minor = 0;
  int64_t unit_cost_minor = 0;
  absl::Time effective_at = absl::InfinitePast();
};

struct StockRow {
  int64_t product_id = 0;
  std::string warehouse;
  int64_t on_hand = 0;
  int64_t reserved = 0;
  absl::Time updated_at = absl::InfinitePast();
  int64_t available() const { return on_hand - reserved; }
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
};

using LineDiscountRow = domain::LineDiscount;
using OrderLineRow = domain::OrderLine;
using CreditRow = domain::CreditShare;
using StatusChangeRow = domain::StatusChange;
using ShipmentLineRow = domain::ShipmentLine;
using ShipmentRow = domain::Shipment;
using OrderRow = domain::Order;

struct ReturnLineRow {
  int32_t line_id = 0;
  int64_t quantity = 0;
  int64_t refund_minor = 0;
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
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();
  std::vector<ReturnLineRow> lines;
};

}  // namespace sales::orders::store
