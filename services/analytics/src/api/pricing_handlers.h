// GetPriceElasticity and ProjectPriceChange: the net prices paid per product and ISO week
// read from the order facts, the log-log elasticity of the domain fitted per product and
// per category, and a proposed price projected from it.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/pricing.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class PricingHandlers final {
 public:
  explicit PricingHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::PriceElasticityReport> GetPriceElasticity(
      const v1::GetPriceElasticityRequest& req, absl::Time deadline);
  absl::StatusOr<v1::PriceProjection> ProjectPriceChange(const v1::ProjectPriceChangeRequest& req,
                                                         absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
