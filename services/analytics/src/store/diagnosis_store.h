// The facts diagnosis reads at query time beyond the daily rollup: the reps' credit shares
// of a period's orders (for splitting order and unit counts over reps), and the leads of a
// period by acquisition channel and owner rep.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"

namespace sales::analytics::store {

// A rep's credit over the counted orders placed on some days: the basis points of every
// share summed (an order credited 5000 adds 5000), and the same weighted by the order's units.
struct RepCredit {
  std::string rep;
  int64_t order_bp = 0;
  int64_t unit_bp = 0;
};

// Per rep, over the counted orders placed on the days [from, to), from the live facts.
std::vector<RepCredit> LoadRepCredits(db::Transaction& tx, absl::CivilDay from, absl::CivilDay to);

// Leads created in a period, by acquisition channel and owner rep: how many, how many won so
// far.
struct LeadCount {
  std::string channel;
  std::string rep;
  int64_t created = 0;
  int64_t won = 0;
};

// Leads created in [from, to) from the live facts.
std::vector<LeadCount> LoadLeadCounts(db::Transaction& tx, absl::Time from, absl::Time to);

// Marketing spend per channel summed over the days [from, to) (RecordMarketingSpend).
std::vector<std::pair<std::string, int64_t>> SumSpendByChannel(db::Transaction& tx,
                                                               absl::CivilDay from,
                                                               absl::CivilDay to);

}  // namespace sales::analytics::store
