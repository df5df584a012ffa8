// Diagnosis: GetContribution (which slices explain a KPI's change), GetProcessKpis and
// GetChannelEfficiency. Each reads its periods, loads the rollup or facts, lets the domain
// compute, and labels the answer with what it covers.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/diagnosis.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class DiagnosisHandlers final {
 public:
  explicit DiagnosisHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::ContributionAnalysis> GetContribution(const v1::GetContributionRequest& req,
                                                           absl::Time deadline);
  absl::StatusOr<v1::ProcessKpis> GetProcessKpis(const v1::GetProcessKpisRequest& req,
                                                 absl::Time deadline);
  absl::StatusOr<v1::ChannelEfficiency> GetChannelEfficiency(
      const v1::GetChannelEfficiencyRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
