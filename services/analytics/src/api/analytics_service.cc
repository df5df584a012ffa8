#include "services/analytics/src/api/analytics_service.h"

namespace sales::analytics::api {

AnalyticsService::AnalyticsService(const HandlerContext& ctx, ingest::Rebuilder& rebuilder,
                                   RpcObserver& observer)
    : observer_(observer), kpis_(ctx), rebuilds_(rebuilder) {}

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

grpc::Status AnalyticsService::StartRebuild(grpc::ServerContext* context,
                                            const v1::StartRebuildRequest* request,
                                            v1::Rebuild* response) {
  return observer_.Serve(context, "StartRebuild", request->request_id(), response,
                         [&](absl::Time deadline) { return rebuilds_.Start(*request, deadline); });
}

grpc::Status AnalyticsService::GetRebuild(grpc::ServerContext* context,
                                          const v1::GetRebuildRequest* request,
                                          v1::Rebuild* response) {
  return observer_.Serve(context, "GetRebuild", "", response,
                         [&](absl::Time deadline) { return rebuilds_.Get(*request, deadline); });
}

}  // namespace sales::analytics::api
