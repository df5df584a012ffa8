// salesctl advice (customer, summary, top) and forecast-adjustments (record, fva) end to end:
// the binary against real customers, orders and analytics servers on orders imported
// through the orders service. Each command's --json is the RPC's answer, its table shows the
// same figures, and a bad flag is a usage error naming it.
#include <google/protobuf/util/json_util.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/integration/analytics_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

using nlohmann::json;

constexpr char kAsOf[] = "2025-06-30";

json AsJson(const google::protobuf::Message& message) {
  std::string text;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &text).ok());
  return json::parse(text);
}

class SalesctlAdviceTest : public AnalyticsTest {
 protected:
  SalesctlRunner Runner() const {
    return SalesctlRunner({"--customers_addr", customers_server_->address(), "--orders_addr",
                           orders_server_->address(), "--analytics_addr",
                           analytics_server_->address()});
  }

  // customers/1 buys A every 10 days for 90 days up to 5 days before kAsOf; customers/2
  // bought A and B once, 200 days before; customers/3 A then A and B, 100 and 90 days
  // before. One order a day (10.00 a line, cost 6.00) also on the 20 days to 2025-06-20.
  void ImportOrders() {
    const std::string a = NewProduct("SA-A", 1000, 600, "tea");
    const std::string b = NewProduct("SA-B", 1000, 600, "tea");
    ov1::ImportOrdersResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(60));
    auto writer = orders_->ImportOrders(ctx.get(), &resp);
    int n = 0;
    auto order = [&](const std::string& customer, int days_before,
                     const std::vector<std::string>& products) {
      ov1::ImportOrdersRequest req;
      ov1::ImportedOrder* o = req.mutable_order();
      o->set_external_ref(absl::StrCat("sa-", n++));
      o->set_customer(customer);
      o->set_channel(ov1::CHANNEL_WEB);
      o->set_region("south");
      for (const std::string& p : products) {
        ov1::OrderLine* line = o->add_lines();
        line->set_product(p);
        line->set_quantity(1);
        line->mutable_unit_price()->set_minor_units(1000);
        line->mutable_unit_cost()->set_minor_units(600);
      }
      o->set_status(ov1::ORDER_STATUS_COMPLETED);
      const absl::Time t = absl::FromCivil(
          absl::CivilSecond(absl::CivilDay(2025, 6, 30) - days_before) + 12 * 3600, Zone());
      *o->mutable_create_time() = Ts(t);
      *o->mutable_close_time() = Ts(t + absl::Hours(2));
      ASSERT_TRUE(writer->Write(req));
    };
    for (int k = 0; k < 10; ++k) order("customers/1", 5 + 10 * k, {a});
    order("customers/2", 200, {a, b});
    order("customers/3", 100, {a});
    order("customers/3", 90, {a, b});
    for (int d = 10; d < 30; ++d) order("customers/4", d, {a});
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
      av1::GetKpisRequest req;
      req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
      req.mutable_period()->set_first_day("2024-01-01");
      req.mutable_period()->set_last_day(kAsOf);
      av1::KpiReport report;
      return analytics_->GetKpis(Ctx().get(), req, &report).ok() && report.values().orders() == n;
    }));
  }
};

TEST_F(SalesctlAdviceTest, AdviceCommandsShowTheRpcsAnswers) {
  ImportOrders();
  // advice customer: --json is GetCustomerActions' answer.
  av1::GetCustomerActionsRequest req;
  req.set_customer("customers/1");
  req.set_as_of_day(kAsOf);
  av1::CustomerAdvice advice;
  ASSERT_TRUE(analytics_->GetCustomerActions(Ctx().get(), req, &advice).ok());
  EXPECT_EQ(Runner().Ok({"--json", "advice", "customer", "1", "--as_of", kAsOf}).One(),
            AsJson(advice));
  const CtlResult table = Runner().Ok({"advice", "customer", "1", "--as_of", kAsOf});
  EXPECT_TRUE(absl::StrContains(table.out, "customers/1: segment"));
  // Where the product offers come from, as a line of its own (not only inside a reason).
  ASSERT_NE(advice.basis().offer_method(), av1::RECOMMENDATION_METHOD_UNSPECIFIED);
  const std::string method =
      advice.basis().offer_method() == av1::RECOMMENDATION_METHOD_ITEM_TO_ITEM ? "item-to-item"
                                                                               : "most popular";
  EXPECT_TRUE(
      absl::StrContains(table.out, absl::StrCat("product offers by ", method, " (",
                                                advice.basis().offer_method_reason(), ")\n")))
      << table.out;
  ASSERT_GT(advice.customer_actions().actions_size(), 0);
  const av1::CustomerAction& first = advice.customer_actions().actions(0);
  ASSERT_GT(first.expected_value_minor(), 0);
  const std::string kind =
      absl::AsciiStrToLower(av1::ActionKind_Name(first.kind()).substr(sizeof("ACTION_KIND_") - 1));
  const std::vector<std::string> row = Row(table.out, kind);
  ASSERT_GE(row.size(), 2u) << table.out;
  EXPECT_EQ(row[1], absl::StrFormat("%d.%02d", first.expected_value_minor() / 100,
                                    first.expected_value_minor() % 100));
  // An offered product carries its name (issue 11), which the table shows next to it.
  for (const av1::CustomerAction& a : advice.customer_actions().actions()) {
    if (a.product().empty()) continue;
    EXPECT_TRUE(absl::StartsWith(a.product_display_name(), "Product SA-")) << a.DebugString();
    EXPECT_TRUE(absl::StrContains(table.out,
                                  absl::StrCat(a.product(), "  ", a.product_display_name(), "  ")))
        << table.out;
  }

  // advice summary: --json is GetActionSummary's answer; the table has a row per segment.
  av1::GetActionSummaryRequest sreq;
  sreq.set_as_of_day(kAsOf);
  av1::ActionSummary summary;
  ASSERT_TRUE(analytics_->GetActionSummary(Ctx().get(), sreq, &summary).ok());
  EXPECT_EQ(Runner().Ok({"--json", "advice", "summary", "--as_of", kAsOf}).One(), AsJson(summary));
  const CtlResult summary_table = Runner().Ok({"advice", "summary", "--as_of", kAsOf});
  EXPECT_TRUE(absl::StrContains(
      summary_table.out, absl::StrCat(summary.customers(), " customers, ",
                                      summary.customers_with_action(), " with a top action")));

  // advice top: one JSON line per top action, as ListTopActions pages them.
  av1::ListTopActionsRequest lreq;
  lreq.set_as_of_day(kAsOf);
  av1::ListTopActionsResponse top;
  ASSERT_TRUE(analytics_->ListTopActions(Ctx().get(), lreq, &top).ok());
  const std::vector<json> lines =
      Runner().Ok({"--json", "advice", "top", "--as_of", kAsOf}).Lines();
  ASSERT_EQ(static_cast<int>(lines.size()), top.top_actions_size());
  for (int k = 0; k < top.top_actions_size(); ++k) EXPECT_EQ(lines[k], AsJson(top.top_actions(k)));

  Runner().ExpectUsage({"advice", "top", "--kind", "hug"}, "--kind");
  Runner().ExpectUsage({"advice", "summary", "--as_of", "June"}, "--as_of");
}

TEST_F(SalesctlAdviceTest, ForecastAdjustmentCommands) {
  ImportOrders();
  // customers/4's daily orders give 20 days of history before 2025-06-20.
  const CtlResult recorded =
      Runner().Ok({"--json", "forecast-adjustments", "record", "--day", "2025-06-20", "--value",
                   "12.00", "--author", "reps/anna", "--reason", "fair"});
  const json adjustment = recorded.One();
  EXPECT_EQ(adjustment["adjustedValue"], "1200");
  EXPECT_EQ(adjustment["author"], "reps/anna");
  av1::GetForecastValueAddedRequest req;
  req.set_measure(av1::FORECAST_MEASURE_REVENUE);
  req.set_granularity(av1::GRANULARITY_DAY);
  req.set_first_day("2025-06-15");
  req.set_last_day("2025-06-25");
  av1::ForecastValueAdded fva;
  ASSERT_TRUE(analytics_->GetForecastValueAdded(Ctx().get(), req, &fva).ok());
  ASSERT_EQ(fva.periods_size(), 1);
  json expected = AsJson(fva);
  json got = Runner()
                 .Ok({"--json", "forecast-adjustments", "fva", "--from", "2025-06-15", "--to",
                      "2025-06-25"})
                 .One();
  EXPECT_EQ(got, expected);
  const CtlResult table =
      Runner().Ok({"forecast-adjustments", "fva", "--from", "2025-06-15", "--to", "2025-06-25"});
  const std::vector<std::string> row = Row(table.out, "2025-06-20");
  ASSERT_GE(row.size(), 4u) << table.out;
  EXPECT_EQ(row[2], "12.00");
  EXPECT_EQ(row[3], "10.00");  // the day's one order of 10.00
  Runner().ExpectUsage({"forecast-adjustments", "fva", "--measure", "profit", "--from",
                        "2025-06-15", "--to", "2025-06-25"},
                       "--measure");
}

}  // namespace
}  // namespace sales::testing
