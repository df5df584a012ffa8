#include "services/customers/src/api/loyalty_handlers.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/outbox.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/customers/src/api/mapping.h"
#include "services/customers/src/api/points_ledger.h"
#include "services/customers/src/domain/loyalty.h"
#include "services/customers/src/domain/names.h"
#include "services/customers/src/domain/validation.h"
#include "services/customers/src/store/customer_store.h"
#include "services/customers/src/store/loyalty_store.h"

namespace sales::customers::api {
namespace {

constexpr size_t kMaxReasonLength = 200;

}  // namespace

absl::StatusOr<v1::LoyaltyAccount> LoyaltyHandlers::GetAccount(
    const v1::GetLoyaltyAccountRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t customer_id, domain::ParseLoyaltyAccountName("name", req.name()));
  std::optional<store::LoyaltyRow> row;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    row = store::FindLoyaltyAccount(tx, customer_id, /*for_update=*/false);
    return absl::OkStatus();
  }));
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return ToProto(*row, ctx_.currency);
}

absl::StatusOr<v1::PointEntry> LoyaltyHandlers::Earn(const v1::EarnPointsRequest& req,
                                                     absl::Time deadline) {
  if (req.has_spend()) {
    RETURN_IF_ERROR(domain::ValidateCurrency("spend.currency_code", req.spend().currency_code(),
                                             ctx_.currency));
    if (req.spend().minor_units() < 0) {
      return InvalidField("spend.minor_units", "must not be negative");
    }
  }
  RETURN_IF_ERROR(domain::ValidateOrderName("order", req.order()));
  return Apply("EarnPoints", req, req.request_id(), req.account(),
               {v1::POINT_ENTRY_KIND_EARN, req.points(), req.spend().minor_units(), req.reason(),
                req.order()},
               deadline);
}

absl::StatusOr<v1::PointEntry> LoyaltyHandlers::Redeem(const v1::RedeemPointsRequest& req,
                                                       absl::Time deadline) {
  RETURN_IF_ERROR(domain::ValidateOrderName("order", req.order()));
  return Apply("RedeemPoints", req, req.request_id(), req.account(),
               {v1::POINT_ENTRY_KIND_REDEEM, req.points(), 0, req.reason(), req.order()}, deadline);
}

absl::StatusOr<v1::PointEntry> LoyaltyHandlers::Expire(const v1::ExpirePointsRequest& req,
                                                       absl::Time deadline) {
  return Apply("ExpirePoints", req, req.request_id(), req.account(),
               {v1::POINT_ENTRY_KIND_EXPIRE, req.points(), 0, req.reason(), ""}, deadline);
}

absl::StatusOr<v1::PointEntry> LoyaltyHandlers::Adjust(const v1::AdjustPointsRequest& req,
                                                       absl::Time deadline) {
  RETURN_IF_ERROR(domain::ValidateRequiredText("reason", req.reason(), kMaxReasonLength));
  return Apply("AdjustPoints", req, req.request_id(), req.account(),
               {v1::POINT_ENTRY_KIND_ADJUST, req.points_delta(), 0, req.reason(), ""}, deadline);
}

absl::StatusOr<v1::PointEntry> LoyaltyHandlers::Apply(std::string_view method,
                                                      const google::protobuf::Message& req,
                                                      std::string_view request_id,
                                                      std::string_view account,
                                                      const Change& change, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t customer_id, domain::ParseLoyaltyAccountName("account", account));
  RETURN_IF_ERROR(domain::ValidateOptionalText("reason", change.reason, kMaxReasonLength));
  const domain::PointEntryKind kind = ToDomainPointKind(change.kind);
  RETURN_IF_ERROR(domain::ValidatePointsAmount(kind, change.points));
  return RunIdempotent<v1::PointEntry>(*ctx_.pool, deadline, method, req, request_id,
                                       [&](db::Transaction& tx) -> absl::StatusOr<v1::PointEntry> {
                                         PointsChange points;
                                         points.kind = change.kind;
                                         points.points = change.points;
                                         points.spend_delta_minor = change.spend_minor;
                                         points.reason = change.reason;
                                         points.order = change.order;
                                         ASSIGN_OR_RETURN(
                                             std::optional<store::PointEntryRow> entry,
                                             ApplyPointsChange(tx, ctx_, customer_id, points));
                                         // Validated amounts are never 0, so an entry is always
                                         // written here.
                                         if (!entry.has_value())
                                           return absl::InternalError("no ledger entry written");
                                         return ToProto(*entry);
                                       });
}

absl::StatusOr<v1::ListPointEntriesResponse> LoyaltyHandlers::ListEntries(
    const v1::ListPointEntriesRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t customer_id, domain::ParseLoyaltyAccountName("account", req.account()));
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListPointEntries", req, KeysetShape::kId));
  std::vector<store::PointEntryRow> rows;
  bool found = false;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    found = store::FindLoyaltyAccount(tx, customer_id, /*for_update=*/false).has_value();
    if (found) rows = store::ListPointEntries(tx, customer_id, page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  if (!found) return absl::NotFoundError(absl::StrCat(req.account(), " not found"));
  v1::ListPointEntriesResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const auto& row) { return KeysetCursor::Id(row.id); }));
  for (const store::PointEntryRow& row : rows) *resp.add_point_entries() = ToProto(row);
  return resp;
}

absl::StatusOr<v1::ListTiersResponse> LoyaltyHandlers::ListTiers(const v1::ListTiersRequest&) {
  v1::ListTiersResponse resp;
  for (const domain::TierRule& rule : ctx_.tiers->rules()) {
    v1::Tier* tier = resp.add_tiers();
    tier->set_name(rule.name);
    tier->mutable_spend_threshold()->set_currency_code(ctx_.currency);
    tier->mutable_spend_threshold()->set_minor_units(rule.spend_threshold_minor);
  }
  return resp;
}

}  // namespace sales::customers::api
