// salesctl elasticity, price-projection and replenishment end to end, and the HTML report's
// replenishment alerts: the binary against real customers, orders and analytics servers with
// a history imported through the orders service. Each command's --json is the RPC's answer,
// its table shows the same figures, and a bad flag is a usage error naming it.
#include <chrono>
#include <cmath>

#include <nlohmann/json.hpp>

#include <google/protobuf/util/json_util.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tests/integration/analytics_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

using nlohmann::json;

constexpr int kWeeks = 52;
const absl::CivilDay kFirstMonday(2025, 1, 6);
constexpr char kLastDay[] = "2026-01-04";  // the Sunday ending week 52 of the window

// The RPC's answer as --json prints it, without the feed positions.
json AsJson(const google::protobuf::Message& message) {
  std::string text;
  EXPECT_TRUE(google::protobuf::util::MessageToJsonString(message, &text).ok());
  json parsed = json::parse(text);
  parsed.erase("freshness");
  return parsed;
}

json WithoutFreshness(json j) {
  j.erase("freshness");
  return j;
}

class SalesctlPricingTest : public AnalyticsTest {
 protected:
  SalesctlRunner Runner() const {
    return SalesctlRunner({"--customers_addr", customers_server_->address(), "--orders_addr",
                           orders_server_->address(), "--analytics_addr",
                           analytics_server_->address()});
  }

  ov1::ImportedOrder Order(const std::string& ref, const std::string& product, absl::CivilDay day,
                           int64_t units, int64_t price) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer("customers/1");
    o.set_channel(ov1::CHANNEL_WEB);
    o.set_region("south");
    o.set_warehouse("WH1");
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(units);
    line->mutable_unit_price()->set_minor_units(price);
    line->mutable_unit_cost()->set_minor_units(600);
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    const absl::Time at =
        absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 10, 0, 0), Zone());
    *o.mutable_create_time() = Ts(at);
    *o.mutable_close_time() = Ts(at + absl::Hours(1));
    return o;
  }

  void Import(const std::vector<ov1::ImportedOrder>& orders) {
    ov1::ImportOrdersResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(60));
    auto writer = orders_->ImportOrders(ctx.get(), &resp);
    for (const ov1::ImportedOrder& o : orders) {
      ov1::ImportOrdersRequest req;
      *req.mutable_order() = o;
      ASSERT_TRUE(writer->Write(req));
    }
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    ASSERT_EQ(resp.imported(), static_cast<int64_t>(orders.size()));
  }
};

TEST_F(SalesctlPricingTest, ElasticityAndProjectionPrintTheRpcsFigures) {
  const std::string elastic = NewProduct("EL-1", 1000, 600, "snacks");
  const std::string fixed = NewProduct("FX-1", 500, 300, "snacks");
  // The fixed-price product's orders first: once the elastic one's last week is in, so is
  // everything (its category-week effects use both), and every later fit answers alike.
  std::vector<ov1::ImportedOrder> orders;
  std::vector<ov1::ImportedOrder> elastic_orders;
  for (int w = 0; w < kWeeks; ++w) {
    const absl::CivilDay wednesday = kFirstMonday + 7 * w + 2;
    const int64_t price = std::llround(1000 * (1 + 0.15 * std::sin(1.3 * w)));
    const int64_t units = std::llround(100 * std::pow(static_cast<double>(price) / 1000, -1.5) *
                                       (1 + 0.03 * std::cos(2.1 * w)));
    elastic_orders.push_back(Order(absl::StrCat("E", w), elastic, wednesday, units, price));
    orders.push_back(Order(absl::StrCat("F", w), fixed, wednesday, 40 + w % 3, 500));
  }
  orders.insert(orders.end(), elastic_orders.begin(), elastic_orders.end());
  Import(orders);
  av1::GetPriceElasticityRequest req;
  req.set_last_day(kLastDay);
  req.set_weeks(kWeeks);
  av1::PriceElasticityReport rpc;
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    EXPECT_TRUE(analytics_->GetPriceElasticity(Ctx().get(), req, &rpc).ok());
    return rpc.products_size() == 1 && rpc.products(0).periods() == kWeeks;
  }));

  const std::vector<std::string> args = {"elasticity", "--last_day", kLastDay, "--weeks",
                                         absl::StrCat(kWeeks)};
  std::vector<std::string> json_args = {"--json"};
  json_args.insert(json_args.end(), args.begin(), args.end());
  EXPECT_EQ(WithoutFreshness(Runner().Ok(json_args).One()), AsJson(rpc));
  const CtlResult table = Runner().Ok(args);
  // Each product named (issue 11): in the RPC and the table's NAME column.
  EXPECT_EQ(rpc.products(0).display_name(), "Product EL-1");
  const std::vector<std::string> row = Row(table.out, elastic);
  ASSERT_GE(row.size(), 5u) << table.out;
  EXPECT_EQ(row[1], "Product EL-1");
  EXPECT_EQ(row[2], "snacks");
  EXPECT_EQ(row[3], absl::StrFormat("%.2f", rpc.products(0).elasticity()));
  EXPECT_EQ(row[4],
            absl::StrFormat("[%.2f, %.2f]", rpc.products(0).lower(), rpc.products(0).upper()));
  // The fixed-price product is listed with the reason.
  ASSERT_GE(rpc.refused_size(), 1);
  EXPECT_EQ(rpc.refused(0).display_name(), "Product FX-1");
  const std::vector<std::string> refused = Row(table.out, fixed);
  ASSERT_EQ(refused.size(), 4u) << table.out;
  EXPECT_EQ(refused[1], "Product FX-1");
  EXPECT_TRUE(absl::StartsWith(refused[3], "prices varied too little")) << refused[3];
  EXPECT_TRUE(absl::StrContains(table.out, "2025-W02..2026-W01")) << table.out;

  // A price 10% above the current one.
  av1::ProjectPriceChangeRequest project;
  project.set_product(elastic);
  project.set_proposed_price_minor(1100);
  project.set_last_day(kLastDay);
  project.set_weeks(kWeeks);
  av1::PriceProjection projection;
  ASSERT_TRUE(analytics_->ProjectPriceChange(Ctx().get(), project, &projection).ok());
  const std::vector<std::string> project_args = {"price-projection", "--product", elastic,
                                                 "--price",          "11.00",     "--last_day",
                                                 kLastDay,           "--weeks",   "52"};
  std::vector<std::string> project_json = {"--json"};
  project_json.insert(project_json.end(), project_args.begin(), project_args.end());
  EXPECT_EQ(WithoutFreshness(Runner().Ok(project_json).One()), AsJson(projection));
  const CtlResult projected = Runner().Ok(project_args);
  EXPECT_EQ(projection.display_name(), "Product EL-1");
  EXPECT_EQ(projection.elasticity().display_name(), "Product EL-1");
  EXPECT_TRUE(
      absl::StartsWith(projected.out, absl::StrCat(elastic, " (Product EL-1): elasticity ")))
      << projected.out;
  const std::vector<std::string> proposed = Row(projected.out, "proposed");
  ASSERT_EQ(proposed.size(), 5u) << projected.out;
  EXPECT_EQ(proposed[1], "11.00");
  EXPECT_EQ(proposed[2], absl::StrFormat("%.1f", projection.proposed().units()));
  EXPECT_EQ(proposed[3], absl::StrFormat("%.2f", projection.proposed().revenue_minor() / 100.0));
  EXPECT_EQ(proposed[4], absl::StrFormat("%.2f", projection.proposed().margin_minor() / 100.0));
  EXPECT_FALSE(Row(projected.out, "baseline: elasticity -1").empty()) << projected.out;

  Runner().ExpectUsage({"price-projection", "--product", elastic, "--price", "11.001"}, "--price");
}

TEST_F(SalesctlPricingTest, ReplenishmentAndTheReportsAlertsSection) {
  const std::string product = NewProduct("RP-1", 1000, 600, "drinks");
  // 42 days up to yesterday, 10 to 13 units a day from WH1; 60 in stock (under 14 days).
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), Zone());
  std::vector<ov1::ImportedOrder> orders;
  int64_t sold = 0;
  for (int d = 42; d >= 1; --d) {
    const int64_t units = 10 + d % 4;
    orders.push_back(Order(absl::StrCat("R", d), product, today - d, units, 1000));
    sold += units;
  }
  Import(orders);
  Receive(product, "WH1", 60);
  av1::GetReplenishmentRequest req;
  av1::ReplenishmentReport rpc;
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    EXPECT_TRUE(analytics_->GetReplenishment(Ctx().get(), req, &rpc).ok());
    return rpc.lines_size() == 1 && rpc.lines(0).history_units() == sold &&
           rpc.lines(0).on_hand() == 60;
  }));
  ASSERT_EQ(rpc.alerts_size(), 1);

  EXPECT_EQ(WithoutFreshness(Runner().Ok({"--json", "replenishment"}).One()), AsJson(rpc));
  const CtlResult table = Runner().Ok({"replenishment"});
  // The line and the alert name the product (issue 11).
  EXPECT_EQ(rpc.lines(0).display_name(), "Product RP-1");
  EXPECT_EQ(rpc.alerts(0).display_name(), "Product RP-1");
  const std::vector<std::string> row = Row2(table.out, product, "Product RP-1");
  ASSERT_EQ(row.size(), 13u) << table.out;
  EXPECT_EQ(row[2], "WH1");
  EXPECT_EQ(row[3], "60");
  EXPECT_EQ(row[5], absl::StrCat(rpc.lines(0).safety_stock()));
  EXPECT_EQ(row[6], absl::StrCat(rpc.lines(0).reorder_point()));
  EXPECT_EQ(row[7], rpc.lines(0).reorder_date());
  EXPECT_EQ(row[8], absl::StrCat(rpc.lines(0).reorder_quantity()));
  EXPECT_TRUE(absl::StrContains(table.out, "will run out before stock ordered today")) << table.out;
  // Both rows with that product (the line, the alert) show its name.
  size_t named_rows = 0;
  for (const std::string& line : table.OutLines()) {
    const std::vector<std::string> cells = Cells(line);
    if (cells.size() >= 2 && cells[0] == product) {
      EXPECT_EQ(cells[1], "Product RP-1") << line;
      ++named_rows;
    }
  }
  EXPECT_EQ(named_rows, 2u) << table.out;

  // The HTML report lists the alert with the RPC's figures.
  const std::string html = absl::StrCat(::testing::TempDir(), "pricing-report-", getpid(), ".html");
  Runner().Ok({"report", "--period", "month", "--html", html});
  const std::string page = ReadAll(html);
  EXPECT_TRUE(absl::StrContains(page, "id=\"replenishment-alerts\"")) << page.substr(0, 200);
  EXPECT_TRUE(absl::StrContains(page, absl::StrCat("<tr data-product=\"", product, "\">")));
  // ... naming the product, its id after the name.
  EXPECT_TRUE(absl::StrContains(
      page, absl::StrCat("<td>Product RP-1 <span class=\"id\">", product, "</span></td>")))
      << page;
  EXPECT_TRUE(absl::StrContains(page, absl::StrCat("<td>", rpc.alerts(0).stockout_date(),
                                                   "</td><td>", rpc.alerts(0).arrival_date())));
}

// replenishment-settings and receipts: each command's --json is the RPC's resource, its
// table shows the same figures, `replenishment` then names the recorded lead time and the
// receipt on order, and a bad flag is a usage error naming it.
TEST_F(SalesctlPricingTest, ReplenishmentSettingsAndReceiptsCommands) {
  const std::string product = NewProduct("RI-1", 1000, 600, "drinks");
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), Zone());
  std::vector<ov1::ImportedOrder> orders;
  for (int d = 42; d >= 1; --d) {
    orders.push_back(Order(absl::StrCat("I", d), product, today - d, 10 + d % 3, 1000));
  }
  Import(orders);
  Receive(product, "WH1", 500);

  const json set = Runner()
                       .Ok({"--json", "replenishment-settings", "set", product, "--warehouse",
                            "WH1", "--lead_time_days", "21", "--lead_time_sd_days", "3"})
                       .One();
  av1::ListReplenishmentSettingsResponse listed;
  ASSERT_TRUE(analytics_->ListReplenishmentSettings(Ctx().get(), {}, &listed).ok());
  ASSERT_EQ(listed.settings_size(), 1);
  EXPECT_EQ(set, AsJson(listed.settings(0)));
  EXPECT_EQ(listed.settings(0).lead_time_days(), 21);
  EXPECT_DOUBLE_EQ(listed.settings(0).lead_time_sd_days(), 3);
  EXPECT_FALSE(listed.settings(0).has_service_level());
  const CtlResult settings_table = Runner().Ok({"replenishment-settings", "list"});
  const std::vector<std::string> settings_row = Row2(settings_table.out, product, "WH1");
  ASSERT_EQ(settings_row.size(), 6u) << settings_table.out;
  EXPECT_EQ(settings_row[2], "21");
  EXPECT_EQ(settings_row[3], "3.00");
  EXPECT_EQ(settings_row[4], "-");

  const std::string due =
      absl::StrFormat("%04d-%02d-%02d", (today + 5).year(), (today + 5).month(), (today + 5).day());
  const json recorded = Runner()
                            .Ok({"--json", "receipts", "record", product, "--warehouse", "WH1",
                                 "--units", "70", "--expected_day", due, "--reference", "PO-7"})
                            .One();
  const std::string name = recorded["name"];
  av1::ListExpectedReceiptsResponse receipts;
  ASSERT_TRUE(analytics_->ListExpectedReceipts(Ctx().get(), {}, &receipts).ok());
  ASSERT_EQ(receipts.receipts_size(), 1);
  EXPECT_EQ(recorded, AsJson(receipts.receipts(0)));
  const CtlResult receipts_table = Runner().Ok({"receipts", "list", "--state", "open"});
  const std::vector<std::string> receipt_row = Row(receipts_table.out, name);
  ASSERT_EQ(receipt_row.size(), 7u) << receipts_table.out;
  EXPECT_EQ(receipt_row[3], "70");
  EXPECT_EQ(receipt_row[4], due);
  EXPECT_EQ(receipt_row[5], "open");
  EXPECT_EQ(receipt_row[6], "PO-7");

  // replenishment: the recorded lead time and the receipt on order.
  av1::ReplenishmentReport rpc;
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    EXPECT_TRUE(analytics_->GetReplenishment(Ctx().get(), {}, &rpc).ok());
    return rpc.lines_size() == 1 && rpc.lines(0).on_hand() == 500;
  }));
  EXPECT_EQ(rpc.lines(0).on_order_within_lead_time(), 70);
  const CtlResult plan = Runner().Ok({"replenishment"});
  const std::vector<std::string> plan_row = Row2(plan.out, product, "Product RI-1");
  ASSERT_EQ(plan_row.size(), 13u) << plan.out;
  EXPECT_EQ(plan_row[2], "WH1");
  EXPECT_EQ(plan_row[11], "70");
  EXPECT_EQ(plan_row[12], "21 +/- 3 (warehouse)");

  const json updated = Runner().Ok({"--json", "receipts", "update", name, "--units", "80"}).One();
  EXPECT_EQ(updated["units"], "80");  // int64 is a JSON string
  const json cancelled = Runner().Ok({"--json", "receipts", "cancel", name}).One();
  EXPECT_EQ(cancelled["state"], "STATE_CANCELLED");
  const CtlResult again = Runner().Run({"receipts", "cancel", name});
  EXPECT_NE(again.exit_code, 0);
  EXPECT_TRUE(absl::StrContains(again.err, "FAILED_PRECONDITION")) << again.err;

  Runner().ExpectUsage({"receipts", "list", "--state", "maybe"}, "--state");
  Runner().ExpectUsage({"receipts", "record", product, "--warehouse", "WH1", "--units", "5",
                        "--expected_day", "2026-02-30"},
                       "--expected_day");
}

}  // namespace
}  // namespace sales::testing
