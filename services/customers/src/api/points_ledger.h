// One change to a loyalty account, shared by the loyalty RPCs and the order-event
// consumer: locks the account, applies the points and the spend, recomputes the tier and
// writes the ledger entry and the events, all in the caller's transaction.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "common/db/transaction.h"
#include "services/customers/src/api/handler_context.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::api {

struct PointsChange {
  int kind = 0;                   // PointEntryKind number
  int64_t points = 0;             // earn/redeem/expire: amount > 0; adjust: signed delta;
                                  // 0: only the spend changes, no ledger entry
  int64_t spend_delta_minor = 0;  // added to lifetime spend (negative for refunds; the
                                  // total never goes below zero)
  std::string reason;
  std::string order;                 // "orders/{id}" or empty
  int64_t referred_customer_id = 0;  // a referral reward: the referred customer
  bool clamp_to_balance = false;     // a negative adjust takes at most the balance instead of
                                     // failing (points taken back for a refund)
};

// The ledger entry written, or nullopt when only the spend changed. NOT_FOUND if the
// customer has no account; FAILED_PRECONDITION if the balance would go negative. The entry's
// time is taken once the account row is locked, so an account's entries have their times in
// ledger (id) order, the order ListPointEntries shows.
absl::StatusOr<std::optional<store::PointEntryRow>> ApplyPointsChange(db::Transaction& tx,
                                                                      const HandlerContext& ctx,
                                                                      int64_t customer_id,
                                                                      const PointsChange& change);

}  // namespace sales::customers::api
