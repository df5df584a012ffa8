// The facts analytics keeps from the feeds: orders with their lines and credit shares,
// returns, each customer's first order, leads and survey answers. They make ingest
// idempotent (an event whose fact exists changes nothing), let a cancellation take out
// exactly what the order put in, and are what a rebuild or an audit sums.
#pragma once

#include <optional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/lead_outcome.h"
#include "services/analytics/src/domain/sale_deltas.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

struct StoredOrder {
  domain::OrderFact fact;
  absl::CivilDay day;
  bool counted = true;  // false once cancelled
};

// A customer's first counted order: where its "new customer" is counted.
struct FirstOrder {
  std::string order;
  absl::Time time;
  absl::CivilDay day;
  std::string channel;
  std::string region;
};

struct StoredLead {
  absl::Time create_time;
  absl::CivilDay day;  // its cohort
  std::string owner_rep;
  std::string channel;  // acquisition channel
  domain::LeadOutcome outcome = domain::LeadOutcome::kOpen;
};

// The facts of one table set (the live tables, or the twins a rebuild fills).
class FactStore final {
 public:
  explicit FactStore(TableSet set);

  // Inserts the order with its lines and credits; false (and nothing written) if it exists.
  bool InsertOrder(db::Transaction& tx, const domain::OrderFact& order, absl::CivilDay day) const;
  std::optional<StoredOrder> LoadOrder(db::Transaction& tx, const std::string& order) const;
  void MarkCancelled(db::Transaction& tx, const std::string& order) const;

  // Inserts the return; false if it exists.
  bool InsertReturn(db::Transaction& tx, const domain::ReturnFact& ret, absl::CivilDay day) const;

  std::optional<FirstOrder> LoadFirstOrder(db::Transaction& tx, const std::string& customer) const;
  void SaveFirstOrder(db::Transaction& tx, const std::string& customer,
                      const FirstOrder& first) const;
  void DeleteFirstOrder(db::Transaction& tx, const std::string& customer) const;
  // The customer's earliest counted order in the facts (ties: the smaller order name).
  std::optional<FirstOrder> EarliestCountedOrder(db::Transaction& tx,
                                                 const std::string& customer) const;

  // Inserts the lead; false if it exists.
  bool InsertLead(db::Transaction& tx, const std::string& lead, const StoredLead& row) const;
  std::optional<StoredLead> LoadLead(db::Transaction& tx, const std::string& lead) const;
  void SaveLeadOutcome(db::Transaction& tx, const std::string& lead,
                       domain::LeadOutcome outcome) const;
  // Records that `lead` entered `stage` at `entered` (once, however often it is told).
  void AddLeadStage(db::Transaction& tx, const std::string& lead, const std::string& stage,
                    absl::Time entered) const;

  // Stock of a product in a warehouse, as the latest stock event says.
  void SetStock(db::Transaction& tx, const std::string& product, const std::string& warehouse,
                int64_t on_hand, int64_t reserved) const;

  // Records a survey answer; false if it was recorded before.
  bool InsertSurvey(db::Transaction& tx, const std::string& survey_response,
                    const std::string& kind, int score, absl::CivilDay day) const;

 private:
  // The statement of this table set for a statement template.
  const std::string& S(const char* statement) const { return sql_.at(statement); }

  absl::flat_hash_map<const char*, std::string> sql_;
};

}  // namespace sales::analytics::store
