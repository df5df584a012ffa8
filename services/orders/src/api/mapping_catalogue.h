// Row <-> proto mapping of the catalogue resources (Product, PriceChange, Promotion,
// StockLevel), the product_changed and promotion_changed events, the names they use
// ("products/{id}", "promotions/{id}") and the field checks the catalogue and stock handlers share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "sales/common/v1/money.pb.h"
#include "sales/events/v1/event.pb.h"
#include "sales/events/v1/order_events.pb.h"
#include "sales/orders/v1/product.pb.h"
#include "sales/orders/v1/promotion.pb.h"
#include "services/orders/src/store/rows.h"

namespace sales::orders::api {

namespace v1 = ::sales::orders::v1;

std::string ProductName(int64_t id);
std::string PromotionName(int64_t id);
// The id of "products/{id}" / "promotions/{id}" (a positive decimal without sign or leading
// zero); INVALID_ARGUMENT "<field>: must look like products/{id}" otherwise.
absl::StatusOr<int64_t> ParseProductName(std::string_view field, std::string_view name);
absl::StatusOr<int64_t> ParsePromotionName(std::string_view field, std::string_view name);

// The opaque etag of a product version.
std::string ProductEtag(int64_t version);
// The opaque etag of a promotion's updatable fields (display_name, end time, usage limits):
// a stable hash of their values, the same in every replica and release.
std::string PromotionEtag(const store::PromotionRow& row);

v1::Product ToProto(const store::ProductRow& row, const std::string& currency);
v1::PriceChange ToProto(const store::PriceChangeRow& row, const std::string& currency);
v1::Promotion ToProto(const store::PromotionRow& row, const std::string& currency);
v1::StockLevel ToProto(const store::StockRow& row);

// The product_changed payload of a product as stored.
events::v1::ProductChanged ToProductChanged(const store::ProductRow& row,
                                            const std::string& currency);
// The promotion_changed event of a promotion as stored; `change` is "created" or "updated".
events::v1::Event PromotionChangedEvent(const store::PromotionRow& row, std::string_view change,
                                        const std::string& currency);

// Text of valid UTF-8 of at most `max_len` code points; when `required`, also not blank.
absl::Status ValidateText(std::string_view field, std::string_view value, size_t max_len,
                          bool required);
// A set amount in the deployment currency with minor units >= `min_minor`; returns the
// minor units. Names "<field>" when unset, "<field>.currency_code" or "<field>.minor_units".
absl::StatusOr<int64_t> MoneyMinor(std::string_view field, const sales::common::v1::Money& money,
                                   bool is_set, const std::string& currency, int64_t min_minor);

}  // namespace sales::orders::api
