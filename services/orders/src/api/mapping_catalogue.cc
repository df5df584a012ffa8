#include "services/orders/src/api/mapping_catalogue.h"

#include "common/text.h"

#include <charconv>
#include <optional>
#include <system_error>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/absl_compat.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"

namespace sales::orders::api {
namespace {

sales::common::v1::Money Money(const std::string& currency, int64_t minor) {
  sales::common::v1::Money m;
  m.set_currency_code(currency);
  m.set_minor_units(minor);
  return m;
}

}  // namespace

std::string ProductName(int64_t id) { return absl::StrCat("products/", id); }
std::string PromotionName(int64_t id) { return absl::StrCat("promotions/", id); }

absl::StatusOr<int64_t> ParseProductName(std::string_view field, std::string_view name) {
  return ParseCollectionName(field, "products", name);
}

absl::StatusOr<int64_t> ParsePromotionName(std::string_view field, std::string_view name) {
  return ParseCollectionName(field, "promotions", name);
}

std::string ProductEtag(int64_t version) { return absl::StrCat("v", version); }

v1::Product ToProto(const store::ProductRow& row, const std::string& currency) {
  v1::Product p;
  p.set_name(ProductName(row.id));
  p.set_sku(row.sku);
  p.set_display_name(row.display_name);
  p.set_category(row.category);
  p.set_unit(row.unit);
  *p.mutable_list_price() = Money(currency, row.list_price_minor);
  *p.mutable_unit_cost() = Money(currency, row.unit_cost_minor);
  p.set_active(row.active);
  p.set_reorder_point(row.reorder_point);
  SetProtoTime(row.created_at, p.mutable_create_time());
  SetProtoTime(row.updated_at, p.mutable_update_time());
  p.set_etag(ProductEtag(row.version));
  if (!row.reservation.min_tier.empty()) {
    v1::TierReservation* r = p.mutable_tier_reservation();
    r->set_min_tier(row.reservation.min_tier);
    SetProtoTime(row.reservation.starts_at, r->mutable_start_time());
    SetProtoTime(row.reservation.ends_at, r->mutable_end_time());
  }
  return p;
}

v1::PriceChange ToProto(const store::PriceChangeRow& row, const std::string& currency) {
  v1::PriceChange c;
  *c.mutable_list_price() = Money(currency, row.list_price_minor);
  *c.mutable_unit_cost() = Money(currency, row.unit_cost_minor);
  SetProtoTime(row.effective_at, c.mutable_effective_time());
  return c;
}

v1::Promotion ToProto(const store::PromotionRow& row, const std::string& currency) {
  v1::Promotion p;
  p.set_name(PromotionName(row.id));
  p.set_code(row.code);
  p.set_display_name(row.display_name);
  p.set_kind(static_cast<v1::PromotionKind>(row.kind));
  p.set_percent_off_bp(row.percent_off_bp);
  if (row.amount_off_minor != 0) *p.mutable_amount_off() = Money(currency, row.amount_off_minor);
  p.set_buy_quantity(row.buy_quantity);
  p.set_free_quantity(row.free_quantity);
  if (row.threshold_minor != 0) *p.mutable_threshold() = Money(currency, row.threshold_minor);
  p.set_automatic(row.automatic);
  SetProtoTime(row.starts_at, p.mutable_start_time());
  SetProtoTime(row.ends_at, p.mutable_end_time());
  for (int64_t id : row.product_ids) p.add_products(ProductName(id));
  for (const std::string& category : row.categories) p.add_categories(category);
  p.set_exclusive(row.exclusive);
  p.set_usage_limit_total(row.usage_limit_total);
  p.set_usage_limit_per_customer(row.usage_limit_per_customer);
  p.set_used_count(row.used_count);
  SetProtoTime(row.created_at, p.mutable_create_time());
  p.set_etag(PromotionEtag(row));
  p.set_min_tier(row.min_tier);
  return p;
}

std::string PromotionEtag(const store::PromotionRow& row) {
  // FNV-1a (64 bits) over the values, each followed by a separator byte that text cannot
  // hold, so that ("ab", "c") and ("a", "bc") differ.
  uint64_t hash = 14695981039346656037ULL;
  const auto mix = [&hash](std::string_view bytes) {
    for (unsigned char c : bytes) {
      hash ^= c;
      hash *= 1099511628211ULL;
    }
    hash ^= 0xff;
    hash *= 1099511628211ULL;
  };
  mix(row.display_name);
  mix(absl::StrCat(absl::ToUnixMicros(row.ends_at)));
  mix(absl::StrCat(row.usage_limit_total));
  mix(absl::StrCat(row.usage_limit_per_customer));
  return absl::StrCat("p", absl::Hex(hash, absl::kZeroPad16));
}

v1::StockLevel ToProto(const store::StockRow& row) {
  v1::StockLevel s;
  s.set_product(ProductName(row.product_id));
  s.set_warehouse(row.warehouse);
  s.set_on_hand(row.on_hand);
  s.set_reserved(row.reserved);
  s.set_available(row.available());
  SetProtoTime(row.updated_at, s.mutable_update_time());
  return s;
}

events::v1::ProductChanged ToProductChanged(const store::ProductRow& row,
                                            const std::string& currency) {
  events::v1::ProductChanged e;
  e.set_product(ProductName(row.id));
  e.set_sku(row.sku);
  e.set_category(row.category);
  e.set_list_price_minor(row.list_price_minor);
  e.set_unit_cost_minor(row.unit_cost_minor);
  e.set_currency_code(currency);
  e.set_active(row.active);
  e.set_display_name(row.display_name);
  return e;
}

events::v1::Event PromotionChangedEvent(const store::PromotionRow& row, std::string_view change,
                                        const std::string& currency) {
  events::v1::Event event;
  event.set_aggregate(PromotionName(row.id));
  events::v1::PromotionChanged* e = event.mutable_promotion_changed();
  e->set_promotion(PromotionName(row.id));
  e->set_change(std::string(change));
  e->set_code(row.code);
  e->set_display_name(row.display_name);
  e->set_kind(v1::PromotionKind_Name(static_cast<v1::PromotionKind>(row.kind)));
  e->set_percent_off_bp(row.percent_off_bp);
  e->set_amount_off_minor(row.amount_off_minor);
  e->set_buy_quantity(row.buy_quantity);
  e->set_free_quantity(row.free_quantity);
  e->set_threshold_minor(row.threshold_minor);
  e->set_currency_code(currency);
  e->set_automatic(row.automatic);
  SetProtoTime(row.starts_at, e->mutable_start_time());
  SetProtoTime(row.ends_at, e->mutable_end_time());
  for (int64_t id : row.product_ids) e->add_products(ProductName(id));
  for (const std::string& category : row.categories) e->add_categories(category);
  e->set_exclusive(row.exclusive);
  e->set_usage_limit_total(row.usage_limit_total);
  e->set_usage_limit_per_customer(row.usage_limit_per_customer);
  return event;
}

absl::Status ValidateText(std::string_view field, std::string_view value, size_t max_len,
                          bool required) {
  return required ? ValidateRequiredText(field, value, max_len)
                  : ValidateOptionalText(field, value, max_len);
}

absl::StatusOr<int64_t> MoneyMinor(std::string_view field, const sales::common::v1::Money& money,
                                   bool is_set, const std::string& currency, int64_t min_minor) {
  if (!is_set) return InvalidField(field, "is required");
  if (money.currency_code() != currency) {
    return InvalidField(
        absl::StrCat(ToAbsl(field), ".currency_code"),
        absl::StrCat("must be ", currency, ", the currency of this deployment (got '",
                     money.currency_code(), "')"));
  }
  if (money.minor_units() < min_minor) {
    return InvalidField(absl::StrCat(ToAbsl(field), ".minor_units"),
                        absl::StrCat("must be at least ", min_minor));
  }
  return money.minor_units();
}

}  // namespace sales::orders::api
