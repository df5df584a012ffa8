// The HTML report page: self-contained (no script, nothing fetched), every chart present,
// user-given names escaped, the numbers of the report on the page, headings in the report's
// language.
#include "tools/salesctl/html_report.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::salesctl {
namespace {

HtmlReportInput Input(const std::string& language) {
  HtmlReportInput in;
  av1::PeriodicReport& r = in.report;
  r.set_language_code(language);
  r.set_currency_code("CNY");
  r.set_period_complete(true);
  r.mutable_period()->set_label("2026-10");
  r.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  r.mutable_values()->set_revenue_minor(123456);
  r.mutable_values()->set_orders(7);
  r.mutable_vs_previous()->set_revenue(-0.25);
  r.mutable_bridge()->set_base_revenue_minor(164608);
  r.mutable_bridge()->set_volume_minor(-41152);
  r.mutable_bridge()->set_current_revenue_minor(123456);
  av1::RankedMember* p = r.mutable_products()->add_top();
  p->set_member("<script>alert('x')</script>");
  p->set_revenue_minor(123456);
  av1::RankedMember* c = r.mutable_channels()->add_top();
  c->set_member("CHANNEL_WEB");
  c->set_revenue_minor(123456);
  av1::Finding* f = r.add_findings();
  f->set_kind(av1::FINDING_KIND_MEMBER_CHANGE);
  f->set_subject("tea & <coffee>");
  f->set_text("Category tea & <coffee> fell 30% month on month.");
  av1::RfmSegmentSummary* s = r.mutable_segments()->add_segments();
  s->set_segment("champions");
  s->set_customers(12);
  av1::KpiPoint* point = in.trend.add_points();
  point->mutable_period()->set_label("2026-10");
  point->mutable_values()->set_revenue_minor(123456);
  av1::FunnelStage* stage = in.funnel.mutable_all()->add_stages();
  stage->set_stage("LEAD_STAGE_LEAD");
  stage->set_reached(4);
  return in;
}

TEST(HtmlReport, SelfContainedWithEveryChartAndEscapedNames) {
  const std::string page = RenderHtmlReport(Input("en"));
  EXPECT_TRUE(absl::StartsWith(page, "<!DOCTYPE html>"));
  EXPECT_FALSE(absl::StrContains(page, "<script"));
  EXPECT_FALSE(absl::StrContains(page, "http://"));
  EXPECT_FALSE(absl::StrContains(page, "https://"));
  EXPECT_FALSE(absl::StrContains(page, "src="));
  EXPECT_TRUE(absl::StrContains(page, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;"));
  EXPECT_TRUE(
      absl::StrContains(page, "Category tea &amp; &lt;coffee&gt; fell 30% month on month."));
  EXPECT_TRUE(absl::StrContains(page, "@media print"));
  for (const char* chart : {"revenue-trend", "revenue-bridge", "funnel", "rfm-segments",
                            "top-products", "channel-mix"}) {
    EXPECT_TRUE(absl::StrContains(page, std::string("data-chart=\"") + chart + "\"")) << chart;
  }
  EXPECT_TRUE(absl::StrContains(page,
                                "<tr data-kpi=\"revenue\"><th>revenue</th><td class=\"num\" "
                                "data-value=\"123456\">1234.56</td>"));
  EXPECT_TRUE(absl::StrContains(page, "data-value=\"-41152\""));
  EXPECT_TRUE(absl::StrContains(page, "-25.0%"));
  EXPECT_TRUE(absl::StrContains(page, "<html lang=\"en\">"));
}

TEST(HtmlReport, ChineseHeadings) {
  const std::string page = RenderHtmlReport(Input("zh"));
  EXPECT_TRUE(absl::StrContains(page, "<html lang=\"zh\">"));
  EXPECT_TRUE(absl::StrContains(page, "销售报告"));
  EXPECT_TRUE(absl::StrContains(page, "<th>收入</th>"));
  EXPECT_TRUE(absl::StrContains(page, "冠军客户"));
}

TEST(HtmlReport, SwotGridHoldsEachFindingUnderItsClassWithItsFigures) {
  HtmlReportInput in = Input("en");
  av1::Finding* weak = in.report.mutable_findings(0);
  weak->set_swot(av1::SWOT_CLASS_WEAKNESS);
  weak->set_base_value(1000);
  weak->set_current_value(700);
  av1::Finding* threat = in.report.add_findings();
  threat->set_kind(av1::FINDING_KIND_LOW_STOCK_COVER);
  threat->set_subject("products/9");
  threat->set_swot(av1::SWOT_CLASS_THREAT);
  threat->set_text("Product products/9 runs out in 5 days.");
  const std::string page = RenderHtmlReport(in);
  EXPECT_TRUE(absl::StrContains(page, "<section id=\"swot\">"));
  for (const char* q : {"SWOT_CLASS_STRENGTH", "SWOT_CLASS_WEAKNESS", "SWOT_CLASS_OPPORTUNITY",
                        "SWOT_CLASS_THREAT"}) {
    EXPECT_TRUE(absl::StrContains(page, std::string("data-swot=\"") + q + "\"")) << q;
  }
  EXPECT_TRUE(absl::StrContains(
      page,
      "data-swot=\"SWOT_CLASS_WEAKNESS\"><h3>Weaknesses</h3><ul><li "
      "data-kind=\"FINDING_KIND_MEMBER_CHANGE\" data-subject=\"tea &amp; &lt;coffee&gt;\" "
      "data-base=\"1000\" data-current=\"700\">"));
  EXPECT_TRUE(absl::StrContains(page,
                                "data-swot=\"SWOT_CLASS_THREAT\"><h3>Threats</h3><ul><li "
                                "data-kind=\"FINDING_KIND_LOW_STOCK_COVER\""));
  EXPECT_TRUE(absl::StrContains(RenderHtmlReport(Input("zh")), "<h3>机会</h3>"));
}

TEST(HtmlReport, ContributionWaterfallPerDimensionAddsUpToTheCurrentRevenue) {
  HtmlReportInput in = Input("en");
  EXPECT_FALSE(absl::StrContains(RenderHtmlReport(in), "id=\"contribution\""));
  av1::ContributionAnalysis& a = in.contribution;
  a.mutable_base()->set_label("2026-09");
  a.mutable_period()->set_label("2026-10");
  a.set_base_value(164608);
  a.set_current_value(123456);
  a.set_change(-41152);
  av1::DimensionContribution* d = a.add_dimensions();
  d->set_dimension(av1::SLICE_DIMENSION_CHANNEL);
  av1::ContributionRow* web = d->add_rows();
  web->set_kind(av1::CONTRIBUTION_ROW_KIND_MEMBER);
  web->set_member("CHANNEL_WEB");
  web->set_contribution(-50000);
  av1::ContributionRow* rest = d->add_rows();
  rest->set_kind(av1::CONTRIBUTION_ROW_KIND_OTHER);
  rest->set_members(3);
  rest->set_contribution(8848);
  const std::string page = RenderHtmlReport(in);
  EXPECT_TRUE(absl::StrContains(page, "id=\"contribution\""));
  EXPECT_TRUE(absl::StrContains(page, "data-chart=\"contribution-channel\""));
  EXPECT_TRUE(absl::StrContains(page, "data-value=\"-50000\""));
  EXPECT_TRUE(absl::StrContains(page, "data-value=\"8848\""));
  EXPECT_TRUE(absl::StrContains(page, "3 others"));
}

TEST(HtmlReport, TopActionsListTheCustomersActionsWithTheirValueAndReason) {
  HtmlReportInput in = Input("en");
  EXPECT_TRUE(absl::StrContains(RenderHtmlReport(in), "<section id=\"top-actions\""));
  EXPECT_TRUE(absl::StrContains(RenderHtmlReport(in), "No actions."));
  in.top_actions.set_total_size(2);
  in.top_actions.mutable_basis()->set_as_of_day("2026-10-31");
  in.top_actions.mutable_assumptions()->set_offer_discount_source("request");
  av1::TopAction* t = in.top_actions.add_top_actions();
  t->set_customer("customers/7");
  t->set_segment("champions");
  t->mutable_action()->set_kind(av1::ACTION_KIND_REWARD_CHAMPION);
  t->mutable_action()->set_expected_value_minor(6173);
  t->mutable_action()->set_reason("segment champions (R5 F5 M4); CLV <123456>");
  t = in.top_actions.add_top_actions();
  t->set_customer("customers/8");
  t->set_segment("loyal");
  t->mutable_action()->set_kind(av1::ACTION_KIND_OFFER_PRODUCT);
  t->mutable_action()->set_product("products/3");
  t->mutable_action()->set_expected_value_minor(400);
  const std::string page = RenderHtmlReport(in);
  EXPECT_TRUE(absl::StrContains(page, "<h2>Top actions</h2>"));
  EXPECT_TRUE(absl::StrContains(page, "As of 2026-10-31, over the 2 customers"));
  EXPECT_TRUE(absl::StrContains(page,
                                "<tr><td>customers/7</td><td>champions</td><td>reward_champion"
                                "</td><td class=\"num\" data-value=\"6173\">61.73</td>"
                                "<td>segment champions (R5 F5 M4); CLV &lt;123456&gt;</td></tr>"));
  EXPECT_TRUE(absl::StrContains(page, "offer_product products/3</td>"));
  EXPECT_FALSE(absl::StrContains(page, "No actions."));
  EXPECT_TRUE(absl::StrContains(RenderHtmlReport([&] {
                                  HtmlReportInput zh = in;
                                  zh.report.set_language_code("zh");
                                  return zh;
                                }()),
                                "首要行动"));
}

TEST(HtmlReport, ComplaintsAndOnTimeDeliverySayWhatTheyCoverWithTheRpcNumbers) {
  HtmlReportInput in = Input("en");
  av1::ProcessKpis& p = in.process;
  p.mutable_period()->set_label("2026-10");
  p.mutable_period()->set_first_day("2026-10-01");
  p.mutable_period()->set_last_day("2026-10-31");
  p.mutable_complaint_rate()->set_complaints(3);
  p.mutable_complaint_rate()->set_orders(8);
  p.mutable_complaint_rate()->set_per_100_orders(37.5);
  av1::ComplaintResolutionTime* t = p.mutable_complaint_resolution();
  t->set_complaints(3);
  t->set_resolved(2);
  t->set_still_open(1);
  t->set_median_hours(30);
  t->set_p90_unavailable(av1::PROCESS_KPI_GAP_TOO_MANY_OPEN);
  t->mutable_as_of()->set_seconds(1793491200);  // 2026-11-01 00:00 UTC
  av1::FeedbackCategoryCount* c = p.add_feedback_categories();
  c->set_category("FEEDBACK_CATEGORY_DELIVERY");
  c->set_complaints(2);
  c->set_still_open(1);
  c->set_feedback(2);
  c = p.add_feedback_categories();
  c->set_category("FEEDBACK_CATEGORY_PRICE");
  c->set_feedback(1);
  av1::OnTimeDelivery* d = p.mutable_on_time_delivery();
  d->set_delivered_orders(5);
  d->set_promised(4);
  d->set_on_time(3);
  d->set_late(1);
  d->set_rate(0.75);
  d->set_average_days_late(2);
  const std::string page = RenderHtmlReport(in);
  EXPECT_TRUE(
      absl::StrContains(page, "<section id=\"complaints\" class=\"figure\"><h2>Complaints"));
  EXPECT_TRUE(absl::StrContains(page,
                                "Complaints made in 2026-10 (2026-10-01 – 2026-10-31), "
                                "whole company."));
  EXPECT_TRUE(absl::StrContains(page, "at their age at 2026-11-01 00:00 UTC"));
  EXPECT_TRUE(absl::StrContains(page,
                                "<tr data-figure=\"per_100_orders\"><th>Complaints per 100 "
                                "orders</th><td class=\"num\" data-value=\"37.5\">37.50"));
  EXPECT_TRUE(absl::StrContains(page,
                                "<tr data-figure=\"still_open\"><th>Still open</th><td "
                                "class=\"num\" data-value=\"1\">1</td>"));
  EXPECT_TRUE(absl::StrContains(page, "data-value=\"30\">30.0</td>"));
  // An absent figure says why instead of showing a number.
  EXPECT_TRUE(absl::StrContains(page,
                                "data-reason=\"PROCESS_KPI_GAP_TOO_MANY_OPEN\">too many "
                                "complaints still open to estimate</td>"));
  EXPECT_TRUE(absl::StrContains(page,
                                "<tr data-category=\"FEEDBACK_CATEGORY_DELIVERY\"><th>"
                                "delivery</th><td class=\"num\" data-value=\"2\">2</td><td "
                                "class=\"num\">1</td><td class=\"num\">2</td></tr>"));
  EXPECT_TRUE(absl::StrContains(page, "data-chart=\"complaint-categories\""));
  EXPECT_TRUE(absl::StrContains(page, "<section id=\"on-time-delivery\""));
  EXPECT_TRUE(absl::StrContains(page,
                                "an order delivered in parts counts once, when its last "
                                "part arrives"));
  EXPECT_TRUE(absl::StrContains(page, "data-value=\"0.75\">75.0%</td>"));
  EXPECT_TRUE(absl::StrContains(page, "data-value=\"2\">2.00</td>"));
  EXPECT_TRUE(absl::StrContains(page, "data-chart=\"on-time-delivery\""));

  // Without promised deliveries there is no share and no chart, and the row says why.
  d->Clear();
  d->set_delivered_orders(1);
  d->set_unavailable(av1::PROCESS_KPI_GAP_NO_PROMISED_DELIVERIES);
  d->set_late_unavailable(av1::PROCESS_KPI_GAP_NO_PROMISED_DELIVERIES);
  const std::string none = RenderHtmlReport(in);
  EXPECT_FALSE(absl::StrContains(none, "data-chart=\"on-time-delivery\""));
  EXPECT_TRUE(absl::StrContains(none, "data-reason=\"PROCESS_KPI_GAP_NO_PROMISED_DELIVERIES\""));

  // A failed call: both sections say so, in the report's language.
  in.process_unavailable = "analytics is down";
  in.report.set_language_code("zh");
  const std::string failed = RenderHtmlReport(in);
  EXPECT_TRUE(absl::StrContains(failed,
                                "<h2>投诉</h2><p class=\"note partial\">无法获取流程指标："
                                "analytics is down</p>"));
  EXPECT_TRUE(absl::StrContains(failed, "<h2>准时交付</h2><p class=\"note partial\">"));
}

// The orders past their promised date and not yet delivered, under on-time delivery: the
// moment they are counted at, the counts and the share of the RPC, in both languages; without
// open promised orders the share says why.
TEST(HtmlReport, OverdueUndeliveredOrdersSayWhenTheyAreCountedWithTheRpcNumbers) {
  HtmlReportInput in = Input("en");
  av1::ProcessKpis& p = in.process;
  p.mutable_period()->set_label("2026-10");
  p.mutable_period()->set_first_day("2026-10-01");
  p.mutable_period()->set_last_day("2026-10-31");
  av1::OnTimeDelivery* d = p.mutable_on_time_delivery();
  d->set_open_promised(8);
  d->set_overdue(3);
  d->set_overdue_share(0.375);
  d->mutable_overdue_as_of()->set_seconds(1793491200);  // 2026-11-01 00:00 UTC
  const std::string page = RenderHtmlReport(in);
  EXPECT_TRUE(absl::StrContains(page, "Overdue, not yet delivered: at 2026-11-01 00:00 UTC"));
  EXPECT_TRUE(absl::StrContains(page, "data-figures=\"overdue-undelivered\""));
  EXPECT_TRUE(absl::StrContains(page,
                                "<tr data-figure=\"open_promised\"><th>Open orders with a "
                                "promise</th><td class=\"num\" data-value=\"8\">8</td>"));
  EXPECT_TRUE(absl::StrContains(page,
                                "<tr data-figure=\"overdue\"><th>Of them past the promised "
                                "date</th><td class=\"num\" data-value=\"3\">3</td>"));
  EXPECT_TRUE(absl::StrContains(page, "data-value=\"0.375\">37.5%</td>"));

  in.report.set_language_code("zh");
  const std::string zh = RenderHtmlReport(in);
  EXPECT_TRUE(absl::StrContains(zh, "逾期未交付：截至 2026-11-01 00:00 UTC"));
  EXPECT_TRUE(absl::StrContains(zh, "<th>其中已逾期</th><td class=\"num\" data-value=\"3\">"));

  d->set_open_promised(0);
  d->set_overdue(0);
  d->clear_overdue_share();
  const std::string none = RenderHtmlReport(in);
  EXPECT_TRUE(absl::StrContains(none, "data-reason=\"NO_OPEN_PROMISED\">没有未交付的承诺订单"));
}

}  // namespace
}  // namespace sales::salesctl
