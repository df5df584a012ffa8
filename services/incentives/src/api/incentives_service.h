// The gRPC face of the incentives service: each method hands its request to the handler
// that owns it, through RpcObserver (deadline, status mapping, log line, metrics).
#pragma once

#include "common/server/rpc_observer.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "services/incentives/src/api/attainment_handlers.h"
#include "services/incentives/src/api/attainment_watch.h"
#include "services/incentives/src/api/credit_handlers.h"
#include "services/incentives/src/api/handler_context.h"
#include "services/incentives/src/api/leaderboard_handlers.h"
#include "services/incentives/src/api/organisation_handlers.h"
#include "services/incentives/src/api/plan_handlers.h"
#include "services/incentives/src/api/statement_handlers.h"
#include "services/incentives/src/api/target_handlers.h"

namespace sales::incentives::api {

// WatchAttainment is a callback (reactor) method; the others are synchronous handlers.
class IncentivesService final : public v1::IncentivesService::WithCallbackMethod_WatchAttainment<
                                    v1::IncentivesService::Service> {
 public:
  IncentivesService(const HandlerContext& ctx, RpcObserver& observer);

#define SALES_INCENTIVES_RPC(Method, Request, Response)                         \
  grpc::Status Method(grpc::ServerContext* context, const v1::Request* request, \
                      v1::Response* response) override;
  SALES_INCENTIVES_RPC(CreateTeam, CreateTeamRequest, Team)
  SALES_INCENTIVES_RPC(GetTeam, GetTeamRequest, Team)
  SALES_INCENTIVES_RPC(ListTeams, ListTeamsRequest, ListTeamsResponse)
  SALES_INCENTIVES_RPC(UpdateTeam, UpdateTeamRequest, Team)
  SALES_INCENTIVES_RPC(CreateRep, CreateRepRequest, Rep)
  SALES_INCENTIVES_RPC(GetRep, GetRepRequest, Rep)
  SALES_INCENTIVES_RPC(ListReps, ListRepsRequest, ListRepsResponse)
  SALES_INCENTIVES_RPC(UpdateRep, UpdateRepRequest, Rep)
  SALES_INCENTIVES_RPC(MoveRep, MoveRepRequest, Rep)
  SALES_INCENTIVES_RPC(ListRepMemberships, ListRepMembershipsRequest, ListRepMembershipsResponse)
  SALES_INCENTIVES_RPC(FindRepTeam, FindRepTeamRequest, Membership)
  SALES_INCENTIVES_RPC(ListTeamMembers, ListTeamMembersRequest, ListTeamMembersResponse)
  SALES_INCENTIVES_RPC(CreateTarget, CreateTargetRequest, Target)
  SALES_INCENTIVES_RPC(GetTarget, GetTargetRequest, Target)
  SALES_INCENTIVES_RPC(ListTargets, ListTargetsRequest, ListTargetsResponse)
  SALES_INCENTIVES_RPC(UpdateTarget, UpdateTargetRequest, Target)
  SALES_INCENTIVES_RPC(SplitTarget, SplitTargetRequest, SplitTargetResponse)
  SALES_INCENTIVES_RPC(ListCredits, ListCreditsRequest, ListCreditsResponse)
  SALES_INCENTIVES_RPC(GetCreditTotals, GetCreditTotalsRequest, CreditTotals)
  SALES_INCENTIVES_RPC(GetAttainment, GetAttainmentRequest, Attainment)
  SALES_INCENTIVES_RPC(ListAttainment, ListAttainmentRequest, ListAttainmentResponse)
  SALES_INCENTIVES_RPC(GetLeaderboard, GetLeaderboardRequest, Leaderboard)
  SALES_INCENTIVES_RPC(CloseHonours, CloseHonoursRequest, CloseHonoursResponse)
  SALES_INCENTIVES_RPC(ListHonours, ListHonoursRequest, ListHonoursResponse)
  // Plans and statements
  SALES_INCENTIVES_RPC(CreatePlan, CreatePlanRequest, Plan)
  SALES_INCENTIVES_RPC(GetPlan, GetPlanRequest, Plan)
  SALES_INCENTIVES_RPC(ListPlans, ListPlansRequest, ListPlansResponse)
  SALES_INCENTIVES_RPC(CreatePlanVersion, CreatePlanVersionRequest, PlanVersion)
  SALES_INCENTIVES_RPC(GetPlanVersion, GetPlanVersionRequest, PlanVersion)
  SALES_INCENTIVES_RPC(ListPlanVersions, ListPlanVersionsRequest, ListPlanVersionsResponse)
  SALES_INCENTIVES_RPC(UpdatePlanVersion, UpdatePlanVersionRequest, PlanVersion)
  SALES_INCENTIVES_RPC(PublishPlanVersion, PublishPlanVersionRequest, PlanVersion)
  SALES_INCENTIVES_RPC(CreatePlanAssignment, CreatePlanAssignmentRequest, PlanAssignment)
  SALES_INCENTIVES_RPC(ListPlanAssignments, ListPlanAssignmentsRequest, ListPlanAssignmentsResponse)
  SALES_INCENTIVES_RPC(GetStatement, GetStatementRequest, Statement)
  SALES_INCENTIVES_RPC(ListStatements, ListStatementsRequest, ListStatementsResponse)
  SALES_INCENTIVES_RPC(LockPeriod, LockPeriodRequest, LockPeriodResponse)
  SALES_INCENTIVES_RPC(RunWhatIf, RunWhatIfRequest, RunWhatIfResponse)
#undef SALES_INCENTIVES_RPC

  grpc::ServerWriteReactor<v1::Attainment>* WatchAttainment(
      grpc::CallbackServerContext* context, const v1::WatchAttainmentRequest* request) override;

  // The WatchAttainment streams (told of applied credits by the orders-feed consumer).
  AttainmentWatch& watch() { return watch_; }

 private:
  RpcObserver& observer_;
  OrganisationHandlers organisation_;
  TargetHandlers targets_;
  CreditHandlers credits_;
  AttainmentHandlers attainment_;
  LeaderboardHandlers leaderboards_;
  PlanHandlers plans_;
  StatementHandlers statements_;
  AttainmentWatch watch_;  // last: its thread uses attainment_
};

}  // namespace sales::incentives::api
