// The credits consumer's multi-row statements (inside the caller's transaction): which of a
// batch's orders have returns waiting and which of its returns were applied before, and the
// credits, credited orders and returns of a batch in a few statements.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "common/db/transaction.h"
#include "services/incentives/src/store/credit_store.h"

namespace sales::incentives::store {

// Of `orders`, those with a resolved return not reversed yet.
std::set<std::string> FindOrdersWithPendingReturns(db::Transaction& tx,
                                                   const std::vector<std::string>& orders);
// Of `returns` (return names), those incentives has recorded.
std::set<std::string> FindOrderReturns(db::Transaction& tx,
                                       const std::vector<std::string>& returns);
// Inserts the credits, each with its lines, in multi-row statements (their ids are not read
// back).
void InsertCreditRows(db::Transaction& tx, const std::vector<CreditRow>& rows);
// Inserts or replaces the rows of their orders in multi-row statements.
void SaveCreditedOrders(db::Transaction& tx, const std::vector<CreditedOrderRow>& rows);
// Inserts the returns in multi-row statements.
void InsertOrderReturns(db::Transaction& tx, const std::vector<OrderReturnRow>& rows);

}  // namespace sales::incentives::store
