#include "services/analytics/src/store/sales_cycle_store.h"

#include "services/analytics/src/domain/lead_outcome.h"

namespace sales::analytics::store {
namespace {

// A lead counts once, from its first entry into WON, which must be in the window.
constexpr char kSelectWon[] =
    "SELECT l.lead_name, l.create_time AS c, MIN(s.entered_time) AS w, l.owner_rep, l.channel "
    "FROM lead_stage_facts s JOIN lead_facts l ON l.lead_name = s.lead_name "
    "WHERE s.stage = 'LEAD_STAGE_WON' AND s.entered_time < ? AND l.outcome = ? "
    "GROUP BY l.lead_name, l.create_time, l.owner_rep, l.channel "
    "HAVING MIN(s.entered_time) >= ? ORDER BY l.lead_name";

}  // namespace

std::vector<WonLeadOfSlice> LoadWonLeadsOfSlices(db::Transaction& tx, absl::Time from,
                                                 absl::Time to) {
  std::vector<WonLeadOfSlice> out;
  auto rs = tx.Query(kSelectWon, {to, static_cast<int64_t>(domain::LeadOutcome::kWon), from});
  while (rs->next()) {
    WonLeadOfSlice row;
    row.lead = {rs->getString(1), db::GetSqlTime(*rs, "c"), db::GetSqlTime(*rs, "w")};
    row.owner_rep = rs->getString(4);
    row.channel = rs->getString(5);
    out.push_back(std::move(row));
  }
  return out;
}

}  // namespace sales::analytics::store
