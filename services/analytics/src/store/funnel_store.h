// The leads created in a period with every stage they entered, for the funnel.
#pragma once

#include <vector>

#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/funnel_stats.h"

namespace sales::analytics::store {

// Leads created in [from, to) from the live facts, each with its stage history.
std::vector<domain::FunnelLead> LoadFunnelLeads(db::Transaction& tx, absl::Time from,
                                                absl::Time to);

}  // namespace sales::analytics::store
