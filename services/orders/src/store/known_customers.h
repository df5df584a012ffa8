// What orders knows of customers from the customers feed: each one's state (customer_states)
// and membership tier (customer_tiers). Inside the caller's transaction.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/row_mapping.h"
#include "common/db/transaction.h"
#include "services/orders/src/domain/customer_standing.h"

namespace sales::db {

// Stored as the sales.customers.v1.CustomerState numbers.
template <>
struct EnumColumn<orders::domain::CustomerState>
    : DenseEnumColumn<orders::domain::CustomerState, 1, 3> {
  static constexpr std::string_view kName = "CustomerState";
};

}  // namespace sales::db

namespace sales::orders::store {

// One customer as the feed has reported them so far.
struct KnownCustomer {
  std::optional<domain::CustomerState> state;  // nullopt: the feed has reported none yet
  std::optional<std::string> tier;             // nullopt: no tier change reported (lowest)

  static KnownCustomer Read(const db::RowReader& r);
};

// The customer's state and tier, in one statement (CreateOrder's only read about them).
KnownCustomer FindKnownCustomer(db::Transaction& tx, int64_t customer_id);

// The stored states of these customers, by id (those without one are absent).
std::map<int64_t, domain::CustomerState> FindCustomerStates(db::Transaction& tx,
                                                            const std::vector<int64_t>& ids);

struct CustomerStateRow {
  int64_t customer_id = 0;
  domain::CustomerState state = domain::CustomerState::kActive;
  absl::Time changed_at = absl::InfinitePast();  // the event's occurrence time

  void Bind(db::ParamWriter& p) const;
};

// Inserts or replaces the rows' states, in one statement for a feed batch's few customers.
void SetCustomerStates(db::Transaction& tx, const std::vector<CustomerStateRow>& rows);

}  // namespace sales::orders::store
