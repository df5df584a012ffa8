// Interactions with customers and leads, and satisfaction surveys (CSAT, NPS).
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/customers/v1/customers_service.pb.h"
#include "services/customers/src/api/handler_context.h"

namespace sales::customers::api {

namespace v1 = ::sales::customers::v1;

class EngagementHandlers final {
 public:
  explicit EngagementHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::Interaction> CreateInteraction(const v1::CreateInteractionRequest& req,
                                                    absl::Time deadline);
  absl::StatusOr<v1::ListInteractionsResponse> ListInteractions(
      const v1::ListInteractionsRequest& req, absl::Time deadline);
  absl::StatusOr<v1::Interaction> ResolveComplaint(const v1::ResolveComplaintRequest& req,
                                                   absl::Time deadline);
  absl::StatusOr<v1::SurveyResponse> CreateSurveyResponse(
      const v1::CreateSurveyResponseRequest& req, absl::Time deadline);
  absl::StatusOr<v1::ListSurveyResponsesResponse> ListSurveyResponses(
      const v1::ListSurveyResponsesRequest& req, absl::Time deadline);
  absl::StatusOr<v1::SatisfactionSummary> GetSatisfactionSummary(
      const v1::GetSatisfactionSummaryRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::customers::api
