#include "services/customers/src/consumer/order_events.h"

#include "absl/strings/str_cat.h"
#include "common/outbox.h"
#include "common/server/log.h"
#include "common/status.h"
#include "common/time_util.h"
#include "sales/customers/v1/loyalty.pb.h"
#include "services/customers/src/api/points_ledger.h"
#include "services/customers/src/domain/names.h"
#include "services/customers/src/domain/referrals.h"
#include "services/customers/src/store/customer_store.h"
#include "services/customers/src/store/referral_store.h"

namespace sales::customers::consumer {
namespace {

namespace cv1 = ::sales::customers::v1;

constexpr char kCompleted[] = "ORDER_STATUS_COMPLETED";

// The customer of an event, or nullopt (logged) when the name is not one of ours: such an
// event cannot be applied and must not block the feed.
std::optional<int64_t> CustomerOf(const std::string& name, const events::v1::Event& event) {
  absl::StatusOr<int64_t> id = domain::ParseCustomerName("customer", name);
  if (!id.ok()) {
    log::Warn("order event names no valid customer; skipped",
              {{"event_id", event.id()}, {"position", event.position()}, {"customer", name}});
    return std::nullopt;
  }
  return *id;
}

// Applies a points change, skipping (with a log line) customers this service does not
// know, for the same reason as above.
absl::Status ApplyOrSkip(db::Transaction& tx, const api::HandlerContext& ctx, int64_t customer,
                         const api::PointsChange& change, const events::v1::Event& event) {
  absl::StatusOr<std::optional<store::PointEntryRow>> applied =
      api::ApplyPointsChange(tx, ctx, customer, change);
  if (applied.status().code() == absl::StatusCode::kNotFound) {
    log::Warn("order event for an unknown customer; skipped",
              {{"event_id", event.id()}, {"customer", domain::CustomerName(customer)}});
    return absl::OkStatus();
  }
  return applied.status();
}

// The currency of an event's amounts; the deployment's when the event names none. An
// unknown code fails the event (and holds the feed) rather than earning wrong points.
std::string CurrencyOf(const std::string& event_currency, const api::HandlerContext& ctx) {
  return event_currency.empty() ? ctx.currency : event_currency;
}

// A completed order of a referred customer: counted once per order for the referrer's
// stats, and, when it is the customer's first completed order, the referrer's reward, once
// per referred customer (the reward row's key holds even if the feed redelivers).
absl::Status ApplyReferral(db::Transaction& tx, const api::HandlerContext& ctx,
                           const LoyaltyRules& rules, const store::CustomerRow& customer,
                           bool first_completed, const events::v1::Event& event) {
  const events::v1::OrderStatusChanged& changed = event.order_status_changed();
  const events::v1::OrderSnapshot& order = changed.order();
  const int64_t net = order.total_minor() - order.tax_minor();
  const std::string currency = CurrencyOf(order.currency_code(), ctx);
  const absl::Time completed_at = FromProtoTime(changed.change_time());
  store::InsertReferralOrder(tx, order.order(), customer.referred_by, customer.id, currency, net,
                             completed_at);
  const std::optional<int64_t> points = domain::ReferralRewardFor(
      {.first_completed = first_completed, .imported = order.imported()}, rules.referral);
  if (!points.has_value()) return absl::OkStatus();
  const store::ReferralRewardRow reward{customer.id, customer.referred_by, order.order(), *points,
                                        NowMicros()};
  if (!store::InsertReferralReward(tx, reward) || *points == 0) return absl::OkStatus();
  api::PointsChange change;
  change.kind = cv1::POINT_ENTRY_KIND_EARN;
  change.points = *points;
  change.reason = "referral";
  change.order = order.order();
  change.referred_customer_id = customer.id;
  RETURN_IF_ERROR(ApplyOrSkip(tx, ctx, customer.referred_by, change, event));
  events::v1::Event rewarded;
  rewarded.set_aggregate(domain::CustomerName(customer.referred_by));
  auto* e = rewarded.mutable_referral_rewarded();
  e->set_referrer(domain::CustomerName(customer.referred_by));
  e->set_referred_customer(domain::CustomerName(customer.id));
  e->set_order(order.order());
  e->set_points(*points);
  e->set_order_net_minor(net);
  e->set_currency_code(currency);
  *e->mutable_order_complete_time() = changed.change_time();
  WriteEvent(tx, std::move(rewarded));
  return absl::OkStatus();
}

absl::Status ApplyCompleted(db::Transaction& tx, const api::HandlerContext& ctx,
                            const LoyaltyRules& rules, const events::v1::Event& event) {
  const events::v1::OrderStatusChanged& changed = event.order_status_changed();
  if (changed.to_status() != kCompleted) return absl::OkStatus();
  const events::v1::OrderSnapshot& order = changed.order();
  std::optional<int64_t> customer = CustomerOf(order.customer(), event);
  if (!customer.has_value()) return absl::OkStatus();
  const int64_t net = order.total_minor() - order.tax_minor();
  api::PointsChange change;
  change.kind = cv1::POINT_ENTRY_KIND_EARN;
  // Historical imports count towards spend and tier; their points were the legacy
  // system's business.
  int64_t points = 0;
  if (!order.imported()) {
    ASSIGN_OR_RETURN(points, domain::PointsFor(net, CurrencyOf(order.currency_code(), ctx), rules));
  }
  change.points = points;
  change.spend_delta_minor = net;
  change.reason = absl::StrCat(order.order(), " completed");
  change.order = order.order();
  // Read before this order sets the last purchase time: none yet means a first order.
  const std::optional<store::CustomerRow> row =
      store::FindCustomer(tx, *customer, /*for_update=*/false);
  RETURN_IF_ERROR(ApplyOrSkip(tx, ctx, *customer, change, event));
  if (row.has_value() && row->referred_by != 0) {
    const bool first_completed = row->last_purchase_at == absl::InfinitePast();
    RETURN_IF_ERROR(ApplyReferral(tx, ctx, rules, *row, first_completed, event));
  }
  store::SetLastPurchase(tx, *customer, FromProtoTime(changed.change_time()));
  return absl::OkStatus();
}

absl::Status ApplyRefund(db::Transaction& tx, const api::HandlerContext& ctx,
                         const LoyaltyRules& rules, const events::v1::Event& event) {
  const events::v1::ReturnResolved& resolved = event.return_resolved();
  if (resolved.exchange()) return absl::OkStatus();  // goods replaced, nothing refunded
  std::optional<int64_t> customer = CustomerOf(resolved.customer(), event);
  if (!customer.has_value()) return absl::OkStatus();
  int64_t net = 0;
  for (const events::v1::RefundLine& line : resolved.lines()) net += line.net_minor();
  api::PointsChange change;
  change.kind = cv1::POINT_ENTRY_KIND_ADJUST;
  // A historical (imported) refund lowers spend; it takes no points back, as its imported
  // order earned none here.
  int64_t points = 0;
  if (!resolved.imported()) {
    ASSIGN_OR_RETURN(points,
                     domain::PointsFor(net, CurrencyOf(resolved.currency_code(), ctx), rules));
  }
  change.points = -points;
  change.spend_delta_minor = -net;
  // Points already redeemed cannot be taken back: the balance stops at zero.
  change.clamp_to_balance = true;
  change.reason = absl::StrCat("refund ", resolved.return_name(), " of ", resolved.order());
  change.order = resolved.order();
  store::RefundReferralOrder(tx, resolved.order(), net);
  return ApplyOrSkip(tx, ctx, *customer, change, event);
}

}  // namespace

absl::Status ApplyOrderEvent(db::Transaction& tx, const api::HandlerContext& ctx,
                             const LoyaltyRules& rules, const events::v1::Event& event) {
  switch (event.payload_case()) {
    case events::v1::Event::kOrderStatusChanged:
      return ApplyCompleted(tx, ctx, rules, event);
    case events::v1::Event::kReturnResolved:
      return ApplyRefund(tx, ctx, rules, event);
    default:
      return absl::OkStatus();  // other order events do not concern customers
  }
}

}  // namespace sales::customers::consumer
