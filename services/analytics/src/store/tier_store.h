// Customers' membership tier history (customer_tier_spans, domain/tier_history.h): written
// as the customers feed tells of tier changes, read by the tier slice.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "common/db/transaction.h"
#include "services/analytics/src/domain/tier_history.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// The span of `customer` still open (ending at TierHistoryEnd), if the customer has one.
std::optional<domain::TierSpan> LoadOpenTierSpan(db::Transaction& tx, TableSet set,
                                                 const std::string& customer);

// Writes `spans` of `customer`, each replacing the span with the same start.
void SaveTierSpans(db::Transaction& tx, TableSet set, const std::string& customer,
                   const std::vector<domain::TierSpan>& spans);

// The tier every customer starts in, as the live history shows it: the from_tier of the
// earliest first change (the span opening at TierHistoryStart that ends first; ties: the
// smallest customer name). None before any customer changed tier.
std::optional<std::string> LoadStartingTier(db::Transaction& tx);

}  // namespace sales::analytics::store
