// Row structs of the orders schema (migrations/V001__orders.sql): plain values as stored,
// enums as their proto numbers, money as int64 minor units of the deployment currency.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"

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
  int kind = 0;  // PromotionKind number
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

struct LineDiscountRow {
  int64_t promotion_id = 0;
  int64_t amount_minor = 0;
};

struct OrderLineRow {
  int32_t line_id = 0;
  int64_t product_id = 0;
  std::string sku;
  std::string category;
  int64_t quantity = 0;
  int64_t unit_price_minor = 0;
  int64_t unit_cost_minor = 0;
  int64_t discount_minor = 0;
  int64_t tax_minor = 0;
  int64_t shipped_quantity = 0;
  int64_t returned_quantity = 0;
  std::vector<LineDiscountRow> discounts;
};

struct CreditRow {
  std::string rep;
  int32_t revenue_share_bp = 0;
};

struct StatusChangeRow {
  int from_status = 0;
  int to_status = 0;
  std::string actor;
  std::string reason;
  absl::Time changed_at = absl::InfinitePast();
};

struct ShipmentLineRow {
  int32_t line_id = 0;
  int64_t quantity = 0;
};

struct ShipmentRow {
  int64_t id = 0;
  int64_t order_id = 0;
  std::string carrier;
  std::string tracking_number;
  absl::Time shipped_at = absl::InfinitePast();
  absl::Time delivered_at = absl::InfinitePast();
  std::vector<ShipmentLineRow> lines;
};

struct OrderRow {
  int64_t id = 0;
  int64_t customer_id = 0;
  int channel = 0;  // Channel number
  std::string region;
  std::string warehouse;
  int status = 0;  // OrderStatus number
  bool requires_approval = false;
  std::string approver;
  int64_t subtotal_minor = 0;
  int64_t discount_minor = 0;
  int64_t tax_minor = 0;
  int64_t total_minor = 0;
  int64_t cost_minor = 0;
  std::string external_ref;
  int64_t replaces_return_id = 0;
  bool imported = false;
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();
  int64_t version = 1;
  std::vector<OrderLineRow> lines;
  std::vector<CreditRow> credits;
  std::vector<std::string> promotion_codes;  // as entered (not stored; pricing input)
};

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
  int status = 0;       // ReturnStatus number
  int disposition = 0;  // Disposition number
  int64_t refund_total_minor = 0;
  int64_t replacement_order_id = 0;
  std::string rejection_reason;  // set when REJECTED
  absl::Time created_at = absl::InfinitePast();
  absl::Time updated_at = absl::InfinitePast();
  std::vector<ReturnLineRow> lines;
};

}  // namespace sales::orders::store
