// salesctl forecast, anomalies and lift end to end: the binary against real customers, orders
// and analytics servers, with a daily history imported through the orders service. Each
// command answers in a table a person reads (what it covers on top) and in --json with the
// RPC's answer; bad flags exit with the usage code naming the flag.
#include <chrono>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "tests/harness/subprocess.h"
#include "tests/integration/analytics_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

using nlohmann::json;

// 2025-03-03 is a Monday; 56 days of history, then 14 days with a spike on 05-05.
constexpr absl::CivilDay kFirstDay(2025, 3, 3);
constexpr int kHistoryDays = 56;
constexpr int kRangeDays = 14;
constexpr int kSpikeDay = 63;
constexpr int64_t kPattern[7] = {10, 11, 12, 11, 14, 20, 18};

int64_t UnitsOn(int d) {
  const int64_t normal = kPattern[d % 7] + d / 7 + (d * 5) % 3 - 1;
  return d == kSpikeDay ? 4 * normal : normal;
}

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

class SalesctlForecastTest : public AnalyticsTest {
 protected:
  // salesctl against the test's three servers.
  SalesctlRunner Runner() const {
    return SalesctlRunner({"--customers_addr", customers_server_->address(), "--orders_addr",
                           orders_server_->address(), "--analytics_addr",
                           analytics_server_->address()});
  }
  CtlResult Ctl(const std::vector<std::string>& args) { return Runner().Run(args); }
  CtlResult Ok(const std::vector<std::string>& args) { return Runner().Ok(args); }
  void ExpectUsage(const std::vector<std::string>& args, const std::string& flag) {
    Runner().ExpectUsage(args, flag);
  }

  // Imports one order a day of `product` (10.00 a unit, cost 6.00) over the 70 days and
  // waits until analytics counts them.
  void ImportHistory(const std::string& product) {
    ov1::ImportOrdersResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(120));
    auto writer = orders_->ImportOrders(ctx.get(), &resp);
    for (int d = 0; d < kHistoryDays + kRangeDays; ++d) {
      ov1::ImportOrdersRequest req;
      ov1::ImportedOrder* o = req.mutable_order();
      o->set_external_ref(absl::StrCat("sf-", d));
      o->set_customer("customers/1");
      o->set_channel(ov1::CHANNEL_STORE);
      o->set_region("west");
      ov1::OrderLine* line = o->add_lines();
      line->set_product(product);
      line->set_quantity(UnitsOn(d));
      line->mutable_unit_price()->set_minor_units(1000);
      line->mutable_unit_cost()->set_minor_units(600);
      o->set_status(ov1::ORDER_STATUS_COMPLETED);
      const absl::Time t = absl::FromCivil(absl::CivilSecond(kFirstDay + d) + 10 * 3600, Zone());
      *o->mutable_create_time() = Ts(t);
      *o->mutable_close_time() = Ts(t + absl::Hours(2));
      ASSERT_TRUE(writer->Write(req));
    }
    writer->WritesDone();
    ASSERT_TRUE(writer->Finish().ok());
    ASSERT_TRUE(WaitFor(absl::Seconds(30), [&] {
      av1::GetKpisRequest req;
      req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
      req.mutable_period()->set_first_day(Day(kFirstDay));
      req.mutable_period()->set_last_day(Day(kFirstDay + (kHistoryDays + kRangeDays - 1)));
      av1::KpiReport report;
      return analytics_->GetKpis(Ctx().get(), req, &report).ok() &&
             report.values().orders() == kHistoryDays + kRangeDays;
    }));
  }
};

TEST_F(SalesctlForecastTest, ForecastAnomaliesAndLiftAsTablesAndJson) {
  const std::string product = NewProduct("SF-1", 1000, 600, "sf");
  ImportHistory(product);
  if (HasFatalFailure()) return;
  const std::string id = product.substr(product.find('/') + 1);
  const std::vector<std::string> forecast_args = {
      "forecast",     "--measure",  "units",     "--period", "day",       "--horizon", "7",
      "--history-to", "2025-04-27", "--history", "56",       "--product", id};

  // --json: the RPC's answer, with its backtest.
  std::vector<std::string> args = forecast_args;
  args.push_back("--json");
  const json forecast = Ok(args).One();
  ASSERT_EQ(forecast["points"].size(), 7u) << forecast;
  EXPECT_EQ(forecast["points"][0]["period"]["label"], "2025-04-28");
  EXPECT_EQ(forecast["history"].size(), 56u);
  EXPECT_FALSE(forecast["model"]["model"].get<std::string>().empty());
  EXPECT_TRUE(forecast["backtest"].contains("mape")) << forecast["backtest"];
  EXPECT_TRUE(forecast["backtest"].contains("mase")) << forecast["backtest"];
  EXPECT_GT(forecast["backtest"]["origins"].get<int>(), 0);

  // The table: what it covers, the model and the backtest on top, one row per period.
  const CtlResult table = Ok(forecast_args);
  const std::vector<std::string> lines = table.OutLines();
  ASSERT_EQ(lines.size(), 2u + 1u + 7u) << table.out;
  EXPECT_TRUE(absl::StartsWith(lines[0], absl::StrCat("units of product ", product,
                                                      " per day, units, 56 periods of history; "
                                                      "model ")))
      << lines[0];
  EXPECT_TRUE(absl::StartsWith(lines[1], "backtest over ")) << lines[1];
  EXPECT_TRUE(absl::StrContains(lines[1], "MAPE ")) << lines[1];
  EXPECT_TRUE(absl::StartsWith(lines[2], "PERIOD")) << lines[2];
  EXPECT_TRUE(absl::StrContains(lines[2], "LOWER 95%")) << lines[2];
  EXPECT_TRUE(absl::StartsWith(lines[3], "2025-04-28")) << lines[3];

  // Anomalies: the spike of 05-05, above.
  const json anomalies =
      Ok({"anomalies", "--measure", "units", "--period", "day", "--from", "2025-04-28", "--to",
          "2025-05-11", "--history", "56", "--product", id, "--json"})
          .One();
  EXPECT_EQ(anomalies["periodsChecked"], 14);
  bool spike = false;
  for (const json& a : anomalies["anomalies"]) {
    if (a["period"]["label"] == "2025-05-05") {
      spike = true;
      EXPECT_EQ(a["direction"], "ANOMALY_DIRECTION_ABOVE");
    }
  }
  EXPECT_TRUE(spike) << anomalies;
  const CtlResult anomaly_table =
      Ok({"anomalies", "--measure", "units", "--period", "day", "--from", "2025-04-28", "--to",
          "2025-05-11", "--history", "56", "--product", id});
  EXPECT_TRUE(absl::StrContains(anomaly_table.out, "2025-05-05")) << anomaly_table.out;
  EXPECT_TRUE(absl::StrContains(anomaly_table.out, "above")) << anomaly_table.out;

  // Lift of a promotion over the days of the spike week.
  ov1::CreatePromotionRequest create;
  ov1::Promotion* p = create.mutable_promotion();
  p->set_code("SF10");
  p->set_display_name("SF week");
  p->set_kind(ov1::PROMOTION_KIND_PERCENT_OFF);
  p->set_percent_off_bp(1000);
  *p->mutable_start_time() = Ts(absl::FromCivil(kFirstDay + 63, Zone()));
  *p->mutable_end_time() = Ts(absl::FromCivil(kFirstDay + 70, Zone()));
  p->add_products(product);
  ov1::Promotion promotion;
  ASSERT_TRUE(orders_->CreatePromotion(Ctx().get(), create, &promotion).ok());
  json lift;
  ASSERT_TRUE(WaitFor(absl::Seconds(30), [&] {
    CtlResult r = Ctl({"lift", "--promotion", promotion.name(), "--json"});
    if (r.exit_code != 0) return false;
    lift = r.One();
    return true;
  }));
  int64_t sold = 0;
  for (int d = 63; d < 70; ++d) sold += UnitsOn(d);
  EXPECT_EQ(lift["promotedActual"]["units"], absl::StrCat(sold)) << lift;
  EXPECT_EQ(lift["window"]["firstDay"], "2025-05-05");
  EXPECT_EQ(lift["window"]["lastDay"], "2025-05-11");
  const CtlResult lift_table = Ok({"lift", "--promotion", promotion.name()});
  const std::vector<std::string> lift_lines = lift_table.OutLines();
  ASSERT_GE(lift_lines.size(), 9u) << lift_table.out;
  EXPECT_TRUE(absl::StartsWith(lift_lines[0], absl::StrCat(promotion.name(),
                                                           " \"SF week\", days "
                                                           "2025-05-05..2025-05-11")))
      << lift_lines[0];
  EXPECT_TRUE(absl::StartsWith(lift_lines[1], "FIGURE")) << lift_lines[1];
  EXPECT_TRUE(absl::StartsWith(lift_lines[4], "incremental")) << lift_lines[4];
  // The promoted product's line names it (issue 11), in --json and the table.
  ASSERT_TRUE(lift["lines"].is_array()) << lift;
  EXPECT_EQ(lift["lines"][0]["product"], product) << lift;
  EXPECT_EQ(lift["lines"][0]["displayName"], "Product SF-1") << lift;
  const std::vector<std::string> lift_row = Row(lift_table.out, product);
  ASSERT_GE(lift_row.size(), 3u) << lift_table.out;
  EXPECT_EQ(lift_row[1], "Product SF-1");
  EXPECT_EQ(lift_row[2], "sf");

  // Bad flags: the usage code, naming the flag.
  ExpectUsage({"forecast", "--period", "quarter", "--horizon", "3"}, "--period");
  ExpectUsage({"forecast", "--period", "day", "--horizon", "0"}, "--horizon");
  ExpectUsage({"forecast", "--period", "day", "--horizon", "3", "--level", "1.5"}, "--level");
  ExpectUsage({"forecast", "--period", "day", "--horizon", "3", "--measure", "profit"},
              "--measure");
  ExpectUsage({"anomalies", "--period", "day", "--from", "2025-05-10", "--to", "2025-05-01"},
              "--to");
}

}  // namespace
}  // namespace sales::testing
