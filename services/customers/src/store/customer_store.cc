#include "services/customers/src/store/customer_store.h"

#include <cppconn/exception.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "common/db/sql_error.h"

namespace sales::customers::store {
namespace {

constexpr char kCustomerColumns[] =
    "SELECT c.id, c.kind, c.display_name, c.email, c.phone, c.owner_rep, "
    "c.acquisition_channel, c.ext_source, c.ext_id, c.state, c.tier, c.converted_from_lead, "
    "c.created_at, c.updated_at, c.archived_at, c.last_purchase_at, c.version, c.imported, "
    "c.referred_by, "
    "(SELECT GROUP_CONCAT(t.tag ORDER BY t.tag SEPARATOR ',') FROM customer_tags t "
    " WHERE t.customer_id = c.id) AS tags "
    "FROM customers c ";

const std::string kSelectCustomer = std::string(kCustomerColumns) + "WHERE c.id = ?";
const std::string kSelectCustomerForUpdate = kSelectCustomer + " FOR UPDATE";
// Followed by the id placeholders and ")" (db::QueryInAll).
const std::string kSelectCustomersIn = std::string(kCustomerColumns) + "WHERE c.id IN (";
// One statement for every filter combination: a NULL parameter disables its condition.
// Ordered by (created_at, id), the create_time a caller sees, with a keyset on both: ids are
// handed out in insert order, not in the order the creation times were taken, so concurrent
// creates can have a larger id with an earlier time.
const std::string kListCustomers =
    std::string(kCustomerColumns) +
    "WHERE (? IS NULL OR c.created_at > ? OR (c.created_at = ? AND c.id > ?)) "
    "AND (? OR c.state = 1) "
    "AND (? IS NULL OR c.tier = ?) "
    "AND (? IS NULL OR c.owner_rep = ?) "
    "AND (? IS NULL OR c.acquisition_channel = ?) "
    "AND (? IS NULL OR c.created_at >= ?) "
    "AND (? IS NULL OR c.created_at < ?) "
    "AND (? IS NULL OR c.display_name LIKE CONCAT('%', ?, '%') ESCAPE '!') "
    "AND (? IS NULL OR EXISTS (SELECT 1 FROM customer_tags t "
    "     WHERE t.customer_id = c.id AND t.tag = ?)) "
    "AND (? IS NULL OR (c.ext_source = ? AND c.ext_id = ?)) "
    "AND (? IS NULL OR c.email = ?) "
    "AND (? IS NULL OR c.phone = ?) "
    "ORDER BY c.created_at, c.id LIMIT ?";
const std::string kSelectCustomerByExternalRef =
    std::string(kCustomerColumns) + "WHERE c.ext_source = ? AND c.ext_id = ?";

// The unique keys a caller can collide with, and the field each stands for.
const db::UniqueKeys kUniqueKeys({{"uk_customers_external", "customer.external_ref",
                                   "a customer with this external reference"}});

constexpr char kInsertCustomer[] =
    "INSERT INTO customers (kind, display_name, email, phone, owner_rep, acquisition_channel, "
    "ext_source, ext_id, state, tier, converted_from_lead, created_at, updated_at, version) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)";
constexpr char kUpdateCustomer[] =
    "UPDATE customers SET display_name = ?, email = ?, phone = ?, owner_rep = ?, "
    "acquisition_channel = ?, state = ?, archived_at = ?, updated_at = ?, version = ? "
    "WHERE id = ?";
constexpr char kSetTier[] = "UPDATE customers SET tier = ?, updated_at = ? WHERE id = ?";
constexpr char kSetLastPurchase[] =
    "UPDATE customers SET last_purchase_at = ? "
    "WHERE id = ? AND (last_purchase_at IS NULL OR last_purchase_at < ?)";
constexpr char kSetReferredBy[] = "UPDATE customers SET referred_by = ? WHERE id = ?";
constexpr char kDeleteTags[] = "DELETE FROM customer_tags WHERE customer_id = ?";
constexpr char kInsertTag[] = "INSERT INTO customer_tags (customer_id, tag) VALUES (?, ?)";

constexpr char kInsertContact[] =
    "INSERT INTO contacts (customer_id, display_name, title, email, phone, created_at) "
    "VALUES (?, ?, ?, ?, ?, ?)";
constexpr char kContactColumns[] =
    "SELECT id, customer_id, display_name, title, email, phone, created_at FROM contacts ";
const std::string kSelectContact =
    std::string(kContactColumns) + "WHERE customer_id = ? AND id = ?";
const std::string kListContacts =
    std::string(kContactColumns) + "WHERE customer_id = ? AND id > ? ORDER BY id LIMIT ?";
constexpr char kDeleteContact[] = "DELETE FROM contacts WHERE customer_id = ? AND id = ?";
constexpr char kUpdateContact[] =
    "UPDATE contacts SET display_name = ?, title = ?, email = ?, phone = ? "
    "WHERE customer_id = ? AND id = ?";

void WriteTags(db::Transaction& tx, int64_t id, const std::vector<std::string>& tags) {
  for (const std::string& tag : tags) tx.Exec(kInsertTag, {id, tag});
}

// LIKE pattern text with its wildcards escaped by '!'.
std::string EscapeLike(const std::string& text) {
  return absl::StrReplaceAll(text, {{"!", "!!"}, {"%", "!%"}, {"_", "!_"}});
}

}  // namespace

absl::StatusOr<int64_t> InsertCustomer(db::Transaction& tx, const CustomerRow& row) {
  // A taken external reference raises a duplicate key on uk_customers_external, which
  // RunInTransaction maps to ALREADY_EXISTS naming customer.external_ref (kUniqueKeys).
  tx.Exec(kInsertCustomer, db::ParamWriter().AddRow(row).params());
  const int64_t id = tx.LastInsertId();
  WriteTags(tx, id, row.tags);
  return id;
}

std::optional<CustomerRow> FindCustomer(db::Transaction& tx, int64_t id, bool for_update) {
  return db::QueryOne<CustomerRow>(tx, for_update ? kSelectCustomerForUpdate : kSelectCustomer,
                                   {id});
}

std::string SelectCustomersInSql() { return kSelectCustomersIn; }

std::vector<CustomerRow> FindCustomers(db::Transaction& tx, const std::vector<int64_t>& ids) {
  return db::QueryInAll(tx, kSelectCustomersIn, {}, ids, ")", CustomerRow::Read);
}

std::optional<CustomerRow> FindCustomerByExternalRef(db::Transaction& tx, const std::string& source,
                                                     const std::string& id) {
  return db::QueryOne<CustomerRow>(tx, kSelectCustomerByExternalRef, {source, id});
}

std::vector<CustomerRow> ListCustomers(db::Transaction& tx, const CustomerFilter& f,
                                       const KeysetCursor& cursor, int limit) {
  const db::SqlParam at = cursor.first_page() ? db::SqlParam(nullptr) : db::SqlParam(cursor.time);
  const db::SqlParam tier = db::NullIfEmpty(f.tier);
  const db::SqlParam owner = db::NullIfEmpty(f.owner_rep);
  const db::SqlParam channel = db::NullIfZero(f.acquisition_channel);
  const db::SqlParam after = db::NullIfUnset(f.created_after);
  const db::SqlParam before = db::NullIfUnset(f.created_before);
  const db::SqlParam name = f.name_query.empty() ? db::SqlParam(nullptr) : EscapeLike(f.name_query);
  const db::SqlParam tag = db::NullIfEmpty(f.tag);
  const db::SqlParam ext = f.ext_source.empty() ? db::SqlParam(nullptr) : db::SqlParam(int64_t{1});
  const db::SqlParam email = db::NullIfEmpty(f.email);
  const db::SqlParam phone = db::NullIfEmpty(f.phone);
  const std::vector<db::SqlParam> params = {at,
                                            at,
                                            at,
                                            cursor.id,
                                            f.show_archived,
                                            tier,
                                            tier,
                                            owner,
                                            owner,
                                            channel,
                                            channel,
                                            after,
                                            after,
                                            before,
                                            before,
                                            name,
                                            name,
                                            tag,
                                            tag,
                                            ext,
                                            f.ext_source,
                                            f.ext_id,
                                            email,
                                            email,
                                            phone,
                                            phone,
                                            int64_t{limit}};
  return db::QueryAll<CustomerRow>(tx, kListCustomers, params);
}

void UpdateCustomer(db::Transaction& tx, const CustomerRow& row) {
  tx.Exec(kUpdateCustomer,
          {row.display_name, db::NullIfEmpty(row.email), db::NullIfEmpty(row.phone),
           db::NullIfEmpty(row.owner_rep), int64_t{row.acquisition_channel}, int64_t{row.state},
           db::NullIfUnset(row.archived_at), row.updated_at, row.version, row.id});
  tx.Exec(kDeleteTags, {row.id});
  WriteTags(tx, row.id, row.tags);
}

void SetCustomerTier(db::Transaction& tx, int64_t id, const std::string& tier, absl::Time now) {
  tx.Exec(kSetTier, {tier, now, id});
}

void SetReferredBy(db::Transaction& tx, int64_t id, int64_t referrer_id) {
  tx.Exec(kSetReferredBy, {referrer_id, id});
}

void SetLastPurchase(db::Transaction& tx, int64_t id, absl::Time at) {
  tx.Exec(kSetLastPurchase, {at, id, at});
}

int64_t InsertContact(db::Transaction& tx, const ContactRow& row) {
  tx.Exec(kInsertContact, db::ParamWriter().AddRow(row).params());
  return tx.LastInsertId();
}

std::optional<ContactRow> FindContact(db::Transaction& tx, int64_t customer_id, int64_t id) {
  return db::QueryOne<ContactRow>(tx, kSelectContact, {customer_id, id});
}

std::vector<ContactRow> ListContacts(db::Transaction& tx, int64_t customer_id, int64_t after_id,
                                     int limit) {
  return db::QueryAll<ContactRow>(tx, kListContacts, {customer_id, after_id, int64_t{limit}});
}

void UpdateContact(db::Transaction& tx, const ContactRow& row) {
  tx.Exec(kUpdateContact, {row.display_name, db::NullIfEmpty(row.title), db::NullIfEmpty(row.email),
                           db::NullIfEmpty(row.phone), row.customer_id, row.id});
}

bool DeleteContact(db::Transaction& tx, int64_t customer_id, int64_t id) {
  return tx.Exec(kDeleteContact, {customer_id, id}) > 0;
}

}  // namespace sales::customers::store
