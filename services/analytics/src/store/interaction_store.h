// Interactions and lead amounts from the customers feed (written by ingest into one table
// set), and what rep activity and lead scoring read from the live tables.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/lead_scoring.h"
#include "services/analytics/src/domain/rep_activity.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// An interaction as logged: its subject is a customer or a lead (the other one "").
struct InteractionFact {
  std::string interaction;
  std::string kind;
  std::string rep;
  std::string customer;
  std::string lead;
  absl::Time occur_time;
};

// The writes of one table set.
class InteractionStore final {
 public:
  explicit InteractionStore(TableSet set);

  // Records interactions not recorded before (a repeated one changes nothing).
  void InsertInteractions(db::Transaction& tx, const std::vector<InteractionFact>& rows) const;
  // Sets each lead's expected amount (minor units), in order.
  void SaveLeadAmounts(db::Transaction& tx,
                       const std::vector<std::pair<std::string, int64_t>>& amounts) const;

 private:
  std::string insert_interactions_;
  std::string insert_interactions_suffix_;
  std::string save_amounts_;
  std::string save_amounts_suffix_;
};

// Interactions that took place in [from, to), by rep and kind; only `rep`'s when not empty.
std::vector<domain::InteractionCount> LoadInteractionCounts(db::Transaction& tx, absl::Time from,
                                                            absl::Time to, const std::string& rep);
// Leads (outcome won) that entered WON in [from, to), with their owner and whether an
// interaction about them took place at or before; only `rep`'s when not empty.
std::vector<domain::WonLeadOfRep> LoadWonLeads(db::Transaction& tx, absl::Time from, absl::Time to,
                                               const std::string& rep);
// Every lead with its stage history, expected amount and interaction times, by name.
std::vector<domain::ScoredLeadInput> LoadScoringLeads(db::Transaction& tx);

}  // namespace sales::analytics::store
