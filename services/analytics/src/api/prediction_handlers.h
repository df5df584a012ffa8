// GetRepActivity, GetLeadScoringModel, ScoreLeads, GetProductAffinity and RecommendProducts:
// requests validated, the facts loaded, the models fitted and checked by the domain.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class PredictionHandlers final {
 public:
  explicit PredictionHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::RepActivityReport> GetRepActivity(const v1::GetRepActivityRequest& req,
                                                       absl::Time deadline);
  absl::StatusOr<v1::LeadScoringModel> GetLeadScoringModel(
      const v1::GetLeadScoringModelRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ScoreLeadsResponse> ScoreLeads(const v1::ScoreLeadsRequest& req,
                                                    absl::Time deadline);
  absl::StatusOr<v1::ProductAffinity> GetProductAffinity(const v1::GetProductAffinityRequest& req,
                                                         absl::Time deadline);
  absl::StatusOr<v1::ProductRecommendations> RecommendProducts(
      const v1::RecommendProductsRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
