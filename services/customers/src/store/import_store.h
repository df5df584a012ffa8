// The rows of an imported history (ImportCustomerHistory) in MySQL: which legacy references
// are already taken, which customers and leads a batch refers to, and multi-row inserts of
// the new records, inside the caller's transaction. Legacy references compare as the
// columns' collation does (ASCII letter case ignored): see ExternalKey.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::store {

// A legacy reference as the unique keys compare it: "source\0id" with ASCII letters
// lower-cased (the columns are case-insensitive).
std::string ExternalKey(std::string_view source, std::string_view id);

// What an import needs to know of a customer it refers to.
struct CustomerRef {
  int64_t id = 0;
  int state = 0;
  int64_t converted_from_lead = 0;  // 0: not converted from a lead
};

// Customers holding any of `keys` (pairs of source, id), by ExternalKey, read with a shared
// lock (an erasure or a conversion of one of them waits for the import).
std::map<std::string, CustomerRef> FindCustomersByKeys(
    db::Transaction& tx, const std::vector<std::pair<std::string, std::string>>& keys);
// Customers with the given ids, by id, locked the same way.
std::map<int64_t, CustomerRef> FindCustomersByIds(db::Transaction& tx,
                                                  const std::vector<int64_t>& ids);
// Ids of the leads, interactions or survey answers holding any of `keys`, by ExternalKey.
std::map<std::string, int64_t> FindLeadsByKeys(
    db::Transaction& tx, const std::vector<std::pair<std::string, std::string>>& keys);
std::map<std::string, int64_t> FindInteractionsByKeys(
    db::Transaction& tx, const std::vector<std::pair<std::string, std::string>>& keys);
std::map<std::string, int64_t> FindSurveysByKeys(
    db::Transaction& tx, const std::vector<std::pair<std::string, std::string>>& keys);
// Which of the lead ids exist.
std::vector<int64_t> FindLeadIds(db::Transaction& tx, const std::vector<int64_t>& ids);

// A lead with its stage history (the creation first) as imported.
struct ImportedLeadRows {
  LeadRow lead;
  std::vector<StageChangeRow> history;
};

// Each insert writes its rows with the legacy references they carry (imported = 1), and
// fills in the new ids. A reference taken meanwhile by a concurrent import asks
// RunInTransaction to run the batch again (it is then skipped).
// Customers (with their tags and empty loyalty accounts, updated at create time).
absl::Status InsertImportedCustomers(db::Transaction& tx, std::vector<CustomerRow>& rows);
// Leads and their histories.
absl::Status InsertImportedLeads(db::Transaction& tx, std::vector<ImportedLeadRows>& leads);
// Marks customer `customer_id` as converted from lead `lead_id` (a lead imported as WON).
void SetConvertedFromLead(db::Transaction& tx, int64_t customer_id, int64_t lead_id);
absl::Status InsertImportedInteractions(db::Transaction& tx, std::vector<InteractionRow>& rows);
absl::Status InsertImportedSurveys(db::Transaction& tx, std::vector<SurveyRow>& rows);

}  // namespace sales::customers::store
