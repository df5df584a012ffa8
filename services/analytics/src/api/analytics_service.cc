#include "services/analytics/src/api/analytics_service.h"

namespace sales::analytics::api {

AnalyticsService::AnalyticsService(const HandlerContext& ctx, RpcObserver& observer)
    : observer_(observer), kpis_(ctx) {}

grpc::Status AnalyticsService::GetKpis(grpc::ServerContext* context,
                                       const v1::GetKpisRequest* request, v1::KpiReport* response) {
  return observer_.Serve(context, "GetKpis", "", response,
                         [&](absl::Time deadline) { return kpis_.GetKpis(*request, deadline); });
}

grpc::Status AnalyticsService::GetKpiTrend(grpc::ServerContext* context,
                                           const v1::GetKpiTrendRequest* request,
                                           v1::KpiTrend* response) {
  return observer_.Serve(context, "GetKpiTrend", "", response,
                         [&](absl::Time deadline) { return kpis_.GetTrend(*request, deadline); });
}

}  // namespace sales::analytics::api
