// Live attainment end to end over gRPC: customers, orders and incentives servers, each on its
// own schema. Orders are completed and one is partly returned; GetAttainment of the rep, its
// team and the company is exactly as computed by hand, and WatchAttainment sends a new figure
// after an order completes and ends when the caller cancels.
#include "tests/integration/incentives_orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class IncentivesAttainmentTest : public IncentivesOrdersTest {
 protected:
  // The linear pace of `actual` today: actual / elapsed * days, rounded half up (actual >= 0).
  int64_t Pace(int64_t actual) const {
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), zone_);
    const absl::CivilMonth month(today);
    const int64_t days = absl::CivilDay(month + 1) - absl::CivilDay(month);
    const int64_t elapsed = today - absl::CivilDay(month) + 1;
    if (elapsed == days) return actual;
    return (actual * days * 2 + elapsed) / (elapsed * 2);
  }
};

TEST_F(IncentivesAttainmentTest, AttainmentAfterCompletedOrdersAndAPartialReturn) {
  const std::string east = EastWithReps();
  if (HasFailure()) return;
  MonthTarget("reps/li", 40000);  // 400.00
  MonthTarget(east, 60000);       // 600.00
  MonthTarget("company", 90000);  // 900.00
  MonthTarget("reps/li", 3, iv1::METRIC_UNITS);

  // Order 1: 3 units at 100.00 (cost 60.00), Li 60% and Zhang 40%: Li 180.00 / 72.00 / 2
  // units, Zhang 120.00 / 48.00 / 1. Order 2: 1 unit at 100.00 for a rep incentives does not
  // know (the company's only). One unit of order 1 comes back: Li -60.00 / -24.00 / -1,
  // Zhang -40.00 / -16.00 / 0.
  const ov1::Order first = DeliveredOrder(StockedProduct("A-1", 10000, 6000), 3,
                                          {{"reps/li", 6000}, {"reps/zhang", 4000}});
  Complete(first.name());
  Complete(DeliveredOrder(StockedProduct("A-2", 10000, 6000), 1, {{"reps/ghost", 10000}}).name());
  ReturnUnits(first.name(), 1);
  WaitForCredits(5);
  if (HasFatalFailure()) return;

  // Li: 120.00 of 400.00 = 3000 bp, 280.00 to go.
  const iv1::Attainment li = Attainment("reps/li");
  EXPECT_EQ(li.actual(), 12000);
  EXPECT_EQ(li.target_amount(), 40000);
  EXPECT_TRUE(li.has_ratio());
  EXPECT_EQ(li.attainment_bp(), 3000);
  EXPECT_EQ(li.gap(), 28000);
  EXPECT_EQ(li.credit_count(), 2);
  EXPECT_EQ(li.projected(), Pace(12000));
  EXPECT_EQ(li.days_elapsed() + li.days_remaining(), li.period_days());
  EXPECT_EQ(li.currency_code(), "CNY");
  // Units: 2 - 1 = 1 of 3 = 3333.33 -> 3333 bp.
  const iv1::Attainment li_units = Attainment("reps/li", iv1::METRIC_UNITS);
  EXPECT_EQ(li_units.actual(), 1);
  EXPECT_EQ(li_units.attainment_bp(), 3333);
  EXPECT_EQ(li_units.currency_code(), "");
  EXPECT_EQ(Attainment("reps/li", iv1::METRIC_GROSS_MARGIN).actual(), 4800);
  // East: 120.00 + 80.00 = 200.00 of 600.00 = 3333.33 -> 3333 bp.
  const iv1::Attainment team = Attainment(east);
  EXPECT_EQ(team.actual(), 20000);
  EXPECT_EQ(team.attainment_bp(), 3333);
  EXPECT_EQ(team.gap(), 40000);
  // The company: 200.00 + the unknown rep's 100.00 = 300.00 of 900.00 = 3333 bp.
  const iv1::Attainment company = Attainment("company");
  EXPECT_EQ(company.actual(), 30000);
  EXPECT_EQ(company.attainment_bp(), 3333);
  EXPECT_EQ(company.gap(), 60000);
  // Zhang has no target.
  const iv1::Attainment zhang = Attainment("reps/zhang");
  EXPECT_EQ(zhang.actual(), 8000);
  EXPECT_FALSE(zhang.has_target());
  EXPECT_EQ(zhang.attainment_bp(), 0);
}

TEST_F(IncentivesAttainmentTest, WatchAttainmentSendsAnUpdateAfterAnOrderCompletesAndEndsOnCancel) {
  NewRep("wu", "Wu", "");  // in no team
  MonthTarget("reps/wu", 100000);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(60));
  iv1::WatchAttainmentRequest req;
  req.set_owner("reps/wu");
  req.set_period(period_);
  req.set_metric(iv1::METRIC_REVENUE);
  std::unique_ptr<grpc::ClientReader<iv1::Attainment>> reader =
      incentives_->WatchAttainment(&ctx, req);
  iv1::Attainment update;
  ASSERT_TRUE(reader->Read(&update));  // the figures at once
  EXPECT_EQ(update.owner(), "reps/wu");
  EXPECT_EQ(update.actual(), 0);
  EXPECT_EQ(update.target_amount(), 100000);

  // 2 units at 125.00 for Wu alone: 250.00 = 2500 bp.
  const ov1::Order order =
      DeliveredOrder(StockedProduct("W-1", 12500, 5000), 2, {{"reps/wu", 10000}});
  Complete(order.name());
  ASSERT_TRUE(reader->Read(&update));
  EXPECT_EQ(update.actual(), 25000);
  EXPECT_EQ(update.attainment_bp(), 2500);
  EXPECT_EQ(update.credit_count(), 1);

  // A return of one unit: another update, 125.00 = 1250 bp.
  ReturnUnits(order.name(), 1);
  ASSERT_TRUE(reader->Read(&update));
  EXPECT_EQ(update.actual(), 12500);
  EXPECT_EQ(update.attainment_bp(), 1250);

  ctx.TryCancel();
  while (reader->Read(&update)) {
  }
  EXPECT_EQ(reader->Finish().error_code(), StatusCode::CANCELLED);
}

}  // namespace
}  // namespace sales::testing
