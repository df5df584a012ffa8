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
    "UPDATE interactions SET notes = NULL, resolution_note = NULL WHERE subject_kind = 2 AND "
    "subject_id IN "
    "(SELECT id FROM leads WHERE customer_id = ?)";
constexpr char kEraseLeads[] =
    "UPDATE leads SET display_name = ?, company_name = NULL, contact_email = NULL, "
    "contact_phone = NULL WHERE customer_id = ?";
constexpr char kEraseCustomerNotes[] =
    "UPDATE interactions SET notes = NULL, resolution_note = NULL WHERE subject_kind = 1 AND "
    "subject_id = ?";
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
  return db::QueryOne<ErasureRow>(tx, kSelectErasure, {customer_id});
}

void InsertErasure(db::Transaction& tx, const ErasureRow& row) {
  tx.Exec(kInsertErasure, db::ParamWriter().AddRow(row).params());
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
  std::vector<StoredEvent> out = db::QueryAll(
      tx,
      absl::StrCat("SELECT id, payload FROM outbox WHERE aggregate = ? AND event_type IN (", in,
                   ") ORDER BY id FOR UPDATE"),
      params, [](const db::RowReader& r) {
        return StoredEvent{false, r.Int64("id"), r.String("payload")};
      });
  std::vector<StoredEvent> logged =
      db::QueryAll(tx,
                   absl::StrCat("SELECT position, payload FROM event_log WHERE aggregate = ? "
                                "AND event_type IN (",
                                in, ") ORDER BY position"),
                   params, [](const db::RowReader& r) {
                     return StoredEvent{true, r.Int64("position"), r.String("payload")};
                   });
  out.insert(out.end(), std::make_move_iterator(logged.begin()),
             std::make_move_iterator(logged.end()));
  return out;
}

void RewriteEvent(db::Transaction& tx, const StoredEvent& event) {
  tx.Exec(event.in_log ? kUpdateLogPayload : kUpdateOutboxPayload, {event.payload, event.key});
}

std::vector<int64_t> LeadIdsOfCustomer(db::Transaction& tx, int64_t customer_id) {
  return db::QueryAll(tx, kSelectLeadIds, {customer_id},
                      [](const db::RowReader& r) { return r.Int64("id"); });
}

std::vector<StoredResponse> FindStoredResponses(db::Transaction& tx,
                                                const std::vector<std::string>& methods) {
  std::vector<db::SqlParam> params(methods.begin(), methods.end());
  return db::QueryAll(
      tx,
      absl::StrCat("SELECT request_id, method, response FROM idempotency "
                   "WHERE response IS NOT NULL AND method IN (",
                   Placeholders(methods.size()), ")"),
      params, [](const db::RowReader& r) {
        return StoredResponse{r.String("request_id"), r.String("method"), r.String("response")};
      });
}

void RewriteStoredResponse(db::Transaction& tx, const StoredResponse& stored) {
  tx.Exec(kUpdateStoredResponse, {stored.response, stored.request_id});
}

}  // namespace sales::customers::store
