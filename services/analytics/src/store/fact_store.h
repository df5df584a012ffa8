// The facts analytics keeps from the feeds: orders with their lines and credit shares,
// returns, each customer's first order, leads and survey answers. They make ingest
// idempotent (an event whose fact exists changes nothing), let a cancellation take out
// exactly what the order put in, and are what a rebuild or an audit sums.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
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

// The first order `order` would be, counted on `day` (the day of its create time).
FirstOrder FirstOrderOf(const domain::OrderFact& order, absl::CivilDay day);
// Whether `a` comes before `b` as a customer's first order: the earlier create time, then
// the smaller order name (the order EarliestCountedOrder sorts by).
bool Earlier(const FirstOrder& a, const FirstOrder& b);

// A return fact with the day it is counted on.
struct NewReturn {
  domain::ReturnFact ret;
  absl::CivilDay day;
};

// Stock of a product in a warehouse.
struct StockLevel {
  std::string product;
  std::string warehouse;
  int64_t on_hand = 0;
  int64_t reserved = 0;
};

struct StoredLead {
  absl::Time create_time;
  absl::CivilDay day;  // its cohort
  std::string owner_rep;
  std::string channel;  // acquisition channel
  domain::LeadOutcome outcome = domain::LeadOutcome::kOpen;
};

// A lead entering a stage.
struct LeadStage {
  std::string lead;
  absl::Time entered;
  std::string stage;
};

// A survey answer with the day it is counted on.
struct SurveyAnswer {
  std::string survey_response;
  std::string kind;
  int score = 0;
  absl::CivilDay day;
};

// The facts of one table set (the live tables, or the twins a rebuild fills).
class FactStore final {
 public:
  explicit FactStore(TableSet set);

  // Inserts the order with its lines and credits; false (and nothing written) if it exists.
  bool InsertOrder(db::Transaction& tx, const domain::OrderFact& order, absl::CivilDay day) const;
  std::optional<StoredOrder> LoadOrder(db::Transaction& tx, const std::string& order) const;
  void MarkCancelled(db::Transaction& tx, const std::string& order) const;

  // Bulk forms for a batch of events (a few statements for many rows; IN lists and
  // multi-row statements in chunks of at most 256 rows).
  //
  // The orders among `orders` that exist, without lines and credits; locked for update.
  absl::flat_hash_map<std::string, StoredOrder> LoadOrderHeads(
      db::Transaction& tx, const std::vector<std::string>& orders) const;
  // Fills the lines (by line id) and credits (by rep) of `orders`, each a key of `heads`.
  void LoadOrderItems(db::Transaction& tx, const std::vector<std::string>& orders,
                      absl::flat_hash_map<std::string, StoredOrder>& heads) const;
  // Inserts orders that do not exist yet, with their lines and credits, as `counted` says.
  void InsertOrders(db::Transaction& tx, const std::vector<const StoredOrder*>& orders) const;
  void MarkCancelled(db::Transaction& tx, const std::vector<std::string>& orders) const;
  // The returns among `returns` that exist.
  absl::flat_hash_set<std::string> ExistingReturns(db::Transaction& tx,
                                                   const std::vector<std::string>& returns) const;
  // Inserts returns that do not exist yet.
  void InsertReturns(db::Transaction& tx, const std::vector<NewReturn>& returns) const;
  // The first orders of those of `customers` that have one; locked for update.
  absl::flat_hash_map<std::string, FirstOrder> LoadFirstOrders(
      db::Transaction& tx, const std::vector<std::string>& customers) const;
  void SaveFirstOrders(db::Transaction& tx,
                       const std::vector<std::pair<std::string, FirstOrder>>& firsts) const;
  void DeleteFirstOrders(db::Transaction& tx, const std::vector<std::string>& customers) const;
  // The customer's `limit` earliest counted orders, in EarliestCountedOrder's order.
  std::vector<FirstOrder> EarliestCountedOrders(db::Transaction& tx, const std::string& customer,
                                                int64_t limit) const;
  void SetStocks(db::Transaction& tx, const std::vector<StockLevel>& levels) const;
  // The leads among `leads` that exist; locked for update.
  absl::flat_hash_map<std::string, StoredLead> LoadLeads(
      db::Transaction& tx, const std::vector<std::string>& leads) const;
  // Inserts the leads that do not exist yet; of those that do, stores the outcome.
  void SaveLeads(db::Transaction& tx,
                 const std::vector<std::pair<std::string, StoredLead>>& leads) const;
  // AddLeadStage for each, in order.
  void AddLeadStages(db::Transaction& tx, const std::vector<LeadStage>& stages) const;
  // The answers among `survey_responses` recorded before.
  absl::flat_hash_set<std::string> ExistingSurveys(
      db::Transaction& tx, const std::vector<std::string>& survey_responses) const;
  // Records answers not recorded before.
  void InsertSurveys(db::Transaction& tx, const std::vector<SurveyAnswer>& answers) const;

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
