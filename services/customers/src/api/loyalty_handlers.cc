#include "services/customers/src/api/loyalty_handlers.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/outbox.h"
#include "common/status.h"
#include "services/customers/src/api/mapping.h"
#include "services/customers/src/api/paging.h"
#include "services/customers/src/domain/loyalty.h"
#include "services/customers/src/domain/names.h"
#include "services/customers/src/domain/validation.h"
#include "services/customers/src/store/customer_store.h"
#include "services/customers/src/store/loyalty_store.h"

namespace sales::customers::api {
namespace {

constexpr size_t kMaxReasonLength = 200;

domain::PointEntryKind ToDomainKind(int kind) {
  switch (kind) {
    case v1::POINT_ENTRY_KIND_REDEEM:
      return domain::PointEntryKind::kRedeem;
    case v1::POINT_ENTRY_KIND_EXPIRE:
      return domain::PointEntryKind::kExpire;
    case v1::POINT_ENTRY_KIND_ADJUST:
      return domain::PointEntryKind::kAdjust;
    default:
      return domain::PointEntryKind::kEarn;
  }
}

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
  const domain::PointEntryKind kind = ToDomainKind(change.kind);
  RETURN_IF_ERROR(domain::ValidatePointsAmount(kind, change.points));
  return RunIdempotent<v1::PointEntry>(
      *ctx_.pool, deadline, method, req, request_id,
      [&](db::Transaction& tx) -> absl::StatusOr<v1::PointEntry> {
        // The row lock serialises every change to one account: concurrent redeems see
        // each other's balance and the last affordable one wins, never an overdraft.
        std::optional<store::LoyaltyRow> account_row =
            store::FindLoyaltyAccount(tx, customer_id, /*for_update=*/true);
        if (!account_row.has_value()) {
          return absl::NotFoundError(absl::StrCat(ToAbsl(account), " not found"));
        }
        store::LoyaltyRow row = *account_row;
        ASSIGN_OR_RETURN(const int64_t balance,
                         domain::ApplyPoints(row.points_balance, kind, change.points));
        const int64_t delta = balance - row.points_balance;
        const absl::Time now = absl::Now();
        if (kind == domain::PointEntryKind::kEarn) row.lifetime_points_earned += change.points;
        if (change.spend_minor > std::numeric_limits<int64_t>::max() - row.lifetime_spend_minor) {
          return InvalidField("spend.minor_units", "would overflow the lifetime spend");
        }
        row.lifetime_spend_minor += change.spend_minor;
        row.points_balance = balance;
        row.updated_at = now;
        store::UpdateLoyaltyAccount(tx, row);

        const std::string new_tier(ctx_.tiers->TierFor(row.lifetime_spend_minor));
        if (new_tier != row.tier) {
          store::SetCustomerTier(tx, customer_id, new_tier, now);
          events::v1::Event event;
          event.set_aggregate(domain::CustomerName(customer_id));
          auto* e = event.mutable_tier_changed();
          e->set_customer(domain::CustomerName(customer_id));
          e->set_from_tier(row.tier);
          e->set_to_tier(new_tier);
          e->mutable_lifetime_spend()->set_currency_code(ctx_.currency);
          e->mutable_lifetime_spend()->set_minor_units(row.lifetime_spend_minor);
          WriteEvent(tx, std::move(event));
        }

        store::PointEntryRow entry;
        entry.customer_id = customer_id;
        entry.kind = change.kind;
        entry.points_delta = delta;
        entry.balance_after = balance;
        entry.reason = change.reason;
        entry.order_name = change.order;
        entry.created_at = now;
        entry.id = store::InsertPointEntry(tx, entry);
        events::v1::Event event;
        event.set_aggregate(domain::CustomerName(customer_id));
        auto* e = event.mutable_points_changed();
        e->set_customer(domain::CustomerName(customer_id));
        e->set_kind(v1::PointEntryKind_Name(static_cast<v1::PointEntryKind>(change.kind)));
        e->set_points_delta(delta);
        e->set_balance_after(balance);
        e->set_reason(change.reason);
        e->set_order(change.order);
        WriteEvent(tx, std::move(event));
        return ToProto(entry);
      });
}

absl::StatusOr<v1::ListPointEntriesResponse> LoyaltyHandlers::ListEntries(
    const v1::ListPointEntriesRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t customer_id, domain::ParseLoyaltyAccountName("account", req.account()));
  ASSIGN_OR_RETURN(int page_size, NormalizePageSize(req.page_size()));
  const std::string scope = ListScope("ListPointEntries", req);
  ASSIGN_OR_RETURN(int64_t before_id, DecodeIdCursor(*ctx_.page_tokens, scope, req.page_token()));
  std::vector<store::PointEntryRow> rows;
  bool found = false;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    found = store::FindLoyaltyAccount(tx, customer_id, /*for_update=*/false).has_value();
    if (found) rows = store::ListPointEntries(tx, customer_id, before_id, page_size + 1);
    return absl::OkStatus();
  }));
  if (!found) return absl::NotFoundError(absl::StrCat(req.account(), " not found"));
  v1::ListPointEntriesResponse resp;
  const bool more = static_cast<int>(rows.size()) > page_size;
  if (more) rows.resize(page_size);
  for (const store::PointEntryRow& row : rows) *resp.add_point_entries() = ToProto(row);
  if (more) resp.set_next_page_token(EncodeIdCursor(*ctx_.page_tokens, scope, rows.back().id));
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
