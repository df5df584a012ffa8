#include "services/customers/src/store/import_store.h"

#include <cppconn/exception.h>

#include "absl/strings/ascii.h"
#include "common/db/row_mapping.h"
#include "common/db/sql_error.h"

namespace sales::customers::store {
namespace {

// (ext_source, ext_id) IN (...): the rows' placeholders and ")" are appended per chunk.
constexpr char kCustomersByKeys[] =
    "SELECT id, state, converted_from_lead, ext_source, ext_id FROM customers "
    "WHERE (ext_source, ext_id) IN (";
constexpr char kCustomersByIds[] =
    "SELECT id, state, converted_from_lead, ext_source, ext_id FROM customers WHERE id IN (";
constexpr char kSharedLock[] = ") LOCK IN SHARE MODE";
constexpr char kLeadsByKeys[] =
    "SELECT id, ext_source, ext_id FROM leads WHERE (ext_source, ext_id) IN (";
constexpr char kInteractionsByKeys[] =
    "SELECT id, ext_source, ext_id FROM interactions WHERE (ext_source, ext_id) IN (";
constexpr char kSurveysByKeys[] =
    "SELECT id, ext_source, ext_id FROM survey_responses WHERE (ext_source, ext_id) IN (";
constexpr char kLeadIds[] = "SELECT id FROM leads WHERE id IN (";

constexpr char kInsertCustomers[] =
    "INSERT INTO customers (kind, display_name, email, phone, owner_rep, acquisition_channel, "
    "ext_source, ext_id, state, tier, converted_from_lead, created_at, updated_at, "
    "archived_at, version, imported) VALUES ";
constexpr int kCustomerWidth = 16;
constexpr char kInsertTags[] = "INSERT INTO customer_tags (customer_id, tag) VALUES ";
constexpr char kInsertAccounts[] = "INSERT INTO loyalty_accounts (customer_id, updated_at) VALUES ";
constexpr char kInsertLeads[] =
    "INSERT INTO leads (display_name, company_name, contact_email, contact_phone, stage, "
    "expected_amount_minor, currency, owner_rep, acquisition_channel, created_at, updated_at, "
    "expected_close_date, lost_reason, customer_id, version, imported, ext_source, ext_id) "
    "VALUES ";
constexpr int kLeadWidth = 18;
constexpr char kInsertHistory[] =
    "INSERT INTO lead_stage_history (lead_id, from_stage, to_stage, lost_reason, changed_at) "
    "VALUES ";
constexpr char kSetConverted[] =
    "UPDATE customers SET converted_from_lead = ? WHERE id = ? AND converted_from_lead IS NULL";
constexpr char kInsertInteractions[] =
    "INSERT INTO interactions (subject_kind, subject_id, kind, rep, occurred_at, notes, "
    "created_at, imported, ext_source, ext_id) VALUES ";
constexpr int kInteractionWidth = 10;
constexpr char kInsertSurveys[] =
    "INSERT INTO survey_responses (customer_id, kind, score, order_name, comment_text, "
    "created_at, imported, ext_source, ext_id) VALUES ";
constexpr int kSurveyWidth = 9;

using Keys = std::vector<std::pair<std::string, std::string>>;

std::vector<db::SqlParam> KeyParams(const Keys& keys) {
  std::vector<db::SqlParam> params;
  params.reserve(keys.size() * 2);
  for (const auto& [source, id] : keys) {
    params.emplace_back(source);
    params.emplace_back(id);
  }
  return params;
}

CustomerRef ReadCustomerRef(const db::RowReader& r) {
  return {r.Int64("id"), r.Int32("state"), r.Int64OrZero("converted_from_lead")};
}

std::map<std::string, int64_t> IdsByKeys(db::Transaction& tx, const char* prefix,
                                         const Keys& keys) {
  std::map<std::string, int64_t> out;
  if (keys.empty()) return out;
  db::QueryRows(tx, prefix, 2, KeyParams(keys), ")", [&](sql::ResultSet& rs) {
    const db::RowReader r(rs);
    out[ExternalKey(r.String("ext_source"), r.String("ext_id"))] = r.Int64("id");
  });
  return out;
}

// Runs a multi-row insert of rows carrying legacy references; a duplicate reference means
// a concurrent import took it: the batch runs again and skips it.
absl::Status InsertWithKeys(db::Transaction& tx, const char* prefix, int width,
                            const std::vector<db::SqlParam>& params) {
  try {
    db::ExecRows(tx, prefix, width, params);
  } catch (const sql::SQLException& e) {
    if (e.getErrorCode() != db::kErrDuplicateKey) throw;
    return db::RetryTransactionError("legacy reference imported concurrently");
  }
  return absl::OkStatus();
}

// Fills `id` of each row from the ids its keys now have.
template <typename Row>
absl::Status FillIds(db::Transaction& tx, const char* prefix, std::vector<Row>& rows,
                     auto&& row_of) {
  Keys keys;
  keys.reserve(rows.size());
  for (Row& r : rows) keys.emplace_back(row_of(r).ext_source, row_of(r).ext_id);
  const std::map<std::string, int64_t> ids = IdsByKeys(tx, prefix, keys);
  for (Row& r : rows) {
    auto it = ids.find(ExternalKey(row_of(r).ext_source, row_of(r).ext_id));
    if (it == ids.end()) return absl::InternalError("imported row not found by its reference");
    row_of(r).id = it->second;
  }
  return absl::OkStatus();
}

}  // namespace

std::string ExternalKey(std::string_view source, std::string_view id) {
  std::string key;
  key.reserve(source.size() + id.size() + 1);
  key.append(source);
  key.push_back('\0');
  key.append(id);
  absl::AsciiStrToLower(&key);
  return key;
}

std::map<std::string, CustomerRef> FindCustomersByKeys(db::Transaction& tx, const Keys& keys) {
  std::map<std::string, CustomerRef> out;
  if (keys.empty()) return out;
  db::QueryRows(tx, kCustomersByKeys, 2, KeyParams(keys), kSharedLock, [&](sql::ResultSet& rs) {
    const db::RowReader r(rs);
    out[ExternalKey(r.String("ext_source"), r.String("ext_id"))] = ReadCustomerRef(r);
  });
  return out;
}

std::map<int64_t, CustomerRef> FindCustomersByIds(db::Transaction& tx,
                                                  const std::vector<int64_t>& ids) {
  std::map<int64_t, CustomerRef> out;
  if (ids.empty()) return out;
  db::QueryRows(tx, kCustomersByIds, 1, std::vector<db::SqlParam>(ids.begin(), ids.end()),
                kSharedLock, [&](sql::ResultSet& rs) {
                  const CustomerRef ref = ReadCustomerRef(db::RowReader(rs));
                  out[ref.id] = ref;
                });
  return out;
}

std::map<std::string, int64_t> FindLeadsByKeys(db::Transaction& tx, const Keys& keys) {
  return IdsByKeys(tx, kLeadsByKeys, keys);
}

std::map<std::string, int64_t> FindInteractionsByKeys(db::Transaction& tx, const Keys& keys) {
  return IdsByKeys(tx, kInteractionsByKeys, keys);
}

std::map<std::string, int64_t> FindSurveysByKeys(db::Transaction& tx, const Keys& keys) {
  return IdsByKeys(tx, kSurveysByKeys, keys);
}

std::vector<int64_t> FindLeadIds(db::Transaction& tx, const std::vector<int64_t>& ids) {
  std::vector<int64_t> out;
  if (ids.empty()) return out;
  db::QueryRows(tx, kLeadIds, 1, std::vector<db::SqlParam>(ids.begin(), ids.end()), ")",
                [&](sql::ResultSet& rs) { out.push_back(db::RowReader(rs).Int64("id")); });
  return out;
}

absl::Status InsertImportedCustomers(db::Transaction& tx, std::vector<CustomerRow>& rows) {
  if (rows.empty()) return absl::OkStatus();
  db::ParamWriter p;
  for (const CustomerRow& row : rows) {
    p.AddRow(row).Add(db::NullIfUnset(row.archived_at)).Add(int64_t{1}).Add(true);
  }
  if (absl::Status s = InsertWithKeys(tx, kInsertCustomers, kCustomerWidth, p.params()); !s.ok()) {
    return s;
  }
  if (absl::Status s =
          FillIds(tx, kCustomersByKeys, rows, [](CustomerRow& r) -> CustomerRow& { return r; });
      !s.ok()) {
    return s;
  }
  db::ParamWriter tags;
  db::ParamWriter accounts;
  for (const CustomerRow& row : rows) {
    for (const std::string& tag : row.tags) tags.Add(row.id).Add(tag);
    accounts.Add(row.id).Add(row.created_at);
  }
  db::ExecRows(tx, kInsertTags, 2, tags.params());
  db::ExecRows(tx, kInsertAccounts, 2, accounts.params());
  return absl::OkStatus();
}

absl::Status InsertImportedLeads(db::Transaction& tx, std::vector<ImportedLeadRows>& leads) {
  if (leads.empty()) return absl::OkStatus();
  db::ParamWriter p;
  for (const ImportedLeadRows& l : leads) {
    const LeadRow& row = l.lead;
    p.AddRow(row)
        .Add(db::NullIfEmpty(row.lost_reason))
        .Add(db::NullIfZero(row.customer_id))
        .Add(int64_t{1})
        .Add(true)
        .Add(row.ext_source)
        .Add(row.ext_id);
  }
  if (absl::Status s = InsertWithKeys(tx, kInsertLeads, kLeadWidth, p.params()); !s.ok()) return s;
  if (absl::Status s =
          FillIds(tx, kLeadsByKeys, leads, [](ImportedLeadRows& l) -> LeadRow& { return l.lead; });
      !s.ok()) {
    return s;
  }
  db::ParamWriter history;
  for (const ImportedLeadRows& l : leads) {
    for (const StageChangeRow& change : l.history) history.Add(l.lead.id).AddRow(change);
  }
  db::ExecRows(tx, kInsertHistory, 5, history.params());
  return absl::OkStatus();
}

void SetConvertedFromLead(db::Transaction& tx, int64_t customer_id, int64_t lead_id) {
  tx.Exec(kSetConverted, {lead_id, customer_id});
}

absl::Status InsertImportedInteractions(db::Transaction& tx, std::vector<InteractionRow>& rows) {
  if (rows.empty()) return absl::OkStatus();
  db::ParamWriter p;
  for (const InteractionRow& row : rows) {
    p.AddRow(row).Add(true).Add(row.ext_source).Add(row.ext_id);
  }
  if (absl::Status s = InsertWithKeys(tx, kInsertInteractions, kInteractionWidth, p.params());
      !s.ok()) {
    return s;
  }
  return FillIds(tx, kInteractionsByKeys, rows,
                 [](InteractionRow& r) -> InteractionRow& { return r; });
}

absl::Status InsertImportedSurveys(db::Transaction& tx, std::vector<SurveyRow>& rows) {
  if (rows.empty()) return absl::OkStatus();
  db::ParamWriter p;
  for (const SurveyRow& row : rows) {
    p.AddRow(row).Add(true).Add(row.ext_source).Add(row.ext_id);
  }
  if (absl::Status s = InsertWithKeys(tx, kInsertSurveys, kSurveyWidth, p.params()); !s.ok()) {
    return s;
  }
  return FillIds(tx, kSurveysByKeys, rows, [](SurveyRow& r) -> SurveyRow& { return r; });
}

}  // namespace sales::customers::store
