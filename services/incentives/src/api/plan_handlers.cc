#include "services/incentives/src/api/plan_handlers.h"

#include <optional>
#include <set>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/text.h"
#include "common/time_util.h"
#include "services/incentives/src/api/locked_months.h"
#include "services/incentives/src/api/mapping.h"
#include "services/incentives/src/api/plan_mapping.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/store/organisation_store.h"
#include "services/incentives/src/store/plan_store.h"

namespace sales::incentives::api {
namespace {

constexpr size_t kMaxNameLength = 200;

absl::Status PlanNotFound(int64_t id) {
  return absl::NotFoundError(absl::StrCat("plans/", id, " not found"));
}

absl::StatusOr<domain::Period> ParseMonth(std::string_view field, std::string_view text) {
  ASSIGN_OR_RETURN(const domain::Period period, domain::ParsePeriod(field, text));
  if (period.kind != domain::PeriodKind::kMonth)
    return InvalidField(field, "must be a month YYYY-MM");
  return period;
}

}  // namespace

absl::StatusOr<v1::Plan> PlanHandlers::CreatePlan(const v1::CreatePlanRequest& req,
                                                  absl::Time deadline) {
  if (!req.has_plan()) return InvalidField("plan", "is required");
  RETURN_IF_ERROR(
      ValidateRequiredText("plan.display_name", req.plan().display_name(), kMaxNameLength));
  return RunIdempotent<v1::Plan>(*ctx_.pool, deadline, "CreatePlan", req, req.request_id(),
                                 [&](db::Transaction& tx) -> absl::StatusOr<v1::Plan> {
                                   store::PlanRow row;
                                   row.display_name = req.plan().display_name();
                                   row.created_at = NowMicros();
                                   row.id = store::InsertPlan(tx, row);
                                   return ToProto(row);
                                 });
}

absl::StatusOr<v1::Plan> PlanHandlers::GetPlan(const v1::GetPlanRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const int64_t id, ParsePlanName("name", req.name()));
  std::optional<store::PlanRow> row;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    row = store::FindPlan(tx, id);
    return absl::OkStatus();
  }));
  if (!row.has_value()) return PlanNotFound(id);
  return ToProto(*row);
}

absl::StatusOr<v1::ListPlansResponse> PlanHandlers::ListPlans(const v1::ListPlansRequest& req,
                                                              absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListPlans", req, KeysetShape::kId));
  std::vector<store::PlanRow> rows;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListPlans(tx, page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListPlansResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const store::PlanRow& r) { return KeysetCursor::Id(r.id); }));
  for (const store::PlanRow& row : rows) *resp.add_plans() = ToProto(row);
  return resp;
}

absl::StatusOr<v1::PlanVersion> PlanHandlers::CreatePlanVersion(
    const v1::CreatePlanVersionRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const int64_t plan_id, ParsePlanName("parent", req.parent()));
  if (!req.has_version()) return InvalidField("version", "is required");
  RETURN_IF_ERROR(TermsFromProto("version", req.version()).status());
  return RunIdempotent<v1::PlanVersion>(
      *ctx_.pool, deadline, "CreatePlanVersion", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::PlanVersion> {
        if (!store::FindPlan(tx, plan_id, /*for_update=*/true).has_value()) {
          return PlanNotFound(plan_id);
        }
        const std::vector<store::PlanVersionRow> versions = store::ListPlanVersions(tx, plan_id);
        store::PlanVersionRow row;
        row.plan_id = plan_id;
        row.version = versions.empty() ? 1 : versions.back().version + 1;
        row.terms = TermsBytes(req.version());
        row.created_at = NowMicros();
        store::InsertPlanVersion(tx, row);
        return ToProto(row);
      });
}

absl::StatusOr<v1::PlanVersion> PlanHandlers::GetPlanVersion(const v1::GetPlanVersionRequest& req,
                                                             absl::Time deadline) {
  ASSIGN_OR_RETURN(const auto ref, ParsePlanVersionName("name", req.name()));
  std::optional<store::PlanVersionRow> row;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    row = store::FindPlanVersion(tx, ref.first, ref.second);
    return absl::OkStatus();
  }));
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return ToProto(*row);
}

absl::StatusOr<v1::ListPlanVersionsResponse> PlanHandlers::ListPlanVersions(
    const v1::ListPlanVersionsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const int64_t plan_id, ParsePlanName("parent", req.parent()));
  v1::ListPlanVersionsResponse resp;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
    if (!store::FindPlan(tx, plan_id).has_value()) return PlanNotFound(plan_id);
    for (const store::PlanVersionRow& row : store::ListPlanVersions(tx, plan_id)) {
      *resp.add_versions() = ToProto(row);
    }
    return absl::OkStatus();
  }));
  return resp;
}

absl::StatusOr<v1::PlanVersion> PlanHandlers::UpdatePlanVersion(
    const v1::UpdatePlanVersionRequest& req, absl::Time deadline) {
  if (!req.has_version()) return InvalidField("version", "is required");
  ASSIGN_OR_RETURN(const auto ref, ParsePlanVersionName("version.name", req.version().name()));
  if (req.update_mask().paths_size() == 0) {
    return InvalidField("update_mask", "must name at least one field");
  }
  const std::set<std::string> allowed{"attainment_basis", "clawback_policy", "reversal_period",
                                      "components"};
  for (const std::string& path : req.update_mask().paths()) {
    if (!allowed.contains(path)) {
      return InvalidField("update_mask",
                          absl::StrCat("'", path, "' is not an editable field of PlanVersion"));
    }
  }
  return RunIdempotent<v1::PlanVersion>(
      *ctx_.pool, deadline, "UpdatePlanVersion", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::PlanVersion> {
        std::optional<store::PlanVersionRow> row =
            store::FindPlanVersion(tx, ref.first, ref.second, /*for_update=*/true);
        if (!row.has_value()) {
          return absl::NotFoundError(absl::StrCat(req.version().name(), " not found"));
        }
        if (row->published) {
          return absl::FailedPreconditionError(
              absl::StrCat(req.version().name(),
                           " is PLAN_VERSION_STATE_PUBLISHED: only a PLAN_VERSION_STATE_DRAFT "
                           "version can be edited; create a new version"));
        }
        v1::PlanVersion merged;
        merged.ParseFromString(row->terms);
        for (const std::string& path : req.update_mask().paths()) {
          if (path == "attainment_basis")
            merged.set_attainment_basis(req.version().attainment_basis());
          if (path == "clawback_policy")
            merged.set_clawback_policy(req.version().clawback_policy());
          if (path == "reversal_period")
            merged.set_reversal_period(req.version().reversal_period());
          if (path == "components") *merged.mutable_components() = req.version().components();
        }
        RETURN_IF_ERROR(TermsFromProto("version", merged).status());
        row->terms = TermsBytes(merged);
        store::UpdatePlanVersionTerms(tx, row->plan_id, row->version, row->terms);
        return ToProto(*row);
      });
}

absl::StatusOr<v1::PlanVersion> PlanHandlers::PublishPlanVersion(
    const v1::PublishPlanVersionRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const auto ref, ParsePlanVersionName("name", req.name()));
  ASSIGN_OR_RETURN(const domain::Period month,
                   ParseMonth("effective_month", req.effective_month()));
  return RunIdempotent<v1::PlanVersion>(
      *ctx_.pool, deadline, "PublishPlanVersion", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::PlanVersion> {
        // The period guard first: a LockPeriod in flight prices the versions as they stood.
        const std::optional<absl::CivilDay> until = FirstOpenDay(tx);
        if (!store::FindPlan(tx, ref.first, /*for_update=*/true).has_value()) {
          return PlanNotFound(ref.first);
        }
        std::optional<store::PlanVersionRow> row =
            store::FindPlanVersion(tx, ref.first, ref.second, /*for_update=*/true);
        if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
        if (row->published) {
          return absl::FailedPreconditionError(absl::StrCat(
              req.name(),
              " is PLAN_VERSION_STATE_PUBLISHED already, not PLAN_VERSION_STATE_DRAFT"));
        }
        if (until.has_value() && month.FirstDay() < *until) {
          return absl::FailedPreconditionError(
              absl::StrCat("effective_month: ", month.Label(),
                           " is locked (locked statements never change); publish from ",
                           domain::DayText(*until).substr(0, 7), " on"));
        }
        for (const store::PlanVersionRow& other : store::ListPlanVersions(tx, ref.first)) {
          if (other.published && other.effective_month >= month.Label()) {
            return absl::FailedPreconditionError(absl::StrCat(
                "effective_month: must be after ", other.effective_month, ", when ",
                domain::PlanVersionRef{other.plan_id, other.version}.Name(), " took effect"));
          }
        }
        row->published = true;
        row->effective_month = month.Label();
        row->published_at = NowMicros();
        store::PublishPlanVersion(tx, row->plan_id, row->version, row->effective_month,
                                  row->published_at);
        return ToProto(*row);
      });
}

absl::StatusOr<v1::PlanAssignment> PlanHandlers::CreatePlanAssignment(
    const v1::CreatePlanAssignmentRequest& req, absl::Time deadline) {
  if (!req.has_assignment()) return InvalidField("assignment", "is required");
  const v1::PlanAssignment& a = req.assignment();
  store::PlanAssignmentRow row;
  ASSIGN_OR_RETURN(row.assignment.plan_id, ParsePlanName("assignment.plan", a.plan()));
  if (a.assignee().rfind("teams/", 0) == 0) {
    ASSIGN_OR_RETURN(row.assignment.team, ParseTeamName("assignment.assignee", a.assignee()));
  } else if (a.assignee().rfind("reps/", 0) == 0) {
    ASSIGN_OR_RETURN(row.assignment.rep, ParseRepName("assignment.assignee", a.assignee()));
  } else {
    return InvalidField("assignment.assignee", "must be reps/{id} or teams/{id}");
  }
  ASSIGN_OR_RETURN(row.assignment.first_day,
                   domain::ParseDay("assignment.first_day", a.first_day()));
  if (!a.last_day().empty()) {
    ASSIGN_OR_RETURN(const absl::CivilDay last,
                     domain::ParseDay("assignment.last_day", a.last_day()));
    if (last < row.assignment.first_day) {
      return InvalidField("assignment.last_day", "must not be before first_day");
    }
    row.assignment.end_day = last + 1;
  }
  return RunIdempotent<v1::PlanAssignment>(
      *ctx_.pool, deadline, "CreatePlanAssignment", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::PlanAssignment> {
        // The period guard first: a LockPeriod in flight prices the assignments as they stood.
        const std::optional<absl::CivilDay> until = FirstOpenDay(tx);
        if (!store::FindPlan(tx, row.assignment.plan_id).has_value()) {
          return absl::NotFoundError(absl::StrCat("assignment.plan: ", a.plan(), " not found"));
        }
        const bool exists = row.assignment.rep.empty()
                                ? store::FindTeam(tx, row.assignment.team).has_value()
                                : store::FindRep(tx, row.assignment.rep).has_value();
        if (!exists) {
          return absl::NotFoundError(
              absl::StrCat("assignment.assignee: ", a.assignee(), " not found"));
        }
        if (until.has_value() && row.assignment.first_day < *until) {
          return absl::FailedPreconditionError(absl::StrCat(
              "assignment.first_day: ", a.first_day(),
              " is in a locked month (locked statements never change); the first open day is ",
              domain::DayText(*until)));
        }
        row.created_at = NowMicros();
        row.assignment.id = store::InsertPlanAssignment(tx, row);
        return ToProto(row);
      });
}

absl::StatusOr<v1::ListPlanAssignmentsResponse> PlanHandlers::ListPlanAssignments(
    const v1::ListPlanAssignmentsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page, ListPage::Start(*ctx_.page_tokens, "ListPlanAssignments", req,
                                                  KeysetShape::kId));
  ASSIGN_OR_RETURN(const int64_t plan_id, ParsePlanName("plan", req.plan()));
  std::vector<store::PlanAssignmentRow> rows;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
    if (!store::FindPlan(tx, plan_id).has_value()) return PlanNotFound(plan_id);
    rows = store::ListPlanAssignments(tx, plan_id, page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListPlanAssignmentsResponse resp;
  resp.set_next_page_token(page.TakePage(
      rows, [](const store::PlanAssignmentRow& r) { return KeysetCursor::Id(r.assignment.id); }));
  for (const store::PlanAssignmentRow& row : rows) *resp.add_assignments() = ToProto(row);
  return resp;
}

}  // namespace sales::incentives::api
