#include "services/customers/src/store/erasure_store.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace sales::customers::store {
namespace {

constexpr char kSelectErasure[] =
    "SELECT customer_id, requested_by, legal_basis, reason, erased_at FROM customer_erasures "
    "WHERE customer_id = ? FOR UPDATE";
constexpr char kInsertErasure[] =
    "INSERT INTO customer_erasures (customer_id, requested_by, legal_basis, reason, erased_at) "
    "VALUES (?, ?, ?, ?, ?)";
constexpr char kEraseContacts[] =
    "UPDATE contacts SET display_name = ?, title = NULL, email = NULL, phone = NULL "
    "WHERE customer_id = ?";
constexpr char kEraseLeadNotes[] =
    "UPDATE interactions SET notes = NULL WHERE subject_kind = 2 AND subject_id IN "
    "(SELECT id FROM leads WHERE customer_id = ?)";
constexpr char kEraseLeads[] =
    "UPDATE leads SET display_name = ?, company_name = NULL, contact_email = NULL, "
    "contact_phone = NULL WHERE customer_id = ?";
constexpr char kEraseCustomerNotes[] =
    "UPDATE interactions SET notes = NULL WHERE subject_kind = 1 AND subject_id = ?";
constexpr char kEraseSurveyComments[] =
    "UPDATE survey_responses SET comment_text = NULL WHERE customer_id = ?";
constexpr char kSelectLeadIds[] = "SELECT id FROM leads WHERE customer_id = ? ORDER BY id";
constexpr char kUpdateStoredResponse[] = "UPDATE idempotency SET response = ? WHERE request_id = ?";
constexpr char kUpdateOutboxPayload[] = "UPDATE outbox SET payload = ? WHERE id = ?";
constexpr char kUpdateLogPayload[] = "UPDATE event_log SET payload = ? WHERE position = ?";

// "?, ?, ?" for n placeholders.
std::string Placeholders(size_t n) {
  std::vector<std::string> marks(n, "?");
  return absl::StrJoin(marks, ", ");
}

}  // namespace

std::optional<ErasureRow> FindErasure(db::Transaction& tx, int64_t customer_id) {
  auto rs = tx.Query(kSelectErasure, {customer_id});
  if (!rs->next()) return std::nullopt;
  ErasureRow row;
  row.customer_id = rs->getInt64("customer_id");
  row.requested_by = rs->getString("requested_by");
  row.legal_basis = rs->getString("legal_basis");
  row.reason = db::GetString(*rs, "reason");
  row.erased_at = db::GetSqlTime(*rs, "erased_at");
  return row;
}

void InsertErasure(db::Transaction& tx, const ErasureRow& row) {
  tx.Exec(kInsertErasure, {row.customer_id, row.requested_by, row.legal_basis,
                           db::NullIfEmpty(row.reason), row.erased_at});
}

void EraseCustomerDependents(db::Transaction& tx, int64_t customer_id,
                             const std::string& erased_text) {
  tx.Exec(kEraseContacts, {erased_text, customer_id});
  tx.Exec(kEraseLeadNotes, {customer_id});
  tx.Exec(kEraseLeads, {erased_text, customer_id});
  tx.Exec(kEraseCustomerNotes, {customer_id});
  tx.Exec(kEraseSurveyComments, {customer_id});
}

std::vector<StoredEvent> FindEvents(db::Transaction& tx, const std::string& aggregate,
                                    const std::vector<std::string>& types) {
  const std::string in = Placeholders(types.size());
  std::vector<db::SqlParam> params = {aggregate};
  for (const std::string& type : types) params.emplace_back(type);
  std::vector<StoredEvent> out;
  auto outbox = tx.Query(absl::StrCat("SELECT id, payload FROM outbox WHERE aggregate = ? AND "
                                      "event_type IN (",
                                      in, ") ORDER BY id FOR UPDATE"),
                         params);
  while (outbox->next()) {
    out.push_back({false, outbox->getInt64("id"), std::string(outbox->getString("payload"))});
  }
  auto log = tx.Query(absl::StrCat("SELECT position, payload FROM event_log WHERE aggregate = ? "
                                   "AND event_type IN (",
                                   in, ") ORDER BY position"),
                      params);
  while (log->next()) {
    out.push_back({true, log->getInt64("position"), std::string(log->getString("payload"))});
  }
  return out;
}

void RewriteEvent(db::Transaction& tx, const StoredEvent& event) {
  tx.Exec(event.in_log ? kUpdateLogPayload : kUpdateOutboxPayload, {event.payload, event.key});
}

std::vector<int64_t> LeadIdsOfCustomer(db::Transaction& tx, int64_t customer_id) {
  auto rs = tx.Query(kSelectLeadIds, {customer_id});
  std::vector<int64_t> ids;
  while (rs->next()) ids.push_back(rs->getInt64("id"));
  return ids;
}

std::vector<StoredResponse> FindStoredResponses(db::Transaction& tx,
                                                const std::vector<std::string>& methods) {
  std::vector<db::SqlParam> params(methods.begin(), methods.end());
  auto rs = tx.Query(absl::StrCat("SELECT request_id, method, response FROM idempotency "
                                  "WHERE response IS NOT NULL AND method IN (",
                                  Placeholders(methods.size()), ")"),
                     params);
  std::vector<StoredResponse> out;
  while (rs->next()) {
    out.push_back({std::string(rs->getString("request_id")), std::string(rs->getString("method")),
                   std::string(rs->getString("response"))});
  }
  return out;
}

void RewriteStoredResponse(db::Transaction& tx, const StoredResponse& stored) {
  tx.Exec(kUpdateStoredResponse, {stored.response, stored.request_id});
}

}  // namespace sales::customers::store
