// What the customers service does with the orders service's events: loyalty points and
// lifetime spend on completed orders, points and spend taken back on refunds, the tier
// recomputed, and the last purchase time kept. Runs inside the consumer's transaction, so
// each event is applied exactly once together with the feed checkpoint.
#pragma once

#include <cstdint>

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "services/customers/src/api/handler_context.h"
#include "services/customers/src/domain/loyalty.h"
#include "services/customers/src/domain/referrals.h"

namespace sales::customers::consumer {

// The earning rules live in the domain (domain::PointsFor, domain::ReferralRewardFor); main()
// configures them here.
struct LoyaltyRules : domain::LoyaltyRules {
  // What a referrer earns when a customer it referred completes its first order.
  domain::ReferralRules referral;
};

// The event types this consumer subscribes to.
inline constexpr const char* kOrderEventTypes[] = {"order_status_changed", "return_resolved"};
// The one order status it acts on: a completion earns points (and a referral reward).
inline constexpr const char* kOrderStatuses[] = {"ORDER_STATUS_COMPLETED"};

absl::Status ApplyOrderEvent(db::Transaction& tx, const api::HandlerContext& ctx,
                             const LoyaltyRules& rules, const events::v1::Event& event);

}  // namespace sales::customers::consumer
