// The periodic report as one self-contained HTML page: no script, no font, no image and no
// style fetched from anywhere (it works offline), charts as inline SVG (svg_charts.h), and a
// print stylesheet so that a browser's "print to PDF" gives a clean document. Headings are
// in the report's language (en or zh); every number on the page is the RPC's, in a table
// cell or a data-value attribute.
#pragma once

#include <string>

#include "sales/analytics/v1/analytics_service.pb.h"

namespace sales::salesctl {

namespace av1 = ::sales::analytics::v1;

struct HtmlReportInput {
  // GetReport's answer.
  av1::PeriodicReport report;
  // GetKpiTrend of the report's granularity, the periods up to and including the report's.
  av1::KpiTrend trend;
  // GetFunnel of the report's period.
  av1::Funnel funnel;
  // GetKpiTrend by day over the report's period (the days the anomaly chart shows).
  av1::KpiTrend daily;
  // GetContribution of revenue from the period before to the report's, by channel and by
  // category (the contribution chart); no dimensions: no chart.
  av1::ContributionAnalysis contribution;
  // GetReplenishment with its defaults (history to yesterday, plan from today): the
  // replenishment alerts; when the call failed, why (the section says so).
  av1::ReplenishmentReport replenishment;
  std::string replenishment_unavailable;
  // ListTopActions as of the report's last day (today when the period is not over), the
  // first page: the "Top actions" section.
  av1::ListTopActionsResponse top_actions;
  // GetProcessKpis of the report's period, whole company: the "Complaints" and "On-time
  // delivery" sections; when the call failed, why (both sections say so).
  av1::ProcessKpis process;
  std::string process_unavailable;
};

// The page, starting with <!DOCTYPE html>.
std::string RenderHtmlReport(const HtmlReportInput& input);

}  // namespace sales::salesctl
