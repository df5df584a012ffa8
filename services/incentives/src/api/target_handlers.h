// Targets: create, read, list, update and split, keeping every target's children adding up
// exactly to it (domain/target.h does the sums and the splits).
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

class TargetHandlers final {
 public:
  explicit TargetHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Target> CreateTarget(const v1::CreateTargetRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Target> GetTarget(const v1::GetTargetRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListTargetsResponse> ListTargets(const v1::ListTargetsRequest& req,
                                                      absl::Time deadline);
  absl::StatusOr<v1::Target> UpdateTarget(const v1::UpdateTargetRequest& req, absl::Time deadline);
  absl::StatusOr<v1::SplitTargetResponse> SplitTarget(const v1::SplitTargetRequest& req,
                                                      absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::incentives::api
