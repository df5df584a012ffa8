#include "services/incentives/src/store/plan_store.h"

#include "absl/strings/escaping.h"
#include "common/absl_compat.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/store/rows.h"

namespace sales::incentives::store {
namespace {

constexpr int kDraft = 1;
constexpr int kPublished = 2;
constexpr int kTeamAssignee = 2;
constexpr int kRepAssignee = 3;

constexpr char kInsertPlan[] = "INSERT INTO plans (display_name, created_at) VALUES (?, ?)";
constexpr char kPlanColumns[] = "SELECT id, display_name, created_at FROM plans ";
const std::string kSelectPlan = std::string(kPlanColumns) + "WHERE id = ?";
const std::string kSelectPlanForUpdate = kSelectPlan + " FOR UPDATE";
const std::string kListPlans = std::string(kPlanColumns) + "WHERE id > ? ORDER BY id LIMIT ?";

constexpr char kInsertVersion[] =
    "INSERT INTO plan_versions (plan_id, version, state, effective_month, terms, used, "
    "created_at, published_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kVersionColumns[] =
    "SELECT plan_id, version, state, effective_month, terms, used, created_at, published_at "
    "FROM plan_versions ";
const std::string kSelectVersion =
    std::string(kVersionColumns) + "WHERE plan_id = ? AND version = ?";
const std::string kSelectVersionForUpdate = kSelectVersion + " FOR UPDATE";
const std::string kListVersions =
    std::string(kVersionColumns) + "WHERE plan_id = ? ORDER BY version";
const std::string kListPublished =
    std::string(kVersionColumns) + "WHERE state = 2 ORDER BY plan_id, version";
constexpr char kUpdateTerms[] =
    "UPDATE plan_versions SET terms = ? WHERE plan_id = ? AND version = ?";
constexpr char kPublish[] =
    "UPDATE plan_versions SET state = 2, effective_month = ?, published_at = ? "
    "WHERE plan_id = ? AND version = ?";
constexpr char kMarkUsed[] = "UPDATE plan_versions SET used = 1 WHERE plan_id = ? AND version = ?";

constexpr char kInsertAssignment[] =
    "INSERT INTO plan_assignments (plan_id, assignee_kind, assignee_key, first_day, end_day, "
    "created_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr char kAssignmentColumns[] =
    "SELECT id, plan_id, assignee_kind, assignee_key, DATE_FORMAT(first_day, '%Y-%m-%d') AS "
    "first_day, DATE_FORMAT(end_day, '%Y-%m-%d') AS end_day, created_at FROM plan_assignments ";
const std::string kListAssignments =
    std::string(kAssignmentColumns) + "WHERE plan_id = ? AND id > ? ORDER BY id LIMIT ?";
const std::string kListOverlapping =
    std::string(kAssignmentColumns) +
    "WHERE first_day < ? AND (end_day IS NULL OR end_day > ?) ORDER BY id";
constexpr char kEarliestAssignment[] =
    "SELECT DATE_FORMAT(MIN(first_day), '%Y-%m-%d') AS first_day FROM plan_assignments";

}  // namespace

PlanRow PlanRow::Read(const db::RowReader& r) {
  return {r.Int64("id"), r.String("display_name"), r.Time("created_at")};
}

PlanVersionRow PlanVersionRow::Read(const db::RowReader& r) {
  PlanVersionRow row;
  row.plan_id = r.Int64("plan_id");
  row.version = r.Int32("version");
  row.published = r.Int32("state") == kPublished;
  row.effective_month = r.StringOrEmpty("effective_month");
  absl::Base64Unescape(ToAbsl(r.String("terms")), &row.terms);
  row.used = r.Bool("used");
  row.created_at = r.Time("created_at");
  row.published_at = r.TimeOrUnset("published_at");
  return row;
}

PlanAssignmentRow PlanAssignmentRow::Read(const db::RowReader& r) {
  PlanAssignmentRow row;
  domain::PlanAssignment& a = row.assignment;
  a.id = r.Int64("id");
  a.plan_id = r.Int64("plan_id");
  const std::string key = r.String("assignee_key");
  if (r.Int32("assignee_kind") == kRepAssignee) {
    a.rep = key;
  } else {
    a.team = std::stoll(key);
  }
  a.first_day = ReadDay(r, "first_day");
  a.end_day = ReadDay(r, "end_day");
  row.created_at = r.Time("created_at");
  return row;
}

int64_t InsertPlan(db::Transaction& tx, const PlanRow& row) {
  tx.Exec(kInsertPlan, {row.display_name, row.created_at});
  return tx.LastInsertId();
}

std::optional<PlanRow> FindPlan(db::Transaction& tx, int64_t id, bool for_update) {
  return db::QueryOne<PlanRow>(tx, for_update ? kSelectPlanForUpdate : kSelectPlan, {id});
}

std::vector<PlanRow> ListPlans(db::Transaction& tx, int64_t after_id, int limit) {
  return db::QueryAll<PlanRow>(tx, kListPlans, {after_id, int64_t{limit}});
}

void InsertPlanVersion(db::Transaction& tx, const PlanVersionRow& row) {
  tx.Exec(kInsertVersion,
          {row.plan_id, int64_t{row.version}, int64_t{row.published ? kPublished : kDraft},
           db::NullIfEmpty(row.effective_month), absl::Base64Escape(ToAbsl(row.terms)), row.used,
           row.created_at, db::NullIfUnset(row.published_at)});
}

std::optional<PlanVersionRow> FindPlanVersion(db::Transaction& tx, int64_t plan_id, int version,
                                              bool for_update) {
  return db::QueryOne<PlanVersionRow>(tx, for_update ? kSelectVersionForUpdate : kSelectVersion,
                                      {plan_id, int64_t{version}});
}

std::vector<PlanVersionRow> ListPlanVersions(db::Transaction& tx, int64_t plan_id) {
  return db::QueryAll<PlanVersionRow>(tx, kListVersions, {plan_id});
}

std::vector<PlanVersionRow> ListPublishedVersions(db::Transaction& tx) {
  return db::QueryAll<PlanVersionRow>(tx, kListPublished, {});
}

void UpdatePlanVersionTerms(db::Transaction& tx, int64_t plan_id, int version,
                            const std::string& terms) {
  tx.Exec(kUpdateTerms, {absl::Base64Escape(ToAbsl(terms)), plan_id, int64_t{version}});
}

void PublishPlanVersion(db::Transaction& tx, int64_t plan_id, int version,
                        const std::string& effective_month, absl::Time at) {
  tx.Exec(kPublish, {effective_month, at, plan_id, int64_t{version}});
}

void MarkPlanVersionUsed(db::Transaction& tx, int64_t plan_id, int version) {
  tx.Exec(kMarkUsed, {plan_id, int64_t{version}});
}

int64_t InsertPlanAssignment(db::Transaction& tx, const PlanAssignmentRow& row) {
  const domain::PlanAssignment& a = row.assignment;
  const bool rep = !a.rep.empty();
  tx.Exec(kInsertAssignment, {a.plan_id, int64_t{rep ? kRepAssignee : kTeamAssignee},
                              rep ? a.rep : std::to_string(a.team), DayParam(a.first_day),
                              DayParam(a.end_day), row.created_at});
  return tx.LastInsertId();
}

std::vector<PlanAssignmentRow> ListPlanAssignments(db::Transaction& tx, int64_t plan_id,
                                                   int64_t after_id, int limit) {
  return db::QueryAll<PlanAssignmentRow>(tx, kListAssignments, {plan_id, after_id, int64_t{limit}});
}

std::vector<domain::PlanAssignment> ListAssignmentsOverlapping(db::Transaction& tx,
                                                               absl::CivilDay first,
                                                               absl::CivilDay end) {
  std::vector<domain::PlanAssignment> out;
  for (PlanAssignmentRow& row : db::QueryAll<PlanAssignmentRow>(
           tx, kListOverlapping, {domain::DayText(end), domain::DayText(first)})) {
    out.push_back(std::move(row.assignment));
  }
  return out;
}

absl::CivilDay EarliestAssignmentDay(db::Transaction& tx) {
  return *db::QueryOne(tx, kEarliestAssignment, {},
                       [](const db::RowReader& r) { return ReadDay(r, "first_day"); });
}

}  // namespace sales::incentives::store
