// GetCustomerActions, GetActionSummary and ListTopActions: the policy read, each advised
// customer's RFM score, lifetime value, order totals, product offers and price elasticity
// taken from the kept population inputs of the as-of day (advice_inputs.h), and the actions
// ranked by domain/next_best_action.h.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/advice_inputs.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/api/recommender_cache.h"

namespace sales::analytics::api {

class AdviceHandlers final {
 public:
  // The inputs are kept with the recommender's max age (--recommender_max_age_seconds).
  AdviceHandlers(const HandlerContext& ctx, RecommenderCache& recommender)
      : ctx_(ctx), inputs_(ctx, recommender, recommender.max_age()) {}

  absl::StatusOr<v1::CustomerAdvice> GetCustomerActions(const v1::GetCustomerActionsRequest& req,
                                                        absl::Time deadline);
  absl::StatusOr<v1::ActionSummary> GetActionSummary(const v1::GetActionSummaryRequest& req,
                                                     absl::Time deadline);
  absl::StatusOr<v1::ListTopActionsResponse> ListTopActions(const v1::ListTopActionsRequest& req,
                                                            absl::Time deadline);

 private:
  const HandlerContext& ctx_;
  AdviceInputsCache inputs_;
};

}  // namespace sales::analytics::api
