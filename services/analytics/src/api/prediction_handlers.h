// GetRepActivity, GetLeadScoringModel, ScoreLeads, GetProductAffinity and RecommendProducts:
// requests validated, the facts loaded, the models fitted and checked by the domain.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/affinity_cache.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/api/recommender_cache.h"

namespace sales::analytics::api {

class PredictionHandlers final {
 public:
  // `recommender_max_age`: see RecommenderCache.
  PredictionHandlers(const HandlerContext& ctx, absl::Duration recommender_max_age)
      : ctx_(ctx),
        recommender_(*ctx.pool, recommender_max_age),
        affinity_(*ctx.pool, recommender_, ctx.zone) {}

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

  // The fitted recommender RecommendProducts and the next best actions share.
  RecommenderCache& recommender() { return recommender_; }
  // The kept market basket counts of GetProductAffinity.
  const AffinityCache& affinity() const { return affinity_; }

 private:
  const HandlerContext& ctx_;
  RecommenderCache recommender_;
  AffinityCache affinity_;  // shares recommender_'s counts when they cover the same orders
};

}  // namespace sales::analytics::api
