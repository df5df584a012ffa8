#include "services/incentives/src/store/honour_store.h"

namespace sales::incentives::store {
namespace {

constexpr char kIsClosed[] =
    "SELECT COUNT(*) AS n FROM honour_closes WHERE kind = ? AND period = ? FOR UPDATE";
constexpr char kRecordClose[] =
    "INSERT INTO honour_closes (kind, period, closed_at) VALUES (?, ?, ?)";
constexpr char kInsertHonour[] =
    "INSERT INTO honours (kind, period, rep_id, team_id, figure, actual, target_amount, tied, "
    "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kHonourColumns[] =
    "SELECT id, kind, period, rep_id, team_id, figure, actual, target_amount, tied, recorded_at "
    "FROM honours ";
const std::string kListHonoursOf =
    std::string(kHonourColumns) + "WHERE kind = ? AND period = ? ORDER BY id";
// Each filter is skipped when its parameter is NULL.
const std::string kListHonours =
    std::string(kHonourColumns) +
    "WHERE (? IS NULL OR period = ?) AND (? IS NULL OR rep_id = ?) AND (? IS NULL OR team_id = ?) "
    "AND id > ? ORDER BY id LIMIT ?";

}  // namespace

HonourRow HonourRow::Read(const db::RowReader& r) {
  HonourRow row;
  row.id = r.Int64("id");
  row.kind = r.Enum<HonourKind>("kind");
  row.period = r.String("period");
  row.rep_id = r.IsNull("rep_id") ? std::string() : r.String("rep_id");
  row.team_id = r.Int64OrZero("team_id");
  row.figure = r.Int64("figure");
  row.actual = r.Int64("actual");
  row.target_amount = r.Int64("target_amount");
  row.tied = r.Bool("tied");
  row.recorded_at = r.Time("recorded_at");
  return row;
}

bool IsClosed(db::Transaction& tx, HonourKind kind, const std::string& period) {
  return *db::QueryOne(tx, kIsClosed, {db::EnumNumber(kind), period},
                       [](const db::RowReader& r) { return r.Int64("n"); }) > 0;
}

void RecordClose(db::Transaction& tx, HonourKind kind, const std::string& period, absl::Time at) {
  tx.Exec(kRecordClose, {db::EnumNumber(kind), period, at});
}

std::vector<HonourRow> InsertHonours(db::Transaction& tx, std::vector<HonourRow> rows) {
  for (HonourRow& row : rows) {
    tx.Exec(kInsertHonour, db::ParamWriter()
                               .Add(db::EnumNumber(row.kind))
                               .Add(row.period)
                               .Add(db::NullIfEmpty(row.rep_id))
                               .Add(db::NullIfZero(row.team_id))
                               .Add(row.figure)
                               .Add(row.actual)
                               .Add(row.target_amount)
                               .Add(row.tied)
                               .Add(row.recorded_at)
                               .params());
    row.id = tx.LastInsertId();
  }
  return rows;
}

std::vector<HonourRow> ListHonoursOf(db::Transaction& tx, HonourKind kind,
                                     const std::string& period) {
  return db::QueryAll<HonourRow>(tx, kListHonoursOf, {db::EnumNumber(kind), period});
}

std::vector<HonourRow> ListHonours(db::Transaction& tx, const HonourFilter& filter,
                                   int64_t after_id, int limit) {
  const db::SqlParam period = db::NullIfEmpty(filter.period);
  const db::SqlParam rep = db::NullIfEmpty(filter.rep_id);
  const db::SqlParam team = db::NullIfZero(filter.team_id);
  return db::QueryAll<HonourRow>(tx, kListHonours,
                                 {period, period, rep, rep, team, team, after_id, int64_t{limit}});
}

}  // namespace sales::incentives::store
