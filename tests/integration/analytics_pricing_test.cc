// Pricing and replenishment over gRPC against MariaDB: a history of weekly orders imported
// through the orders service (a product whose demand follows a known elasticity of -1.8 and
// an annual season, half of its weeks sold at a list price with a line discount; a product
// at one price, both of one category), then GetPriceElasticity and ProjectPriceChange (the
// same estimates and projection the analytics domain computes from the series the test
// built, the two products fitted together with category-week effects, covering -1.8; the
// fixed-price product refused with the reason), and GetReplenishment (daily sales per
// warehouse and the stock received, planned as the domain plans the same series; the alert
// for a product that runs out before an order could arrive, also after a rebuild); bad input
// refused with the field named. And the default window fitted at start (--warm_pricing): a
// restarted server's first call answers from that fit, and a server stopped while the
// warm-up reads exits cleanly at once.
#include <cppconn/statement.h>
#include <signal.h>

#include <chrono>
#include <cmath>
#include <memory>
#include <numbers>
#include <random>

#include "services/analytics/src/domain/price_elasticity.h"
#include "services/analytics/src/domain/price_projection.h"
#include "services/analytics/src/domain/replenishment.h"
#include "services/analytics/src/domain/rounding.h"
#include "tests/harness/query_int.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;
namespace dom = ::sales::analytics::domain;

constexpr int kWeeks = 60;
constexpr double kElasticity = -1.8;
// The window: 60 ISO weeks from Monday 2025-01-06 to Sunday 2026-03-01.
const absl::CivilDay kFirstMonday(2025, 1, 6);
const absl::CivilDay kLastDay(2026, 3, 1);
constexpr char kLastDayText[] = "2026-03-01";

// τ of a week as the proto defines it: its Thursday's (day of year - 1) / days in the year.
double YearPosition(absl::CivilDay monday) {
  const absl::CivilDay thursday = monday + 3;
  const absl::CivilYear year(thursday);
  return (absl::GetYearDay(thursday) - 1) /
         static_cast<double>(absl::CivilDay(year + 1) - absl::CivilDay(year));
}

class AnalyticsPricingTest : public AnalyticsTest {
 protected:
  // One completed order of `units` of `product` from `warehouse` at 10:00 Shanghai time of
  // `day`, at `list_price` a unit with `discount` off the line, cost 600 a unit.
  ov1::ImportedOrder Order(const std::string& ref, const std::string& product,
                           const std::string& warehouse, absl::CivilDay day, int64_t units,
                           int64_t list_price, int64_t discount) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer(customer_);
    o.set_channel(ov1::CHANNEL_WEB);
    o.set_region("south");
    o.set_warehouse(warehouse);
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(units);
    line->mutable_unit_price()->set_minor_units(list_price);
    line->mutable_unit_cost()->set_minor_units(600);
    line->mutable_discount_total()->set_minor_units(discount);
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    const absl::Time at =
        absl::FromCivil(absl::CivilSecond(day.year(), day.month(), day.day(), 10, 0, 0), Zone());
    *o.mutable_create_time() = Ts(at);
    *o.mutable_close_time() = Ts(at + absl::Hours(1));
    return o;
  }

  // 60 weeks of the elastic product (series `elastic_`) and of the fixed-price one
  // (`fixed_`), one order each a week, on the week's Wednesday.
  void ImportPriceHistory() {
    elastic_ = NewProduct("ELASTIC", 1000, 600, "snacks");
    fixed_ = NewProduct("FIXED", 500, 300, "snacks");
    std::mt19937_64 rng(42);
    std::normal_distribution<double> noise(0.0, 0.05);
    std::vector<ov1::ImportedOrder> orders;
    elastic_series_.product = elastic_;
    fixed_series_.product = fixed_;
    for (int w = 0; w < kWeeks; ++w) {
      const absl::CivilDay monday = kFirstMonday + 7 * w;
      const double tau = YearPosition(monday);
      double price = 1000 * (1 + 0.15 * std::sin(1.7 * w));
      if (w % 6 == 3) price *= 0.8;
      const int64_t net_price = std::llround(price);
      const int64_t units = std::max<int64_t>(
          1, std::llround(100 * std::pow(static_cast<double>(net_price) / 1000, kElasticity) *
                          std::exp(0.2 * std::sin(2 * std::numbers::pi * tau) + noise(rng))));
      // Even weeks: sold at a list price of 1300 with the difference taken off the line.
      const int64_t list = w % 2 == 0 ? 1300 : net_price;
      orders.push_back(Order(absl::StrCat("E", w), elastic_, "WH1", monday + 2, units, list,
                             (list - net_price) * units));
      elastic_series_.weeks.push_back({w, tau, units, units * net_price});
      elastic_units_.push_back(units);
      elastic_net_.push_back(units * net_price);
      const int64_t fixed_units = 50 + w % 5;
      orders.push_back(Order(absl::StrCat("F", w), fixed_, "WH1", monday + 2, fixed_units, 500, 0));
      fixed_series_.weeks.push_back({w, tau, fixed_units, fixed_units * 500});
    }
    ImportOrders(orders);
  }

  av1::PriceElasticityReport Elasticity(const std::string& product = "") {
    av1::GetPriceElasticityRequest req;
    req.set_product(product);
    req.set_last_day(kLastDayText);
    req.set_weeks(kWeeks);
    av1::PriceElasticityReport out;
    const grpc::Status status = analytics_->GetPriceElasticity(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Imports one more order of `product` (5 units at 1000) on `day` and waits until
  // analytics counts it: the orders feed position it has applied then.
  int64_t OneMoreOrder(const std::string& product, absl::CivilDay day) {
    ImportOrders({Order(absl::StrCat("W", ++orders_on_day_), product, "WH1", day, 5, 1000, 0)});
    int64_t position = 0;
    EXPECT_TRUE(WaitFor(absl::Seconds(20), [&] {
      const av1::KpiReport k = Kpis(av1::GRANULARITY_DAY, absl::FromCivil(day, Zone()));
      position = k.freshness().orders_position();
      return k.values().orders() == orders_on_day_;
    }));
    return position;
  }

  // GetPriceElasticity of the default window (no last_day, weeks or holdout_weeks).
  av1::PriceElasticityReport DefaultWindow() {
    av1::PriceElasticityReport out;
    const grpc::Status status =
        analytics_->GetPriceElasticity(Ctx().get(), av1::GetPriceElasticityRequest(), &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static dom::ElasticityOptions Options() {
    dom::ElasticityOptions options;
    options.window_weeks = kWeeks;
    return options;
  }

  std::string customer_ = "customers/1";
  std::string elastic_, fixed_;
  dom::PriceSeries elastic_series_, fixed_series_;
  std::vector<int64_t> elastic_units_, elastic_net_;
  int64_t orders_on_day_ = 0;
};

TEST_F(AnalyticsPricingTest, ElasticityAndProjectionAreTheDomainsOnTheNetPricesPaid) {
  ImportPriceHistory();
  // F59, the fixed-price product's order of the last week, is imported last.
  const absl::Time last_week = absl::FromCivil(kLastDay, Zone());
  const av1::Slice fixed = SliceOf(av1::SLICE_DIMENSION_PRODUCT, fixed_);
  // The KPIs show F59 first; then the elasticity answer must cover their position (a kept
  // fit answers while its refit runs in the background, so an answer may be one fit behind).
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    const av1::KpiReport k = Kpis(av1::GRANULARITY_ISO_WEEK, last_week, fixed);
    if (k.values().orders() != 1) return false;
    const av1::PriceElasticityReport r = Elasticity();
    return r.freshness().orders_position() >= k.freshness().orders_position() &&
           r.products_size() == 1 && r.products(0).periods() == kWeeks && r.refused_size() >= 1;
  }));
  const av1::PriceElasticityReport report = Elasticity();
  EXPECT_EQ(report.first_week().label(), "2025-W02");
  EXPECT_EQ(report.last_week().label(), "2026-W09");
  EXPECT_EQ(report.currency_code(), "CNY");
  EXPECT_DOUBLE_EQ(report.level(), 0.95);

  const dom::CategoryElasticities snacks =
      dom::EstimateCategoryElasticities({elastic_series_, fixed_series_}, Options());
  const absl::StatusOr<dom::ElasticityEstimate>& expected = snacks.products[0];
  ASSERT_TRUE(expected.ok()) << expected.status();
  ASSERT_EQ(report.products_size(), 1);
  const av1::PriceElasticity& e = report.products(0);
  EXPECT_EQ(e.product(), elastic_);
  EXPECT_EQ(e.category(), "snacks");
  EXPECT_EQ(e.products(), 1);
  EXPECT_NEAR(e.elasticity(), expected->elasticity, 1e-9);
  EXPECT_NEAR(e.standard_error(), expected->standard_error, 1e-9);
  EXPECT_NEAR(e.lower(), expected->lower, 1e-9);
  EXPECT_NEAR(e.upper(), expected->upper, 1e-9);
  EXPECT_NEAR(e.r_squared(), expected->r_squared, 1e-9);
  // Clusters (weeks) less one against N - P - W + 1 - k = 120 - 2 - 60 + 1 - 1 (the
  // fixed-price product has no slope): 58.
  EXPECT_EQ(e.degrees_of_freedom(), 58);
  EXPECT_EQ(e.seasonality(), "category_week_fixed_effects");
  // The known elasticity is inside the 95% interval (net prices, not list prices, count).
  EXPECT_LE(e.lower(), kElasticity);
  EXPECT_GE(e.upper(), kElasticity);
  int64_t units = 0, net = 0;
  for (int w = 0; w < kWeeks; ++w) {
    units += elastic_units_[w];
    net += elastic_net_[w];
  }
  EXPECT_EQ(e.units(), units);
  EXPECT_EQ(e.net_minor(), net);
  ASSERT_TRUE(e.has_holdout());
  EXPECT_EQ(e.holdout().weeks(), 8);
  EXPECT_NEAR(e.holdout().model_rmse(), expected->holdout->model_rmse, 1e-9);
  EXPECT_EQ(e.holdout().beats_baseline(), expected->holdout->beats_baseline);

  // The fixed-price product is refused with the reason; the category pools both as the
  // domain does (with category-week effects).
  bool fixed_refused = false;
  for (const av1::ElasticityRefusal& r : report.refused()) {
    if (r.product() == fixed_) {
      fixed_refused = true;
      EXPECT_EQ(r.reason().rfind("prices varied too little", 0), 0u) << r.reason();
    }
  }
  EXPECT_TRUE(fixed_refused);
  const absl::StatusOr<dom::ElasticityEstimate>& pooled = snacks.category;
  if (pooled.ok()) {
    ASSERT_EQ(report.categories_size(), 1);
    EXPECT_EQ(report.categories(0).category(), "snacks");
    EXPECT_EQ(report.categories(0).products(), 2);
    EXPECT_NEAR(report.categories(0).elasticity(), pooled->elasticity, 1e-9);
  } else {
    EXPECT_EQ(report.categories_size(), 0);
  }

  // A 10% higher price than the current one (the last 4 weeks' net amount / units).
  int64_t base_units = 0, base_net = 0;
  for (int w = kWeeks - 4; w < kWeeks; ++w) {
    base_units += elastic_units_[w];
    base_net += elastic_net_[w];
  }
  const int64_t current = dom::DivideRounded(base_net, base_units);
  av1::ProjectPriceChangeRequest project;
  project.set_product(elastic_);
  project.set_proposed_price_minor(current * 11 / 10);
  project.set_last_day(kLastDayText);
  project.set_weeks(kWeeks);
  av1::PriceProjection projection;
  const grpc::Status status = analytics_->ProjectPriceChange(Ctx().get(), project, &projection);
  ASSERT_TRUE(status.ok()) << status.error_message();
  const absl::StatusOr<dom::PriceProjection> want =
      dom::ProjectPrice({static_cast<double>(base_units) / 4, current, current * 11 / 10, 600,
                         expected->elasticity, expected->lower, expected->upper});
  ASSERT_TRUE(want.ok());
  EXPECT_EQ(projection.current_price_minor(), current);
  EXPECT_EQ(projection.unit_cost_minor(), 600);
  EXPECT_EQ(projection.base_weeks().first_day(), "2026-02-02");
  EXPECT_EQ(projection.base_weeks().last_day(), "2026-03-01");
  EXPECT_NEAR(projection.proposed().units(), want->proposed.units, 1e-6);
  EXPECT_EQ(projection.proposed().revenue_minor(), want->proposed.revenue_minor);
  EXPECT_EQ(projection.proposed().margin_minor(), want->proposed.margin_minor);
  EXPECT_EQ(projection.proposed_low().revenue_minor(), want->proposed_low.revenue_minor);
  EXPECT_EQ(projection.proposed_high().margin_minor(), want->proposed_high.margin_minor);
  EXPECT_EQ(projection.unit_elastic().revenue_minor(), want->unit_elastic.revenue_minor);
  EXPECT_EQ(projection.no_change().units(), static_cast<double>(base_units) / 4);
  // Elastic demand: a higher price sells fewer units and brings less revenue.
  EXPECT_LT(projection.proposed().units(), projection.current().units());
  EXPECT_LT(projection.proposed().revenue_minor(), projection.current().revenue_minor());

  // Bad input names the field; a refused product cannot be projected.
  av1::PriceProjection ignored;
  project.set_proposed_price_minor(0);
  EXPECT_RPC_ERROR(analytics_->ProjectPriceChange(Ctx().get(), project, &ignored),
                   StatusCode::INVALID_ARGUMENT, "proposed_price_minor");
  project.set_proposed_price_minor(1000);
  project.set_product("sku-1");
  EXPECT_RPC_ERROR(analytics_->ProjectPriceChange(Ctx().get(), project, &ignored),
                   StatusCode::INVALID_ARGUMENT, "product");
  project.set_product(fixed_);
  EXPECT_RPC_ERROR(analytics_->ProjectPriceChange(Ctx().get(), project, &ignored),
                   StatusCode::FAILED_PRECONDITION, "product");
  av1::GetPriceElasticityRequest bad;
  bad.set_weeks(10);
  av1::PriceElasticityReport ignored_report;
  EXPECT_RPC_ERROR(analytics_->GetPriceElasticity(Ctx().get(), bad, &ignored_report),
                   StatusCode::INVALID_ARGUMENT, "weeks");
  bad.set_weeks(0);
  bad.set_holdout_weeks(50);
  EXPECT_RPC_ERROR(analytics_->GetPriceElasticity(Ctx().get(), bad, &ignored_report),
                   StatusCode::INVALID_ARGUMENT, "holdout_weeks");
}

TEST_F(AnalyticsPricingTest, ReplenishmentPlansEachWarehouseFromItsOwnSalesAndStock) {
  const std::string fast = NewProduct("FAST", 1000, 600, "drinks");
  const std::string idle = NewProduct("IDLE", 1000, 600, "drinks");
  // 56 days up to the last day: `fast` sells about 10 a day from WH1 (more on weekends) and
  // 2 a day from WH2; `idle` only has stock.
  std::vector<ov1::ImportedOrder> orders;
  std::vector<double> wh1, wh2;
  int64_t sold_total = 0;
  for (int d = 0; d < 56; ++d) {
    const absl::CivilDay day = kLastDay - 55 + d;
    const int64_t units = 8 + d % 7 + (d % 3 == 0 ? 1 : 0);
    orders.push_back(Order(absl::StrCat("R1-", d), fast, "WH1", day, units, 1000, 0));
    orders.push_back(Order(absl::StrCat("R2-", d), fast, "WH2", day, 2, 1000, 0));
    wh1.push_back(static_cast<double>(units));
    wh2.push_back(2);
    sold_total += units + 2;
  }
  ImportOrders(orders);
  Receive(fast, "WH1", 100);  // less than 14 days of demand
  Receive(fast, "WH2", 500);
  Receive(idle, "WH1", 40);

  av1::GetReplenishmentRequest req;
  req.set_lead_time_days(14);
  req.set_service_level(0.95);
  req.set_last_day(kLastDayText);
  req.set_history_days(56);
  auto plan = [&] {
    av1::ReplenishmentReport out;
    const grpc::Status status = analytics_->GetReplenishment(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  };
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] {
    const av1::ReplenishmentReport r = plan();
    int64_t sold = 0;
    for (const av1::ReplenishmentLine& line : r.lines()) sold += line.history_units();
    return r.lines_size() == 2 && r.skipped_size() == 1 && sold == sold_total &&
           r.lines(0).on_hand() + r.lines(1).on_hand() == 600;
  })) << plan().DebugString();
  const av1::ReplenishmentReport report = plan();
  EXPECT_EQ(report.first_day(), "2026-03-02");
  EXPECT_EQ(report.history().first_day(), "2026-01-05");
  EXPECT_EQ(report.history().last_day(), "2026-03-01");
  EXPECT_EQ(report.lead_time_days(), 14);
  EXPECT_EQ(report.cover_days(), 28);
  EXPECT_NEAR(report.z(), 1.644853627, 1e-8);

  dom::ReplenishmentPolicy policy;
  policy.lead_time_days = 14;
  policy.service_level = 0.95;
  policy.cover_days = 28;
  policy.horizon_days = 120;
  for (const av1::ReplenishmentLine& line : report.lines()) {
    SCOPED_TRACE(line.warehouse());
    EXPECT_EQ(line.product(), fast);
    const bool first = line.warehouse() == "WH1";
    const absl::StatusOr<dom::ReplenishmentPlan> want =
        dom::PlanReplenishment(first ? wh1 : wh2, first ? 100 : 500, policy);
    ASSERT_TRUE(want.ok()) << want.status();
    EXPECT_EQ(line.available(), first ? 100 : 500);
    EXPECT_EQ(line.history_days(), 56);
    EXPECT_EQ(line.forecast_model(), want->model);
    EXPECT_NEAR(line.lead_time_demand(), want->lead_time_demand, 1e-6);
    EXPECT_EQ(line.safety_stock(), want->safety_stock);
    EXPECT_EQ(line.reorder_point(), want->reorder_point);
    EXPECT_EQ(line.reorder_quantity(), want->reorder_quantity);
    EXPECT_EQ(line.runs_out_before_arrival(), want->runs_out_before_arrival);
  }
  // WH1 holds 100 against about 140 over the lead time: reorder today, and an alert.
  ASSERT_EQ(report.lines(0).warehouse(), "WH1");
  EXPECT_EQ(report.lines(0).reorder_date(), "2026-03-02");
  EXPECT_TRUE(report.lines(0).runs_out_before_arrival());
  ASSERT_EQ(report.alerts_size(), 1);
  EXPECT_EQ(report.alerts(0).product(), fast);
  EXPECT_EQ(report.alerts(0).warehouse(), "WH1");
  EXPECT_EQ(report.alerts(0).arrival_date(), "2026-03-16");
  EXPECT_LT(report.alerts(0).stockout_date(), "2026-03-16");
  // WH2 holds 500 against 28 over the lead time: no alert.
  EXPECT_FALSE(report.lines(1).runs_out_before_arrival());
  EXPECT_EQ(report.skipped(0).product(), idle);
  EXPECT_EQ(report.skipped(0).reason(), "no sales from this warehouse in the history window");

  // One warehouse only.
  req.set_warehouse("WH2");
  const av1::ReplenishmentReport wh2_only = plan();
  ASSERT_EQ(wh2_only.lines_size(), 1);
  EXPECT_EQ(wh2_only.alerts_size(), 0);
  req.clear_warehouse();

  // A rebuild replays the orders feed, warehouses included: the same plan.
  av1::StartRebuildRequest start;
  start.set_request_id("rebuild-replenishment");
  av1::Rebuild rebuild;
  ASSERT_TRUE(analytics_->StartRebuild(Ctx().get(), start, &rebuild).ok());
  ASSERT_TRUE(WaitFor(absl::Seconds(60), [&] {
    EXPECT_TRUE(analytics_->GetRebuild(Ctx().get(), av1::GetRebuildRequest(), &rebuild).ok());
    return rebuild.state() != av1::Rebuild::STATE_RUNNING;
  }));
  ASSERT_EQ(rebuild.state(), av1::Rebuild::STATE_SUCCEEDED) << rebuild.error();
  const av1::ReplenishmentReport after = plan();
  ASSERT_EQ(after.lines_size(), 2);
  EXPECT_EQ(after.lines(0).reorder_point(), report.lines(0).reorder_point());
  EXPECT_EQ(after.lines(0).history_units(), report.lines(0).history_units());
  EXPECT_EQ(after.alerts_size(), 1);

  // Bad input names the field.
  av1::ReplenishmentReport ignored;
  req.set_lead_time_days(500);
  EXPECT_RPC_ERROR(analytics_->GetReplenishment(Ctx().get(), req, &ignored),
                   StatusCode::INVALID_ARGUMENT, "lead_time_days");
  req.set_lead_time_days(0);
  req.set_service_level(1.5);
  EXPECT_RPC_ERROR(analytics_->GetReplenishment(Ctx().get(), req, &ignored),
                   StatusCode::INVALID_ARGUMENT, "service_level");
  req.set_service_level(0);
  req.set_product("products/x");
  EXPECT_RPC_ERROR(analytics_->GetReplenishment(Ctx().get(), req, &ignored),
                   StatusCode::INVALID_ARGUMENT, "product");
}

// Restarted with orders in its facts, the server fits the default window (the 104 ISO weeks
// to yesterday) at start (--warm_pricing, on by default). An order arriving after the start
// moves the feed on, yet the first call answers at once from the fit made at start: its
// freshness is from before that order (the fit of it runs in the background, and a later
// answer covers it). Without the warm-up the first call fits then, covering that order.
TEST_F(AnalyticsPricingTest, ARestartedServerHasTheDefaultWindowFittedBeforeTheFirstCall) {
  const std::string product = NewProduct("WARM", 1000, 600, "snacks");
  // In the last whole ISO week, which the default window (weeks ending by yesterday) always
  // holds: three days back is in the current week from Thursday on.
  const absl::CivilDay day = absl::ToCivilDay(absl::Now(), Zone()) - 7;
  const int64_t before = OneMoreOrder(product, day);
  ASSERT_GT(before, 0);

  RestartAnalytics();
  absl::SleepFor(absl::Seconds(2));  // a window of one order fits in far less
  const int64_t moved = OneMoreOrder(product, day);
  const av1::PriceElasticityReport first = DefaultWindow();
  EXPECT_GE(first.freshness().orders_position(), before);
  EXPECT_LT(first.freshness().orders_position(), moved);
  // The fit holds the product (one week of sales: refused, with the reason).
  ASSERT_GE(first.refused_size(), 1);
  EXPECT_EQ(first.refused(0).product(), product);
  EXPECT_TRUE(WaitFor(absl::Seconds(20),
                      [&] { return DefaultWindow().freshness().orders_position() >= moved; }));

  RestartAnalytics({"--warm_pricing=false"});
  absl::SleepFor(absl::Seconds(2));
  const int64_t last = OneMoreOrder(product, day);
  EXPECT_GE(DefaultWindow().freshness().orders_position(), last);
}

// SIGTERM while the warm-up's read of the default window runs (held up by a lock on the
// order lines, so that it is surely under way) ends the server at once, with exit code 0.
TEST_F(AnalyticsPricingTest, AServerStoppedWhileItWarmsTheDefaultWindowExitsCleanly) {
  const std::string product = NewProduct("WARM", 1000, 600, "snacks");
  ASSERT_GT(OneMoreOrder(product, absl::ToCivilDay(absl::Now(), Zone()) - 3), 0);
  analytics_.reset();
  analytics_server_.reset();
  db::ConnectionPool pool(analytics_schema_->db_config());
  absl::StatusOr<db::ConnectionPool::Lease> locker = pool.Acquire(absl::Now() + absl::Seconds(10));
  ASSERT_TRUE(locker.ok()) << locker.status();
  std::unique_ptr<sql::Statement> lock(locker->connection().createStatement());
  lock->execute("LOCK TABLES order_line_facts WRITE");
  // The recommender's warm-up reads the order lines too: only the window's is started.
  StartAnalytics({"--warm_recommender=false"});
  const std::string waiting =
      "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE STATE = 'Waiting for table "
      "metadata lock'";
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] { return QueryInt(pool, waiting) >= 1; }));
  const absl::Time stop = absl::Now();
  analytics_server_->Signal(SIGTERM);
  EXPECT_EQ(analytics_server_->WaitForExit(absl::Seconds(10)), 0);
  EXPECT_LT(absl::Now() - stop, absl::Seconds(5));
  lock->execute("UNLOCK TABLES");
}

}  // namespace
}  // namespace sales::testing
