#include "services/incentives/src/store/organisation_store.h"

#include <algorithm>

#include "common/db/sql_error.h"
#include "services/incentives/src/domain/period.h"

namespace sales::incentives::store {
namespace {

const db::UniqueKeys kKeys{{"uk_reps_rep_id", "rep.name", "a rep with this name"}};

constexpr char kTeamColumns[] =
    "SELECT id, parent_id, display_name, created_at, updated_at FROM teams ";
const std::string kSelectTeam = std::string(kTeamColumns) + "WHERE id = ?";
const std::string kSelectTeamForUpdate = kSelectTeam + " FOR UPDATE";
const std::string kListTeams = std::string(kTeamColumns) + "WHERE id > ? ORDER BY id LIMIT ?";
const std::string kListChildTeams =
    std::string(kTeamColumns) + "WHERE parent_id = ? AND id > ? ORDER BY id LIMIT ?";
constexpr char kInsertTeam[] =
    "INSERT INTO teams (parent_id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?)";
constexpr char kUpdateTeam[] =
    "UPDATE teams SET parent_id = ?, display_name = ?, updated_at = ? WHERE id = ?";
constexpr char kTeamParents[] = "SELECT id, parent_id FROM teams";
constexpr char kParentOf[] = "SELECT parent_id FROM teams WHERE id = ? FOR UPDATE";

constexpr char kRepColumns[] = "SELECT id, rep_id, display_name, created_at, updated_at FROM reps ";
const std::string kSelectRep = std::string(kRepColumns) + "WHERE rep_id = ?";
const std::string kSelectRepForUpdate = kSelectRep + " FOR UPDATE";
const std::string kListReps = std::string(kRepColumns) + "WHERE id > ? ORDER BY id LIMIT ?";
constexpr char kListRepsInTeam[] =
    "SELECT r.id, r.rep_id, r.display_name, r.created_at, r.updated_at FROM reps r "
    "JOIN memberships m ON m.rep_id = r.rep_id "
    "WHERE m.team_id = ? AND m.first_day <= ? AND (m.end_day IS NULL OR m.end_day > ?) "
    "AND r.id > ? ORDER BY r.id LIMIT ?";
constexpr char kInsertRep[] =
    "INSERT INTO reps (rep_id, display_name, created_at, updated_at) VALUES (?, ?, ?, ?)";
constexpr char kUpdateRep[] = "UPDATE reps SET display_name = ?, updated_at = ? WHERE id = ?";

constexpr char kSpanColumns[] =
    "SELECT id, rep_id, team_id, DATE_FORMAT(first_day, '%Y-%m-%d') AS first_day, "
    "DATE_FORMAT(end_day, '%Y-%m-%d') AS end_day FROM memberships ";
const std::string kListSpans = std::string(kSpanColumns) + "WHERE rep_id = ? ORDER BY first_day";
const std::string kListSpansOfRepsPrefix = std::string(kSpanColumns) + "WHERE rep_id IN (";
constexpr char kListSpansOfRepsSuffix[] = ")";
const std::string kListTeamSpans =
    std::string(kSpanColumns) +
    "WHERE team_id = ? AND first_day < ? AND (end_day IS NULL OR end_day > ?) "
    "ORDER BY rep_id, first_day";
constexpr char kInsertSpan[] =
    "INSERT INTO memberships (rep_id, team_id, first_day, end_day) VALUES (?, ?, ?, ?)";
constexpr char kUpdateSpan[] = "UPDATE memberships SET team_id = ?, end_day = ? WHERE id = ?";

}  // namespace

int64_t InsertTeam(db::Transaction& tx, const TeamRow& row) {
  tx.Exec(kInsertTeam, db::ParamWriter().AddRow(row).params());
  return tx.LastInsertId();
}

std::optional<TeamRow> FindTeam(db::Transaction& tx, int64_t id, bool for_update) {
  return db::QueryOne<TeamRow>(tx, for_update ? kSelectTeamForUpdate : kSelectTeam, {id});
}

void UpdateTeam(db::Transaction& tx, const TeamRow& row) {
  tx.Exec(kUpdateTeam, {db::NullIfZero(row.parent_id), row.display_name, row.updated_at, row.id});
}

std::vector<TeamRow> ListTeams(db::Transaction& tx, int64_t parent_id, int64_t after_id,
                               int limit) {
  if (parent_id == 0) return db::QueryAll<TeamRow>(tx, kListTeams, {after_id, int64_t{limit}});
  return db::QueryAll<TeamRow>(tx, kListChildTeams, {parent_id, after_id, int64_t{limit}});
}

std::optional<int64_t> ParentOf(db::Transaction& tx, int64_t id) {
  return db::QueryOne(tx, kParentOf, {id},
                      [](const db::RowReader& r) { return r.Int64OrZero("parent_id"); });
}

std::vector<std::pair<int64_t, int64_t>> ListTeamParents(db::Transaction& tx) {
  return db::QueryAll(tx, kTeamParents, {}, [](const db::RowReader& r) {
    return std::make_pair(r.Int64("id"), r.Int64OrZero("parent_id"));
  });
}

int64_t InsertRep(db::Transaction& tx, const RepRow& row) {
  tx.Exec(kInsertRep, db::ParamWriter().AddRow(row).params());
  return tx.LastInsertId();
}

std::optional<RepRow> FindRep(db::Transaction& tx, const std::string& rep_id, bool for_update) {
  return db::QueryOne<RepRow>(tx, for_update ? kSelectRepForUpdate : kSelectRep, {rep_id});
}

void UpdateRep(db::Transaction& tx, const RepRow& row) {
  tx.Exec(kUpdateRep, {row.display_name, row.updated_at, row.id});
}

std::vector<RepRow> ListReps(db::Transaction& tx, int64_t team_id, absl::CivilDay day,
                             int64_t after_id, int limit) {
  if (team_id == 0) return db::QueryAll<RepRow>(tx, kListReps, {after_id, int64_t{limit}});
  const std::string day_text = domain::DayText(day);
  return db::QueryAll<RepRow>(tx, kListRepsInTeam,
                              {team_id, day_text, day_text, after_id, int64_t{limit}});
}

std::vector<domain::MembershipSpan> ListSpans(db::Transaction& tx, const std::string& rep_id) {
  std::vector<domain::MembershipSpan> spans;
  for (MembershipRow& row : db::QueryAll<MembershipRow>(tx, kListSpans, {rep_id})) {
    spans.push_back(row.span);
  }
  return spans;
}

std::vector<MembershipRow> ListSpansOfReps(db::Transaction& tx,
                                           const std::vector<std::string>& rep_ids) {
  std::vector<db::SqlParam> params(rep_ids.begin(), rep_ids.end());
  if (params.empty()) return {};
  std::vector<MembershipRow> rows = db::QueryRowsAll(tx, kListSpansOfRepsPrefix, 1, params,
                                                     kListSpansOfRepsSuffix, MembershipRow::Read);
  std::sort(rows.begin(), rows.end(), [](const MembershipRow& a, const MembershipRow& b) {
    return a.rep_id != b.rep_id ? a.rep_id < b.rep_id : a.span.first_day < b.span.first_day;
  });
  return rows;
}

std::vector<MembershipRow> ListTeamSpans(db::Transaction& tx, int64_t team_id, absl::CivilDay first,
                                         absl::CivilDay end) {
  return db::QueryAll<MembershipRow>(tx, kListTeamSpans,
                                     {team_id, domain::DayText(end), domain::DayText(first)});
}

void InsertSpan(db::Transaction& tx, const std::string& rep_id,
                const domain::MembershipSpan& span) {
  tx.Exec(kInsertSpan, {rep_id, span.team, DayParam(span.first_day), DayParam(span.end_day)});
}

void UpdateSpan(db::Transaction& tx, const domain::MembershipSpan& span) {
  tx.Exec(kUpdateSpan, {span.team, DayParam(span.end_day), span.id});
}

}  // namespace sales::incentives::store
