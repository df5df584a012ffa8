#include "services/analytics/src/store/interaction_store.h"

#include "absl/container/flat_hash_map.h"

namespace sales::analytics::store {
namespace {

constexpr char kInsertInteractionsPrefix[] =
    "INSERT INTO interaction_facts{s} (interaction, kind, rep, customer, lead_name, occur_time) "
    "VALUES ";
constexpr char kInsertInteractionsSuffix[] = " ON DUPLICATE KEY UPDATE interaction = interaction";
constexpr char kSaveAmountsPrefix[] =
    "INSERT INTO lead_amount_facts{s} (lead_name, expected_minor) VALUES ";
constexpr char kSaveAmountsSuffix[] =
    " ON DUPLICATE KEY UPDATE expected_minor = VALUES(expected_minor)";

constexpr char kInteractionCounts[] =
    "SELECT rep, kind, COUNT(*), SUM(CASE WHEN lead_name <> '' THEN 1 ELSE 0 END) "
    "FROM interaction_facts WHERE occur_time >= ? AND occur_time < ? "
    "AND (? = '' OR rep = ?) GROUP BY rep, kind ORDER BY rep, kind";
constexpr char kWonLeads[] =
    "SELECT l.owner_rep, EXISTS (SELECT 1 FROM interaction_facts i WHERE i.lead_name = "
    "l.lead_name AND i.occur_time <= s.entered_time) FROM lead_stage_facts s "
    "JOIN lead_facts l ON l.lead_name = s.lead_name "
    "WHERE s.stage = 'LEAD_STAGE_WON' AND s.entered_time >= ? AND s.entered_time < ? "
    "AND l.outcome = 1 AND (? = '' OR l.owner_rep = ?) ORDER BY s.lead_name";
constexpr char kScoringLeads[] =
    "SELECT l.lead_name, l.create_time AS t, l.owner_rep, l.channel, l.outcome, "
    "COALESCE(a.expected_minor, 0) FROM lead_facts l "
    "LEFT JOIN lead_amount_facts a ON a.lead_name = l.lead_name ORDER BY l.lead_name";
constexpr char kScoringStages[] =
    "SELECT lead_name, stage, entered_time AS t FROM lead_stage_facts";
constexpr char kScoringInteractions[] =
    "SELECT lead_name, occur_time AS t FROM interaction_facts WHERE lead_name <> ''";

}  // namespace

InteractionStore::InteractionStore(TableSet set)
    : insert_interactions_(ForTables(kInsertInteractionsPrefix, set)),
      insert_interactions_suffix_(kInsertInteractionsSuffix),
      save_amounts_(ForTables(kSaveAmountsPrefix, set)),
      save_amounts_suffix_(kSaveAmountsSuffix) {}

void InteractionStore::InsertInteractions(db::Transaction& tx,
                                          const std::vector<InteractionFact>& rows) const {
  if (rows.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(rows.size() * 6);
  for (const InteractionFact& r : rows) {
    params.insert(params.end(), {r.interaction, r.kind, r.rep, r.customer, r.lead, r.occur_time});
  }
  db::ExecRows(tx, insert_interactions_, 6, params, insert_interactions_suffix_);
}

void InteractionStore::SaveLeadAmounts(
    db::Transaction& tx, const std::vector<std::pair<std::string, int64_t>>& amounts) const {
  if (amounts.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(amounts.size() * 2);
  for (const auto& [lead, minor] : amounts) params.insert(params.end(), {lead, minor});
  db::ExecRows(tx, save_amounts_, 2, params, save_amounts_suffix_);
}

std::vector<domain::InteractionCount> LoadInteractionCounts(db::Transaction& tx, absl::Time from,
                                                            absl::Time to, const std::string& rep) {
  std::vector<domain::InteractionCount> out;
  auto rs = tx.Query(kInteractionCounts, {from, to, rep, rep});
  while (rs->next()) {
    out.push_back({rs->getString(1), rs->getString(2), rs->getInt64(3), rs->getInt64(4)});
  }
  return out;
}

std::vector<domain::WonLeadOfRep> LoadWonLeads(db::Transaction& tx, absl::Time from, absl::Time to,
                                               const std::string& rep) {
  std::vector<domain::WonLeadOfRep> out;
  auto rs = tx.Query(kWonLeads, {from, to, rep, rep});
  while (rs->next()) out.push_back({rs->getString(1), rs->getInt(2) != 0});
  return out;
}

std::vector<domain::ScoredLeadInput> LoadScoringLeads(db::Transaction& tx) {
  std::vector<domain::ScoredLeadInput> leads;
  absl::flat_hash_map<std::string, size_t> index;
  auto rs = tx.Query(kScoringLeads);
  while (rs->next()) {
    domain::ScoredLeadInput lead;
    lead.lead = rs->getString(1);
    lead.create_time = db::GetSqlTime(*rs, "t");
    lead.owner_rep = rs->getString(3);
    lead.channel = rs->getString(4);
    lead.outcome = static_cast<domain::LeadOutcome>(rs->getInt(5));
    lead.expected_minor = rs->getInt64(6);
    index.emplace(lead.lead, leads.size());
    leads.push_back(std::move(lead));
  }
  auto stages = tx.Query(kScoringStages);
  while (stages->next()) {
    const auto it = index.find(std::string(stages->getString(1)));
    if (it == index.end()) continue;  // created since the first query
    leads[it->second].stages.push_back({stages->getString(2), db::GetSqlTime(*stages, "t")});
  }
  auto interactions = tx.Query(kScoringInteractions);
  while (interactions->next()) {
    const auto it = index.find(std::string(interactions->getString(1)));
    if (it == index.end()) continue;  // about a lead never created (a truncated feed)
    leads[it->second].interactions.push_back(db::GetSqlTime(*interactions, "t"));
  }
  return leads;
}

}  // namespace sales::analytics::store
