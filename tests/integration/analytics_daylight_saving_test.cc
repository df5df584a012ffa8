// Periods cut in a business time zone with daylight saving (America/New_York) over gRPC:
// orders placed just before and after midnight on the days the clocks go forward (a 23-hour
// day) and back (a 25-hour day), and on the days around them, land in the right day and ISO
// week, and each day's bounds say how long it was.
#include <chrono>

#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

constexpr char kNewYork[] = "America/New_York";

class AnalyticsDaylightSavingTest : public AnalyticsTest {
 protected:
  // As AnalyticsTest::SetUp, with the analytics server cutting days in New York.
  void SetUp() override {
    OrdersTest::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_TRUE(absl::LoadTimeZone(kNewYork, &zone_));
    analytics_schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    analytics_server_ =
        ServiceProcess::Start(SALES_ANALYTICS_BINARY, analytics_schema_->db_config(),
                              {"--orders_address=" + orders_server_->address(),
                               "--customers_address=" + customers_server_->address(),
                               absl::StrCat("--business_time_zone=", kNewYork)});
    ASSERT_NE(analytics_server_, nullptr) << "analytics server did not become SERVING";
    analytics_ = av1::AnalyticsService::NewStub(analytics_server_->channel());
  }

  absl::Time NewYork(int y, int m, int d, int hh, int mm) const {
    return absl::FromCivil(absl::CivilSecond(y, m, d, hh, mm, 0), zone_);
  }

  static ov1::ImportedOrder Historical(const std::string& ref, const std::string& customer,
                                       const std::string& product, absl::Time taken) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer(customer);
    o.set_channel(ov1::CHANNEL_WEB);
    o.set_region("east");
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product);
    line->set_quantity(1);
    line->mutable_unit_price()->set_minor_units(1000);
    line->mutable_unit_cost()->set_minor_units(600);
    o.set_status(ov1::ORDER_STATUS_COMPLETED);
    *o.mutable_create_time() = Ts(taken);
    *o.mutable_close_time() = Ts(taken + absl::Hours(48));
    return o;
  }

  // The KPIs of a day, customer activity included.
  av1::KpiReport Day(int y, int m, int d) {
    av1::GetKpisRequest req;
    req.mutable_period()->set_granularity(av1::GRANULARITY_DAY);
    *req.mutable_period()->mutable_time() = Ts(NewYork(y, m, d, 12, 0));
    req.set_customer_activity(true);
    av1::KpiReport out;
    const grpc::Status status = analytics_->GetKpis(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  absl::TimeZone zone_;
};

TEST_F(AnalyticsDaylightSavingTest, OrdersAroundMidnightOnDaylightSavingDaysLandOnTheirDays) {
  const std::string product = NewProduct("D-1", 1000, 600);
  // Clocks go forward at 02:00 on Sunday 9 March 2025 (EST UTC-5 -> EDT UTC-4) and back at
  // 02:00 on Sunday 2 November 2025 (EDT -> EST).
  ImportOrders({
      Historical("d-1", "customers/31", product, NewYork(2025, 3, 8, 23, 30)),   // 04:30Z on 9th
      Historical("d-2", "customers/32", product, NewYork(2025, 3, 9, 0, 30)),    // 05:30Z
      Historical("d-3", "customers/33", product, NewYork(2025, 3, 9, 23, 30)),   // 03:30Z on 10th
      Historical("d-4", "customers/33", product, NewYork(2025, 3, 10, 0, 30)),   // 04:30Z
      Historical("d-5", "customers/34", product, NewYork(2025, 11, 1, 23, 30)),  // 03:30Z on 2nd
      Historical("d-6", "customers/35", product, NewYork(2025, 11, 2, 0, 30)),   // 04:30Z
      Historical("d-7", "customers/35", product, NewYork(2025, 11, 2, 23, 30)),  // 04:30Z on 3rd
      Historical("d-8", "customers/36", product, NewYork(2025, 11, 3, 0, 30)),   // 05:30Z
  });
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    return Kpis(av1::GRANULARITY_YEAR, NewYork(2025, 6, 1, 0, 0)).values().orders() == 8;
  }));

  // Spring forward: 8 March has one order, the 23-hour 9 March two, 10 March one.
  EXPECT_EQ(Day(2025, 3, 8).values().orders(), 1);
  const av1::KpiReport forward = Day(2025, 3, 9);
  EXPECT_EQ(forward.values().orders(), 2);
  EXPECT_EQ(forward.period().label(), "2025-03-09");
  EXPECT_EQ(forward.period().time_zone(), kNewYork);
  EXPECT_EQ(forward.period().start_time().seconds(),
            absl::ToUnixSeconds(
                absl::FromCivil(absl::CivilSecond(2025, 3, 9, 5, 0, 0), absl::UTCTimeZone())));
  EXPECT_EQ(forward.period().end_time().seconds() - forward.period().start_time().seconds(),
            23 * 3600);
  const av1::KpiReport after = Day(2025, 3, 10);
  EXPECT_EQ(after.values().orders(), 1);
  // customers/33 bought at 23:30 on the 9th and 00:30 on the 10th: returning on the 10th;
  // customers/32 bought at 00:30 on the 9th only: lapsed on the 10th (customers/31's order
  // at 23:30 on the 8th is two days before).
  EXPECT_EQ(after.values().active_customers(), 1);
  EXPECT_EQ(after.values().returning_customers(), 1);
  EXPECT_EQ(after.values().lapsed_customers(), 1);
  // The ISO week of Monday 3 to Sunday 9 March holds the first three; 10 March starts W11.
  const av1::KpiReport w10 = Kpis(av1::GRANULARITY_ISO_WEEK, NewYork(2025, 3, 9, 23, 59));
  EXPECT_EQ(w10.period().label(), "2025-W10");
  EXPECT_EQ(w10.values().orders(), 3);
  EXPECT_EQ(Kpis(av1::GRANULARITY_ISO_WEEK, NewYork(2025, 3, 10, 0, 0)).values().orders(), 1);

  // Fall back: the 25-hour 2 November holds the orders at 00:30 and 23:30.
  EXPECT_EQ(Day(2025, 11, 1).values().orders(), 1);
  const av1::KpiReport back = Day(2025, 11, 2);
  EXPECT_EQ(back.values().orders(), 2);
  EXPECT_EQ(back.period().end_time().seconds() - back.period().start_time().seconds(), 25 * 3600);
  EXPECT_EQ(back.values().repeat_customers(), 1);  // customers/35, twice that day
  EXPECT_EQ(Day(2025, 11, 3).values().orders(), 1);
  // 2 November is a Sunday: its week (W44) holds 1 and 2 November, W45 starts on the 3rd.
  EXPECT_EQ(Kpis(av1::GRANULARITY_ISO_WEEK, NewYork(2025, 11, 2, 23, 59)).values().orders(), 3);

  // A daily trend over the spring change: one point per civil day, no gap, no double.
  av1::GetKpiTrendRequest req;
  req.set_granularity(av1::GRANULARITY_DAY);
  req.set_first_day("2025-03-08");
  req.set_last_day("2025-03-10");
  av1::KpiTrend trend;
  ASSERT_TRUE(analytics_->GetKpiTrend(Ctx().get(), req, &trend).ok());
  ASSERT_EQ(trend.points_size(), 3);
  EXPECT_EQ(trend.points(0).values().orders(), 1);
  EXPECT_EQ(trend.points(1).values().orders(), 2);
  EXPECT_EQ(trend.points(1).period().label(), "2025-03-09");
  EXPECT_EQ(trend.points(2).values().orders(), 1);
}

}  // namespace
}  // namespace sales::testing
