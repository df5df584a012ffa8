// GetKpis and GetKpiTrend: period and slice read, the daily rollup summed, the KPIs derived
// by the domain, and every answer labelled with what it covers.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

class KpiHandlers final {
 public:
  explicit KpiHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  absl::StatusOr<v1::KpiReport> GetKpis(const v1::GetKpisRequest& req, absl::Time deadline);
  // The checks of GetKpis on its period and slice, without reading anything.
  absl::Status Validate(const v1::PeriodSpec* period, const v1::Slice& slice) const;
  absl::StatusOr<v1::KpiTrend> GetTrend(const v1::GetKpiTrendRequest& req, absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
