// GetReport: the weekly, monthly or quarterly report, composed in-process from what the
// other handlers answer (KPIs with growth, the revenue bridge, RFM segments and movements,
// the next period's forecast, the period's anomalies, hot and slow products and stock cover)
// plus members of each dimension ranked from the rollup, and the findings the domain derives
// from those figures, worded in the request's language.
#pragma once

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/customer_value_handlers.h"
#include "services/analytics/src/api/forecast_handlers.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/api/kpi_handlers.h"
#include "services/analytics/src/api/report_handlers.h"

namespace sales::analytics::api {

class PeriodicReports final {
 public:
  PeriodicReports(const HandlerContext& ctx, KpiHandlers& kpis, ReportHandlers& reports,
                  CustomerValueHandlers& customer_value, ForecastHandlers& forecasts)
      : ctx_(ctx),
        kpis_(kpis),
        reports_(reports),
        customer_value_(customer_value),
        forecasts_(forecasts) {}

  absl::StatusOr<v1::PeriodicReport> GetReport(const v1::GetReportRequest& req,
                                               absl::Time deadline);

 private:
  const HandlerContext& ctx_;
  KpiHandlers& kpis_;
  ReportHandlers& reports_;
  CustomerValueHandlers& customer_value_;
  ForecastHandlers& forecasts_;
};

}  // namespace sales::analytics::api
