// The facts analytics keeps from the feeds: orders with their lines and credit shares,
// returns, each customer's first order, leads and survey answers. They make ingest
// idempotent (an event whose fact exists changes nothing), let a cancellation take out
// exactly what the order put in, and are what a rebuild or an audit sums.
#pragma once

#include <optional>
#include <string>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/customer_deltas.h"
#include "services/analytics/src/domain/sale_deltas.h"

namespace sales::analytics::store {

struct StoredOrder {
  domain::OrderFact fact;
  absl::CivilDay day;
  bool counted = true;  // false once cancelled
};

// Inserts the order with its lines and credits; false (and nothing written) if it exists.
bool InsertOrder(db::Transaction& tx, const domain::OrderFact& order, absl::CivilDay day);
std::optional<StoredOrder> LoadOrder(db::Transaction& tx, const std::string& order);
void MarkCancelled(db::Transaction& tx, const std::string& order);

// Inserts the return; false if it exists.
bool InsertReturn(db::Transaction& tx, const domain::ReturnFact& ret, absl::CivilDay day);

// A customer's first counted order: where its "new customer" is counted.
struct FirstOrder {
  std::string order;
  absl::Time time;
  absl::CivilDay day;
  std::string channel;
  std::string region;
};
std::optional<FirstOrder> LoadFirstOrder(db::Transaction& tx, const std::string& customer);
void SaveFirstOrder(db::Transaction& tx, const std::string& customer, const FirstOrder& first);
void DeleteFirstOrder(db::Transaction& tx, const std::string& customer);
// The customer's earliest counted order in the facts (ties: the smaller order name).
std::optional<FirstOrder> EarliestCountedOrder(db::Transaction& tx, const std::string& customer);

struct StoredLead {
  absl::CivilDay day;  // its cohort
  std::string owner_rep;
  domain::LeadOutcome outcome = domain::LeadOutcome::kOpen;
};
// Inserts the lead; false if it exists.
bool InsertLead(db::Transaction& tx, const std::string& lead, const StoredLead& row);
std::optional<StoredLead> LoadLead(db::Transaction& tx, const std::string& lead);
void SaveLeadOutcome(db::Transaction& tx, const std::string& lead, domain::LeadOutcome outcome);

// Records a survey answer; false if it was recorded before.
bool InsertSurvey(db::Transaction& tx, const std::string& survey_response, const std::string& kind,
                  int score, absl::CivilDay day);

}  // namespace sales::analytics::store
