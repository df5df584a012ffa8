// The won leads of a period with their owner and acquisition channel, for the sales-cycle
// length of a rep or channel slice (process KPIs).
#pragma once

#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/process_kpis.h"

namespace sales::analytics::store {

struct WonLeadOfSlice {
  domain::WonLead lead;
  std::string owner_rep;
  std::string channel;  // acquisition channel enum name, "" when none
};

// As LoadWonLeads (stock_history_store.h): leads won now whose first entry into WON falls in
// [from, to), from the live facts, by lead name.
std::vector<WonLeadOfSlice> LoadWonLeadsOfSlices(db::Transaction& tx, absl::Time from,
                                                 absl::Time to);

}  // namespace sales::analytics::store
