// GetRevenueBridge, GetFunnel and GetProductReport: a period read, the facts or rollup of
// it loaded, the statistic computed by the domain, and the answer labelled with its period.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class ReportHandlers final {
 public:
  explicit ReportHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::RevenueBridge> GetRevenueBridge(const v1::GetRevenueBridgeRequest& req,
                                                     absl::Time deadline);
  absl::StatusOr<v1::Funnel> GetFunnel(const v1::GetFunnelRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ProductReport> GetProductReport(const v1::GetProductReportRequest& req,
                                                     absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
