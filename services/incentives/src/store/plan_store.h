// Plans, their versions (terms stored as the PlanVersion message's bytes) and assignments
// (inside the caller's transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/row_mapping.h"
#include "common/db/transaction.h"
#include "services/incentives/src/domain/plan.h"

namespace sales::incentives::store {

struct PlanRow {
  int64_t id = 0;
  std::string display_name;
  absl::Time created_at = absl::InfinitePast();

  static PlanRow Read(const db::RowReader& r);
};

struct PlanVersionRow {
  int64_t plan_id = 0;
  int version = 0;
  bool published = false;
  std::string effective_month;  // "YYYY-MM" once published
  std::string terms;            // the PlanVersion message's bytes
  bool used = false;
  absl::Time created_at = absl::InfinitePast();
  absl::Time published_at = absl::InfinitePast();

  static PlanVersionRow Read(const db::RowReader& r);
};

struct PlanAssignmentRow {
  domain::PlanAssignment assignment;
  absl::Time created_at = absl::InfinitePast();

  static PlanAssignmentRow Read(const db::RowReader& r);
};

int64_t InsertPlan(db::Transaction& tx, const PlanRow& row);
// With `for_update` the row is locked (serialising version numbers of the plan).
std::optional<PlanRow> FindPlan(db::Transaction& tx, int64_t id, bool for_update = false);
std::vector<PlanRow> ListPlans(db::Transaction& tx, int64_t after_id, int limit);

void InsertPlanVersion(db::Transaction& tx, const PlanVersionRow& row);
std::optional<PlanVersionRow> FindPlanVersion(db::Transaction& tx, int64_t plan_id, int version,
                                              bool for_update = false);
// Oldest first.
std::vector<PlanVersionRow> ListPlanVersions(db::Transaction& tx, int64_t plan_id);
// Every published version of every plan.
std::vector<PlanVersionRow> ListPublishedVersions(db::Transaction& tx);
void UpdatePlanVersionTerms(db::Transaction& tx, int64_t plan_id, int version,
                            const std::string& terms);
void PublishPlanVersion(db::Transaction& tx, int64_t plan_id, int version,
                        const std::string& effective_month, absl::Time at);
void MarkPlanVersionUsed(db::Transaction& tx, int64_t plan_id, int version);

int64_t InsertPlanAssignment(db::Transaction& tx, const PlanAssignmentRow& row);
std::vector<PlanAssignmentRow> ListPlanAssignments(db::Transaction& tx, int64_t plan_id,
                                                   int64_t after_id, int limit);
// Every assignment holding a day of [first, end).
std::vector<domain::PlanAssignment> ListAssignmentsOverlapping(db::Transaction& tx,
                                                               absl::CivilDay first,
                                                               absl::CivilDay end);
// The first day of any assignment (kOpenEnd when none).
absl::CivilDay EarliestAssignmentDay(db::Transaction& tx);

}  // namespace sales::incentives::store
