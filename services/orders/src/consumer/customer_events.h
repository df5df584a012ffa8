// What the orders service does with the customers service's events:
// - keeps each customer's membership tier (TierChanged) in its own customer_tiers table, for
//   tier-limited promotions and reserved products;
// - keeps each customer's state in customer_states (CustomerCreated and CustomerUnarchived:
//   active, CustomerArchived: archived, CustomerPersonalDataErased: erased, which is final),
//   which CreateOrder checks instead of asking the customers service; only a customer the
//   feed has not carried yet is asked for (api/customer_checker.h).
// Runs inside the consumer's transaction, so each event is applied exactly once together
// with the feed checkpoint.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"

namespace sales::orders::consumer {

// The event types this consumer subscribes to.
inline constexpr const char* kCustomerEventTypes[] = {"tier_changed", "customer_created",
                                                      "customer_archived", "customer_unarchived",
                                                      "customer_personal_data_erased"};

// Applies one batch of the feed, in position order: tier changes one by one, the states of
// the batch's customers with one read and one multi-row write.
absl::Status ApplyCustomerEvents(db::Transaction& tx,
                                 const std::vector<const events::v1::Event*>& events);

}  // namespace sales::orders::consumer
