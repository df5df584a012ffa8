#include "services/analytics/src/api/analytics_service.h"

#include "common/status.h"
#include "services/analytics/src/api/product_labels.h"

namespace sales::analytics::api {

AnalyticsService::AnalyticsService(const HandlerContext& ctx, ingest::Rebuilder& rebuilder,
                                   RpcObserver& observer, absl::Duration recommender_max_age,
                                   const ReplenishmentOptions& replenishment)
    : observer_(observer),
      pool_(*ctx.pool),
      kpis_(ctx),
      watch_(kpis_),
      rebuilds_(rebuilder),
      customer_value_(ctx),
      reports_(ctx),
      inputs_(ctx),
      forecasts_(ctx),
      periodic_reports_(ctx, kpis_, reports_, customer_value_, forecasts_),
      prediction_(ctx, recommender_max_age),
      diagnosis_(ctx),
      pricing_(ctx),
      replenishment_(ctx, replenishment),
      advice_(ctx, prediction_.recommender()),
      forecast_adjustments_(ctx),
      replenishment_inputs_(ctx) {}

// Reads: no request_id.
#define SALES_SERVE_READ(Method, Request, Response, handler)                                  \
  grpc::Status AnalyticsService::Method(grpc::ServerContext* context, const v1::Request* req, \
                                        v1::Response* response) {                             \
    return observer_.Serve(context, #Method, "", response,                                    \
                           [&](absl::Time deadline) { return handler(*req, deadline); });     \
  }

// Reads whose answer lists products: each product's display name added (product_labels.h).
#define SALES_SERVE_NAMED_READ(Method, Request, Response, handler)                            \
  grpc::Status AnalyticsService::Method(grpc::ServerContext* context, const v1::Request* req, \
                                        v1::Response* response) {                             \
    return observer_.Serve(context, #Method, "", response,                                    \
                           [&](absl::Time deadline) -> absl::StatusOr<v1::Response> {         \
                             ASSIGN_OR_RETURN(v1::Response out, handler(*req, deadline));     \
                             RETURN_IF_ERROR(NameProducts(pool_, deadline, out));             \
                             return out;                                                      \
                           });                                                                \
  }

SALES_SERVE_READ(GetKpis, GetKpisRequest, KpiReport, kpis_.GetKpis)
SALES_SERVE_READ(GetKpiTrend, GetKpiTrendRequest, KpiTrend, kpis_.GetTrend)
SALES_SERVE_READ(GetRevenueBridge, GetRevenueBridgeRequest, RevenueBridge,
                 reports_.GetRevenueBridge)
// Diagnosis
SALES_SERVE_NAMED_READ(GetContribution, GetContributionRequest, ContributionAnalysis,
                       diagnosis_.GetContribution)
SALES_SERVE_NAMED_READ(GetProcessKpis, GetProcessKpisRequest, ProcessKpis,
                       diagnosis_.GetProcessKpis)
SALES_SERVE_READ(GetChannelEfficiency, GetChannelEfficiencyRequest, ChannelEfficiency,
                 diagnosis_.GetChannelEfficiency)
SALES_SERVE_READ(GetFunnel, GetFunnelRequest, Funnel, reports_.GetFunnel)
SALES_SERVE_NAMED_READ(GetProductReport, GetProductReportRequest, ProductReport,
                       reports_.GetProductReport)
SALES_SERVE_READ(GetRfmSegments, GetRfmSegmentsRequest, RfmReport, customer_value_.GetRfmSegments)
SALES_SERVE_READ(GetCustomerRfm, GetCustomerRfmRequest, CustomerRfm, customer_value_.GetCustomerRfm)
SALES_SERVE_READ(GetRfmMovements, GetRfmMovementsRequest, RfmMovements,
                 customer_value_.GetRfmMovements)
SALES_SERVE_READ(FitCustomerValue, FitCustomerValueRequest, CustomerValueModel,
                 customer_value_.FitCustomerValue)
SALES_SERVE_READ(GetRebuild, GetRebuildRequest, Rebuild, rebuilds_.Get)
SALES_SERVE_READ(GetForecast, GetForecastRequest, Forecast, forecasts_.GetForecast)
SALES_SERVE_READ(DetectAnomalies, DetectAnomaliesRequest, AnomalyReport, forecasts_.DetectAnomalies)
SALES_SERVE_NAMED_READ(GetPromotionLift, GetPromotionLiftRequest, PromotionLift,
                       forecasts_.GetPromotionLift)
SALES_SERVE_READ(GetReport, GetReportRequest, PeriodicReport, periodic_reports_.GetReport)
// Prediction
SALES_SERVE_READ(GetRepActivity, GetRepActivityRequest, RepActivityReport,
                 prediction_.GetRepActivity)
SALES_SERVE_READ(GetLeadScoringModel, GetLeadScoringModelRequest, LeadScoringModel,
                 prediction_.GetLeadScoringModel)
SALES_SERVE_READ(ScoreLeads, ScoreLeadsRequest, ScoreLeadsResponse, prediction_.ScoreLeads)
SALES_SERVE_NAMED_READ(GetProductAffinity, GetProductAffinityRequest, ProductAffinity,
                       prediction_.GetProductAffinity)
SALES_SERVE_NAMED_READ(RecommendProducts, RecommendProductsRequest, ProductRecommendations,
                       prediction_.RecommendProducts)
// Pricing and replenishment
SALES_SERVE_NAMED_READ(GetPriceElasticity, GetPriceElasticityRequest, PriceElasticityReport,
                       pricing_.GetPriceElasticity)
SALES_SERVE_NAMED_READ(ProjectPriceChange, ProjectPriceChangeRequest, PriceProjection,
                       pricing_.ProjectPriceChange)
SALES_SERVE_NAMED_READ(GetReplenishment, GetReplenishmentRequest, ReplenishmentReport,
                       replenishment_.GetReplenishment)
// Advice
SALES_SERVE_NAMED_READ(GetCustomerActions, GetCustomerActionsRequest, CustomerAdvice,
                       advice_.GetCustomerActions)
SALES_SERVE_READ(GetActionSummary, GetActionSummaryRequest, ActionSummary, advice_.GetActionSummary)
SALES_SERVE_NAMED_READ(ListTopActions, ListTopActionsRequest, ListTopActionsResponse,
                       advice_.ListTopActions)
SALES_SERVE_READ(GetForecastValueAdded, GetForecastValueAddedRequest, ForecastValueAdded,
                 forecast_adjustments_.GetForecastValueAdded)
// Replenishment inputs
SALES_SERVE_READ(ListReplenishmentSettings, ListReplenishmentSettingsRequest,
                 ListReplenishmentSettingsResponse, replenishment_inputs_.ListReplenishmentSettings)
SALES_SERVE_READ(ListExpectedReceipts, ListExpectedReceiptsRequest, ListExpectedReceiptsResponse,
                 replenishment_inputs_.ListExpectedReceipts)
#undef SALES_SERVE_READ
#undef SALES_SERVE_NAMED_READ

namespace {

// The reactor of a stream refused at its opening.
class RefusedReactor final : public grpc::ServerWriteReactor<v1::KpiReport> {
 public:
  explicit RefusedReactor(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerWriteReactor<v1::KpiReport>* AnalyticsService::WatchKpis(
    grpc::CallbackServerContext* /*context*/, const v1::WatchKpisRequest* request) {
  // The opening is observed (readiness, validation, a log line, the RPC metrics); the
  // stream's end is logged by its reactor.
  const grpc::Status opened =
      observer_.Observe(nullptr, "WatchKpis", "", [&](absl::Time) -> absl::Status {
        return kpis_.Validate(request->has_period() ? &request->period() : nullptr,
                              request->slice());
      });
  if (!opened.ok()) return new RefusedReactor(opened);
  return watch_.Open(*request);
}

// Changes: the request's request_id.
#define SALES_SERVE_CHANGE(Method, Request, Response, handler)                                \
  grpc::Status AnalyticsService::Method(grpc::ServerContext* context, const v1::Request* req, \
                                        v1::Response* response) {                             \
    return observer_.Serve(context, #Method, req->request_id(), response,                     \
                           [&](absl::Time deadline) { return handler(*req, deadline); });     \
  }

SALES_SERVE_CHANGE(RecordMarketingSpend, RecordMarketingSpendRequest, RecordedInput,
                   inputs_.RecordMarketingSpend)
SALES_SERVE_CHANGE(RecordMarketSize, RecordMarketSizeRequest, RecordedInput,
                   inputs_.RecordMarketSize)
SALES_SERVE_CHANGE(RecordSiteVisits, RecordSiteVisitsRequest, RecordedInput,
                   inputs_.RecordSiteVisits)
SALES_SERVE_CHANGE(StartRebuild, StartRebuildRequest, Rebuild, rebuilds_.Start)
SALES_SERVE_CHANGE(RecordForecastAdjustment, RecordForecastAdjustmentRequest, ForecastAdjustment,
                   forecast_adjustments_.RecordForecastAdjustment)
// Replenishment inputs
SALES_SERVE_CHANGE(SetReplenishmentSettings, SetReplenishmentSettingsRequest, ReplenishmentSettings,
                   replenishment_inputs_.SetReplenishmentSettings)
SALES_SERVE_CHANGE(DeleteReplenishmentSettings, DeleteReplenishmentSettingsRequest,
                   DeleteReplenishmentSettingsResponse,
                   replenishment_inputs_.DeleteReplenishmentSettings)
SALES_SERVE_CHANGE(RecordExpectedReceipt, RecordExpectedReceiptRequest, ExpectedReceipt,
                   replenishment_inputs_.RecordExpectedReceipt)
SALES_SERVE_CHANGE(UpdateExpectedReceipt, UpdateExpectedReceiptRequest, ExpectedReceipt,
                   replenishment_inputs_.UpdateExpectedReceipt)
SALES_SERVE_CHANGE(CancelExpectedReceipt, CancelExpectedReceiptRequest, ExpectedReceipt,
                   replenishment_inputs_.CancelExpectedReceipt)
SALES_SERVE_CHANGE(ReceiveExpectedReceipt, ReceiveExpectedReceiptRequest, ExpectedReceipt,
                   replenishment_inputs_.ReceiveExpectedReceipt)
#undef SALES_SERVE_CHANGE

}  // namespace sales::analytics::api
