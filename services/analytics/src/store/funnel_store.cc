#include "services/analytics/src/store/funnel_store.h"

#include <map>

namespace sales::analytics::store {
namespace {

constexpr char kSelectLeads[] =
    "SELECT lead_name, channel, owner_rep, create_time AS t, outcome FROM lead_facts "
    "WHERE create_time >= ? AND create_time < ? ORDER BY lead_name";
constexpr char kSelectStages[] =
    "SELECT s.lead_name, s.stage, s.entered_time AS t FROM lead_stage_facts s "
    "JOIN lead_facts l ON l.lead_name = s.lead_name "
    "WHERE l.create_time >= ? AND l.create_time < ? ORDER BY s.lead_name, s.entered_time";

}  // namespace

std::vector<domain::FunnelLead> LoadFunnelLeads(db::Transaction& tx, absl::Time from,
                                                absl::Time to) {
  std::vector<domain::FunnelLead> leads;
  std::map<std::string, size_t> index;
  auto rs = tx.Query(kSelectLeads, {from, to});
  while (rs->next()) {
    domain::FunnelLead lead;
    lead.lead_id = rs->getString(1);
    lead.channel = rs->getString(2);
    lead.rep = rs->getString(3);
    lead.create_time = db::GetSqlTime(*rs, "t");
    lead.outcome = static_cast<domain::LeadOutcome>(rs->getInt(5));
    index[lead.lead_id] = leads.size();
    leads.push_back(std::move(lead));
  }
  auto stages = tx.Query(kSelectStages, {from, to});
  while (stages->next()) {
    const auto it = index.find(stages->getString(1));
    if (it == index.end()) continue;  // created since the first query
    leads[it->second].history.push_back({stages->getString(2), db::GetSqlTime(*stages, "t")});
  }
  return leads;
}

}  // namespace sales::analytics::store
