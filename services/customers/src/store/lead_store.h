// Leads and their stage history in MySQL (inside the caller's transaction).
#pragma once

#include <optional>
#include <vector>

#include "common/db/transaction.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::store {

int64_t InsertLead(db::Transaction& tx, const LeadRow& row);
std::optional<LeadRow> FindLead(db::Transaction& tx, int64_t id, bool for_update);
std::vector<LeadRow> ListLeads(db::Transaction& tx, const LeadFilter& filter, int64_t after_id,
                               int limit);
// Writes stage, lost_reason, customer_id, updated_at and version.
void UpdateLeadState(db::Transaction& tx, const LeadRow& row);
void InsertStageChange(db::Transaction& tx, int64_t lead_id, const StageChangeRow& change);
std::vector<StageChangeRow> ListStageChanges(db::Transaction& tx, int64_t lead_id);

}  // namespace sales::customers::store
