// Teams (team_handlers.cc), reps and their membership (rep_handlers.cc): validation, the
// transaction, the domain rules of the tree and of membership spans.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

class OrganisationHandlers final {
 public:
  explicit OrganisationHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Team> CreateTeam(const v1::CreateTeamRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Team> GetTeam(const v1::GetTeamRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListTeamsResponse> ListTeams(const v1::ListTeamsRequest& req,
                                                  absl::Time deadline);
  absl::StatusOr<v1::Team> UpdateTeam(const v1::UpdateTeamRequest& req, absl::Time deadline);

  absl::StatusOr<v1::Rep> CreateRep(const v1::CreateRepRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Rep> GetRep(const v1::GetRepRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListRepsResponse> ListReps(const v1::ListRepsRequest& req,
                                                absl::Time deadline);
  absl::StatusOr<v1::Rep> UpdateRep(const v1::UpdateRepRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Rep> MoveRep(const v1::MoveRepRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListRepMembershipsResponse> ListRepMemberships(
      const v1::ListRepMembershipsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Membership> FindRepTeam(const v1::FindRepTeamRequest& req,
                                             absl::Time deadline);
  absl::StatusOr<v1::ListTeamMembersResponse> ListTeamMembers(const v1::ListTeamMembersRequest& req,
                                                              absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::incentives::api
