// Loyalty accounts and the append-only points ledger in MySQL (inside the caller's
// transaction). The account row is locked FOR UPDATE before a balance change, so
// concurrent redeems serialise on it and the balance can never be overdrawn.
#pragma once

#include <optional>
#include <vector>

#include "common/db/transaction.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::store {

void InsertLoyaltyAccount(db::Transaction& tx, int64_t customer_id, absl::Time now);
std::optional<LoyaltyRow> FindLoyaltyAccount(db::Transaction& tx, int64_t customer_id,
                                             bool for_update);
// Writes the balance, lifetime totals and updated_at of `row`.
void UpdateLoyaltyAccount(db::Transaction& tx, const LoyaltyRow& row);
int64_t InsertPointEntry(db::Transaction& tx, const PointEntryRow& row);
// Newest first (by id), entries with id < before_id (0: from the newest).
std::vector<PointEntryRow> ListPointEntries(db::Transaction& tx, int64_t customer_id,
                                            int64_t before_id, int limit);

}  // namespace sales::customers::store
