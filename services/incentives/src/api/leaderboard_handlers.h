// Leaderboards of reps by revenue, gross margin or attainment, and honours recorded at
// period close (sales star of the month, best team of the quarter).
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

class LeaderboardHandlers final {
 public:
  explicit LeaderboardHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Leaderboard> GetLeaderboard(const v1::GetLeaderboardRequest& req,
                                                 absl::Time deadline);
  absl::StatusOr<v1::CloseHonoursResponse> CloseHonours(const v1::CloseHonoursRequest& req,
                                                        absl::Time deadline);
  absl::StatusOr<v1::ListHonoursResponse> ListHonours(const v1::ListHonoursRequest& req,
                                                      absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::incentives::api
