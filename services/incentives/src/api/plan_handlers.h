// Plans: plans, their effective-dated versions (drafts edited, then published from a month
// on) and their assignments to reps and teams.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

class PlanHandlers final {
 public:
  explicit PlanHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Plan> CreatePlan(const v1::CreatePlanRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Plan> GetPlan(const v1::GetPlanRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListPlansResponse> ListPlans(const v1::ListPlansRequest& req,
                                                  absl::Time deadline);
  absl::StatusOr<v1::PlanVersion> CreatePlanVersion(const v1::CreatePlanVersionRequest& req,
                                                    absl::Time deadline);
  absl::StatusOr<v1::PlanVersion> GetPlanVersion(const v1::GetPlanVersionRequest& req,
                                                 absl::Time deadline);
  absl::StatusOr<v1::ListPlanVersionsResponse> ListPlanVersions(
      const v1::ListPlanVersionsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::PlanVersion> UpdatePlanVersion(const v1::UpdatePlanVersionRequest& req,
                                                    absl::Time deadline);
  absl::StatusOr<v1::PlanVersion> PublishPlanVersion(const v1::PublishPlanVersionRequest& req,
                                                     absl::Time deadline);
  absl::StatusOr<v1::PlanAssignment> CreatePlanAssignment(
      const v1::CreatePlanAssignmentRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListPlanAssignmentsResponse> ListPlanAssignments(
      const v1::ListPlanAssignmentsRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::incentives::api
