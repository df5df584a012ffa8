#include "services/customers/src/store/engagement_store.h"

#include <limits>

namespace sales::customers::store {
namespace {

constexpr char kInsertInteraction[] =
    "INSERT INTO interactions (subject_kind, subject_id, kind, rep, occurred_at, notes, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr char kListInteractions[] =
    "SELECT id, subject_kind, subject_id, kind, rep, occurred_at, notes, created_at, imported "
    "FROM interactions WHERE subject_kind = ? AND subject_id = ? "
    "AND (occurred_at < ? OR (occurred_at = ? AND id < ?)) "
    "ORDER BY occurred_at DESC, id DESC LIMIT ?";
constexpr char kInsertSurvey[] =
    "INSERT INTO survey_responses (customer_id, kind, score, order_name, comment_text, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr char kListSurveys[] =
    "SELECT id, customer_id, kind, score, order_name, comment_text, created_at, imported "
    "FROM survey_responses WHERE (? IS NULL OR created_at < ? OR (created_at = ? AND id < ?)) "
    "AND (? IS NULL OR customer_id = ?) AND (? IS NULL OR kind = ?) "
    "ORDER BY created_at DESC, id DESC LIMIT ?";
constexpr char kCountScores[] =
    "SELECT kind, score, COUNT(*) AS n FROM survey_responses "
    "WHERE (? IS NULL OR customer_id = ?) AND (? IS NULL OR created_at >= ?) "
    "AND (? IS NULL OR created_at < ?) GROUP BY kind, score";

}  // namespace

int64_t InsertInteraction(db::Transaction& tx, const InteractionRow& row) {
  tx.Exec(kInsertInteraction, db::ParamWriter().AddRow(row).params());
  return tx.LastInsertId();
}

std::vector<InteractionRow> ListInteractions(db::Transaction& tx, int subject_kind,
                                             int64_t subject_id, const KeysetCursor& cursor,
                                             int limit) {
  // The first page starts after the largest representable DATETIME.
  const absl::Time at =
      cursor.first_page()
          ? absl::FromCivil(absl::CivilSecond(9999, 12, 31, 23, 59, 59), absl::UTCTimeZone())
          : cursor.time;
  const int64_t id = cursor.first_page() ? std::numeric_limits<int64_t>::max() : cursor.id;
  return db::QueryAll<InteractionRow>(
      tx, kListInteractions, {int64_t{subject_kind}, subject_id, at, at, id, int64_t{limit}});
}

int64_t InsertSurvey(db::Transaction& tx, const SurveyRow& row) {
  tx.Exec(kInsertSurvey, db::ParamWriter().AddRow(row).params());
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
