// salesctl's analytics commands end to end: the binary against real customers, orders and
// analytics servers (days cut in Asia/Shanghai). Orders placed through the orders service
// show up in `kpis` (table and --json) for the period, slice and currency they belong to;
// `trend` has one row per period with no gap; bad flags exit with the usage code naming the
// flag; `analytics rebuild --wait` ends in success and the figures stay the same.

#include <nlohmann/json.hpp>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/time/civil_time.h"
#include "tests/harness/subprocess.h"
#include "tests/integration/analytics_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

using nlohmann::json;

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

class SalesctlAnalyticsTest : public AnalyticsTest {
 protected:
  // salesctl against the test's three servers (analytics at `analytics_addr` when given).
  SalesctlRunner Runner(const std::string& analytics_addr = "") const {
    return SalesctlRunner({"--customers_addr", customers_server_->address(), "--orders_addr",
                           orders_server_->address(), "--analytics_addr",
                           analytics_addr.empty() ? analytics_server_->address() : analytics_addr});
  }
  CtlResult Ctl(const std::vector<std::string>& args, const std::string& analytics_addr = "") {
    return Runner(analytics_addr).Run(args);
  }
  CtlResult Ok(const std::vector<std::string>& args) { return Runner().Ok(args); }
  void ExpectUsage(const std::vector<std::string>& args, const std::string& flag) {
    Runner().ExpectUsage(args, flag);
  }

  // Places two orders of 2 units at 12.50 (cost 7.00) in the store channel, region north,
  // and waits until today's KPIs, as `salesctl kpis --period day --json` shows them, hold
  // both. Returns that answer.
  json PlaceTwoOrdersAndWait() {
    const std::string customer = NewCustomer();
    const std::string product = NewProduct("TEA-1", 1250, 700, "tea");
    Receive(product, "WH1", 100);
    PlaceOrder(customer, product, 2);
    PlaceOrder(customer, product, 2);
    json today;
    EXPECT_TRUE(WaitFor(absl::Seconds(10), [&] {
      CtlResult r = Ctl({"kpis", "--period", "day", "--json"});
      if (r.exit_code != 0) return false;
      today = r.One();
      return today["values"].value("orders", "0") == "2";
    })) << today;
    return today;
  }
};

TEST_F(SalesctlAnalyticsTest, KpisShowTodaysOrdersInTheCurrencyWithPeriodAndSlice) {
  const json today = PlaceTwoOrdersAndWait();
  const std::string label = today["period"]["label"];
  EXPECT_EQ(today["period"]["granularity"], "GRANULARITY_DAY");
  EXPECT_EQ(today["period"]["timeZone"], "Asia/Shanghai");
  EXPECT_EQ(today["currencyCode"], "CNY");
  EXPECT_EQ(today["values"]["revenueMinor"], "5000");
  EXPECT_EQ(today["slice"].value("dimension", ""), "");

  // The table a person reads: what the figures cover on top, money as decimals, ratios as
  // percentages, the slice named.
  CtlResult table = Ok({"kpis", "--period", "day", "--channel", "store"});
  const std::vector<std::string> lines = table.OutLines();
  ASSERT_GE(lines.size(), 3u) << table.out;
  EXPECT_TRUE(absl::StartsWith(lines[0], absl::StrCat(label, ": ", label, "..", label,
                                                      " (Asia/Shanghai), channel store, "
                                                      "amounts in CNY; growth vs ")))
      << lines[0];
  EXPECT_TRUE(absl::StrContains(lines[0], "feeds: orders at ")) << lines[0];
  EXPECT_TRUE(absl::StartsWith(lines[1], "KPI ")) << lines[1];
  EXPECT_TRUE(absl::StrContains(lines[1], "VS PREVIOUS")) << lines[1];
  const auto row = [&](const std::string& name) {
    for (const std::string& line : lines) {
      if (absl::StartsWith(line, name + "  ")) return line;
    }
    return std::string();
  };
  // Nothing was sold the day before or a year before: growth is left blank, not invented
  // (the row ends with its value).
  EXPECT_TRUE(absl::EndsWith(row("revenue"), " 50.00")) << table.out;
  EXPECT_TRUE(absl::EndsWith(row("average order value"), " 25.00")) << table.out;
  EXPECT_TRUE(absl::EndsWith(row("gross margin %"), " 44.0%")) << table.out;
  EXPECT_TRUE(absl::EndsWith(row("orders"), " 2")) << table.out;

  // Another slice holds none of it.
  const json web = Ok({"kpis", "--period", "day", "--channel", "web", "--json"}).One();
  EXPECT_EQ(web["slice"]["dimension"], "SLICE_DIMENSION_CHANNEL");
  EXPECT_EQ(web["slice"]["member"], "CHANNEL_WEB");
  EXPECT_EQ(web["values"].value("orders", "0"), "0");
  const json rep = Ok({"kpis", "--period", "day", "--rep", "r-1", "--json"}).One();
  EXPECT_EQ(rep["slice"]["member"], "reps/r-1");
  EXPECT_EQ(rep["values"]["revenueMinor"], "2500");  // half the credit

  // --at by label: today as a day, its month, its year; a day inside a coarser period.
  const json at_day = Ok({"kpis", "--at", label, "--json"}).One();
  EXPECT_EQ(at_day["period"]["label"], label);
  EXPECT_EQ(at_day["values"]["orders"], "2");
  const std::string month = label.substr(0, 7);
  const json at_month = Ok({"kpis", "--at", month, "--json"}).One();
  EXPECT_EQ(at_month["period"]["label"], month);
  EXPECT_EQ(at_month["values"]["orders"], "2");
  const json year = Ok({"kpis", "--period", "year", "--at", label, "--json"}).One();
  EXPECT_EQ(year["period"]["label"], label.substr(0, 4));
  const json week = Ok({"kpis", "--at", "2026-W42", "--json"}).One();
  EXPECT_EQ(week["period"]["label"], "2026-W42");
  EXPECT_EQ(week["period"]["firstDay"], "2026-10-12");
  const json quarter = Ok({"kpis", "--at", "2025-Q1", "--json"}).One();
  EXPECT_EQ(quarter["period"]["lastDay"], "2025-03-31");
  // With no --period and no --at: this month.
  EXPECT_EQ(Ok({"kpis", "--json"}).One()["period"]["label"], month);

  // A custom range of days.
  const json custom = Ok({"kpis", "--from", label, "--to", label, "--json"}).One();
  EXPECT_EQ(custom["period"]["granularity"], "GRANULARITY_CUSTOM");
  EXPECT_EQ(custom["period"]["firstDay"], label);
  EXPECT_EQ(custom["values"]["revenueMinor"], "5000");
}

TEST_F(SalesctlAnalyticsTest, TrendHasOneRowPerPeriodWithNoGap) {
  const json today = PlaceTwoOrdersAndWait();
  const std::string label = today["period"]["label"];
  absl::CivilDay last;
  ASSERT_TRUE(absl::ParseCivilTime(label, &last));
  const absl::CivilDay first = last - 9;

  CtlResult table = Ok({"trend", "--period", "day", "--from", DayText(first), "--to", label});
  const std::vector<std::string> lines = table.OutLines();
  // The slice line, the header, ten days.
  ASSERT_EQ(lines.size(), 12u) << table.out;
  EXPECT_TRUE(absl::StartsWith(lines[0], "whole company, amounts in CNY; feeds: ")) << lines[0];
  for (const char* column :
       {"PERIOD", "REVENUE", "ORDERS", "UNITS", "AVERAGE ORDER VALUE", "GROSS MARGIN %"}) {
    EXPECT_TRUE(absl::StrContains(lines[1], column)) << lines[1];
  }
  for (int i = 0; i < 10; ++i) {
    EXPECT_TRUE(absl::StartsWith(lines[2 + i], DayText(first + i) + " ")) << table.out;
  }
  EXPECT_TRUE(absl::StrContains(lines[11], " 50.00 ")) << lines[11];
  // Not a terminal: no bar.
  EXPECT_FALSE(absl::StrContains(table.out, "\u2588")) << table.out;

  // --kpi chooses the columns; --json is the KpiTrend.
  CtlResult chosen = Ok({"trend", "--period", "day", "--from", DayText(last - 1), "--to", label,
                         "--kpi", "units,revenue", "--region", "north"});
  const std::vector<std::string> chosen_lines = chosen.OutLines();
  ASSERT_EQ(chosen_lines.size(), 4u) << chosen.out;
  EXPECT_TRUE(absl::StartsWith(chosen_lines[0], "region north, ")) << chosen.out;
  EXPECT_LT(chosen_lines[1].find("UNITS"), chosen_lines[1].find("REVENUE")) << chosen.out;
  EXPECT_FALSE(absl::StrContains(chosen_lines[1], "ORDERS")) << chosen.out;
  EXPECT_EQ(std::vector<std::string>(absl::StrSplit(chosen_lines[3], ' ', absl::SkipEmpty())),
            (std::vector<std::string>{label, "4", "50.00"}))
      << chosen.out;

  const json months =
      Ok({"trend", "--period", "month", "--from", "2025-11-15", "--to", "2026-10-02", "--json"})
          .One();
  ASSERT_EQ(months["points"].size(), 12u) << months;
  EXPECT_EQ(months["points"][0]["period"]["label"], "2025-11");
  EXPECT_EQ(months["points"][2]["period"]["label"], "2026-01");
  EXPECT_EQ(months["points"][11]["period"]["label"], "2026-10");
  EXPECT_EQ(months["currencyCode"], "CNY");

  // On a terminal (script(1) gives the command a pseudo-terminal) the first KPI gets a bar.
  const std::string tty_log = absl::StrCat(::testing::TempDir(), getpid(), "-trend.tty");
  std::string tty_error;
  const int tty_exit =
      RunCommand({"/usr/bin/script", "-qec",
                  absl::StrCat(SALESCTL_BINARY, " --analytics_addr ", analytics_server_->address(),
                               " trend --period day --from ", DayText(last - 1), " --to ", label),
                  "/dev/null"},
                 tty_log, &tty_error);
  EXPECT_EQ(tty_exit, 0) << tty_error;
  EXPECT_TRUE(absl::StrContains(ReadAll(tty_log), "\u2588\u2588\u2588")) << ReadAll(tty_log);
}

TEST_F(SalesctlAnalyticsTest, BadFlagsExitWithTheUsageCodeNamingTheFlag) {
  ExpectUsage({"kpis", "--period", "fortnight"}, "--period");
  ExpectUsage({"kpis", "--at", "2026-13"}, "--at");
  ExpectUsage({"kpis", "--at", "2026-W54"}, "--at");
  ExpectUsage({"kpis", "--period", "day", "--at", "2026-10"}, "--at");
  ExpectUsage({"kpis", "--period", "month", "--at", "2026-W42"}, "--at");
  ExpectUsage({"kpis", "--from", "2026-10-01"}, "--to");
  ExpectUsage({"kpis", "--to", "2026-10-01"}, "--from");
  ExpectUsage({"kpis", "--from", "2026-10-05", "--to", "2026-10-01"}, "--to");
  ExpectUsage({"kpis", "--from", "2026-10-01", "--to", "2026-10-05", "--at", "2026-10"}, "--from");
  ExpectUsage({"kpis", "--channel", "web", "--region", "north"}, "--region");
  ExpectUsage({"kpis", "--channel", "boat"}, "--channel");
  ExpectUsage({"trend", "--period", "week", "--from", "2026-10-01", "--to", "2026-10-31", "--kpi",
               "profit"},
              "--kpi");
  ExpectUsage({"trend", "--period", "fortnight", "--from", "2026-10-01", "--to", "2026-10-31"},
              "--period");
  ExpectUsage({"trend", "--period", "day", "--from", "2026-02-30", "--to", "2026-03-01"}, "--from");
  // A required flag missing: CLI11's own usage error, exit 2, naming it.
  CtlResult missing = Ctl({"trend", "--period", "day", "--from", "2026-10-01"});
  EXPECT_EQ(missing.exit_code, 2) << missing.err;
  EXPECT_TRUE(absl::StrContains(missing.err, "--to")) << missing.err;

  // Help with an example; the analytics server down is UNAVAILABLE, exit 5.
  CtlResult help = Ok({"kpis", "--help"});
  EXPECT_TRUE(absl::StrContains(help.out, "Example:")) << help.out;
  EXPECT_TRUE(absl::StrContains(help.out, "2026-W42")) << help.out;
  CtlResult down = Ctl({"kpis"}, absl::StrCat("127.0.0.1:", FreePort()));
  EXPECT_EQ(down.exit_code, 5) << down.err;
  EXPECT_TRUE(absl::StartsWith(down.err, "error: UNAVAILABLE: ")) << down.err;
}

TEST_F(SalesctlAnalyticsTest, RebuildWaitEndsInSuccessAndTheFiguresStay) {
  EXPECT_EQ(Ok({"analytics", "rebuild-status"}).out,
            "no rebuild since the analytics server started\n");
  const json before = PlaceTwoOrdersAndWait();

  CtlResult rebuild = Ok({"--verbose", "analytics", "rebuild", "--wait"});
  ASSERT_TRUE(absl::StartsWith(rebuild.err, "request_id: ")) << rebuild.err;
  const std::string request_id(
      absl::StripAsciiWhitespace(absl::string_view(rebuild.err).substr(12, 37)));
  EXPECT_EQ(request_id.size(), 36u) << rebuild.err;
  EXPECT_TRUE(absl::StartsWith(rebuild.out, "STATE ")) << rebuild.out;
  EXPECT_TRUE(absl::StrContains(rebuild.out, "succeeded")) << rebuild.out;
  EXPECT_TRUE(absl::StrContains(rebuild.out, request_id)) << rebuild.out;

  const json status = Ok({"analytics", "rebuild-status", "--json"}).One();
  EXPECT_EQ(status["state"], "STATE_SUCCEEDED");
  EXPECT_EQ(status["requestId"], request_id);
  EXPECT_EQ(status["ordersPosition"], status["ordersTarget"]);
  EXPECT_EQ(Ok({"analytics", "rebuild-status", "--quiet"}).out, request_id + "\n");

  // The rebuilt figures equal the incremental ones.
  const json after = Ok({"kpis", "--period", "day", "--json"}).One();
  EXPECT_EQ(after["values"], before["values"]);

  // Retried with the same request_id: the same rebuild answers, nothing starts again.
  const json again =
      Ok({"--request_id", request_id, "analytics", "rebuild", "--wait", "--json"}).One();
  EXPECT_EQ(again["state"], "STATE_SUCCEEDED");
  EXPECT_EQ(again["startTime"], status["startTime"]);
}

}  // namespace
}  // namespace sales::testing
