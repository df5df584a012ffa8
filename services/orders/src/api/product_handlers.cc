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
constexpr int64_t kMaxReorderPoint = 1000000000000;  // 10^12 units

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

// The reservation of `patch` (unset: none), validated against the deployment's tiers; an
// unset start is InfinitePast here and becomes the time of the change (StartReservation).
absl::StatusOr<domain::TierReservation> ReservationOf(const v1::Product& patch,
                                                      const domain::TierLadder* tiers) {
  if (!patch.has_tier_reservation()) return domain::TierReservation{};
  if (tiers == nullptr) {
    return absl::FailedPreconditionError(
        "product.tier_reservation: no membership tiers are configured");
  }
  const v1::TierReservation& r = patch.tier_reservation();
  domain::TierReservation out;
  out.min_tier = r.min_tier();
  if (r.has_start_time()) out.starts_at = FromProtoTime(r.start_time());
  if (r.has_end_time()) out.ends_at = FromProtoTime(r.end_time());
  RETURN_IF_ERROR(domain::ValidateReservation("product.tier_reservation", out, *tiers));
  return out;
}

// A reservation without a start starts now.
void StartReservation(domain::TierReservation& r, absl::Time now) {
  if (!r.min_tier.empty() && r.starts_at == absl::InfinitePast()) r.starts_at = now;
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
                       const domain::TierLadder* tiers, store::ProductRow& row) {
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
    } else if (path == "tier_reservation") {
      ASSIGN_OR_RETURN(row.reservation, ReservationOf(patch, tiers));
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

}  // namespace

absl::StatusOr<v1::Product> CatalogueHandlers::CreateProduct(const v1::CreateProductRequest& req,
                                                             absl::Time deadline) {
  if (!req.has_product()) return InvalidField("product", "is required");
  ASSIGN_OR_RETURN(store::ProductRow row, ProductRowForCreate(req.product(), ctx_.policy.currency));
  ASSIGN_OR_RETURN(row.reservation, ReservationOf(req.product(), ctx_.policy.tiers));
  return RunIdempotent<v1::Product>(
      *ctx_.pool, deadline, "CreateProduct", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Product> {
        store::ProductRow fresh = row;
        fresh.created_at = NowMicros();
        fresh.updated_at = fresh.created_at;
        fresh.version = 1;
        ASSIGN_OR_RETURN(fresh.id, store::InsertProduct(tx, fresh));
        if (!fresh.reservation.min_tier.empty()) {
          StartReservation(fresh.reservation, fresh.created_at);
          store::SetProductReservation(tx, fresh.id, fresh.reservation);
        }
        events::v1::Event event;
        event.set_aggregate(ProductName(fresh.id));
        *event.mutable_product_changed() = ToProductChanged(fresh, ctx_.policy.currency);
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
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListProducts", req, KeysetShape::kId));
  std::string category;
  if (!req.category().empty()) {
    ASSIGN_OR_RETURN(category, NormalizeCategory("category", req.category()));
  }
  std::vector<store::ProductRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows =
        store::ListProducts(tx, category, req.show_inactive(), page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListProductsResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const auto& row) { return KeysetCursor::Id(row.id); }));
  for (const store::ProductRow& row : rows)
    *resp.add_products() = ToProto(row, ctx_.policy.currency);
  return resp;
}

absl::StatusOr<v1::Product> CatalogueHandlers::UpdateProduct(const v1::UpdateProductRequest& req,
                                                             absl::Time deadline) {
  if (!req.has_product()) return InvalidField("product", "is required");
  ASSIGN_OR_RETURN(int64_t id, ParseProductName("product.name", req.product().name()));
  if (!req.has_update_mask()) return InvalidField("update_mask", "is required");
  {
    store::ProductRow probe;  // validates the patch before touching the database
    RETURN_IF_ERROR(ApplyMask(req, ctx_.policy.currency, ctx_.policy.tiers, probe));
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
        RETURN_IF_ERROR(ApplyMask(req, ctx_.policy.currency, ctx_.policy.tiers, row));
        const bool price_changed = row.list_price_minor != found->list_price_minor ||
                                   row.unit_cost_minor != found->unit_cost_minor;
        row.updated_at = std::max(NowMicros(), found->updated_at);
        ++row.version;
        store::UpdateProduct(tx, row, price_changed);
        if (std::find(req.update_mask().paths().begin(), req.update_mask().paths().end(),
                      "tier_reservation") != req.update_mask().paths().end()) {
          StartReservation(row.reservation, row.updated_at);
          store::SetProductReservation(tx, id, row.reservation);
        }
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
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListPriceChanges", req, KeysetShape::kId));
  std::vector<store::PriceChangeRow> rows;
  bool found = false;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    found = store::FindProduct(tx, product_id, /*for_update=*/false).has_value();
    if (found) rows = store::ListPriceChanges(tx, product_id, page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  if (!found) return absl::NotFoundError(absl::StrCat(req.product(), " not found"));
  v1::ListPriceChangesResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const auto& row) { return KeysetCursor::Id(row.id); }));
  for (const store::PriceChangeRow& row : rows) {
    *resp.add_price_changes() = ToProto(row, ctx_.policy.currency);
  }
  return resp;
}

}  // namespace sales::orders::api
