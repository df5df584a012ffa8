// `salesctl report --html` end to end: history imported through the orders service, the
// page written by the salesctl binary, then loaded by headless Chromium (Debian's chromium,
// installed by scripts/install-deps). The DOM Chromium parsed holds every chart as SVG, the
// numbers on it equal GetKpis, GetRevenueBridge, GetKpiTrend and GetProcessKpis (complaints,
// on-time delivery), the findings are there in the requested language, the browser logged
// no console message, and the page prints to a PDF. With a longer history, the forecast band and
// the forecast table hold GetForecast's numbers, and the anomaly markers DetectAnomalies' days.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <regex>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tests/harness/subprocess.h"
#include "tests/integration/analytics_fixture.h"
#include "tests/salesctl/salesctl_runner.h"

namespace sales::testing {
namespace {

constexpr char kChromium[] = "/usr/bin/chromium";

// The data-value integers of the <rect> marks of the SVG chart named `chart`, in document
// order.
std::vector<int64_t> ChartValues(const std::string& dom, const std::string& chart) {
  std::vector<int64_t> out;
  const size_t start = dom.find(absl::StrCat("data-chart=\"", chart, "\""));
  if (start == std::string::npos) return out;
  const size_t end = dom.find("</svg>", start);
  const std::string svg = dom.substr(start, end - start);
  static const std::regex kRect("<rect [^>]*data-value=\"(-?[0-9]+)\"");
  for (auto it = std::sregex_iterator(svg.begin(), svg.end(), kRect); it != std::sregex_iterator();
       ++it) {
    out.push_back(std::stoll((*it)[1].str()));
  }
  return out;
}

// The data-value of the headline row of `kpi`, or "" when there is none.
std::string KpiCell(const std::string& dom, const std::string& kpi) {
  const std::regex row(absl::StrCat("<tr data-kpi=\"", kpi,
                                    "\"><th>[^<]*</th><td class=\"num\" data-value=\"([^\"]*)\""));
  std::smatch m;
  return std::regex_search(dom, m, row) ? m[1].str() : "";
}

// The values of attribute `attribute` in the element of class `cls` (e.g. the forecast
// groups of the trend chart), in document order, as doubles (written with 17 digits, exact).
std::vector<double> AttributeValues(const std::string& text, const std::string& attribute) {
  std::vector<double> out;
  const std::regex re(absl::StrCat(" ", attribute, "=\"([-+0-9.eE]+)\""));
  for (auto it = std::sregex_iterator(text.begin(), text.end(), re); it != std::sregex_iterator();
       ++it) {
    out.push_back(std::stod((*it)[1].str()));
  }
  return out;
}

// The part of `dom` from the element with `marker` to the end of its section.
std::string SectionOf(const std::string& dom, const std::string& marker) {
  const size_t start = dom.find(marker);
  if (start == std::string::npos) return "";
  const size_t end = dom.find("</section>", start);
  return dom.substr(start, end - start);
}

class SalesctlReportHtmlTest : public AnalyticsTest {
 protected:
  ov1::ImportedOrder Historical(const std::string& customer, absl::CivilDay day,
                                const std::string& product, int64_t units, int64_t price) {
    ov1::ImportedOrder o;
    o.set_external_ref(absl::StrCat("html-", next_ref_++));
    o.set_customer(customer);
    o.set_channel(next_ref_ % 2 == 0 ? ov1::CHANNEL_STORE : ov1::CHANNEL_WEB);
    o.set_region("west");
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(units);
    line->mutable_unit_price()->set_minor_units(price);
    line->mutable_unit_cost()->set_minor_units(price / 2);
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    const absl::Time t = absl::FromCivil(absl::CivilSecond(day) + 10 * 3600, Zone());
    *o.mutable_create_time() = Ts(t);
    *o.mutable_close_time() = Ts(t + absl::Hours(2));
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
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
  }

  // Runs `argv` with stdout and stderr in files of their own; returns the exit code.
  int Run(std::vector<std::string> argv, const std::string& out, const std::string& err) {
    std::vector<std::string> sh = {"/bin/sh", "-c", "err=$1; shift; exec \"$@\" 2>\"$err\"", "sh",
                                   err};
    sh.insert(sh.end(), argv.begin(), argv.end());
    std::string error;
    const int code = RunCommand(sh, out, &error);
    EXPECT_GE(code, 0) << error;
    return code;
  }

  std::string Dir() {
    static std::atomic<int> counter{0};
    const std::string dir =
        absl::StrCat(::testing::TempDir(), "report-html-", getpid(), "-", counter.fetch_add(1));
    EXPECT_EQ(::mkdir(dir.c_str(), 0755), 0) << dir;
    return dir;
  }

  // Headless Chromium's DOM of `html`; fails the test when Chromium fails.
  std::string Dom(const std::string& dir, const std::string& html) {
    const std::vector<std::string> dump = {kChromium,
                                           "--headless",
                                           "--disable-gpu",
                                           "--no-sandbox",
                                           "--no-first-run",
                                           "--user-data-dir=" + dir + "/profile",
                                           "--enable-logging=stderr",
                                           "--v=0",
                                           "--dump-dom",
                                           "file://" + html};
    EXPECT_EQ(Run(dump, dir + "/dom.html", dir + "/chromium.err"), 0)
        << ReadTail(dir + "/chromium.err", 20);
    EXPECT_FALSE(absl::StrContains(ReadAll(dir + "/chromium.err"), "CONSOLE"));
    return ReadAll(dir + "/dom.html");
  }

  int next_ref_ = 0;
};

TEST_F(SalesctlReportHtmlTest, ChromiumRendersThePageWithTheNumbersOfTheRpcs) {
  ASSERT_EQ(::access(kChromium, X_OK), 0)
      << kChromium << " is missing: scripts/install-deps installs Debian's chromium";
  // January 2025: tea 10 x 10.00, coffee 10 x 10.00; February: tea 10, coffee 5.
  const std::string tea = NewProduct("TEA-1", 1000, 500, "tea");
  const std::string coffee = NewProduct("COF-1", 1000, 500, "coffee");
  const std::string a = NewCustomer("A");
  const std::string b = NewCustomer("B");
  Import({Historical(a, absl::CivilDay(2025, 1, 10), tea, 10, 1000),
          Historical(b, absl::CivilDay(2025, 1, 12), coffee, 10, 1000),
          Historical(a, absl::CivilDay(2025, 2, 10), tea, 10, 1000),
          Historical(b, absl::CivilDay(2025, 2, 12), coffee, 5, 1000)});
  const absl::Time february = absl::FromCivil(absl::CivilDay(2025, 2, 15), Zone());
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    return Kpis(av1::GRANULARITY_MONTH, february).values().orders() == 2;
  }));

  const std::string dir = Dir();
  const std::string html = dir + "/report.html";
  ASSERT_EQ(Run({SALESCTL_BINARY, "--customers_addr", customers_server_->address(), "--orders_addr",
                 orders_server_->address(), "--analytics_addr", analytics_server_->address(),
                 "report", "--period", "month", "--at", "2025-02", "--lang", "zh", "--html", html},
                dir + "/salesctl.out", dir + "/salesctl.err"),
            0)
      << ReadAll(dir + "/salesctl.err");
  const std::string text = ReadAll(dir + "/salesctl.out");
  EXPECT_TRUE(absl::StrContains(text, "report 2025-02: 2025-02-01"));
  // The text report's product ranking has a NAME column (issue 11).
  const std::vector<std::string> tea_row = Row2(text, "top", tea);
  ASSERT_GE(tea_row.size(), 3u) << text;
  EXPECT_EQ(tea_row[2], "Product TEA-1") << text;

  // Chromium parses and lays out the page, and prints what it parsed.
  const std::vector<std::string> chromium = {kChromium,
                                             "--headless",
                                             "--disable-gpu",
                                             "--no-sandbox",
                                             "--no-first-run",
                                             "--user-data-dir=" + dir + "/profile",
                                             "--enable-logging=stderr",
                                             "--v=0"};
  std::vector<std::string> dump = chromium;
  dump.push_back("--dump-dom");
  dump.push_back("file://" + html);
  ASSERT_EQ(Run(dump, dir + "/dom.html", dir + "/chromium.err"), 0)
      << ReadTail(dir + "/chromium.err", 20);
  const std::string dom = ReadAll(dir + "/dom.html");
  const std::string log = ReadAll(dir + "/chromium.err");
  ASSERT_TRUE(absl::StrContains(dom, "</html>")) << ReadTail(dir + "/chromium.err", 20);
  // A page without a script has nothing to log to the console; this would catch one.
  EXPECT_FALSE(absl::StrContains(log, "CONSOLE")) << log;
  EXPECT_FALSE(absl::StrContains(log, "Uncaught")) << log;
  EXPECT_FALSE(absl::StrContains(dom, "<script"));

  for (const char* chart : {"revenue-trend", "revenue-bridge", "funnel", "rfm-segments",
                            "top-products", "channel-mix"}) {
    EXPECT_TRUE(absl::StrContains(
        dom, absl::StrCat("<svg class=\"chart\" role=\"img\" data-chart=\"", chart, "\"")))
        << chart;
  }

  // The headline equals GetKpis.
  const av1::KpiReport kpis = Kpis(av1::GRANULARITY_MONTH, february);
  EXPECT_EQ(KpiCell(dom, "revenue"), absl::StrCat(kpis.values().revenue_minor()));
  EXPECT_EQ(KpiCell(dom, "revenue"), "15000");
  EXPECT_EQ(KpiCell(dom, "orders"), absl::StrCat(kpis.values().orders()));
  EXPECT_EQ(KpiCell(dom, "units"), absl::StrCat(kpis.values().units()));
  EXPECT_EQ(KpiCell(dom, "gross_margin"), absl::StrCat(kpis.values().gross_margin_minor()));
  EXPECT_EQ(KpiCell(dom, "aov"), absl::StrCat(kpis.values().average_order_value_minor()));
  EXPECT_TRUE(absl::StrContains(dom, "<th>收入</th>"));

  // The waterfall equals GetRevenueBridge, in its order.
  av1::GetRevenueBridgeRequest bridge_req;
  bridge_req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  *bridge_req.mutable_period()->mutable_time() = Ts(february);
  av1::RevenueBridge bridge;
  ASSERT_TRUE(analytics_->GetRevenueBridge(Ctx().get(), bridge_req, &bridge).ok());
  EXPECT_EQ(ChartValues(dom, "revenue-bridge"),
            (std::vector<int64_t>{bridge.base_revenue_minor(), bridge.new_customers_minor(),
                                  bridge.lost_customers_minor(), bridge.price_minor(),
                                  bridge.volume_minor(), bridge.mix_minor(),
                                  bridge.current_revenue_minor()}));

  // The trend equals GetKpiTrend over the same months: twelve, ending with February 2025.
  av1::GetKpiTrendRequest trend_req;
  trend_req.set_granularity(av1::GRANULARITY_MONTH);
  trend_req.set_first_day("2024-03-01");
  trend_req.set_last_day("2025-02-28");
  av1::KpiTrend trend;
  ASSERT_TRUE(analytics_->GetKpiTrend(Ctx().get(), trend_req, &trend).ok());
  std::vector<int64_t> expected;
  for (const av1::KpiPoint& p : trend.points()) expected.push_back(p.values().revenue_minor());
  ASSERT_EQ(expected.size(), 12u);
  EXPECT_EQ(ChartValues(dom, "revenue-trend"), expected);
  EXPECT_EQ(expected.back(), 15000);
  EXPECT_EQ(expected[10], 20000);

  // Top products and channel mix: the report's rankings.
  EXPECT_EQ(ChartValues(dom, "top-products"), (std::vector<int64_t>{10000, 5000}));
  std::vector<int64_t> mix = ChartValues(dom, "channel-mix");
  std::sort(mix.begin(), mix.end());
  int64_t mix_total = 0;
  for (int64_t v : mix) mix_total += v;
  EXPECT_EQ(mix_total, 15000);

  // The finding, in Chinese as asked.
  EXPECT_TRUE(absl::StrContains(dom, "品类coffee环比下降50%（从100.00降至50.00），主要由于销量。"))
      << dom.substr(0, 4000);
  // Products are named by their display names (issue 11): the product's finding, and the
  // product ranking's rows with the id after the name.
  EXPECT_TRUE(
      absl::StrContains(dom, "产品Product COF-1环比下降50%（从100.00降至50.00），主要由于销量。"))
      << SectionOf(dom, "<section id=\"findings\"");
  for (const auto& [product, name] :
       {std::pair{tea, "Product TEA-1"}, std::pair{coffee, "Product COF-1"}}) {
    EXPECT_TRUE(absl::StrContains(dom, absl::StrCat("data-member=\"", product, "\"><td>")))
        << product;
    EXPECT_TRUE(absl::StrContains(
        dom, absl::StrCat("<td>", name, " <span class=\"id\">", product, "</span></td>")))
        << SectionOf(dom, "<section id=\"rankings\"");
  }

  // Complaints and on-time delivery hold GetProcessKpis of the month (no complaint; the
  // two orders placed in it and not cancelled).
  av1::GetProcessKpisRequest process_req;
  process_req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  *process_req.mutable_period()->mutable_time() = Ts(february);
  av1::ProcessKpis process;
  ASSERT_TRUE(analytics_->GetProcessKpis(Ctx().get(), process_req, &process).ok());
  EXPECT_EQ(process.complaint_rate().orders(), 2);
  const std::string complaints = SectionOf(dom, "<section id=\"complaints\"");
  EXPECT_TRUE(absl::StrContains(complaints, "2025-02 (2025-02-01 – 2025-02-28)")) << complaints;
  EXPECT_TRUE(absl::StrContains(
      complaints, absl::StrCat("<tr data-figure=\"orders\"><th>订单</th><td class=\"num\" "
                               "data-value=\"",
                               process.complaint_rate().orders(), "\">")))
      << complaints;
  EXPECT_TRUE(absl::StrContains(complaints, "data-reason=\"PROCESS_KPI_GAP_NO_COMPLAINTS\""));
  const std::string delivery = SectionOf(dom, "<section id=\"on-time-delivery\"");
  EXPECT_TRUE(absl::StrContains(
      delivery, absl::StrCat("<tr data-figure=\"delivered_orders\"><th>已交付订单</th><td "
                             "class=\"num\" data-value=\"",
                             process.on_time_delivery().delivered_orders(), "\">")))
      << delivery;

  // And the page prints.
  std::vector<std::string> print = chromium;
  print.push_back("--print-to-pdf=" + dir + "/report.pdf");
  print.push_back("--no-pdf-header-footer");
  print.push_back("file://" + html);
  ASSERT_EQ(Run(print, dir + "/print.out", dir + "/print.err"), 0)
      << ReadTail(dir + "/print.err", 20);
  const std::string pdf = ReadAll(dir + "/report.pdf");
  EXPECT_TRUE(absl::StartsWith(pdf, "%PDF-")) << pdf.size();
  EXPECT_GT(pdf.size(), 2000u);
}

TEST_F(SalesctlReportHtmlTest, TheForecastBandAndAnomalyMarkersAreThoseOfTheRpcs) {
  ASSERT_EQ(::access(kChromium, X_OK), 0)
      << kChromium << " is missing: scripts/install-deps installs Debian's chromium";
  // 17 weeks of one order a day, 2025-03-03 to 2025-06-29: tea 20 to 24 units at 10.00, and
  // 80 on 2025-06-25.
  const std::string tea = NewProduct("TEA-1", 1000, 500, "tea");
  const std::string a = NewCustomer("A");
  std::vector<ov1::ImportedOrder> orders;
  int count = 0;
  const absl::CivilDay first(2025, 3, 3), last(2025, 6, 29), spike(2025, 6, 25);
  for (absl::CivilDay day = first; day <= last; ++day, ++count) {
    orders.push_back(Historical(a, day, tea, day == spike ? 80 : 20 + (count * 7) % 5, 1000));
  }
  Import(orders);
  const absl::Time week = absl::FromCivil(absl::CivilDay(2025, 6, 25), Zone());
  ASSERT_TRUE(WaitFor(absl::Seconds(30), [&] {
    return Kpis(av1::GRANULARITY_ISO_WEEK, week).values().orders() == 7 &&
           Kpis(av1::GRANULARITY_MONTH, absl::FromCivil(first, Zone())).values().orders() == 29;
  }));

  const std::string dir = Dir();
  const std::string html = dir + "/report.html";
  ASSERT_EQ(Run({SALESCTL_BINARY, "--customers_addr", customers_server_->address(), "--orders_addr",
                 orders_server_->address(), "--analytics_addr", analytics_server_->address(),
                 "report", "--period", "week", "--at", "2025-W26", "--html", html},
                dir + "/salesctl.out", dir + "/salesctl.err"),
            0)
      << ReadAll(dir + "/salesctl.err");
  const std::string dom = Dom(dir, html);
  ASSERT_TRUE(absl::StrContains(dom, "</html>"));

  // The next week's forecast, as GetForecast answers it for the history ending 2025-06-29.
  av1::GetForecastRequest forecast_req;
  forecast_req.set_measure(av1::FORECAST_MEASURE_REVENUE);
  forecast_req.set_granularity(av1::GRANULARITY_ISO_WEEK);
  forecast_req.set_horizon(1);
  forecast_req.mutable_history()->set_last_day("2025-06-29");
  av1::Forecast forecast;
  const grpc::Status status = analytics_->GetForecast(Ctx().get(), forecast_req, &forecast);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(forecast.points_size(), 1);
  const av1::ForecastPoint& next = forecast.points(0);

  // The band on the trend chart: the point and its interval, after the 13 weeks.
  const std::string trend = SectionOf(dom, "data-chart=\"revenue-trend\"");
  EXPECT_EQ(ChartValues(dom, "revenue-trend").size(), 13u);
  EXPECT_EQ(AttributeValues(trend, "data-point"), std::vector<double>{next.value()});
  EXPECT_EQ(AttributeValues(trend, "data-lower"), std::vector<double>{next.lower()});
  EXPECT_EQ(AttributeValues(trend, "data-upper"), std::vector<double>{next.upper()});
  EXPECT_TRUE(absl::StrContains(trend, "data-label=\"2025-W27\"")) << trend.substr(0, 2000);

  // The forecast table: point, lower, upper; the model and the backtest.
  const std::string table = SectionOf(dom, "<table class=\"forecast\"");
  EXPECT_EQ(AttributeValues(table, "data-value"),
            (std::vector<double>{next.value(), next.lower(), next.upper()}));
  EXPECT_TRUE(
      absl::StrContains(table, absl::StrCat("data-model=\"", forecast.model().model(), "\"")));
  ASSERT_TRUE(forecast.backtest().has_mape());
  EXPECT_EQ(AttributeValues(table, "data-mape"), std::vector<double>{forecast.backtest().mape()});
  EXPECT_EQ(AttributeValues(table, "data-smape"), std::vector<double>{forecast.backtest().smape()});

  // The anomaly markers: the days DetectAnomalies finds in the week, the spike among them.
  av1::DetectAnomaliesRequest anomalies_req;
  anomalies_req.set_measure(av1::FORECAST_MEASURE_REVENUE);
  anomalies_req.set_granularity(av1::GRANULARITY_DAY);
  anomalies_req.set_first_day("2025-06-23");
  anomalies_req.set_last_day("2025-06-29");
  av1::AnomalyReport anomalies;
  ASSERT_TRUE(analytics_->DetectAnomalies(Ctx().get(), anomalies_req, &anomalies).ok());
  const std::string daily = SectionOf(dom, "data-chart=\"daily-revenue\"");
  EXPECT_EQ(ChartValues(dom, "daily-revenue").size(), 7u);
  std::vector<double> expected_values;
  bool spike_found = false;
  for (const av1::AnomalyPoint& p : anomalies.anomalies()) {
    expected_values.push_back(p.expected());
    EXPECT_TRUE(absl::StrContains(
        daily, absl::StrCat("data-anomaly=\"",
                            p.direction() == av1::ANOMALY_DIRECTION_ABOVE ? "ABOVE" : "BELOW",
                            "\" data-label=\"", p.period().first_day(), "\"")))
        << p.period().first_day();
    spike_found |= p.period().first_day() == "2025-06-25";
  }
  EXPECT_TRUE(spike_found) << anomalies.DebugString();
  EXPECT_EQ(AttributeValues(daily, "data-expected"), expected_values);
}

}  // namespace
}  // namespace sales::testing
