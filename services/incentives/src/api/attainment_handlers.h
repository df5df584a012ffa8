// Live attainment: GetAttainment of the company, a team or a rep, and ListAttainment of
// every rep (of a team). Computed from the credits applied so far, at every call.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/handler_context.h"
#include "services/incentives/src/domain/period.h"
#include "services/incentives/src/domain/target.h"

namespace sales::incentives::api {

namespace v1 = ::sales::incentives::v1;

// A validated attainment question.
struct AttainmentQuery {
  domain::Owner owner;
  domain::Period period;
  domain::Metric metric = domain::Metric::kRevenue;
};

// INVALID_ARGUMENT naming owner, period or metric.
absl::StatusOr<AttainmentQuery> ParseAttainmentQuery(std::string_view owner,
                                                     std::string_view period, v1::Metric metric);
// A request's metric: revenue, gross margin or units; INVALID_ARGUMENT naming `field`.
absl::StatusOr<domain::Metric> ParseAttainmentMetric(std::string_view field, v1::Metric metric);

class AttainmentHandlers final {
 public:
  explicit AttainmentHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Attainment> GetAttainment(const v1::GetAttainmentRequest& req,
                                               absl::Time deadline);
  absl::StatusOr<v1::ListAttainmentResponse> ListAttainment(const v1::ListAttainmentRequest& req,
                                                            absl::Time deadline);
  // The attainment of a validated question (NOT_FOUND for a team that does not exist).
  absl::StatusOr<v1::Attainment> Compute(const AttainmentQuery& query, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::incentives::api
