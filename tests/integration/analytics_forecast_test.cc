// Forecast, anomalies and promotion lift over gRPC, with the history imported through the
// orders service: GetForecast answers the model and backtest the domain computes on the same
// series and refuses a history too short to backtest; DetectAnomalies finds an injected spike
// above and a dip below the interval of their one-step-ahead forecasts; a promotion created through
// the orders service, with orders in its window, shows the lift the domain computes from the same
// sales; bad input is refused naming the field.
#include <google/protobuf/util/message_differencer.h>

#include <chrono>
#include <functional>
#include <tuple>

#include "services/analytics/src/domain/anomalies.h"
#include "services/analytics/src/domain/backtest.h"
#include "services/analytics/src/domain/forecast_series.h"
#include "services/analytics/src/domain/holt_winters.h"
#include "services/analytics/src/domain/promotion_lift.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;
namespace domain = ::sales::analytics::domain;

// 2025-03-03 is a Monday: day d of the data is kFirstDay + d.
constexpr absl::CivilDay kFirstDay(2025, 3, 3);
// A weekly pattern of units (Monday first), a small rise per week and a wobble.
constexpr int64_t kPattern[7] = {10, 11, 12, 11, 14, 20, 18};

int64_t NormalUnits(int d) { return kPattern[d % 7] + d / 7 + (d * 5) % 3 - 1; }

std::string Day(absl::CivilDay day) { return absl::FormatCivilTime(day); }

class AnalyticsForecastTest : public AnalyticsTest {
 protected:
  // One imported order of `units` of `product` at `price` (cost `cost`) at 10:00 of `day`.
  ov1::ImportedOrder Sale(const std::string& product, absl::CivilDay day, int64_t units,
                          int64_t price, int64_t cost) {
    ov1::ImportedOrder o;
    o.set_external_ref(absl::StrCat("fc-", next_ref_++));
    o.set_customer("customers/1");
    o.set_channel(ov1::CHANNEL_STORE);
    o.set_region("west");
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(units);
    line->mutable_unit_price()->set_minor_units(price);
    line->mutable_unit_cost()->set_minor_units(cost);
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    const absl::Time t = absl::FromCivil(absl::CivilSecond(day) + 10 * 3600, Zone());
    *o.mutable_create_time() = Ts(t);
    *o.mutable_close_time() = Ts(t + absl::Hours(2));
    return o;
  }

  // Waits until analytics counts `orders` orders on the days [first, last].
  bool WaitForOrders(absl::CivilDay first, absl::CivilDay last, int64_t orders) {
    return WaitFor(absl::Seconds(30), [&] {
      av1::GetKpisRequest req;
      req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
      req.mutable_period()->set_first_day(Day(first));
      req.mutable_period()->set_last_day(Day(last));
      av1::KpiReport report;
      return analytics_->GetKpis(Ctx().get(), req, &report).ok() &&
             report.values().orders() == orders;
    });
  }

  grpc::Status Forecast(const av1::GetForecastRequest& req, av1::Forecast* out) {
    return analytics_->GetForecast(CallCtx(std::chrono::seconds(60)).get(), req, out);
  }

  int next_ref_ = 0;
};

// 56 days of history (2025-03-03 .. 04-27), then 14 days (04-28 .. 05-11) with a spike on
// 05-05 and a dip on 05-08.
constexpr int kHistoryDays = 56;
constexpr int kRangeDays = 14;
constexpr int kSpikeDay = 63;
constexpr int kDipDay = 66;

int64_t UnitsOn(int d) {
  if (d == kSpikeDay) return 4 * NormalUnits(d);
  if (d == kDipDay) return 1;
  return NormalUnits(d);
}

TEST_F(AnalyticsForecastTest, ForecastAndAnomaliesEqualTheDomainOnTheImportedSeries) {
  const std::string product = NewProduct("FC-1", 1000, 600, "fc");
  std::vector<ov1::ImportedOrder> orders;
  for (int d = 0; d < kHistoryDays + kRangeDays; ++d) {
    orders.push_back(Sale(product, kFirstDay + d, UnitsOn(d), 1000, 600));
  }
  ImportOrders(orders);
  ASSERT_TRUE(WaitForOrders(kFirstDay, kFirstDay + (kHistoryDays + kRangeDays - 1),
                            kHistoryDays + kRangeDays));

  std::vector<double> history;
  for (int d = 0; d < kHistoryDays; ++d) history.push_back(static_cast<double>(UnitsOn(d)));

  // The forecast of the product's units: model, fit, points and backtest as the domain's.
  av1::GetForecastRequest req;
  req.set_measure(av1::FORECAST_MEASURE_UNITS);
  *req.mutable_slice() = SliceOf(av1::SLICE_DIMENSION_PRODUCT, product);
  req.set_granularity(av1::GRANULARITY_DAY);
  req.set_horizon(7);
  req.set_level(0.9);
  req.mutable_history()->set_last_day(Day(kFirstDay + (kHistoryDays - 1)));
  req.mutable_history()->set_periods(kHistoryDays);
  av1::Forecast forecast;
  const grpc::Status status = Forecast(req, &forecast);
  ASSERT_TRUE(status.ok()) << status.error_message();

  const absl::StatusOr<domain::ForecastReport> expected =
      domain::ForecastWithBacktest(history, 7, 7, 0.9);
  ASSERT_TRUE(expected.ok()) << expected.status();
  EXPECT_EQ(forecast.model().model(), domain::ModelName(expected->selection.best.form));
  EXPECT_DOUBLE_EQ(forecast.model().aicc(), expected->selection.best.aicc);
  EXPECT_DOUBLE_EQ(forecast.model().alpha(), expected->selection.best.params.alpha);
  ASSERT_EQ(forecast.model().candidates_size(),
            static_cast<int>(expected->selection.candidates.size()));
  for (int i = 0; i < forecast.model().candidates_size(); ++i) {
    EXPECT_EQ(forecast.model().candidates(i).model(), expected->selection.candidates[i].model);
    EXPECT_DOUBLE_EQ(forecast.model().candidates(i).aicc(), expected->selection.candidates[i].aicc);
  }
  ASSERT_EQ(forecast.history_size(), kHistoryDays);
  EXPECT_EQ(forecast.history(0).period().label(), "2025-03-03");
  EXPECT_EQ(forecast.history(kHistoryDays - 1).period().label(), "2025-04-27");
  for (int i = 0; i < kHistoryDays; ++i) {
    EXPECT_EQ(forecast.history(i).actual(), history[static_cast<size_t>(i)]);
    EXPECT_DOUBLE_EQ(forecast.history(i).fitted(),
                     expected->selection.best.fitted[static_cast<size_t>(i)]);
  }
  ASSERT_EQ(forecast.points_size(), 7);
  EXPECT_EQ(forecast.points(0).period().label(), "2025-04-28");
  for (int h = 0; h < 7; ++h) {
    EXPECT_DOUBLE_EQ(forecast.points(h).value(), expected->forecast.point[static_cast<size_t>(h)]);
    EXPECT_DOUBLE_EQ(forecast.points(h).lower(), expected->forecast.lower[static_cast<size_t>(h)]);
    EXPECT_DOUBLE_EQ(forecast.points(h).upper(), expected->forecast.upper[static_cast<size_t>(h)]);
    EXPECT_LT(forecast.points(h).lower(), forecast.points(h).value());
  }
  const domain::Backtest& bt = expected->backtest;
  EXPECT_EQ(forecast.backtest().origins(), bt.origins);
  EXPECT_EQ(forecast.backtest().horizon(), bt.horizon);
  EXPECT_EQ(forecast.backtest().forecasts(), bt.accuracy.forecasts);
  ASSERT_TRUE(forecast.backtest().has_mape());
  EXPECT_DOUBLE_EQ(forecast.backtest().mape(), bt.accuracy.mape);
  EXPECT_DOUBLE_EQ(forecast.backtest().smape(), bt.accuracy.smape);
  ASSERT_TRUE(forecast.backtest().has_mase());
  EXPECT_DOUBLE_EQ(forecast.backtest().mase(), bt.accuracy.mase);
  EXPECT_EQ(forecast.currency_code(), "");  // units

  // Revenue of the whole company is the same series times the price.
  av1::GetForecastRequest revenue = req;
  revenue.set_measure(av1::FORECAST_MEASURE_REVENUE);
  revenue.clear_slice();
  ASSERT_TRUE(Forecast(revenue, &forecast).ok());
  EXPECT_EQ(forecast.currency_code(), "CNY");
  EXPECT_EQ(forecast.history(10).actual(), 1000 * history[10]);

  // Six days hold a model but no backtest: refused, naming the history.
  av1::GetForecastRequest short_history = req;
  short_history.mutable_history()->set_periods(6);
  EXPECT_RPC_ERROR(Forecast(short_history, &forecast), StatusCode::FAILED_PRECONDITION, "history");
  // Two months are too few for any model.
  av1::GetForecastRequest months = req;
  months.set_granularity(av1::GRANULARITY_MONTH);
  EXPECT_RPC_ERROR(Forecast(months, &forecast), StatusCode::FAILED_PRECONDITION, "history");

  // The spike and the dip, against the forecast made from the 56 days before the range.
  av1::DetectAnomaliesRequest anomalies_req;
  anomalies_req.set_measure(av1::FORECAST_MEASURE_UNITS);
  *anomalies_req.mutable_slice() = SliceOf(av1::SLICE_DIMENSION_PRODUCT, product);
  anomalies_req.set_granularity(av1::GRANULARITY_DAY);
  anomalies_req.set_first_day(Day(kFirstDay + kHistoryDays));
  anomalies_req.set_last_day(Day(kFirstDay + (kHistoryDays + kRangeDays - 1)));
  anomalies_req.set_history_periods(kHistoryDays);
  av1::AnomalyReport report;
  const grpc::Status detected =
      analytics_->DetectAnomalies(CallCtx(std::chrono::seconds(60)).get(), anomalies_req, &report);
  ASSERT_TRUE(detected.ok()) << detected.error_message();
  EXPECT_EQ(report.periods_checked(), kRangeDays);
  EXPECT_EQ(report.first_period().label(), "2025-04-28");
  EXPECT_DOUBLE_EQ(report.level(), 0.95);

  std::vector<double> range;
  for (int d = kHistoryDays; d < kHistoryDays + kRangeDays; ++d) {
    range.push_back(static_cast<double>(UnitsOn(d)));
  }
  const absl::StatusOr<domain::ModelSelection> selection = domain::SelectHoltWinters(history, 7);
  ASSERT_TRUE(selection.ok());
  // Each day against its one-step-ahead forecast, the states updated with the days before it.
  const absl::StatusOr<domain::OneStepCheck> check =
      domain::CheckOneStepAhead(history, range, selection->best, 0.95);
  ASSERT_TRUE(check.ok()) << check.status();
  const std::vector<domain::Anomaly>& found = check->anomalies;
  ASSERT_EQ(report.anomalies_size(), static_cast<int>(found.size()));
  bool spike = false, dip = false;
  for (int i = 0; i < report.anomalies_size(); ++i) {
    const av1::AnomalyPoint& a = report.anomalies(i);
    const domain::Anomaly& e = found[static_cast<size_t>(i)];
    EXPECT_EQ(a.period().first_day(), Day(kFirstDay + (kHistoryDays + e.index)));
    EXPECT_DOUBLE_EQ(a.actual(), e.actual);
    EXPECT_DOUBLE_EQ(a.expected(), e.forecast);
    EXPECT_DOUBLE_EQ(a.lower(), check->lower[static_cast<size_t>(e.index)]);
    EXPECT_DOUBLE_EQ(a.upper(), check->upper[static_cast<size_t>(e.index)]);
    EXPECT_DOUBLE_EQ(a.deviation(), e.actual - e.forecast);
    EXPECT_DOUBLE_EQ(a.excess(), e.excess);
    if (a.period().label() == "2025-05-05") {
      spike = true;
      EXPECT_EQ(a.direction(), av1::ANOMALY_DIRECTION_ABOVE);
      EXPECT_GT(a.deviation(), 0);
      ASSERT_TRUE(a.has_deviation_percent());
      EXPECT_GT(a.deviation_percent(), 100);  // about four times what was expected
    }
    if (a.period().label() == "2025-05-08") {
      dip = true;
      EXPECT_EQ(a.direction(), av1::ANOMALY_DIRECTION_BELOW);
      EXPECT_LT(a.deviation(), 0);
    }
  }
  EXPECT_TRUE(spike) << report.DebugString();
  EXPECT_TRUE(dip) << report.DebugString();
}

TEST_F(AnalyticsForecastTest, BadInputIsRefusedNamingTheField) {
  av1::GetForecastRequest good;
  good.set_measure(av1::FORECAST_MEASURE_REVENUE);
  good.set_granularity(av1::GRANULARITY_DAY);
  good.set_horizon(7);
  av1::Forecast forecast;
  const auto refused = [&](const std::function<void(av1::GetForecastRequest&)>& change,
                           const std::string& field) {
    av1::GetForecastRequest req = good;
    change(req);
    EXPECT_RPC_ERROR(Forecast(req, &forecast), StatusCode::INVALID_ARGUMENT, field);
  };
  refused([](auto& r) { r.clear_measure(); }, "measure");
  refused([](auto& r) { r.set_granularity(av1::GRANULARITY_QUARTER); }, "granularity");
  refused([](auto& r) { r.set_horizon(0); }, "horizon");
  refused([](auto& r) { r.set_horizon(367); }, "horizon");
  refused([](auto& r) { r.set_level(1); }, "level");
  refused([](auto& r) { r.set_level(-0.5); }, "level");
  refused([](auto& r) { r.mutable_slice()->set_dimension(av1::SLICE_DIMENSION_PRODUCT); },
          "slice.member");
  refused([](auto& r) { r.mutable_history()->set_last_day("2025-02-30"); }, "history.last_day");
  refused([](auto& r) { r.mutable_history()->set_periods(-1); }, "history.periods");
  refused([](auto& r) { r.mutable_history()->set_periods(1001); }, "history.periods");

  av1::DetectAnomaliesRequest anomalies;
  anomalies.set_measure(av1::FORECAST_MEASURE_UNITS);
  anomalies.set_granularity(av1::GRANULARITY_DAY);
  anomalies.set_first_day("2025-05-10");
  anomalies.set_last_day("2025-05-01");
  av1::AnomalyReport report;
  EXPECT_RPC_ERROR(analytics_->DetectAnomalies(Ctx().get(), anomalies, &report),
                   StatusCode::INVALID_ARGUMENT, "last_day");
  anomalies.set_last_day("2026-06-01");  // more than 366 days
  EXPECT_RPC_ERROR(analytics_->DetectAnomalies(Ctx().get(), anomalies, &report),
                   StatusCode::INVALID_ARGUMENT, "last_day");
  anomalies.set_last_day("2025-05-20");
  anomalies.set_level(2);
  EXPECT_RPC_ERROR(analytics_->DetectAnomalies(Ctx().get(), anomalies, &report),
                   StatusCode::INVALID_ARGUMENT, "level");
  anomalies.set_level(0);
  anomalies.clear_first_day();
  EXPECT_RPC_ERROR(analytics_->DetectAnomalies(Ctx().get(), anomalies, &report),
                   StatusCode::INVALID_ARGUMENT, "first_day");

  av1::GetPromotionLiftRequest lift;
  av1::PromotionLift out;
  lift.set_promotion("orders/3");
  EXPECT_RPC_ERROR(analytics_->GetPromotionLift(Ctx().get(), lift, &out),
                   StatusCode::INVALID_ARGUMENT, "promotion");
  lift.set_promotion("promotions/3");
  lift.set_history_days(7);
  EXPECT_RPC_ERROR(analytics_->GetPromotionLift(Ctx().get(), lift, &out),
                   StatusCode::INVALID_ARGUMENT, "history_days");
  lift.set_history_days(0);
  EXPECT_RPC_ERROR(analytics_->GetPromotionLift(Ctx().get(), lift, &out), StatusCode::NOT_FOUND,
                   "promotion");
}

TEST_F(AnalyticsForecastTest, APromotionShowsItsLiftAndTheCategorysCannibalisedSales) {
  // Two products of one category: A promoted from 04-28 to 05-04 and selling three times its
  // usual units then; B, not promoted, selling 3 units a day less during those days.
  const std::string a = NewProduct("LIFT-A", 1000, 600, "snacks");
  const std::string b = NewProduct("LIFT-B", 500, 200, "snacks");
  constexpr int kWindowStart = 56;
  constexpr int kWindowDays = 7;
  const auto units_a = [](int d) {
    return d >= kWindowStart ? 3 * NormalUnits(d) : NormalUnits(d);
  };
  const auto units_b = [](int d) {
    return d >= kWindowStart ? NormalUnits(d) - 3 : NormalUnits(d);
  };
  std::vector<ov1::ImportedOrder> orders;
  for (int d = 0; d < kWindowStart + kWindowDays; ++d) {
    orders.push_back(Sale(a, kFirstDay + d, units_a(d), 1000, 600));
    orders.push_back(Sale(b, kFirstDay + d, units_b(d), 500, 200));
  }
  ImportOrders(orders);

  ov1::CreatePromotionRequest create;
  ov1::Promotion* p = create.mutable_promotion();
  p->set_code("SNACK3X");
  p->set_display_name("Snack week");
  p->set_kind(ov1::PROMOTION_KIND_PERCENT_OFF);
  p->set_percent_off_bp(1000);
  *p->mutable_start_time() = Ts(absl::FromCivil(kFirstDay + kWindowStart, Zone()));
  *p->mutable_end_time() = Ts(absl::FromCivil(kFirstDay + (kWindowStart + kWindowDays), Zone()));
  p->add_products(a);
  ov1::Promotion promotion;
  ASSERT_TRUE(orders_->CreatePromotion(Ctx().get(), create, &promotion).ok());

  // The promotion follows the orders in the feed: once it is known, so are they.
  av1::GetPromotionLiftRequest req;
  req.set_promotion(promotion.name());
  av1::PromotionLift lift;
  grpc::Status status;
  ASSERT_TRUE(WaitFor(absl::Seconds(30), [&] {
    status = analytics_->GetPromotionLift(CallCtx(std::chrono::seconds(60)).get(), req, &lift);
    return status.error_code() != grpc::StatusCode::NOT_FOUND;
  }));
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(lift.display_name(), "Snack week");
  EXPECT_EQ(lift.window().first_day(), "2025-04-28");
  EXPECT_EQ(lift.window().last_day(), "2025-05-04");
  EXPECT_EQ(lift.baseline_history().first_day(), "2025-03-03");
  EXPECT_EQ(lift.baseline_history().last_day(), "2025-04-27");
  ASSERT_EQ(lift.promoted_products_size(), 1);
  EXPECT_EQ(lift.promoted_products(0), a);
  ASSERT_EQ(lift.categories_size(), 1);
  EXPECT_EQ(lift.categories(0), "snacks");
  ASSERT_EQ(lift.lines_size(), 2);
  EXPECT_EQ(lift.lines(1).product(), b);
  EXPECT_FALSE(lift.lines(1).promoted());

  // The same figures from the domain on the same daily sales.
  std::vector<domain::LiftLine> lines;
  for (const auto& [units_of, price, cost, promoted] :
       {std::tuple{std::function<int64_t(int)>(units_a), int64_t{1000}, int64_t{600}, true},
        std::tuple{std::function<int64_t(int)>(units_b), int64_t{500}, int64_t{200}, false}}) {
    std::vector<double> units, revenue, margin;
    domain::LiftLine line;
    line.promoted = promoted;
    for (int d = 0; d < kWindowStart + kWindowDays; ++d) {
      const int64_t u = units_of(d);
      if (d < kWindowStart) {
        units.push_back(static_cast<double>(u));
        revenue.push_back(static_cast<double>(u * price));
        margin.push_back(static_cast<double>(u * (price - cost)));
      } else {
        line.actual_units += u;
        line.actual_revenue_minor += u * price;
        line.actual_margin_minor += u * (price - cost);
      }
    }
    line.baseline_units = domain::ForecastBaseline(units, 7, kWindowDays)->total;
    line.baseline_revenue_minor = domain::ForecastBaseline(revenue, 7, kWindowDays)->total;
    line.baseline_margin_minor = domain::ForecastBaseline(margin, 7, kWindowDays)->total;
    lines.push_back(line);
  }
  const absl::StatusOr<domain::PromotionLift> expected = domain::AssessPromotion(lines);
  ASSERT_TRUE(expected.ok());
  const auto totals_equal = [](const av1::LiftTotals& got, const domain::SalesTotals& want) {
    EXPECT_EQ(got.units(), want.units);
    EXPECT_EQ(got.revenue_minor(), want.revenue_minor);
    EXPECT_EQ(got.margin_minor(), want.margin_minor);
  };
  totals_equal(lift.promoted_baseline(), expected->promoted_baseline);
  totals_equal(lift.promoted_actual(), expected->promoted_actual);
  totals_equal(lift.incremental(), expected->incremental);
  totals_equal(lift.category_baseline(), expected->category_baseline);
  totals_equal(lift.category_actual(), expected->category_actual);
  totals_equal(lift.cannibalised(), expected->cannibalised);
  totals_equal(lift.net_incremental(), expected->net_incremental);
  // The orders were imported from history, none of them with the promotion applied: all the
  // promoted product's sales were on other orders.
  EXPECT_EQ(lift.promotion_orders(), 0);
  EXPECT_EQ(lift.promotion_discount_minor(), 0);
  totals_equal(lift.promotion_orders_actual(), domain::SalesTotals{});
  totals_equal(lift.other_orders_actual(), expected->promoted_actual);

  // The promotion sold about twice the baseline on top; B lost about 3 units a day.
  EXPECT_GT(lift.incremental().units(), lift.promoted_baseline().units() / 2);
  EXPECT_GT(lift.incremental().revenue_minor(), 0);
  EXPECT_GT(lift.incremental().margin_minor(), 0);
  EXPECT_GT(lift.cannibalised().units(), 0);
  EXPECT_LT(lift.net_incremental().units(), lift.incremental().units());

  // A rebuild replays the promotion with the orders: the same lift after the switch.
  av1::StartRebuildRequest rebuild_req;
  rebuild_req.set_request_id("forecast-rebuild");
  av1::Rebuild rebuild;
  ASSERT_TRUE(analytics_->StartRebuild(Ctx().get(), rebuild_req, &rebuild).ok());
  ASSERT_TRUE(WaitFor(absl::Seconds(60), [&] {
    return analytics_->GetRebuild(Ctx().get(), av1::GetRebuildRequest(), &rebuild).ok() &&
           rebuild.state() != av1::Rebuild::STATE_RUNNING;
  }));
  ASSERT_EQ(rebuild.state(), av1::Rebuild::STATE_SUCCEEDED) << rebuild.error();
  av1::PromotionLift rebuilt;
  ASSERT_TRUE(
      analytics_->GetPromotionLift(CallCtx(std::chrono::seconds(60)).get(), req, &rebuilt).ok());
  rebuilt.clear_freshness();
  lift.clear_freshness();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(rebuilt, lift))
      << rebuilt.DebugString() << "\nbefore the rebuild:\n"
      << lift.DebugString();
}

}  // namespace
}  // namespace sales::testing
