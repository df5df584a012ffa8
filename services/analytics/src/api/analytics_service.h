// The gRPC face of the analytics service: each method hands its request to the handler
// that owns it, through RpcObserver (deadline, status mapping, log line, metrics).
#pragma once

#include "common/server/rpc_observer.h"
#include "sales/analytics/v1/analytics_service.grpc.pb.h"
#include "services/analytics/src/api/advice_handlers.h"
#include "services/analytics/src/api/customer_value_handlers.h"
#include "services/analytics/src/api/diagnosis_handlers.h"
#include "services/analytics/src/api/forecast_adjustment_handlers.h"
#include "services/analytics/src/api/forecast_handlers.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/api/input_handlers.h"
#include "services/analytics/src/api/kpi_handlers.h"
#include "services/analytics/src/api/kpi_watch.h"
#include "services/analytics/src/api/periodic_report.h"
#include "services/analytics/src/api/prediction_handlers.h"
#include "services/analytics/src/api/pricing_handlers.h"
#include "services/analytics/src/api/rebuild_handlers.h"
#include "services/analytics/src/api/replenishment_handlers.h"
#include "services/analytics/src/api/replenishment_input_handlers.h"
#include "services/analytics/src/api/report_handlers.h"

namespace sales::analytics::api {

// The recommender's age before a refit is considered, when the server is not told.
inline constexpr absl::Duration kDefaultRecommenderMaxAge = absl::Minutes(5);

// WatchKpis is a callback (reactor) method; the others are synchronous handlers.
class AnalyticsService final
    : public v1::AnalyticsService::WithCallbackMethod_WatchKpis<v1::AnalyticsService::Service> {
 public:
  // `recommender_max_age`: how long the fitted recommender is used before the orders feed
  // is checked for new orders (RecommenderCache). `replenishment`: the replenishment
  // forecasts' fit pool and max age (replenishment_handlers.h).
  AnalyticsService(const HandlerContext& ctx, ingest::Rebuilder& rebuilder, RpcObserver& observer,
                   absl::Duration recommender_max_age = kDefaultRecommenderMaxAge,
                   const ReplenishmentOptions& replenishment = {});

  grpc::Status GetKpis(grpc::ServerContext* context, const v1::GetKpisRequest* request,
                       v1::KpiReport* response) override;
  grpc::Status GetKpiTrend(grpc::ServerContext* context, const v1::GetKpiTrendRequest* request,
                           v1::KpiTrend* response) override;
  grpc::ServerWriteReactor<v1::KpiReport>* WatchKpis(grpc::CallbackServerContext* context,
                                                     const v1::WatchKpisRequest* request) override;
  // The live KPI streams: told when figures change, stopped at shutdown.
  KpiWatch& watch() { return watch_; }

  grpc::Status GetRevenueBridge(grpc::ServerContext* context,
                                const v1::GetRevenueBridgeRequest* request,
                                v1::RevenueBridge* response) override;
  // Diagnosis
  grpc::Status GetContribution(grpc::ServerContext* context,
                               const v1::GetContributionRequest* request,
                               v1::ContributionAnalysis* response) override;
  grpc::Status GetProcessKpis(grpc::ServerContext* context,
                              const v1::GetProcessKpisRequest* request,
                              v1::ProcessKpis* response) override;
  grpc::Status GetChannelEfficiency(grpc::ServerContext* context,
                                    const v1::GetChannelEfficiencyRequest* request,
                                    v1::ChannelEfficiency* response) override;
  grpc::Status GetFunnel(grpc::ServerContext* context, const v1::GetFunnelRequest* request,
                         v1::Funnel* response) override;
  grpc::Status GetProductReport(grpc::ServerContext* context,
                                const v1::GetProductReportRequest* request,
                                v1::ProductReport* response) override;
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
  grpc::Status RecordMarketingSpend(grpc::ServerContext* context,
                                    const v1::RecordMarketingSpendRequest* request,
                                    v1::RecordedInput* response) override;
  grpc::Status RecordMarketSize(grpc::ServerContext* context,
                                const v1::RecordMarketSizeRequest* request,
                                v1::RecordedInput* response) override;
  grpc::Status RecordSiteVisits(grpc::ServerContext* context,
                                const v1::RecordSiteVisitsRequest* request,
                                v1::RecordedInput* response) override;
  grpc::Status StartRebuild(grpc::ServerContext* context, const v1::StartRebuildRequest* request,
                            v1::Rebuild* response) override;
  grpc::Status GetRebuild(grpc::ServerContext* context, const v1::GetRebuildRequest* request,
                          v1::Rebuild* response) override;
  grpc::Status GetForecast(grpc::ServerContext* context, const v1::GetForecastRequest* request,
                           v1::Forecast* response) override;
  grpc::Status DetectAnomalies(grpc::ServerContext* context,
                               const v1::DetectAnomaliesRequest* request,
                               v1::AnomalyReport* response) override;
  grpc::Status GetPromotionLift(grpc::ServerContext* context,
                                const v1::GetPromotionLiftRequest* request,
                                v1::PromotionLift* response) override;
  grpc::Status GetReport(grpc::ServerContext* context, const v1::GetReportRequest* request,
                         v1::PeriodicReport* response) override;

  // Prediction
  grpc::Status GetRepActivity(grpc::ServerContext* context,
                              const v1::GetRepActivityRequest* request,
                              v1::RepActivityReport* response) override;
  grpc::Status GetLeadScoringModel(grpc::ServerContext* context,
                                   const v1::GetLeadScoringModelRequest* request,
                                   v1::LeadScoringModel* response) override;
  grpc::Status ScoreLeads(grpc::ServerContext* context, const v1::ScoreLeadsRequest* request,
                          v1::ScoreLeadsResponse* response) override;
  grpc::Status GetProductAffinity(grpc::ServerContext* context,
                                  const v1::GetProductAffinityRequest* request,
                                  v1::ProductAffinity* response) override;
  grpc::Status RecommendProducts(grpc::ServerContext* context,
                                 const v1::RecommendProductsRequest* request,
                                 v1::ProductRecommendations* response) override;

  // Pricing and replenishment
  grpc::Status GetPriceElasticity(grpc::ServerContext* context,
                                  const v1::GetPriceElasticityRequest* request,
                                  v1::PriceElasticityReport* response) override;
  grpc::Status ProjectPriceChange(grpc::ServerContext* context,
                                  const v1::ProjectPriceChangeRequest* request,
                                  v1::PriceProjection* response) override;
  grpc::Status GetReplenishment(grpc::ServerContext* context,
                                const v1::GetReplenishmentRequest* request,
                                v1::ReplenishmentReport* response) override;
  // Advice
  grpc::Status GetCustomerActions(grpc::ServerContext* context,
                                  const v1::GetCustomerActionsRequest* request,
                                  v1::CustomerAdvice* response) override;
  grpc::Status GetActionSummary(grpc::ServerContext* context,
                                const v1::GetActionSummaryRequest* request,
                                v1::ActionSummary* response) override;
  grpc::Status ListTopActions(grpc::ServerContext* context,
                              const v1::ListTopActionsRequest* request,
                              v1::ListTopActionsResponse* response) override;
  grpc::Status RecordForecastAdjustment(grpc::ServerContext* context,
                                        const v1::RecordForecastAdjustmentRequest* request,
                                        v1::ForecastAdjustment* response) override;
  grpc::Status GetForecastValueAdded(grpc::ServerContext* context,
                                     const v1::GetForecastValueAddedRequest* request,
                                     v1::ForecastValueAdded* response) override;

  // Replenishment inputs
  grpc::Status SetReplenishmentSettings(grpc::ServerContext* context,
                                        const v1::SetReplenishmentSettingsRequest* request,
                                        v1::ReplenishmentSettings* response) override;
  grpc::Status DeleteReplenishmentSettings(
      grpc::ServerContext* context, const v1::DeleteReplenishmentSettingsRequest* request,
      v1::DeleteReplenishmentSettingsResponse* response) override;
  grpc::Status ListReplenishmentSettings(grpc::ServerContext* context,
                                         const v1::ListReplenishmentSettingsRequest* request,
                                         v1::ListReplenishmentSettingsResponse* response) override;
  grpc::Status RecordExpectedReceipt(grpc::ServerContext* context,
                                     const v1::RecordExpectedReceiptRequest* request,
                                     v1::ExpectedReceipt* response) override;
  grpc::Status UpdateExpectedReceipt(grpc::ServerContext* context,
                                     const v1::UpdateExpectedReceiptRequest* request,
                                     v1::ExpectedReceipt* response) override;
  grpc::Status CancelExpectedReceipt(grpc::ServerContext* context,
                                     const v1::CancelExpectedReceiptRequest* request,
                                     v1::ExpectedReceipt* response) override;
  grpc::Status ReceiveExpectedReceipt(grpc::ServerContext* context,
                                      const v1::ReceiveExpectedReceiptRequest* request,
                                      v1::ExpectedReceipt* response) override;
  grpc::Status ListExpectedReceipts(grpc::ServerContext* context,
                                    const v1::ListExpectedReceiptsRequest* request,
                                    v1::ListExpectedReceiptsResponse* response) override;

  // Starts fitting the recommender in the background when there are counted orders (the
  // server's --warm_recommender, at start); whether it started.
  absl::StatusOr<bool> WarmRecommender(absl::Time deadline) {
    return prediction_.recommender().WarmIfOrders(deadline);
  }
  // Starts fitting the default price-elasticity window in the background when there are
  // counted orders (the server's --warm_pricing, at start); whether it started.
  absl::StatusOr<bool> WarmPricing(absl::Time deadline) {
    return pricing_.WarmDefaultWindow(deadline);
  }

 private:
  RpcObserver& observer_;
  db::ConnectionPool& pool_;  // product names for the answers that list products
  KpiHandlers kpis_;
  KpiWatch watch_;
  RebuildHandlers rebuilds_;
  CustomerValueHandlers customer_value_;
  ReportHandlers reports_;
  InputHandlers inputs_;
  ForecastHandlers forecasts_;
  PeriodicReports periodic_reports_;  // composed from the handlers above
  PredictionHandlers prediction_;
  DiagnosisHandlers diagnosis_;
  PricingHandlers pricing_;
  ReplenishmentHandlers replenishment_;
  AdviceHandlers advice_;  // shares prediction_'s recommender
  ForecastAdjustmentHandlers forecast_adjustments_;
  ReplenishmentInputHandlers replenishment_inputs_;
};

}  // namespace sales::analytics::api
