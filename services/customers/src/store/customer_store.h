// Customers, their tags and contacts in MySQL. Functions run inside the caller's
// transaction and throw sql::SQLException, which RunInTransaction maps.
#pragma once

#include <optional>

#include <vector>
#include "absl/status/statusor.h"

#include "common/db/transaction.h"
#include "common/paging.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::store {

// Inserts the customer and its tags; returns the new id, or ALREADY_EXISTS naming
// customer.external_ref when another customer holds the same external reference.
absl::StatusOr<int64_t> InsertCustomer(db::Transaction& tx, const CustomerRow& row);
std::optional<CustomerRow> FindCustomer(db::Transaction& tx, int64_t id, bool for_update);
// FindCustomers' statement up to its IN list, for db::AsyncPointReader (CustomerRow's
// columns; the key column is "id").
std::string SelectCustomersInSql();
// The customers among `ids` (distinct), any state, in one statement; absent ids are skipped.
std::vector<CustomerRow> FindCustomers(db::Transaction& tx, const std::vector<int64_t>& ids);
// The customer holding external reference (source, id), any state.
std::optional<CustomerRow> FindCustomerByExternalRef(db::Transaction& tx, const std::string& source,
                                                     const std::string& id);
// Customers after `cursor` in (created_at, id) order matching the filter, oldest first, at
// most `limit`; `cursor.first_page()` is the first page.
std::vector<CustomerRow> ListCustomers(db::Transaction& tx, const CustomerFilter& filter,
                                       const KeysetCursor& cursor, int limit);
// Writes the mutable columns and tags of `row`; its version must already be bumped.
void UpdateCustomer(db::Transaction& tx, const CustomerRow& row);
// Sets the tier column only (the loyalty ledger decides it).
void SetCustomerTier(db::Transaction& tx, int64_t id, const std::string& tier, absl::Time now);

// Sets the referring customer (the api checks it may be set).
void SetReferredBy(db::Transaction& tx, int64_t id, int64_t referrer_id);

// Keeps the latest purchase time (an older one never overwrites a newer one).
void SetLastPurchase(db::Transaction& tx, int64_t id, absl::Time at);

int64_t InsertContact(db::Transaction& tx, const ContactRow& row);
std::optional<ContactRow> FindContact(db::Transaction& tx, int64_t customer_id, int64_t id);
std::vector<ContactRow> ListContacts(db::Transaction& tx, int64_t customer_id, int64_t after_id,
                                     int limit);
// Writes display_name, title, email and phone of the contact.
void UpdateContact(db::Transaction& tx, const ContactRow& row);
// Returns whether a row was deleted.
bool DeleteContact(db::Transaction& tx, int64_t customer_id, int64_t id);

}  // namespace sales::customers::store
