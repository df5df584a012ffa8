#include "services/orders/src/api/catalogue_handlers.h"

#include <algorithm>
#include <set>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/outbox.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/orders/src/api/mapping_catalogue.h"
#include "services/orders/src/store/catalogue_store.h"

namespace sales::orders::api {
namespace {

constexpr size_t kMaxSkuLength = 64;
constexpr size_t kMaxNameLength = 200;
constexpr size_t kMaxCategoryLength = 64;
constexpr size_t kMaxUnitLength = 16;
constexpr size_t kMinCodeLength = 3;
constexpr size_t kMaxCodeLength = 32;
constexpr int kMaxTargets = 100;
constexpr int32_t kMaxBasisPoints = 10000;
constexpr int32_t kMaxPromotionQuantity = 1000000;
constexpr int64_t kMaxReorderPoint = 1000000000000;  // 10^12 units
// DATETIME(6) holds years 1000-9999; promotions are limited to 1970-9999.
constexpr int64_t kMaxUnixSeconds = 253402300799;  // 9999-12-31T23:59:59Z

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

template <typename Pred>
bool IsRunOf(std::string_view s, size_t min_len, size_t max_len, Pred pred) {
  if (s.size() < min_len || s.size() > max_len) return false;
  return std::all_of(s.begin(), s.end(), pred);
}

// Now, at the microsecond precision of DATETIME(6), so that what a create returns equals
// what a later read returns.
absl::Status ValidateSku(std::string_view field, std::string_view sku) {
  if (sku.empty()) return InvalidField(field, "is required");
  if (!IsRunOf(sku, 1, kMaxSkuLength, [](char c) {
        return IsDigit(c) || IsLower(c) || IsUpper(c) || c == '_' || c == '.' || c == '-';
      })) {
    return InvalidField(field, "must be 1-64 characters of [A-Za-z0-9_.-]");
  }
  return absl::OkStatus();
}

// Lower-cased (the stored form) and validated: 1-64 characters of [a-z0-9_-].
absl::StatusOr<std::string> NormalizeCategory(std::string_view field, std::string_view value) {
  std::string category = absl::AsciiStrToLower(ToAbsl(value));
  if (category.empty()) return InvalidField(field, "is required");
  if (!IsRunOf(category, 1, kMaxCategoryLength,
               [](char c) { return IsDigit(c) || IsLower(c) || c == '_' || c == '-'; })) {
    return InvalidField(field, "must be 1-64 characters of [a-z0-9_-]");
  }
  return category;
}

absl::Status ValidateUnit(std::string_view field, std::string_view unit) {
  if (unit.empty()) return InvalidField(field, "is required");
  if (!IsRunOf(unit, 1, kMaxUnitLength, [](char c) { return IsDigit(c) || IsUpper(c); })) {
    return InvalidField(field, "must be 1-16 characters of [A-Z0-9], e.g. EA, BOX, KG");
  }
  return absl::OkStatus();
}

absl::Status ValidateReorderPoint(std::string_view field, int64_t value) {
  if (value < 0 || value > kMaxReorderPoint) {
    return InvalidField(field, "must be between 0 and 1000000000000 units");
  }
  return absl::OkStatus();
}

absl::Status CheckEtag(std::string_view field, std::string_view given, int64_t version) {
  if (!given.empty() && given != ProductEtag(version)) {
    return absl::AbortedError(absl::StrCat(ToAbsl(field), ": stale etag ", ToAbsl(given),
                                           ", the product changed since it was read (now ",
                                           ProductEtag(version), ")"));
  }
  return absl::OkStatus();
}

absl::StatusOr<store::ProductRow> ProductRowForCreate(const v1::Product& p,
                                                      const std::string& currency) {
  store::ProductRow row;
  RETURN_IF_ERROR(ValidateSku("product.sku", p.sku()));
  row.sku = p.sku();
  RETURN_IF_ERROR(ValidateText("product.display_name", p.display_name(), kMaxNameLength,
                               /*required=*/true));
  row.display_name = p.display_name();
  ASSIGN_OR_RETURN(row.category, NormalizeCategory("product.category", p.category()));
  RETURN_IF_ERROR(ValidateUnit("product.unit", p.unit()));
  row.unit = p.unit();
  ASSIGN_OR_RETURN(row.list_price_minor, MoneyMinor("product.list_price", p.list_price(),
                                                    p.has_list_price(), currency, 0));
  ASSIGN_OR_RETURN(row.unit_cost_minor,
                   MoneyMinor("product.unit_cost", p.unit_cost(), p.has_unit_cost(), currency, 0));
  RETURN_IF_ERROR(ValidateReorderPoint("product.reorder_point", p.reorder_point()));
  row.reorder_point = p.reorder_point();
  row.active = true;  // new products are active
  return row;
}

// Applies the masked fields of the request to `row`, validating each.
absl::Status ApplyMask(const v1::UpdateProductRequest& req, const std::string& currency,
                       store::ProductRow& row) {
  const v1::Product& patch = req.product();
  int applied = 0;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      RETURN_IF_ERROR(ValidateText("product.display_name", patch.display_name(), kMaxNameLength,
                                   /*required=*/true));
      row.display_name = patch.display_name();
    } else if (path == "category") {
      ASSIGN_OR_RETURN(row.category, NormalizeCategory("product.category", patch.category()));
    } else if (path == "unit") {
      RETURN_IF_ERROR(ValidateUnit("product.unit", patch.unit()));
      row.unit = patch.unit();
    } else if (path == "list_price") {
      ASSIGN_OR_RETURN(row.list_price_minor, MoneyMinor("product.list_price", patch.list_price(),
                                                        patch.has_list_price(), currency, 0));
    } else if (path == "unit_cost") {
      ASSIGN_OR_RETURN(row.unit_cost_minor, MoneyMinor("product.unit_cost", patch.unit_cost(),
                                                       patch.has_unit_cost(), currency, 0));
    } else if (path == "active") {
      row.active = patch.active();
    } else if (path == "reorder_point") {
      RETURN_IF_ERROR(ValidateReorderPoint("product.reorder_point", patch.reorder_point()));
      row.reorder_point = patch.reorder_point();
    } else if (path == "sku") {
      return InvalidField("update_mask", "'sku' is immutable");
    } else {
      return InvalidField("update_mask",
                          absl::StrCat("'", path, "' is unknown or cannot be updated"));
    }
    ++applied;
  }
  if (applied == 0) return InvalidField("update_mask", "must name at least one field");
  return absl::OkStatus();
}

absl::StatusOr<absl::Time> RequiredTime(std::string_view field, bool is_set,
                                        const google::protobuf::Timestamp& ts) {
  if (!is_set) return InvalidField(field, "is required");
  if (ts.seconds() < 0 || ts.seconds() > kMaxUnixSeconds || ts.nanos() < 0 ||
      ts.nanos() > 999999999) {
    return InvalidField(field, "must be a valid time between 1970 and 9999");
  }
  // Microseconds, as stored.
  return absl::FromUnixMicros(ts.seconds() * 1000000 + ts.nanos() / 1000);
}

std::string KindName(int kind) {
  return v1::PromotionKind_Name(static_cast<v1::PromotionKind>(kind));
}

absl::Status ValidatePromotionCode(const v1::Promotion& p) {
  if (p.automatic()) {
    if (!p.code().empty()) {
      return InvalidField("promotion.code", "must be empty for an automatic promotion");
    }
    return absl::OkStatus();
  }
  if (p.code().empty()) {
    return InvalidField("promotion.code", "is required unless the promotion is automatic");
  }
  if (!IsRunOf(p.code(), kMinCodeLength, kMaxCodeLength,
               [](char c) { return IsDigit(c) || IsUpper(c) || c == '_' || c == '-'; })) {
    return InvalidField("promotion.code", "must be 3-32 characters of [A-Z0-9_-]");
  }
  return absl::OkStatus();
}

// The kind and the fields it uses: each required field set and valid, and every field the
// kind does not use left unset, so a promotion never carries a value that has no effect.
absl::Status ValidatePromotionKind(const v1::Promotion& p, const std::string& currency,
                                   store::PromotionRow& row) {
  if (p.kind() == v1::PROMOTION_KIND_UNSPECIFIED) {
    return InvalidField("promotion.kind", "is required");
  }
  if (!v1::PromotionKind_IsValid(p.kind())) {
    return InvalidField("promotion.kind", "is not a known promotion kind");
  }
  row.kind = p.kind();
  const std::string kind = KindName(p.kind());
  const auto unused = [&](std::string_view field) {
    return InvalidField(field, absl::StrCat("is not used by ", kind, " and must be unset"));
  };
  const auto percent = [&]() -> absl::Status {
    if (p.percent_off_bp() < 1 || p.percent_off_bp() > kMaxBasisPoints) {
      return InvalidField("promotion.percent_off_bp",
                          absl::StrCat("must be 1-10000 basis points for ", kind));
    }
    row.percent_off_bp = p.percent_off_bp();
    return absl::OkStatus();
  };
  const auto amount = [&]() -> absl::Status {
    ASSIGN_OR_RETURN(row.amount_off_minor, MoneyMinor("promotion.amount_off", p.amount_off(),
                                                      p.has_amount_off(), currency, 1));
    return absl::OkStatus();
  };
  const bool no_quantities = p.buy_quantity() == 0 && p.free_quantity() == 0;
  switch (p.kind()) {
    case v1::PROMOTION_KIND_PERCENT_OFF:
      RETURN_IF_ERROR(percent());
      if (p.has_amount_off()) return unused("promotion.amount_off");
      break;
    case v1::PROMOTION_KIND_AMOUNT_OFF:
      RETURN_IF_ERROR(amount());
      if (p.percent_off_bp() != 0) return unused("promotion.percent_off_bp");
      break;
    case v1::PROMOTION_KIND_BUY_X_GET_Y:
      if (p.buy_quantity() < 1 || p.buy_quantity() > kMaxPromotionQuantity) {
        return InvalidField("promotion.buy_quantity", "must be 1-1000000 for BUY_X_GET_Y");
      }
      if (p.free_quantity() < 1 || p.free_quantity() > kMaxPromotionQuantity) {
        return InvalidField("promotion.free_quantity", "must be 1-1000000 for BUY_X_GET_Y");
      }
      row.buy_quantity = p.buy_quantity();
      row.free_quantity = p.free_quantity();
      if (p.percent_off_bp() != 0) return unused("promotion.percent_off_bp");
      if (p.has_amount_off()) return unused("promotion.amount_off");
      break;
    case v1::PROMOTION_KIND_ORDER_THRESHOLD: {
      ASSIGN_OR_RETURN(row.threshold_minor, MoneyMinor("promotion.threshold", p.threshold(),
                                                       p.has_threshold(), currency, 1));
      if (p.has_amount_off() == (p.percent_off_bp() != 0)) {
        return InvalidField("promotion.amount_off",
                            "ORDER_THRESHOLD takes exactly one of amount_off and percent_off_bp");
      }
      if (p.has_amount_off()) {
        RETURN_IF_ERROR(amount());
      } else {
        RETURN_IF_ERROR(percent());
      }
      break;
    }
    default:
      break;
  }
  if (p.kind() != v1::PROMOTION_KIND_BUY_X_GET_Y && !no_quantities) {
    return unused(p.buy_quantity() != 0 ? "promotion.buy_quantity" : "promotion.free_quantity");
  }
  if (p.kind() != v1::PROMOTION_KIND_ORDER_THRESHOLD && p.has_threshold()) {
    return unused("promotion.threshold");
  }
  return absl::OkStatus();
}

absl::StatusOr<store::PromotionRow> PromotionRowForCreate(const v1::Promotion& p,
                                                          const std::string& currency) {
  store::PromotionRow row;
  RETURN_IF_ERROR(ValidatePromotionCode(p));
  row.code = p.code();
  row.automatic = p.automatic();
  RETURN_IF_ERROR(ValidateText("promotion.display_name", p.display_name(), kMaxNameLength,
                               /*required=*/true));
  row.display_name = p.display_name();
  RETURN_IF_ERROR(ValidatePromotionKind(p, currency, row));
  ASSIGN_OR_RETURN(row.starts_at,
                   RequiredTime("promotion.start_time", p.has_start_time(), p.start_time()));
  ASSIGN_OR_RETURN(row.ends_at, RequiredTime("promotion.end_time", p.has_end_time(), p.end_time()));
  if (row.ends_at <= row.starts_at) {
    return InvalidField("promotion.end_time", "must be after start_time");
  }
  if (p.products_size() > kMaxTargets) {
    return InvalidField("promotion.products", "at most 100 products are allowed");
  }
  std::set<int64_t> product_ids;
  for (const std::string& name : p.products()) {
    ASSIGN_OR_RETURN(int64_t id, ParseProductName("promotion.products", name));
    product_ids.insert(id);
  }
  row.product_ids.assign(product_ids.begin(), product_ids.end());
  if (p.categories_size() > kMaxTargets) {
    return InvalidField("promotion.categories", "at most 100 categories are allowed");
  }
  std::set<std::string> categories;
  for (const std::string& category : p.categories()) {
    ASSIGN_OR_RETURN(std::string normalized, NormalizeCategory("promotion.categories", category));
    categories.insert(std::move(normalized));
  }
  row.categories.assign(categories.begin(), categories.end());
  row.exclusive = p.exclusive();
  if (p.usage_limit_total() < 0) {
    return InvalidField("promotion.usage_limit_total", "must be 0 (unlimited) or more");
  }
  row.usage_limit_total = p.usage_limit_total();
  if (p.usage_limit_per_customer() < 0) {
    return InvalidField("promotion.usage_limit_per_customer", "must be 0 (unlimited) or more");
  }
  row.usage_limit_per_customer = p.usage_limit_per_customer();
  return row;
}

}  // namespace

absl::StatusOr<v1::Product> CatalogueHandlers::CreateProduct(const v1::CreateProductRequest& req,
                                                             absl::Time deadline) {
  if (!req.has_product()) return InvalidField("product", "is required");
  ASSIGN_OR_RETURN(store::ProductRow row, ProductRowForCreate(req.product(), ctx_.policy.currency));
  return RunIdempotent<v1::Product>(*ctx_.pool, deadline, "CreateProduct", req, req.request_id(),
                                    [&](db::Transaction& tx) -> absl::StatusOr<v1::Product> {
                                      store::ProductRow fresh = row;
                                      fresh.created_at = NowMicros();
                                      fresh.updated_at = fresh.created_at;
                                      fresh.version = 1;
                                      ASSIGN_OR_RETURN(fresh.id, store::InsertProduct(tx, fresh));
                                      events::v1::Event event;
                                      event.set_aggregate(ProductName(fresh.id));
                                      *event.mutable_product_changed() =
                                          ToProductChanged(fresh, ctx_.policy.currency);
                                      WriteEvent(tx, std::move(event));
                                      return ToProto(fresh, ctx_.policy.currency);
                                    });
}

absl::StatusOr<v1::Product> CatalogueHandlers::GetProduct(const v1::GetProductRequest& req,
                                                          absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParseProductName("name", req.name()));
  std::optional<store::ProductRow> row;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    row = store::FindProduct(tx, id, /*for_update=*/false);
    return absl::OkStatus();
  }));
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return ToProto(*row, ctx_.policy.currency);
}

absl::StatusOr<v1::ListProductsResponse> CatalogueHandlers::ListProducts(
    const v1::ListProductsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int page_size, NormalizePageSize(req.page_size()));
  const std::string scope = ListScope("ListProducts", req);
  ASSIGN_OR_RETURN(int64_t after_id, DecodeIdCursor(*ctx_.page_tokens, scope, req.page_token()));
  std::string category;
  if (!req.category().empty()) {
    ASSIGN_OR_RETURN(category, NormalizeCategory("category", req.category()));
  }
  std::vector<store::ProductRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListProducts(tx, category, req.show_inactive(), after_id, page_size + 1);
    return absl::OkStatus();
  }));
  v1::ListProductsResponse resp;
  const bool more = static_cast<int>(rows.size()) > page_size;
  if (more) rows.resize(page_size);
  for (const store::ProductRow& row : rows)
    *resp.add_products() = ToProto(row, ctx_.policy.currency);
  if (more) resp.set_next_page_token(EncodeIdCursor(*ctx_.page_tokens, scope, rows.back().id));
  return resp;
}

absl::StatusOr<v1::Product> CatalogueHandlers::UpdateProduct(const v1::UpdateProductRequest& req,
                                                             absl::Time deadline) {
  if (!req.has_product()) return InvalidField("product", "is required");
  ASSIGN_OR_RETURN(int64_t id, ParseProductName("product.name", req.product().name()));
  if (!req.has_update_mask()) return InvalidField("update_mask", "is required");
  {
    store::ProductRow probe;  // validates the patch before touching the database
    RETURN_IF_ERROR(ApplyMask(req, ctx_.policy.currency, probe));
  }
  return RunIdempotent<v1::Product>(
      *ctx_.pool, deadline, "UpdateProduct", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Product> {
        std::optional<store::ProductRow> found = store::FindProduct(tx, id, /*for_update=*/true);
        if (!found.has_value()) {
          return absl::NotFoundError(absl::StrCat(req.product().name(), " not found"));
        }
        store::ProductRow row = *found;
        RETURN_IF_ERROR(CheckEtag("product.etag", req.product().etag(), row.version));
        RETURN_IF_ERROR(ApplyMask(req, ctx_.policy.currency, row));
        const bool price_changed = row.list_price_minor != found->list_price_minor ||
                                   row.unit_cost_minor != found->unit_cost_minor;
        row.updated_at = std::max(NowMicros(), found->updated_at);
        ++row.version;
        store::UpdateProduct(tx, row, price_changed);
        events::v1::Event event;
        event.set_aggregate(ProductName(id));
        *event.mutable_product_changed() = ToProductChanged(row, ctx_.policy.currency);
        WriteEvent(tx, std::move(event));
        return ToProto(row, ctx_.policy.currency);
      });
}

absl::StatusOr<v1::ListPriceChangesResponse> CatalogueHandlers::ListPriceChanges(
    const v1::ListPriceChangesRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t product_id, ParseProductName("product", req.product()));
  ASSIGN_OR_RETURN(int page_size, NormalizePageSize(req.page_size()));
  const std::string scope = ListScope("ListPriceChanges", req);
  ASSIGN_OR_RETURN(int64_t before_id, DecodeIdCursor(*ctx_.page_tokens, scope, req.page_token()));
  std::vector<store::PriceChangeRow> rows;
  bool found = false;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    found = store::FindProduct(tx, product_id, /*for_update=*/false).has_value();
    if (found) rows = store::ListPriceChanges(tx, product_id, before_id, page_size + 1);
    return absl::OkStatus();
  }));
  if (!found) return absl::NotFoundError(absl::StrCat(req.product(), " not found"));
  v1::ListPriceChangesResponse resp;
  const bool more = static_cast<int>(rows.size()) > page_size;
  if (more) rows.resize(page_size);
  for (const store::PriceChangeRow& row : rows) {
    *resp.add_price_changes() = ToProto(row, ctx_.policy.currency);
  }
  if (more) resp.set_next_page_token(EncodeIdCursor(*ctx_.page_tokens, scope, rows.back().id));
  return resp;
}

absl::StatusOr<v1::Promotion> CatalogueHandlers::CreatePromotion(
    const v1::CreatePromotionRequest& req, absl::Time deadline) {
  if (!req.has_promotion()) return InvalidField("promotion", "is required");
  ASSIGN_OR_RETURN(store::PromotionRow row,
                   PromotionRowForCreate(req.promotion(), ctx_.policy.currency));
  return RunIdempotent<v1::Promotion>(
      *ctx_.pool, deadline, "CreatePromotion", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Promotion> {
        const std::map<int64_t, store::ProductRow> products =
            store::FindProducts(tx, row.product_ids);
        for (int64_t product_id : row.product_ids) {
          if (products.count(product_id) == 0) {
            return absl::NotFoundError(
                absl::StrCat("promotion.products: ", ProductName(product_id), " not found"));
          }
        }
        store::PromotionRow fresh = row;
        fresh.created_at = NowMicros();
        ASSIGN_OR_RETURN(fresh.id, store::InsertPromotion(tx, fresh));
        return ToProto(fresh, ctx_.policy.currency);
      });
}

absl::StatusOr<v1::Promotion> CatalogueHandlers::GetPromotion(const v1::GetPromotionRequest& req,
                                                              absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t id, ParsePromotionName("name", req.name()));
  std::optional<store::PromotionRow> row;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    row = store::FindPromotion(tx, id);
    return absl::OkStatus();
  }));
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return ToProto(*row, ctx_.policy.currency);
}

absl::StatusOr<v1::ListPromotionsResponse> CatalogueHandlers::ListPromotions(
    const v1::ListPromotionsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int page_size, NormalizePageSize(req.page_size()));
  const std::string scope = ListScope("ListPromotions", req);
  ASSIGN_OR_RETURN(int64_t after_id, DecodeIdCursor(*ctx_.page_tokens, scope, req.page_token()));
  absl::Time valid_at = absl::InfinitePast();
  if (req.has_valid_at()) {
    ASSIGN_OR_RETURN(valid_at, RequiredTime("valid_at", true, req.valid_at()));
  }
  std::vector<store::PromotionRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListPromotions(tx, valid_at, after_id, page_size + 1);
    return absl::OkStatus();
  }));
  v1::ListPromotionsResponse resp;
  const bool more = static_cast<int>(rows.size()) > page_size;
  if (more) rows.resize(page_size);
  for (const store::PromotionRow& row : rows) {
    *resp.add_promotions() = ToProto(row, ctx_.policy.currency);
  }
  if (more) resp.set_next_page_token(EncodeIdCursor(*ctx_.page_tokens, scope, rows.back().id));
  return resp;
}

}  // namespace sales::orders::api
