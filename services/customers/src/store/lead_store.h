// Leads and their stage history in MySQL (inside the caller's transaction).
#pragma once

#include <optional>
#include <vector>

#include "common/db/transaction.h"
#include "common/paging.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::store {

int64_t InsertLead(db::Transaction& tx, const LeadRow& row);
std::optional<LeadRow> FindLead(db::Transaction& tx, int64_t id, bool for_update);
// Leads after `cursor` in (created_at, id) order matching the filter, oldest first, at most
// `limit`; `cursor.first_page()` is the first page.
std::vector<LeadRow> ListLeads(db::Transaction& tx, const LeadFilter& filter,
                               const KeysetCursor& cursor, int limit);
// Writes stage, lost_reason, customer_id, updated_at and version.
void UpdateLeadState(db::Transaction& tx, const LeadRow& row);
// Writes the editable details (names, contact, amount, owner, channel, close date),
// updated_at and version.
void UpdateLeadDetails(db::Transaction& tx, const LeadRow& row);
void InsertStageChange(db::Transaction& tx, int64_t lead_id, const StageChangeRow& change);
std::vector<StageChangeRow> ListStageChanges(db::Transaction& tx, int64_t lead_id);

}  // namespace sales::customers::store
