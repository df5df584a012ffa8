// The credits consumer's multi-row statements (inside the caller's transaction): which of a
// batch's orders were credited already or have returns waiting, and the credits and
// credited orders of a batch in a few statements.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/db/transaction.h"
#include "services/incentives/src/store/credit_store.h"

namespace sales::incentives::store {

// Of `orders`, those incentives has credited (completed) already.
std::set<std::string> FindCompletedOrders(db::Transaction& tx,
                                          const std::vector<std::string>& orders);
// Of `orders`, those with a resolved return not reversed yet.
std::set<std::string> FindOrdersWithPendingReturns(db::Transaction& tx,
                                                   const std::vector<std::string>& orders);
// Inserts the credits, each with its lines, in multi-row statements (their ids are not read
// back).
void InsertCreditRows(db::Transaction& tx, const std::vector<CreditRow>& rows);
// Inserts or replaces the rows of their orders in multi-row statements.
void SaveCreditedOrders(db::Transaction& tx, const std::vector<CreditedOrderRow>& rows);

}  // namespace sales::incentives::store
