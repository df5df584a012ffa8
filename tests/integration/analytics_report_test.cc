// GetReport over gRPC, with history imported through the orders service: the report's
// figures are those GetKpis, GetRevenueBridge and GetRfmSegments answer for the same period;
// a category that fell by half is a finding worded in English and in Chinese; members are
// ranked with their growth; the next period's forecast equals GetForecast's, the period's
// anomalies DetectAnomalies', a short history says why there is no forecast; hot and slow
// products and low stock cover are findings; bad input is refused naming the field.
#include <google/protobuf/util/message_differencer.h>

#include <chrono>
#include <cmath>

#include "absl/strings/match.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using google::protobuf::util::MessageDifferencer;
using grpc::StatusCode;

// `m` without its freshness: the report and the RPC it repeats are two calls, between which
// the customers feed may move on (its position is in the freshness, not in the figures).
template <typename Message>
Message WithoutFreshness(Message m) {
  m.clear_freshness();
  return m;
}

class AnalyticsReportTest : public AnalyticsTest {
 protected:
  // A completed order of (product, units, unit price) lines on `day` at 10:00 in the
  // business time zone, in the store channel, region west.
  ov1::ImportedOrder Historical(
      const std::string& customer, absl::CivilDay day,
      const std::vector<std::tuple<std::string, int64_t, int64_t>>& lines) {
    ov1::ImportedOrder o;
    o.set_external_ref(absl::StrCat("rep-", next_ref_++));
    o.set_customer(customer);
    o.set_channel(ov1::CHANNEL_STORE);
    o.set_region("west");
    for (const auto& [product, units, price] : lines) {
      ov1::OrderLine* line = o.add_lines();
      line->set_product(product);
      line->set_quantity(units);
      line->mutable_unit_price()->set_minor_units(price);
      line->mutable_unit_cost()->set_minor_units(price / 2);
    }
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    const absl::Time t = absl::FromCivil(absl::CivilSecond(day) + 10 * 3600, Zone());
    *o.mutable_create_time() = Ts(t);
    *o.mutable_close_time() = Ts(t + absl::Hours(2));
    return o;
  }

  // January and February 2025: tea sells 10 units at 10.00 in both months; coffee 10 units
  // at 10.00 in January and 5 in February (the same price): coffee, and so the company,
  // fall by volume. Waits until analytics has February.
  void ImportCoffeeFall() {
    tea_ = NewProduct("TEA-1", 1000, 500, "tea");
    coffee_ = NewProduct("COF-1", 1000, 500, "coffee");
    const std::string a = NewCustomer("A");
    const std::string b = NewCustomer("B");
    ImportOrders({Historical(a, absl::CivilDay(2025, 1, 10), {{tea_, 10, 1000}}),
                  Historical(b, absl::CivilDay(2025, 1, 12), {{coffee_, 10, 1000}}),
                  Historical(a, absl::CivilDay(2025, 2, 10), {{tea_, 10, 1000}}),
                  Historical(b, absl::CivilDay(2025, 2, 12), {{coffee_, 5, 1000}})});
    ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
      return Kpis(av1::GRANULARITY_MONTH, February()).values().orders() == 2;
    }));
  }

  absl::Time February() const { return absl::FromCivil(absl::CivilDay(2025, 2, 15), Zone()); }

  av1::PeriodicReport Report(av1::Granularity granularity, absl::Time at,
                             const std::string& language) {
    av1::GetReportRequest req;
    req.set_granularity(granularity);
    *req.mutable_time() = Ts(at);
    req.set_language_code(language);
    av1::PeriodicReport out;
    const grpc::Status status = analytics_->GetReport(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static const av1::Finding* FindingAbout(const av1::PeriodicReport& r, av1::FindingKind kind,
                                          av1::SliceDimension dimension,
                                          const std::string& subject) {
    for (const av1::Finding& f : r.findings()) {
      if (f.kind() == kind && f.dimension() == dimension && f.subject() == subject) return &f;
    }
    return nullptr;
  }

  // 2025-03-03 (a Monday) to 2025-06-29 (a Sunday), one order a day: tea 20 to 24 units at
  // 10.00 (80 on 2025-06-25, a spike), coffee 1 unit at 10.00 (2 a day in the last week, so
  // 14 against 7 a week before), biscuit 1 unit at 5.00 (none in the last week). Coffee has
  // 10 units in stock, biscuit 100. Waits until analytics has every order and the stock.
  void ImportSeventeenWeeks() {
    tea_ = NewProduct("TEA-1", 1000, 500, "tea");
    coffee_ = NewProduct("COF-1", 1000, 500, "coffee");
    biscuit_ = NewProduct("BIS-1", 500, 200, "biscuit");
    const std::string customer = NewCustomer("Daily");
    std::vector<ov1::ImportedOrder> orders;
    int count = 0;
    for (absl::CivilDay day = kFirstDay; day <= kLastDay; ++day, ++count) {
      const bool last_week = day >= kLastDay - 6;
      const int64_t tea = day == kSpikeDay ? 80 : 20 + (count * 7) % 5;
      std::vector<std::tuple<std::string, int64_t, int64_t>> lines = {
          {tea_, tea, 1000}, {coffee_, last_week ? 2 : 1, 1000}};
      if (!last_week) lines.emplace_back(biscuit_, 1, 500);
      orders.push_back(Historical(customer, day, lines));
    }
    ImportOrders(orders);
    Receive(coffee_, "main", 10);
    Receive(biscuit_, "main", 100);
    ASSERT_TRUE(WaitFor(absl::Seconds(30), [&] {
      av1::GetKpisRequest req;
      req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
      req.mutable_period()->set_first_day(absl::FormatCivilTime(kFirstDay));
      req.mutable_period()->set_last_day(absl::FormatCivilTime(kLastDay));
      av1::KpiReport kpis;
      if (!analytics_->GetKpis(Ctx().get(), req, &kpis).ok()) return false;
      av1::GetProductReportRequest products_req;
      products_req.mutable_period()->set_granularity(av1::GRANULARITY_ISO_WEEK);
      *products_req.mutable_period()->mutable_time() = Ts(LastWeek());
      av1::ProductReport products;
      if (!analytics_->GetProductReport(Ctx().get(), products_req, &products).ok()) return false;
      int stocked = 0;
      for (const av1::ProductFigures& p : products.products()) {
        if (p.available_units() > 0) ++stocked;
      }
      return kpis.values().orders() == count && stocked == 2;
    }));
  }

  absl::Time LastWeek() const { return absl::FromCivil(kLastDay - 3, Zone()); }

  static constexpr absl::CivilDay kFirstDay{2025, 3, 3};
  static constexpr absl::CivilDay kLastDay{2025, 6, 29};
  static constexpr absl::CivilDay kSpikeDay{2025, 6, 25};

  std::string tea_, coffee_, biscuit_;
  int next_ref_ = 0;
};

TEST_F(AnalyticsReportTest, TheForecastIsGetForecastsOfTheNextPeriod) {
  ImportSeventeenWeeks();
  const av1::PeriodicReport report = Report(av1::GRANULARITY_ISO_WEEK, LastWeek(), "en");
  EXPECT_EQ(report.period().first_day(), "2025-06-23");
  const av1::ReportForecast& f = report.forecast();
  ASSERT_FALSE(f.has_unavailable()) << f.unavailable().text();
  EXPECT_EQ(f.granularity(), av1::GRANULARITY_ISO_WEEK);
  EXPECT_EQ(f.period().first_day(), "2025-06-30");
  EXPECT_EQ(f.period().last_day(), "2025-07-06");
  EXPECT_DOUBLE_EQ(f.level(), 0.95);
  EXPECT_EQ(f.history_periods(), 17);

  av1::GetForecastRequest req;
  req.set_measure(av1::FORECAST_MEASURE_REVENUE);
  req.set_granularity(av1::GRANULARITY_ISO_WEEK);
  req.set_horizon(1);
  req.mutable_history()->set_last_day("2025-06-29");
  av1::Forecast forecast;
  const grpc::Status status = analytics_->GetForecast(Ctx().get(), req, &forecast);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(f.points_size(), 1);
  EXPECT_TRUE(MessageDifferencer::Equals(f.points(0), forecast.points(0)))
      << f.points(0).DebugString() << forecast.points(0).DebugString();
  EXPECT_EQ(f.point_sum(), forecast.points(0).value());
  EXPECT_TRUE(MessageDifferencer::Equals(f.model(), forecast.model()));
  EXPECT_TRUE(MessageDifferencer::Equals(f.backtest(), forecast.backtest()));
  EXPECT_GT(f.backtest().forecasts(), 0);
  EXPECT_TRUE(f.backtest().has_mape());
  EXPECT_EQ(f.history_periods(), forecast.history_size());
}

TEST_F(AnalyticsReportTest, TheAnomaliesAreDetectAnomaliesOfThePeriodsDays) {
  ImportSeventeenWeeks();
  const av1::PeriodicReport report = Report(av1::GRANULARITY_ISO_WEEK, LastWeek(), "en");
  ASSERT_FALSE(report.anomalies().has_unavailable()) << report.anomalies().unavailable().text();

  av1::DetectAnomaliesRequest req;
  req.set_measure(av1::FORECAST_MEASURE_REVENUE);
  req.set_granularity(av1::GRANULARITY_DAY);
  req.set_first_day("2025-06-23");
  req.set_last_day("2025-06-29");
  av1::AnomalyReport expected;
  const grpc::Status status = analytics_->DetectAnomalies(Ctx().get(), req, &expected);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_TRUE(MessageDifferencer::Equals(WithoutFreshness(report.anomalies().report()),
                                         WithoutFreshness(expected)))
      << report.anomalies().report().DebugString() << expected.DebugString();
  EXPECT_EQ(report.anomalies().report().periods_checked(), 7);

  // The spike: far above its interval, a finding in both languages.
  const av1::AnomalyPoint* spike = nullptr;
  for (const av1::AnomalyPoint& a : expected.anomalies()) {
    if (a.period().first_day() == "2025-06-25") spike = &a;
  }
  ASSERT_NE(spike, nullptr) << expected.DebugString();
  EXPECT_EQ(spike->direction(), av1::ANOMALY_DIRECTION_ABOVE);
  EXPECT_EQ(spike->actual(), 82000.0);  // 80 tea and 2 coffees at 10.00
  const av1::Finding* finding = FindingAbout(report, av1::FINDING_KIND_REVENUE_ANOMALY,
                                             av1::SLICE_DIMENSION_UNSPECIFIED, "2025-06-25");
  ASSERT_NE(finding, nullptr) << report.DebugString();
  EXPECT_EQ(finding->direction(), av1::FINDING_DIRECTION_UP);
  EXPECT_EQ(finding->current_value(), 82000);
  EXPECT_EQ(finding->base_value(), std::llround(spike->expected()));
  EXPECT_DOUBLE_EQ(finding->change(), (spike->actual() - spike->expected()) / spike->expected());
  EXPECT_TRUE(absl::StartsWith(finding->text(), "Revenue on 2025-06-25 was 820.00, "))
      << finding->text();
  const av1::PeriodicReport zh = Report(av1::GRANULARITY_ISO_WEEK, LastWeek(), "zh");
  const av1::Finding* zh_finding = FindingAbout(zh, av1::FINDING_KIND_REVENUE_ANOMALY,
                                                av1::SLICE_DIMENSION_UNSPECIFIED, "2025-06-25");
  ASSERT_NE(zh_finding, nullptr);
  EXPECT_TRUE(absl::StartsWith(zh_finding->text(), "2025-06-25的收入为820.00，"))
      << zh_finding->text();
}

TEST_F(AnalyticsReportTest, HotAndSlowProductsAndLowStockAreFindings) {
  ImportSeventeenWeeks();
  const av1::PeriodicReport report = Report(av1::GRANULARITY_ISO_WEEK, LastWeek(), "en");
  const av1::ReportProducts& movers = report.product_movers();
  EXPECT_EQ(movers.cover_window_days(), 28);
  EXPECT_EQ(movers.history_periods(), 8);
  // Coffee sold twice its steady 7 a week; tea, with its spike, about 1.4 times its usual
  // (hot by z, but under the 1.5 times a finding needs).
  ASSERT_EQ(movers.hot_size(), 2) << movers.DebugString();
  EXPECT_EQ(movers.hot(0).product(), coffee_);
  EXPECT_EQ(movers.hot(1).product(), tea_);
  EXPECT_EQ(FindingAbout(report, av1::FINDING_KIND_HOT_PRODUCT, av1::SLICE_DIMENSION_PRODUCT, tea_),
            nullptr);
  ASSERT_EQ(movers.slow_size(), 1);
  EXPECT_EQ(movers.slow(0).product(), biscuit_);
  // Tea sells with no stock at all (0 days), coffee's 10 units last 8 days: 35 coffees in the
  // 28 days to 2025-06-29 (7 + 7 + 7 + 14).
  ASSERT_EQ(movers.low_cover_size(), 2) << movers.DebugString();
  EXPECT_EQ(movers.low_cover(0).product(), tea_);
  EXPECT_EQ(movers.low_cover(0).available_units(), 0);
  EXPECT_DOUBLE_EQ(movers.low_cover(0).days_of_cover(), 0.0);
  EXPECT_EQ(movers.low_cover(1).product(), coffee_);
  EXPECT_EQ(movers.low_cover(1).cover_window_units(), 35);
  EXPECT_DOUBLE_EQ(movers.low_cover(1).days_of_cover(), 8.0);

  const av1::Finding* hot =
      FindingAbout(report, av1::FINDING_KIND_HOT_PRODUCT, av1::SLICE_DIMENSION_PRODUCT, coffee_);
  ASSERT_NE(hot, nullptr) << report.DebugString();
  // A product's finding names it by its display name (issue 11), and carries the name.
  EXPECT_EQ(hot->display_name(), "Product COF-1");
  EXPECT_EQ(hot->text(), "Product Product COF-1 sold 14 units, 2.0× its usual 7 units per week.");
  EXPECT_EQ(movers.hot(0).display_name(), "Product COF-1");
  EXPECT_EQ(movers.hot(0).sku(), "COF-1");
  const av1::Finding* slow =
      FindingAbout(report, av1::FINDING_KIND_SLOW_PRODUCT, av1::SLICE_DIMENSION_PRODUCT, biscuit_);
  ASSERT_NE(slow, nullptr);
  EXPECT_EQ(slow->text(),
            "Product Product BIS-1 sold nothing, against its usual 7 units per week.");
  const av1::Finding* out_of_stock =
      FindingAbout(report, av1::FINDING_KIND_LOW_STOCK_COVER, av1::SLICE_DIMENSION_PRODUCT, tea_);
  ASSERT_NE(out_of_stock, nullptr);
  EXPECT_TRUE(absl::StrContains(out_of_stock->text(), " has no stock available, after selling "))
      << out_of_stock->text();
  const av1::Finding* low = FindingAbout(report, av1::FINDING_KIND_LOW_STOCK_COVER,
                                         av1::SLICE_DIMENSION_PRODUCT, coffee_);
  ASSERT_NE(low, nullptr);
  EXPECT_DOUBLE_EQ(low->days_of_cover(), 8.0);
  EXPECT_EQ(low->current_value(), 10);
  EXPECT_EQ(low->base_value(), 35);
  EXPECT_EQ(low->text(),
            "Product Product COF-1 has 8.0 days of stock left (10 units available) at the rate of "
            "the last 28 days.");
}

TEST_F(AnalyticsReportTest, AShortHistorySaysWhyThereIsNoForecast) {
  ImportSeventeenWeeks();
  // A quarter report forecasts the next quarter monthly: March to June are 4 months.
  const absl::Time q2 = absl::FromCivil(absl::CivilDay(2025, 5, 15), Zone());
  const av1::PeriodicReport en = Report(av1::GRANULARITY_QUARTER, q2, "en");
  const av1::ReportForecast& f = en.forecast();
  EXPECT_EQ(f.granularity(), av1::GRANULARITY_MONTH);
  EXPECT_EQ(f.period().first_day(), "2025-07-01");
  EXPECT_EQ(f.period().last_day(), "2025-09-30");
  EXPECT_EQ(f.unavailable().reason(), av1::SECTION_UNAVAILABLE_REASON_HISTORY_TOO_SHORT);
  EXPECT_EQ(f.unavailable().history_periods(), 4);
  EXPECT_EQ(f.history_periods(), 4);
  EXPECT_EQ(f.unavailable().text(),
            "No forecast: the history holds only 4 months of revenue since the first sale, too "
            "few to fit a model and backtest it.");
  EXPECT_EQ(f.points_size(), 0);
  EXPECT_FALSE(f.has_backtest());
  EXPECT_EQ(Report(av1::GRANULARITY_QUARTER, q2, "zh").forecast().unavailable().text(),
            "无法预测：自首笔销售以来仅有4个月的收入历史，不足以拟合模型并回测。");
  // GetForecast refuses the same request.
  av1::GetForecastRequest req;
  req.set_measure(av1::FORECAST_MEASURE_REVENUE);
  req.set_granularity(av1::GRANULARITY_MONTH);
  req.set_horizon(3);
  req.mutable_history()->set_last_day("2025-06-30");
  av1::Forecast out;
  EXPECT_RPC_ERROR(analytics_->GetForecast(Ctx().get(), req, &out), StatusCode::FAILED_PRECONDITION,
                   "history");
  // The rest of the report is there.
  EXPECT_GT(en.values().revenue_minor(), 0);
}

TEST_F(AnalyticsReportTest, WithoutSalesOrAnEndedPeriodTheSectionsSayWhy) {
  av1::GetReportRequest req;
  req.set_granularity(av1::GRANULARITY_ISO_WEEK);
  *req.mutable_time() = Ts(absl::Now());
  av1::PeriodicReport report;
  ASSERT_TRUE(analytics_->GetReport(Ctx().get(), req, &report).ok());
  EXPECT_FALSE(report.period_complete());
  EXPECT_EQ(report.forecast().unavailable().reason(),
            av1::SECTION_UNAVAILABLE_REASON_PERIOD_INCOMPLETE);
  const bool monday =
      report.period().first_day() == absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), Zone()));
  EXPECT_EQ(report.anomalies().unavailable().reason(),
            monday ? av1::SECTION_UNAVAILABLE_REASON_NO_COMPLETE_DAY
                   : av1::SECTION_UNAVAILABLE_REASON_NO_SALES);
  EXPECT_FALSE(report.anomalies().has_report());

  // Last week, complete, and still no sale at all.
  req.clear_time();
  ASSERT_TRUE(analytics_->GetReport(Ctx().get(), req, &report).ok());
  EXPECT_EQ(report.forecast().unavailable().reason(), av1::SECTION_UNAVAILABLE_REASON_NO_SALES);
  EXPECT_EQ(report.forecast().unavailable().text(), "No forecast: the history holds no revenue.");
  EXPECT_EQ(report.anomalies().unavailable().reason(), av1::SECTION_UNAVAILABLE_REASON_NO_SALES);
}

TEST_F(AnalyticsReportTest, FiguresAreThoseOfGetKpisTheBridgeAndRfm) {
  ImportCoffeeFall();
  const av1::PeriodicReport report = Report(av1::GRANULARITY_MONTH, February(), "en");
  EXPECT_EQ(report.period().label(), "2025-02");
  EXPECT_EQ(report.period().time_zone(), kZone);
  EXPECT_TRUE(report.period_complete());
  EXPECT_EQ(report.currency_code(), "CNY");
  EXPECT_EQ(report.language_code(), "en");

  const av1::KpiReport kpis = Kpis(av1::GRANULARITY_MONTH, February());
  EXPECT_TRUE(MessageDifferencer::Equals(report.values(), kpis.values()))
      << report.values().DebugString() << kpis.values().DebugString();
  EXPECT_TRUE(MessageDifferencer::Equals(report.vs_previous(), kpis.vs_previous()));
  EXPECT_TRUE(MessageDifferencer::Equals(report.vs_year_before(), kpis.vs_year_before()));
  EXPECT_EQ(report.values().revenue_minor(), 15000);
  EXPECT_EQ(report.vs_previous().base_values().revenue_minor(), 20000);

  av1::GetRevenueBridgeRequest bridge_req;
  bridge_req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  *bridge_req.mutable_period()->mutable_time() = Ts(February());
  av1::RevenueBridge bridge;
  ASSERT_TRUE(analytics_->GetRevenueBridge(Ctx().get(), bridge_req, &bridge).ok());
  EXPECT_TRUE(
      MessageDifferencer::Equals(WithoutFreshness(report.bridge()), WithoutFreshness(bridge)))
      << report.bridge().DebugString() << bridge.DebugString();
  EXPECT_EQ(report.bridge().change_minor(), -5000);

  av1::GetRfmSegmentsRequest rfm_req;
  rfm_req.set_as_of_day("2025-02-28");
  av1::RfmReport rfm;
  ASSERT_TRUE(analytics_->GetRfmSegments(Ctx().get(), rfm_req, &rfm).ok());
  EXPECT_TRUE(
      MessageDifferencer::Equals(WithoutFreshness(report.segments()), WithoutFreshness(rfm)));
  EXPECT_EQ(report.segments().customers_scored(), 2);
  EXPECT_EQ(report.segment_movements().from_as_of_day(), "2025-01-31");
  EXPECT_EQ(report.segment_movements().in_both(), 2);

  // Rankings: tea on top and flat, coffee below at half its January revenue.
  ASSERT_EQ(report.categories().top_size(), 2);
  EXPECT_EQ(report.categories().dimension(), av1::SLICE_DIMENSION_CATEGORY);
  EXPECT_EQ(report.categories().members(), 2);
  EXPECT_EQ(report.categories().top(0).member(), "tea");
  EXPECT_EQ(report.categories().top(0).revenue_minor(), 10000);
  EXPECT_DOUBLE_EQ(report.categories().top(0).revenue_growth(), 0.0);
  const av1::RankedMember& coffee = report.categories().top(1);
  EXPECT_EQ(coffee.member(), "coffee");
  EXPECT_EQ(coffee.revenue_minor(), 5000);
  EXPECT_EQ(coffee.units(), 5);
  EXPECT_EQ(coffee.previous_revenue_minor(), 10000);
  EXPECT_EQ(coffee.previous_units(), 10);
  EXPECT_DOUBLE_EQ(coffee.revenue_growth(), -0.5);
  EXPECT_NEAR(coffee.revenue_share(), 1.0 / 3.0, 1e-12);
  ASSERT_EQ(report.products().top_size(), 2);
  EXPECT_EQ(report.products().top(0).member(), tea_);
  ASSERT_EQ(report.channels().top_size(), 1);
  EXPECT_EQ(report.channels().top(0).member(), "CHANNEL_STORE");
  EXPECT_EQ(report.channels().top(0).revenue_minor(), 15000);
  ASSERT_EQ(report.reps().top_size(), 0);  // imported orders carry no sales credits
  ASSERT_EQ(report.regions().top_size(), 1);
}

TEST_F(AnalyticsReportTest, ACategoryFallIsAFindingInBothLanguages) {
  ImportCoffeeFall();
  const av1::PeriodicReport en = Report(av1::GRANULARITY_MONTH, February(), "en");
  const av1::Finding* fall =
      FindingAbout(en, av1::FINDING_KIND_MEMBER_CHANGE, av1::SLICE_DIMENSION_CATEGORY, "coffee");
  ASSERT_NE(fall, nullptr) << en.DebugString();
  EXPECT_EQ(fall->direction(), av1::FINDING_DIRECTION_DOWN);
  EXPECT_EQ(fall->unit(), av1::FINDING_UNIT_MINOR_UNITS);
  EXPECT_EQ(fall->base_value(), 10000);
  EXPECT_EQ(fall->current_value(), 5000);
  EXPECT_DOUBLE_EQ(fall->change(), -0.5);
  EXPECT_EQ(fall->driver(), av1::FINDING_DRIVER_VOLUME);
  EXPECT_EQ(fall->driver_value(), -5000);
  EXPECT_EQ(fall->text(),
            "Category coffee fell 50% month on month (from 100.00 to 50.00), mostly volume.");
  // Tea did not move: no finding about it.
  EXPECT_EQ(FindingAbout(en, av1::FINDING_KIND_MEMBER_CHANGE, av1::SLICE_DIMENSION_CATEGORY, "tea"),
            nullptr);
  // The company fell 25%: the first finding, driven by volume (the same customers bought).
  ASSERT_GE(en.findings_size(), 1);
  EXPECT_EQ(en.findings(0).kind(), av1::FINDING_KIND_REVENUE_CHANGE);
  EXPECT_EQ(en.findings(0).driver(), av1::FINDING_DRIVER_VOLUME);
  EXPECT_EQ(en.findings(0).driver_value(), -5000);  // (15 - 20 units) x 10.00
  EXPECT_EQ(en.findings(0).driver_value(), en.bridge().volume_minor());
  EXPECT_EQ(en.findings(0).text(),
            "Revenue fell 25% month on month (from 200.00 to 150.00); the largest part of the "
            "change was volume (-50.00).");

  const av1::PeriodicReport zh = Report(av1::GRANULARITY_MONTH, February(), "zh");
  EXPECT_EQ(zh.language_code(), "zh");
  const av1::Finding* zh_fall =
      FindingAbout(zh, av1::FINDING_KIND_MEMBER_CHANGE, av1::SLICE_DIMENSION_CATEGORY, "coffee");
  ASSERT_NE(zh_fall, nullptr);
  EXPECT_EQ(zh_fall->text(), "品类coffee环比下降50%（从100.00降至50.00），主要由于销量。");
  // The product's own finding and its ranking row name it (issue 11); other members carry no
  // display name.
  const av1::Finding* zh_product =
      FindingAbout(zh, av1::FINDING_KIND_MEMBER_CHANGE, av1::SLICE_DIMENSION_PRODUCT, coffee_);
  ASSERT_NE(zh_product, nullptr) << zh.DebugString();
  EXPECT_EQ(zh_product->display_name(), "Product COF-1");
  EXPECT_EQ(zh_product->text(),
            "产品Product COF-1环比下降50%（从100.00降至50.00），主要由于销量。");
  EXPECT_EQ(zh_fall->display_name(), "");
  ASSERT_EQ(zh.products().top_size(), 2) << zh.products().DebugString();
  for (const av1::RankedMember& m : zh.products().top()) {
    EXPECT_EQ(m.display_name(), m.member() == tea_ ? "Product TEA-1" : "Product COF-1");
  }
  for (const av1::RankedMember& m : zh.categories().top()) EXPECT_EQ(m.display_name(), "");
  // A fall of revenue is a weakness of the period (SWOT), named in the request's language.
  EXPECT_EQ(en.findings(0).swot(), av1::SWOT_CLASS_WEAKNESS);
  EXPECT_EQ(en.findings(0).swot_label(), "Weakness");
  EXPECT_EQ(zh.findings(0).swot_label(), "劣势");
  // The same findings, only worded differently.
  ASSERT_EQ(zh.findings_size(), en.findings_size());
  for (int i = 0; i < en.findings_size(); ++i) {
    av1::Finding a = en.findings(i), b = zh.findings(i);
    a.clear_text();
    b.clear_text();
    a.clear_swot_label();
    b.clear_swot_label();
    EXPECT_TRUE(MessageDifferencer::Equals(a, b)) << i;
  }
}

TEST_F(AnalyticsReportTest, WithoutATimeTheLastCompletePeriod) {
  const absl::Time before = absl::Now();
  av1::GetReportRequest req;
  req.set_granularity(av1::GRANULARITY_ISO_WEEK);
  av1::PeriodicReport report;
  ASSERT_TRUE(analytics_->GetReport(Ctx().get(), req, &report).ok());
  EXPECT_EQ(report.language_code(), "en");
  EXPECT_TRUE(report.period_complete());
  const av1::KpiReport this_week = Kpis(av1::GRANULARITY_ISO_WEEK, before);
  // Last week ends where this week starts (unless the week turned over between the calls).
  if (Kpis(av1::GRANULARITY_ISO_WEEK, absl::Now()).period().label() == this_week.period().label()) {
    EXPECT_EQ(report.period().end_time().seconds(), this_week.period().start_time().seconds());
    EXPECT_EQ(report.period().granularity(), av1::GRANULARITY_ISO_WEEK);
  }
}

TEST_F(AnalyticsReportTest, BadInputIsRefusedNamingTheField) {
  av1::PeriodicReport out;
  av1::GetReportRequest req;
  EXPECT_RPC_ERROR(analytics_->GetReport(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "granularity");
  req.set_granularity(av1::GRANULARITY_DAY);
  EXPECT_RPC_ERROR(analytics_->GetReport(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "granularity");
  req.set_granularity(av1::GRANULARITY_QUARTER);
  req.set_language_code("fr");
  EXPECT_RPC_ERROR(analytics_->GetReport(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "language_code");
  req.set_language_code("zh");
  *req.mutable_time() = Ts(absl::Now() + absl::Hours(48));
  EXPECT_RPC_ERROR(analytics_->GetReport(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "time");
}

}  // namespace
}  // namespace sales::testing
