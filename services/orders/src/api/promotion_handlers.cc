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
#include "services/orders/src/api/catalogue_codes.h"
#include "services/orders/src/api/mapping_catalogue.h"
#include "services/orders/src/store/catalogue_store.h"

namespace sales::orders::api {
namespace {

constexpr size_t kMaxNameLength = 200;
constexpr int kMaxTargets = 100;
constexpr int32_t kMaxBasisPoints = 10000;
constexpr int32_t kMaxPromotionQuantity = 1000000;
// DATETIME(6) holds years 1000-9999; promotions are limited to 1970-9999.
constexpr int64_t kMaxUnixSeconds = 253402300799;  // 9999-12-31T23:59:59Z

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
  RETURN_IF_ERROR(ValidatePromotionCodeText("promotion.code", p.code()));
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
  row.kind = static_cast<domain::PromotionKind>(p.kind());
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

// Checks the mask and applies its fields of `patch` to `row`. Fields that need the stored
// promotion (end_time after start_time, limits not below the uses made) are checked by the
// caller after the row is loaded and locked.
absl::Status ApplyPromotionMask(const v1::UpdatePromotionRequest& req, store::PromotionRow& row) {
  const v1::Promotion& patch = req.promotion();
  int applied = 0;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "display_name") {
      RETURN_IF_ERROR(ValidateText("promotion.display_name", patch.display_name(), kMaxNameLength,
                                   /*required=*/true));
      row.display_name = patch.display_name();
    } else if (path == "end_time") {
      ASSIGN_OR_RETURN(row.ends_at,
                       RequiredTime("promotion.end_time", patch.has_end_time(), patch.end_time()));
    } else if (path == "usage_limit_total") {
      if (patch.usage_limit_total() < 0) {
        return InvalidField("promotion.usage_limit_total", "must be 0 (unlimited) or more");
      }
      row.usage_limit_total = patch.usage_limit_total();
    } else if (path == "usage_limit_per_customer") {
      if (patch.usage_limit_per_customer() < 0) {
        return InvalidField("promotion.usage_limit_per_customer", "must be 0 (unlimited) or more");
      }
      row.usage_limit_per_customer = patch.usage_limit_per_customer();
    } else if (path == "code" || path == "kind" || path == "percent_off_bp" ||
               path == "amount_off" || path == "buy_quantity" || path == "free_quantity" ||
               path == "threshold" || path == "automatic" || path == "start_time" ||
               path == "products" || path == "categories" || path == "exclusive" ||
               path == "min_tier") {
      return InvalidField("update_mask",
                          absl::StrCat("'", path,
                                       "' cannot change after creation (create a new promotion "
                                       "and end this one)"));
    } else if (path == "name" || path == "used_count" || path == "create_time" || path == "etag") {
      return InvalidField("update_mask", absl::StrCat("'", path, "' is output only"));
    } else {
      return InvalidField("update_mask", absl::StrCat("'", path, "' is not a field of Promotion"));
    }
    ++applied;
  }
  if (applied == 0) return InvalidField("update_mask", "must name at least one field");
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<v1::Promotion> CatalogueHandlers::UpdatePromotion(
    const v1::UpdatePromotionRequest& req, absl::Time deadline) {
  if (!req.has_promotion()) return InvalidField("promotion", "is required");
  ASSIGN_OR_RETURN(int64_t id, ParsePromotionName("promotion.name", req.promotion().name()));
  if (!req.has_update_mask()) return InvalidField("update_mask", "is required");
  {
    store::PromotionRow probe;  // validates the patch before touching the database
    RETURN_IF_ERROR(ApplyPromotionMask(req, probe));
  }
  return RunIdempotent<v1::Promotion>(
      *ctx_.pool, deadline, "UpdatePromotion", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Promotion> {
        std::optional<store::PromotionRow> found = store::LockPromotion(tx, id);
        if (!found.has_value()) {
          return absl::NotFoundError(absl::StrCat(req.promotion().name(), " not found"));
        }
        const std::string& etag = req.promotion().etag();
        if (!etag.empty() && etag != PromotionEtag(*found)) {
          return absl::AbortedError(absl::StrCat("promotion.etag: stale etag ", etag,
                                                 ", the promotion changed since it was read (now ",
                                                 PromotionEtag(*found), ")"));
        }
        store::PromotionRow row = *found;
        RETURN_IF_ERROR(ApplyPromotionMask(req, row));
        if (row.ends_at <= row.starts_at) {
          return InvalidField(
              "promotion.end_time",
              absl::StrCat("must be after start_time (",
                           absl::FormatTime(absl::RFC3339_full, row.starts_at, absl::UTCTimeZone()),
                           ")"));
        }
        if (row.usage_limit_total != found->usage_limit_total && row.usage_limit_total > 0 &&
            row.usage_limit_total < row.used_count) {
          return absl::FailedPreconditionError(
              absl::StrCat("promotion.usage_limit_total: ", row.usage_limit_total, " is below the ",
                           row.used_count, " orders that already used ", req.promotion().name()));
        }
        if (row.usage_limit_per_customer != found->usage_limit_per_customer &&
            row.usage_limit_per_customer > 0) {
          const int64_t most = store::MostUsesByOneCustomer(tx, id);
          if (row.usage_limit_per_customer < most) {
            return absl::FailedPreconditionError(
                absl::StrCat("promotion.usage_limit_per_customer: ", row.usage_limit_per_customer,
                             " is below the ", most, " orders in which one customer already used ",
                             req.promotion().name()));
          }
        }
        store::UpdatePromotion(tx, row);
        WriteEvent(tx, PromotionChangedEvent(row, "updated", ctx_.policy.currency));
        return ToProto(row, ctx_.policy.currency);
      });
}

absl::StatusOr<v1::Promotion> CatalogueHandlers::CreatePromotion(
    const v1::CreatePromotionRequest& req, absl::Time deadline) {
  if (!req.has_promotion()) return InvalidField("promotion", "is required");
  ASSIGN_OR_RETURN(store::PromotionRow row,
                   PromotionRowForCreate(req.promotion(), ctx_.policy.currency));
  if (!req.promotion().min_tier().empty()) {
    if (ctx_.policy.tiers == nullptr) {
      return absl::FailedPreconditionError(
          "promotion.min_tier: no membership tiers are configured");
    }
    RETURN_IF_ERROR(ctx_.policy.tiers->Validate("promotion.min_tier", req.promotion().min_tier()));
    row.min_tier = req.promotion().min_tier();
  }
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
        if (!fresh.min_tier.empty()) store::SetPromotionMinTier(tx, fresh.id, fresh.min_tier);
        WriteEvent(tx, PromotionChangedEvent(fresh, "created", ctx_.policy.currency));
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
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListPromotions", req, KeysetShape::kId));
  absl::Time valid_at = absl::InfinitePast();
  if (req.has_valid_at()) {
    ASSIGN_OR_RETURN(valid_at, RequiredTime("valid_at", true, req.valid_at()));
  }
  std::vector<store::PromotionRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListPromotions(tx, valid_at, page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListPromotionsResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const auto& row) { return KeysetCursor::Id(row.id); }));
  for (const store::PromotionRow& row : rows) {
    *resp.add_promotions() = ToProto(row, ctx_.policy.currency);
  }
  return resp;
}

}  // namespace sales::orders::api
