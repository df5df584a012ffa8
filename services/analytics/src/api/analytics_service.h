// The gRPC face of the analytics service: each method hands its request to the handler
// that owns it, through RpcObserver (deadline, status mapping, log line, metrics).
#pragma once

#include "common/server/rpc_observer.h"
#include "sales/analytics/v1/analytics_service.grpc.pb.h"
#include "services/analytics/src/api/customer_value_handlers.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/api/kpi_handlers.h"
#include "services/analytics/src/api/rebuild_handlers.h"

namespace sales::analytics::api {

class AnalyticsService final : public v1::AnalyticsService::Service {
 public:
  AnalyticsService(const HandlerContext& ctx, ingest::Rebuilder& rebuilder, RpcObserver& observer);

  grpc::Status GetKpis(grpc::ServerContext* context, const v1::GetKpisRequest* request,
                       v1::KpiReport* response) override;
  grpc::Status GetKpiTrend(grpc::ServerContext* context, const v1::GetKpiTrendRequest* request,
                           v1::KpiTrend* response) override;
  grpc::Status GetRfmSegments(grpc::ServerContext* context,
                              const v1::GetRfmSegmentsRequest* request,
                              v1::RfmReport* response) override;
  grpc::Status GetCustomerRfm(grpc::ServerContext* context,
                              const v1::GetCustomerRfmRequest* request,
                              v1::CustomerRfm* response) override;
  grpc::Status GetRfmMovements(grpc::ServerContext* context,
                               const v1::GetRfmMovementsRequest* request,
                               v1::RfmMovements* response) override;
  grpc::Status FitCustomerValue(grpc::ServerContext* context,
                                const v1::FitCustomerValueRequest* request,
                                v1::CustomerValueModel* response) override;
  grpc::Status StartRebuild(grpc::ServerContext* context, const v1::StartRebuildRequest* request,
                            v1::Rebuild* response) override;
  grpc::Status GetRebuild(grpc::ServerContext* context, const v1::GetRebuildRequest* request,
                          v1::Rebuild* response) override;

 private:
  RpcObserver& observer_;
  KpiHandlers kpis_;
  RebuildHandlers rebuilds_;
  CustomerValueHandlers customer_value_;
};

}  // namespace sales::analytics::api
