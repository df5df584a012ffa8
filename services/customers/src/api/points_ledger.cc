#include "services/customers/src/api/points_ledger.h"

#include <algorithm>
#include <limits>

#include "absl/strings/str_cat.h"
#include "common/outbox.h"
#include "common/status.h"
#include "common/time_util.h"
#include "sales/customers/v1/loyalty.pb.h"
#include "services/customers/src/api/mapping.h"
#include "services/customers/src/domain/loyalty.h"
#include "services/customers/src/domain/names.h"
#include "services/customers/src/store/customer_store.h"
#include "services/customers/src/store/loyalty_store.h"

namespace sales::customers::api {
namespace {

namespace v1 = ::sales::customers::v1;

absl::StatusOr<int64_t> NewSpend(int64_t spend, int64_t delta) {
  if (delta > 0 && spend > std::numeric_limits<int64_t>::max() - delta) {
    return InvalidField("spend.minor_units", "would overflow the lifetime spend");
  }
  return std::max<int64_t>(0, spend + delta);
}

void WriteTierChanged(db::Transaction& tx, const HandlerContext& ctx, int64_t customer_id,
                      const std::string& from, const std::string& to, int64_t spend) {
  events::v1::Event event;
  event.set_aggregate(domain::CustomerName(customer_id));
  auto* e = event.mutable_tier_changed();
  e->set_customer(domain::CustomerName(customer_id));
  e->set_from_tier(from);
  e->set_to_tier(to);
  e->mutable_lifetime_spend()->set_currency_code(ctx.currency);
  e->mutable_lifetime_spend()->set_minor_units(spend);
  WriteEvent(tx, std::move(event));
}

void WritePointsChanged(db::Transaction& tx, const store::PointEntryRow& entry) {
  events::v1::Event event;
  event.set_aggregate(domain::CustomerName(entry.customer_id));
  auto* e = event.mutable_points_changed();
  e->set_customer(domain::CustomerName(entry.customer_id));
  e->set_kind(v1::PointEntryKind_Name(static_cast<v1::PointEntryKind>(entry.kind)));
  e->set_points_delta(entry.points_delta);
  e->set_balance_after(entry.balance_after);
  e->set_reason(entry.reason);
  e->set_order(entry.order_name);
  WriteEvent(tx, std::move(event));
}

}  // namespace

absl::StatusOr<std::optional<store::PointEntryRow>> ApplyPointsChange(db::Transaction& tx,
                                                                      const HandlerContext& ctx,
                                                                      int64_t customer_id,
                                                                      const PointsChange& change) {
  // The row lock serialises every change to one account: concurrent redeems see each
  // other's balance and the last affordable one wins, never an overdraft.
  std::optional<store::LoyaltyRow> account =
      store::FindLoyaltyAccount(tx, customer_id, /*for_update=*/true);
  if (!account.has_value()) {
    return absl::NotFoundError(absl::StrCat(domain::LoyaltyAccountName(customer_id), " not found"));
  }
  // Taken under the lock: a time taken before it could be earlier than that of a change
  // which got the lock first and so the smaller entry id.
  const absl::Time now = NowMicros();
  store::LoyaltyRow row = *account;
  const domain::PointEntryKind kind = ToDomainPointKind(change.kind);
  int64_t points = change.points;
  if (change.clamp_to_balance && points < 0) points = std::max(points, -row.points_balance);
  int64_t balance = row.points_balance;
  if (points != 0) {
    ASSIGN_OR_RETURN(balance, domain::ApplyPoints(row.points_balance, kind, points));
  }
  if (kind == domain::PointEntryKind::kEarn) row.lifetime_points_earned += points;
  ASSIGN_OR_RETURN(row.lifetime_spend_minor,
                   NewSpend(row.lifetime_spend_minor, change.spend_delta_minor));
  const int64_t delta = balance - row.points_balance;
  row.points_balance = balance;
  row.updated_at = now;
  store::UpdateLoyaltyAccount(tx, row);

  const std::string new_tier(ctx.tiers->TierFor(row.lifetime_spend_minor));
  if (new_tier != row.tier) {
    store::SetCustomerTier(tx, customer_id, new_tier, now);
    WriteTierChanged(tx, ctx, customer_id, row.tier, new_tier, row.lifetime_spend_minor);
  }
  if (points == 0) return std::nullopt;

  store::PointEntryRow entry;
  entry.customer_id = customer_id;
  entry.kind = change.kind;
  entry.points_delta = delta;
  entry.balance_after = balance;
  entry.reason = change.reason;
  entry.order_name = change.order;
  entry.created_at = now;
  entry.referred_customer_id = change.referred_customer_id;
  entry.id = store::InsertPointEntry(tx, entry);
  WritePointsChanged(tx, entry);
  return entry;
}

}  // namespace sales::customers::api
