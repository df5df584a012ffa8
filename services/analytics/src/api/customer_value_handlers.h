// GetRfmSegments, GetCustomerRfm, GetRfmMovements and FitCustomerValue: windows read, the
// purchases loaded from the facts, the statistics computed by the domain, each answer
// saying which days it covers.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class CustomerValueHandlers final {
 public:
  explicit CustomerValueHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::RfmReport> GetRfmSegments(const v1::GetRfmSegmentsRequest& req,
                                               absl::Time deadline);
  absl::StatusOr<v1::CustomerRfm> GetCustomerRfm(const v1::GetCustomerRfmRequest& req,
                                                 absl::Time deadline);
  absl::StatusOr<v1::RfmMovements> GetRfmMovements(const v1::GetRfmMovementsRequest& req,
                                                   absl::Time deadline);
  absl::StatusOr<v1::CustomerValueModel> FitCustomerValue(const v1::FitCustomerValueRequest& req,
                                                          absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
