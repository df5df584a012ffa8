#include "services/analytics/src/store/feedback_store.h"

namespace sales::analytics::store {
namespace {

constexpr char kInsertPrefix[] =
    "INSERT INTO feedback_facts{s} (item, category, complaint, rep, customer, lead_name, "
    "occur_time) VALUES ";
constexpr char kInsertSuffix[] = " ON DUPLICATE KEY UPDATE item = item";
// Inserts the complaint if it is missing; otherwise sets the resolution once.
constexpr char kResolve[] =
    "INSERT INTO feedback_facts{s} (item, category, complaint, rep, customer, lead_name, "
    "occur_time, resolve_time, resolved_by) VALUES (?, ?, TRUE, ?, ?, ?, ?, ?, ?) "
    "ON DUPLICATE KEY UPDATE "
    "resolved_by = IF(resolve_time IS NULL, VALUES(resolved_by), resolved_by), "
    "resolve_time = IF(resolve_time IS NULL, VALUES(resolve_time), resolve_time)";

constexpr char kSelectFeedback[] =
    "SELECT category, complaint, occur_time AS t, resolve_time AS r FROM feedback_facts "
    "WHERE occur_time >= ? AND occur_time < ? AND (? = '' OR (complaint AND rep = ?)) "
    "ORDER BY occur_time, item";

}  // namespace

FeedbackStore::FeedbackStore(TableSet set)
    : insert_(ForTables(kInsertPrefix, set)),
      insert_suffix_(kInsertSuffix),
      resolve_(ForTables(kResolve, set)) {}

void FeedbackStore::InsertFeedback(db::Transaction& tx,
                                   const std::vector<FeedbackFact>& rows) const {
  if (rows.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(rows.size() * 7);
  for (const FeedbackFact& r : rows) {
    params.insert(params.end(),
                  {r.item, r.category, r.complaint, r.rep, r.customer, r.lead, r.occur_time});
  }
  db::ExecRows(tx, insert_, 7, params, insert_suffix_);
}

void FeedbackStore::ResolveComplaints(db::Transaction& tx,
                                      const std::vector<ComplaintResolution>& resolutions) const {
  for (const ComplaintResolution& r : resolutions) {
    const FeedbackFact& c = r.complaint;
    tx.Exec(resolve_, {c.item, c.category, c.rep, c.customer, c.lead, c.occur_time, r.resolve_time,
                       r.resolved_by});
  }
}

std::vector<domain::FeedbackItem> LoadFeedback(db::Transaction& tx, absl::Time from, absl::Time to,
                                               const std::string& rep) {
  std::vector<domain::FeedbackItem> out;
  auto rs = tx.Query(kSelectFeedback, {from, to, rep, rep});
  while (rs->next()) {
    domain::FeedbackItem item;
    item.category = rs->getString(1);
    item.complaint = rs->getBoolean(2);
    item.made = db::GetSqlTime(*rs, "t");
    if (!rs->isNull("r")) item.resolved = db::GetSqlTime(*rs, "r");
    out.push_back(std::move(item));
  }
  return out;
}

}  // namespace sales::analytics::store
