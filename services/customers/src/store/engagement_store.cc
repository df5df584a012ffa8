#include "services/customers/src/store/engagement_store.h"

#include <limits>

namespace sales::customers::store {
namespace {

constexpr char kInsertInteraction[] =
    "INSERT INTO interactions (subject_kind, subject_id, kind, rep, occurred_at, notes, "
    "created_at, category, complaint_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kInteractionColumns[] =
    "SELECT id, subject_kind, subject_id, kind, rep, occurred_at, notes, created_at, imported, "
    "category, complaint_state, resolved_at, resolved_by, resolution_note FROM interactions ";
// One statement for every filter combination: a NULL parameter disables its condition.
const std::string kListInteractions =
    std::string(kInteractionColumns) +
    "WHERE (? IS NULL OR (subject_kind = ? AND subject_id = ?)) "
    "AND (? IS NULL OR category = ?) AND (? IS NULL OR complaint_state = ?) "
    "AND (occurred_at < ? OR (occurred_at = ? AND id < ?)) "
    "ORDER BY occurred_at DESC, id DESC LIMIT ?";
const std::string kSelectInteractionForUpdate =
    std::string(kInteractionColumns) + "WHERE id = ? FOR UPDATE";
constexpr char kResolveInteraction[] =
    "UPDATE interactions SET complaint_state = ?, resolved_at = ?, resolved_by = ?, "
    "resolution_note = ? WHERE id = ?";
constexpr char kInsertSurvey[] =
    "INSERT INTO survey_responses (customer_id, kind, score, order_name, comment_text, "
    "created_at, category) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr char kListSurveys[] =
    "SELECT id, customer_id, kind, score, order_name, comment_text, created_at, imported, "
    "category "
    "FROM survey_responses WHERE (? IS NULL OR created_at < ? OR (created_at = ? AND id < ?)) "
    "AND (? IS NULL OR customer_id = ?) AND (? IS NULL OR kind = ?) "
    "ORDER BY created_at DESC, id DESC LIMIT ?";
constexpr char kCountScores[] =
    "SELECT kind, score, COUNT(*) AS n FROM survey_responses "
    "WHERE (? IS NULL OR customer_id = ?) AND (? IS NULL OR created_at >= ?) "
    "AND (? IS NULL OR created_at < ?) GROUP BY kind, score";

}  // namespace

int64_t InsertInteraction(db::Transaction& tx, const InteractionRow& row) {
  tx.Exec(kInsertInteraction,
          db::ParamWriter().AddRow(row).Add(row.category).Add(row.complaint_state).params());
  return tx.LastInsertId();
}

std::vector<InteractionRow> ListInteractions(db::Transaction& tx, const InteractionFilter& f,
                                             const KeysetCursor& cursor, int limit) {
  // The first page starts after the largest representable DATETIME.
  const absl::Time at =
      cursor.first_page()
          ? absl::FromCivil(absl::CivilSecond(9999, 12, 31, 23, 59, 59), absl::UTCTimeZone())
          : cursor.time;
  const int64_t id = cursor.first_page() ? std::numeric_limits<int64_t>::max() : cursor.id;
  const db::SqlParam subject = db::NullIfZero(f.subject_kind);
  const db::SqlParam category = db::NullIfZero(f.category);
  const db::SqlParam state = db::NullIfZero(f.complaint_state);
  return db::QueryAll<InteractionRow>(tx, kListInteractions,
                                      {subject, subject, f.subject_id, category, category, state,
                                       state, at, at, id, int64_t{limit}});
}

std::optional<InteractionRow> LockInteraction(db::Transaction& tx, int64_t id) {
  return db::QueryOne<InteractionRow>(tx, kSelectInteractionForUpdate, {id});
}

void ResolveInteraction(db::Transaction& tx, const InteractionRow& row) {
  tx.Exec(kResolveInteraction, {int64_t{row.complaint_state}, row.resolved_at, row.resolved_by,
                                db::NullIfEmpty(row.resolution_note), row.id});
}

int64_t InsertSurvey(db::Transaction& tx, const SurveyRow& row) {
  tx.Exec(kInsertSurvey, db::ParamWriter().AddRow(row).Add(row.category).params());
  return tx.LastInsertId();
}

std::vector<SurveyRow> ListSurveys(db::Transaction& tx, int64_t customer_id, int kind,
                                   const KeysetCursor& cursor, int limit) {
  const db::SqlParam at = cursor.first_page() ? db::SqlParam(nullptr) : db::SqlParam(cursor.time);
  const db::SqlParam customer = db::NullIfZero(customer_id);
  const db::SqlParam kind_param = db::NullIfZero(kind);
  return db::QueryAll<SurveyRow>(
      tx, kListSurveys,
      {at, at, at, cursor.id, customer, customer, kind_param, kind_param, int64_t{limit}});
}

std::vector<ScoreCount> CountSurveyScores(db::Transaction& tx, int64_t customer_id,
                                          absl::Time start, absl::Time end) {
  const db::SqlParam customer = db::NullIfZero(customer_id);
  const db::SqlParam from = db::NullIfUnset(start);
  const db::SqlParam to = db::NullIfUnset(end);
  return db::QueryAll(tx, kCountScores, {customer, customer, from, from, to, to},
                      [](const db::RowReader& r) {
                        return ScoreCount{r.Int32("kind"), r.Int32("score"), r.Int64("n")};
                      });
}

}  // namespace sales::customers::store
