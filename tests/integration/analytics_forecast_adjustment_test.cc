// Forecast adjustments over gRPC against MariaDB: 28 days of known daily revenue imported
// through the orders service; a manager's adjustments recorded beside the statistical
// forecast (the same Holt-Winters the domain fits on the days before), an idempotent retry,
// bad input refused naming the field; then GetForecastValueAdded: the actuals, the errors
// and the forecast value added of each adjusted day and their totals, checked by hand.
#include <chrono>
#include <cmath>

#include "services/analytics/src/domain/holt_winters.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;
namespace dom = ::sales::analytics::domain;

constexpr int kDays = 28;  // 2025-03-01 .. 2025-03-28

// The revenue of day k (0-based from 2025-03-01), minor units: a weekly pattern on a trend.
int64_t Revenue(int k) { return 10000 + 1000 * (k % 7) + 100 * k; }

class AnalyticsForecastAdjustmentTest : public AnalyticsTest {
 protected:
  void SetUp() override {
    AnalyticsTest::SetUp();
    if (HasFatalFailure()) return;
    product_ = NewProduct("FVA-1", 1000, 600, "tea");
  }

  // One order a day, its one line priced at the day's revenue: the 28 days of March 2025,
  // and 1000 a day over the 14 days before today (the history of a forecast ahead).
  void ImportDays() {
    ov1::ImportOrdersResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(60));
    auto writer = orders_->ImportOrders(ctx.get(), &resp);
    auto write = [&](const std::string& ref, absl::CivilDay day, int64_t revenue) {
      const absl::Time at = absl::FromCivil(absl::CivilSecond(day) + 12 * 3600, Zone());
      ov1::ImportOrdersRequest req;
      ov1::ImportedOrder* o = req.mutable_order();
      o->set_external_ref(ref);
      o->set_customer("customers/1");
      o->set_channel(ov1::CHANNEL_WEB);
      o->set_region("south");
      ov1::OrderLine* line = o->add_lines();
      line->set_product(product_);
      line->set_quantity(1);
      line->mutable_unit_price()->set_minor_units(revenue);
      line->mutable_unit_cost()->set_minor_units(600);
      o->set_status(ov1::ORDER_STATUS_COMPLETED);
      *o->mutable_create_time() = Ts(at);
      *o->mutable_close_time() = Ts(at + absl::Hours(2));
      return writer->Write(req);
    };
    for (int k = 0; k < kDays; ++k) {
      ASSERT_TRUE(write(absl::StrCat("fva-", k), absl::CivilDay(2025, 3, 1 + k), Revenue(k)));
    }
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), Zone());
    for (int k = 1; k <= 14; ++k) {
      ASSERT_TRUE(write(absl::StrCat("fva-recent-", k), today - k, 1000));
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    av1::GetKpisRequest kpis;
    kpis.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
    kpis.mutable_period()->set_first_day("2025-03-01");
    kpis.mutable_period()->set_last_day(absl::FormatCivilTime(today));
    ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
      av1::KpiReport report;
      return analytics_->GetKpis(Ctx().get(), kpis, &report).ok() &&
             report.values().orders() == kDays + 14;
    }));
  }

  // The statistical forecast of day `k` made from the days before it: the domain's model
  // chosen by AICc on days 0 .. k-1, one step ahead.
  static double ExpectedStatistical(int k) {
    std::vector<double> history;
    for (int d = 0; d < k; ++d) history.push_back(static_cast<double>(Revenue(d)));
    const absl::StatusOr<dom::ModelSelection> selection = dom::SelectHoltWinters(history, 7);
    EXPECT_TRUE(selection.ok()) << selection.status();
    const absl::StatusOr<dom::Forecast> f = dom::ForecastHoltWinters(selection->best, 1, 0.95);
    EXPECT_TRUE(f.ok()) << f.status();
    return f->point[0];
  }

  static av1::RecordForecastAdjustmentRequest Adjust(const std::string& day, int64_t value,
                                                     const std::string& request_id = "") {
    av1::RecordForecastAdjustmentRequest req;
    req.set_request_id(request_id);
    req.set_measure(av1::FORECAST_MEASURE_REVENUE);
    req.set_granularity(av1::GRANULARITY_DAY);
    req.set_period_day(day);
    req.set_adjusted_value(value);
    req.set_author("reps/anna");
    req.set_reason("the spring fair brings walk-ins");
    return req;
  }

  grpc::Status Record(const av1::RecordForecastAdjustmentRequest& req,
                      av1::ForecastAdjustment* out) {
    return analytics_->RecordForecastAdjustment(CallCtx(std::chrono::seconds(60)).get(), req, out);
  }

  std::string product_;
};

TEST_F(AnalyticsForecastAdjustmentTest, AdjustmentsAreKeptBesideTheStatisticalForecast) {
  ImportDays();
  // Day 25 (2025-03-26): statistical from days 0-24, adjusted to 15000.
  av1::ForecastAdjustment first;
  ASSERT_TRUE(Record(Adjust("2025-03-26", 15000, "adj-1"), &first).ok());
  EXPECT_EQ(first.name().rfind("forecastAdjustments/", 0), 0u);
  EXPECT_EQ(first.period().first_day(), "2025-03-26");
  EXPECT_EQ(first.period().last_day(), "2025-03-26");
  EXPECT_EQ(first.statistical_history_last_day(), "2025-03-25");
  EXPECT_NEAR(first.statistical_value(), ExpectedStatistical(25), 1e-6);
  EXPECT_FALSE(first.statistical_model().empty());
  EXPECT_EQ(first.adjusted_value(), 15000);
  EXPECT_EQ(first.author(), "reps/anna");
  EXPECT_EQ(first.currency_code(), "CNY");
  // A retry answers the first and records nothing again; the same id with another request
  // is refused.
  av1::ForecastAdjustment retry;
  ASSERT_TRUE(Record(Adjust("2025-03-26", 15000, "adj-1"), &retry).ok());
  EXPECT_EQ(retry.name(), first.name());
  EXPECT_EQ(retry.create_time().seconds(), first.create_time().seconds());
  av1::ForecastAdjustment other;
  EXPECT_RPC_ERROR(Record(Adjust("2025-03-26", 16000, "adj-1"), &other),
                   StatusCode::INVALID_ARGUMENT, "request_id");

  // A second adjustment of the same day supersedes the first; another day; a day not over.
  av1::ForecastAdjustment second;
  ASSERT_TRUE(Record(Adjust("2025-03-26", 13000, "adj-2"), &second).ok());
  EXPECT_NE(second.name(), first.name());
  av1::ForecastAdjustment day27;
  ASSERT_TRUE(Record(Adjust("2025-03-27", 20000, "adj-3"), &day27).ok());
  EXPECT_NEAR(day27.statistical_value(), ExpectedStatistical(26), 1e-6);
  const std::string tomorrow = absl::FormatCivilTime(absl::ToCivilDay(absl::Now(), Zone()) + 1);
  av1::ForecastAdjustment ahead;
  ASSERT_TRUE(Record(Adjust(tomorrow, 5000, "adj-4"), &ahead).ok());

  av1::GetForecastValueAddedRequest req;
  req.set_measure(av1::FORECAST_MEASURE_REVENUE);
  req.set_granularity(av1::GRANULARITY_DAY);
  req.set_first_day("2025-03-20");
  req.set_last_day("2025-03-28");
  av1::ForecastValueAdded fva;
  ASSERT_TRUE(analytics_->GetForecastValueAdded(Ctx().get(), req, &fva).ok());
  ASSERT_EQ(fva.periods_size(), 2);
  EXPECT_EQ(fva.first_period().first_day(), "2025-03-20");
  EXPECT_EQ(fva.last_period().last_day(), "2025-03-28");
  // 2025-03-26: actual Revenue(25) = 10000 + 4000 + 2500 = 16500; the latest adjustment
  // 13000 (|e| 3500, APE 21.21...%).
  const av1::AdjustedPeriod& p26 = fva.periods(0);
  EXPECT_EQ(p26.adjustment().name(), second.name());
  EXPECT_EQ(p26.adjustments(), 2);
  ASSERT_TRUE(p26.actual_known());
  EXPECT_EQ(p26.actual(), 16500);
  const double s26 = second.statistical_value();
  EXPECT_DOUBLE_EQ(p26.statistical_absolute_error(), std::abs(16500 - s26));
  EXPECT_DOUBLE_EQ(p26.adjusted_absolute_error(), 3500);
  EXPECT_DOUBLE_EQ(p26.statistical_ape(), 100.0 * std::abs(16500 - s26) / 16500);
  EXPECT_DOUBLE_EQ(p26.adjusted_ape(), 100.0 * 3500 / 16500);
  EXPECT_DOUBLE_EQ(p26.fva_absolute_error(), std::abs(16500 - s26) - 3500);
  EXPECT_DOUBLE_EQ(p26.fva_ape(), p26.statistical_ape() - p26.adjusted_ape());
  // 2025-03-27: actual Revenue(26) = 10000 + 5000 + 2600 = 17600; adjusted 20000 (|e| 2400).
  const av1::AdjustedPeriod& p27 = fva.periods(1);
  EXPECT_EQ(p27.actual(), 17600);
  const double s27 = day27.statistical_value();
  EXPECT_DOUBLE_EQ(p27.adjusted_absolute_error(), 2400);
  // Totals over the two days.
  const av1::ForecastValueAddedTotals& t = fva.totals();
  EXPECT_EQ(t.periods(), 2);
  const double stat_mae = (std::abs(16500 - s26) + std::abs(17600 - s27)) / 2;
  EXPECT_DOUBLE_EQ(t.statistical_mae(), stat_mae);
  EXPECT_DOUBLE_EQ(t.adjusted_mae(), (3500.0 + 2400.0) / 2);
  EXPECT_DOUBLE_EQ(t.fva_mae(), stat_mae - (3500.0 + 2400.0) / 2);
  EXPECT_EQ(t.mape_periods(), 2);
  const double stat_mape =
      (100.0 * std::abs(16500 - s26) / 16500 + 100.0 * std::abs(17600 - s27) / 17600) / 2;
  EXPECT_NEAR(t.statistical_mape(), stat_mape, 1e-9);
  EXPECT_NEAR(t.adjusted_mape(), (100.0 * 3500 / 16500 + 100.0 * 2400 / 17600) / 2, 1e-9);
  EXPECT_NEAR(t.fva_mape(), t.statistical_mape() - t.adjusted_mape(), 1e-9);
  EXPECT_EQ(t.periods_improved() + t.periods_worsened(),
            (std::abs(16500 - s26) != 3500 ? 1 : 0) + (std::abs(17600 - s27) != 2400 ? 1 : 0));

  // Tomorrow's adjustment: kept, its actual not known yet, not in the totals.
  req.set_first_day(tomorrow);
  req.set_last_day(tomorrow);
  ASSERT_TRUE(analytics_->GetForecastValueAdded(Ctx().get(), req, &fva).ok());
  ASSERT_EQ(fva.periods_size(), 1);
  EXPECT_FALSE(fva.periods(0).actual_known());
  EXPECT_EQ(fva.periods(0).adjustment().adjusted_value(), 5000);
  EXPECT_EQ(fva.totals().periods(), 0);
}

TEST_F(AnalyticsForecastAdjustmentTest, BadInputIsRefusedNamingTheField) {
  av1::ForecastAdjustment out;
  av1::RecordForecastAdjustmentRequest req = Adjust("2025-03-26", 100);
  req.set_measure(av1::FORECAST_MEASURE_UNSPECIFIED);
  EXPECT_RPC_ERROR(Record(req, &out), StatusCode::INVALID_ARGUMENT, "measure");
  req = Adjust("2025-03-26", 100);
  req.set_granularity(av1::GRANULARITY_QUARTER);
  EXPECT_RPC_ERROR(Record(req, &out), StatusCode::INVALID_ARGUMENT, "granularity");
  req = Adjust("26.03.2025", 100);
  EXPECT_RPC_ERROR(Record(req, &out), StatusCode::INVALID_ARGUMENT, "period_day");
  req = Adjust("2025-03-26", -1);
  EXPECT_RPC_ERROR(Record(req, &out), StatusCode::INVALID_ARGUMENT, "adjusted_value");
  req = Adjust("2025-03-26", 100);
  req.set_author("");
  EXPECT_RPC_ERROR(Record(req, &out), StatusCode::INVALID_ARGUMENT, "author");
  req = Adjust("2025-03-26", 100);
  req.set_reason("");
  EXPECT_RPC_ERROR(Record(req, &out), StatusCode::INVALID_ARGUMENT, "reason");
  req = Adjust("2025-03-26", 100);
  req.mutable_slice()->set_dimension(av1::SLICE_DIMENSION_RFM_SEGMENT);
  req.mutable_slice()->set_member("champions");
  EXPECT_RPC_ERROR(Record(req, &out), StatusCode::INVALID_ARGUMENT, "slice.dimension");
  // No sales before the day: no statistical forecast to adjust.
  EXPECT_RPC_ERROR(Record(Adjust("2025-03-26", 100), &out), StatusCode::FAILED_PRECONDITION,
                   "period_day");
  av1::GetForecastValueAddedRequest fva_req;
  fva_req.set_measure(av1::FORECAST_MEASURE_UNITS);
  fva_req.set_granularity(av1::GRANULARITY_DAY);
  fva_req.set_first_day("2025-03-28");
  fva_req.set_last_day("2025-03-20");
  av1::ForecastValueAdded fva;
  EXPECT_RPC_ERROR(analytics_->GetForecastValueAdded(Ctx().get(), fva_req, &fva),
                   StatusCode::INVALID_ARGUMENT, "last_day");
}

}  // namespace
}  // namespace sales::testing
