#include "tools/salesctl/statement_html.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::salesctl {
namespace {

iv1::StatementLine* Line(iv1::Statement& s, iv1::LineKind kind, const std::string& component,
                         int64_t rate, int64_t base, int64_t amount) {
  iv1::StatementLine* l = s.add_lines();
  l->set_kind(kind);
  l->set_component(component);
  l->set_plan_version(s.plan_version());
  l->set_rate_ppm(rate);
  l->set_base(base);
  l->set_amount(amount);
  return l;
}

TEST(StatementHtml, EveryLineWithItsTraceAndAdjustmentsWithTheirCause) {
  StatementHtmlInput in;
  iv1::Statement& s = in.statement;
  s.set_name("reps/li/statements/2026-11");
  s.set_rep("reps/li");
  s.set_period("2026-11");
  s.set_plan_version("plans/1/versions/2");
  s.set_currency_code("CNY");
  s.set_target(50000);
  s.set_achieved(52000);
  s.set_attainment_bp(10400);
  s.set_plan_days(30);
  s.set_total(1400);
  in.rep.set_name("reps/li");
  in.rep.set_display_name("Li <Na>");
  iv1::StatementLine* commission =
      Line(s, iv1::LINE_KIND_COMMISSION, "commission", 50000, 50000, 2500);
  commission->set_tier(1);
  iv1::LineCredit* c = commission->add_credits();
  c->set_credit("credits/1");
  c->set_order("orders/7");
  c->set_day("2026-11-03");
  c->set_base(58000);
  c = commission->add_credits();
  c->set_credit("credits/4");
  c->set_order("orders/7");
  c->set_reverses("credits/1");
  c->set_day("2026-11-20");
  c->set_base(-6000);
  iv1::StatementLine* adjustment = Line(s, iv1::LINE_KIND_ADJUSTMENT, "", 0, 0, -1100);
  adjustment->set_adjusts("reps/li/statements/2026-10");
  adjustment->set_explanation("2026-10 (locked) recomputed with 1 late credit");
  c = adjustment->add_credits();
  c->set_credit("credits/9");
  c->set_order("orders/3");
  c->set_reverses("credits/2");
  c->set_base(-10000);

  const std::string page = RenderStatementHtml(in);
  EXPECT_TRUE(absl::StartsWith(page, "<!DOCTYPE html>"));
  EXPECT_TRUE(absl::StrContains(page, "Li &lt;Na&gt; (reps/li)"));
  EXPECT_FALSE(absl::StrContains(page, "<Na>"));
  EXPECT_TRUE(absl::StrContains(page, "data-plan-version=\"plans/1/versions/2\""));
  EXPECT_TRUE(absl::StrContains(page, "id=\"attainment\" data-value=\"10400\">104.00%<"));
  EXPECT_TRUE(absl::StrContains(page, "data-amount=\"2500\""));
  EXPECT_TRUE(absl::StrContains(page, "data-minor=\"2500\">25.00<"));
  EXPECT_TRUE(absl::StrContains(page, "data-minor=\"-6000\">-60.00<"));
  EXPECT_TRUE(absl::StrContains(page, "reversal of credits/1"));
  EXPECT_TRUE(absl::StrContains(page, "data-adjusts=\"reps/li/statements/2026-10\""));
  EXPECT_TRUE(absl::StrContains(page, "data-order=\"orders/3\""));
  EXPECT_TRUE(absl::StrContains(page, "data-locked=\"false\""));
  EXPECT_TRUE(absl::StrContains(page, "id=\"total\" data-value=\"1400\">14.00<"));
  EXPECT_TRUE(absl::StrContains(page, "rounded once, half away from zero, to a minor unit"));
  EXPECT_FALSE(absl::StrContains(page, "<script"));
}

TEST(StatementHtml, MoneyFollowsTheCurrencysExponent) {
  StatementHtmlInput in;
  in.statement.set_currency_code("JPY");
  in.statement.set_total(1500);
  in.statement.set_rep("reps/ko");
  Line(in.statement, iv1::LINE_KIND_ALLOWANCE, "transport", 30, 15, 1500);
  const std::string page = RenderStatementHtml(in);
  EXPECT_TRUE(absl::StrContains(page, "data-minor=\"1500\">1500<"));
  EXPECT_TRUE(absl::StrContains(page, "/30 days"));
}

}  // namespace
}  // namespace sales::salesctl
