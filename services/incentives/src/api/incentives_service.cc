#include "services/incentives/src/api/incentives_service.h"

#include "common/status.h"

namespace sales::incentives::api {

IncentivesService::IncentivesService(const HandlerContext& ctx, RpcObserver& observer)
    : observer_(observer),
      organisation_(ctx),
      targets_(ctx),
      credits_(ctx),
      attainment_(ctx),
      leaderboards_(ctx),
      plans_(ctx),
      statements_(ctx),
      watch_(attainment_) {}

// Each method: the handler that owns it, and the request_id it carries ("" for reads).
#define SALES_SERVE(Method, Request, Response, handler, request_id)                              \
  grpc::Status IncentivesService::Method(grpc::ServerContext* context, const v1::Request* req,   \
                                         v1::Response* response) {                               \
    return observer_.Serve(context, #Method, request_id, response,                               \
                           [&](absl::Time deadline) { return handler.Method(*req, deadline); }); \
  }

SALES_SERVE(CreateTeam, CreateTeamRequest, Team, organisation_, req->request_id())
SALES_SERVE(GetTeam, GetTeamRequest, Team, organisation_, "")
SALES_SERVE(ListTeams, ListTeamsRequest, ListTeamsResponse, organisation_, "")
SALES_SERVE(UpdateTeam, UpdateTeamRequest, Team, organisation_, req->request_id())
SALES_SERVE(CreateRep, CreateRepRequest, Rep, organisation_, req->request_id())
SALES_SERVE(GetRep, GetRepRequest, Rep, organisation_, "")
SALES_SERVE(ListReps, ListRepsRequest, ListRepsResponse, organisation_, "")
SALES_SERVE(UpdateRep, UpdateRepRequest, Rep, organisation_, req->request_id())
SALES_SERVE(MoveRep, MoveRepRequest, Rep, organisation_, req->request_id())
SALES_SERVE(ListRepMemberships, ListRepMembershipsRequest, ListRepMembershipsResponse,
            organisation_, "")
SALES_SERVE(FindRepTeam, FindRepTeamRequest, Membership, organisation_, "")
SALES_SERVE(ListTeamMembers, ListTeamMembersRequest, ListTeamMembersResponse, organisation_, "")
SALES_SERVE(CreateTarget, CreateTargetRequest, Target, targets_, req->request_id())
SALES_SERVE(GetTarget, GetTargetRequest, Target, targets_, "")
SALES_SERVE(ListTargets, ListTargetsRequest, ListTargetsResponse, targets_, "")
SALES_SERVE(UpdateTarget, UpdateTargetRequest, Target, targets_, req->request_id())
SALES_SERVE(SplitTarget, SplitTargetRequest, SplitTargetResponse, targets_, req->request_id())
SALES_SERVE(ListCredits, ListCreditsRequest, ListCreditsResponse, credits_, "")
SALES_SERVE(GetCreditTotals, GetCreditTotalsRequest, CreditTotals, credits_, "")
SALES_SERVE(GetAttainment, GetAttainmentRequest, Attainment, attainment_, "")
SALES_SERVE(ListAttainment, ListAttainmentRequest, ListAttainmentResponse, attainment_, "")
SALES_SERVE(GetLeaderboard, GetLeaderboardRequest, Leaderboard, leaderboards_, "")
SALES_SERVE(CloseHonours, CloseHonoursRequest, CloseHonoursResponse, leaderboards_,
            req->request_id())
SALES_SERVE(ListHonours, ListHonoursRequest, ListHonoursResponse, leaderboards_, "")
// Plans and statements
SALES_SERVE(CreatePlan, CreatePlanRequest, Plan, plans_, req->request_id())
SALES_SERVE(GetPlan, GetPlanRequest, Plan, plans_, "")
SALES_SERVE(ListPlans, ListPlansRequest, ListPlansResponse, plans_, "")
SALES_SERVE(CreatePlanVersion, CreatePlanVersionRequest, PlanVersion, plans_, req->request_id())
SALES_SERVE(GetPlanVersion, GetPlanVersionRequest, PlanVersion, plans_, "")
SALES_SERVE(ListPlanVersions, ListPlanVersionsRequest, ListPlanVersionsResponse, plans_, "")
SALES_SERVE(UpdatePlanVersion, UpdatePlanVersionRequest, PlanVersion, plans_, req->request_id())
SALES_SERVE(PublishPlanVersion, PublishPlanVersionRequest, PlanVersion, plans_, req->request_id())
SALES_SERVE(CreatePlanAssignment, CreatePlanAssignmentRequest, PlanAssignment, plans_,
            req->request_id())
SALES_SERVE(ListPlanAssignments, ListPlanAssignmentsRequest, ListPlanAssignmentsResponse, plans_,
            "")
SALES_SERVE(GetStatement, GetStatementRequest, Statement, statements_, "")
SALES_SERVE(ListStatements, ListStatementsRequest, ListStatementsResponse, statements_, "")
SALES_SERVE(LockPeriod, LockPeriodRequest, LockPeriodResponse, statements_, req->request_id())
SALES_SERVE(RunWhatIf, RunWhatIfRequest, RunWhatIfResponse, statements_, "")
#undef SALES_SERVE

namespace {

// The reactor of a stream refused at its opening.
class RefusedReactor final : public grpc::ServerWriteReactor<v1::Attainment> {
 public:
  explicit RefusedReactor(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<v1::Attainment>* IncentivesService::WatchAttainment(
    grpc::CallbackServerContext* /*context*/, const v1::WatchAttainmentRequest* request) {
  // The opening is observed (readiness, validation, a log line, the RPC metrics); the
  // stream's end is logged by its reactor.
  AttainmentQuery query;
  const grpc::Status opened =
      observer_.Observe(nullptr, "WatchAttainment", "", [&](absl::Time) -> absl::Status {
        ASSIGN_OR_RETURN(
            query, ParseAttainmentQuery(request->owner(), request->period(), request->metric()));
        return absl::OkStatus();
      });
  if (!opened.ok()) return new RefusedReactor(opened);
  return watch_.Open(query);
}

}  // namespace sales::incentives::api
