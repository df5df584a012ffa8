// Customer value over gRPC, from history imported through the orders service: RFM scores
// and segments by hand-computed quintiles, movements between two scorings, and the
// BG/NBD and Gamma-Gamma fit with its holdout check and customers' values.
#include <chrono>
#include <random>

#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class AnalyticsCustomerValueTest : public AnalyticsTest {
 protected:
  void SetUp() override {
    AnalyticsTest::SetUp();
    if (HasFatalFailure()) return;
    product_ = NewProduct("CV-1", 1000, 500);
  }

  // An order of `units` units at 10.00 on `day` at noon in the business zone.
  void Add(const std::string& customer, absl::CivilDay day, int64_t units,
           ov1::OrderStatus status = ov1::ORDER_STATUS_COMPLETED) {
    ov1::ImportedOrder o;
    o.set_external_ref(absl::StrCat("cv-", next_ref_++));
    o.set_customer(customer);
    o.set_channel(ov1::CHANNEL_WEB);
    o.set_region("east");
    ov1::OrderLine* line = o.add_lines();
    line->set_product(product_);
    line->set_quantity(units);
    line->mutable_unit_price()->set_minor_units(1000);
    line->mutable_unit_cost()->set_minor_units(500);
    o.set_status(status);
    const absl::Time t = absl::FromCivil(absl::CivilSecond(day) + 12 * 3600, Zone());
    *o.mutable_create_time() = Ts(t);
    *o.mutable_close_time() = Ts(t + absl::Hours(1));
    pending_.push_back(std::move(o));
  }

  // Imports what Add collected and waits until analytics has every order.
  void ImportAll() {
    ov1::ImportOrdersResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(120));
    auto writer = orders_->ImportOrders(ctx.get(), &resp);
    for (const ov1::ImportedOrder& o : pending_) {
      ov1::ImportOrdersRequest req;
      *req.mutable_order() = o;
      ASSERT_TRUE(writer->Write(req));
    }
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(resp.imported(), static_cast<int64_t>(pending_.size()));
    int64_t counted = 0, cancelled = 0;
    for (const ov1::ImportedOrder& o : pending_) {
      (o.status() == ov1::ORDER_STATUS_CANCELLED ? cancelled : counted) += 1;
    }
    av1::GetKpisRequest req;
    req.mutable_period()->set_granularity(av1::GRANULARITY_CUSTOM);
    req.mutable_period()->set_first_day("2000-01-01");
    req.mutable_period()->set_last_day("2030-12-31");
    ASSERT_TRUE(WaitFor(absl::Seconds(30), [&] {
      av1::KpiReport report;
      return analytics_->GetKpis(Ctx().get(), req, &report).ok() &&
             report.values().orders() == counted && report.values().cancelled_orders() == cancelled;
    }));
    pending_.clear();
  }

  std::string product_;
  std::vector<ov1::ImportedOrder> pending_;
  int next_ref_ = 0;
};

TEST_F(AnalyticsCustomerValueTest, RfmScoresAreQuintilesAndSegmentsFollowTheGrid) {
  // Five customers, each better than the next on recency, frequency and money; as of
  // 2025-06-30 with a 365-day window. With five distinct values, the quintile scores are
  // the ranks 5, 4, 3, 2, 1.
  const absl::CivilDay as_of(2025, 6, 30);
  for (int c = 0; c < 5; ++c) {
    const std::string customer = absl::StrCat("customers/", 700 + c);
    const int purchases = 5 - c;  // 5, 4, 3, 2, 1 purchase days
    for (int k = 0; k < purchases; ++k) Add(customer, as_of - (c * 30) - (k * 40), 5 - c);
  }
  // Two orders on one day count as one purchase day; a cancelled one not at all; one
  // before the window neither.
  Add("customers/700", as_of, 1);
  Add("customers/704", as_of, 9, ov1::ORDER_STATUS_CANCELLED);
  Add("customers/704", as_of - 400, 9);
  ImportAll();

  av1::GetRfmSegmentsRequest req;
  req.set_as_of_day("2025-06-30");
  av1::RfmReport report;
  ASSERT_TRUE(analytics_->GetRfmSegments(Ctx().get(), req, &report).ok());
  EXPECT_EQ(report.window_first_day(), "2024-07-01");
  EXPECT_EQ(report.customers_scored(), 5);
  ASSERT_EQ(report.segments_size(), 11);
  int64_t customers = 0, revenue = 0;
  for (const av1::RfmSegmentSummary& s : report.segments()) {
    customers += s.customers();
    revenue += s.revenue_minor();
  }
  EXPECT_EQ(customers, 5);
  // 700: 5 orders of 5 units + 1 unit; 701: 4 x 4; 702: 3 x 3; 703: 2 x 2; 704: 1 x 1.
  EXPECT_EQ(revenue, (25 + 1 + 16 + 9 + 4 + 1) * 1000);
  // 700 scores 5/5/5 and 701 4/4/4: both champions (R 4-5, FM 4-5).
  EXPECT_EQ(report.segments(0).segment(), "champions");
  EXPECT_EQ(report.segments(0).customers(), 2);
  EXPECT_EQ(report.segments(0).revenue_minor(), (26 + 16) * 1000);

  av1::GetCustomerRfmRequest one;
  one.set_customer("customers/700");
  one.set_as_of_day("2025-06-30");
  av1::CustomerRfm best;
  ASSERT_TRUE(analytics_->GetCustomerRfm(Ctx().get(), one, &best).ok());
  EXPECT_EQ(best.recency_score(), 5);
  EXPECT_EQ(best.frequency_score(), 5);
  EXPECT_EQ(best.monetary_score(), 5);
  EXPECT_EQ(best.segment(), "champions");
  EXPECT_EQ(best.recency_days(), 0);
  EXPECT_EQ(best.frequency(), 5);
  EXPECT_EQ(best.monetary_minor(), 26000);
  one.set_customer("customers/704");
  av1::CustomerRfm worst;
  ASSERT_TRUE(analytics_->GetCustomerRfm(Ctx().get(), one, &worst).ok());
  EXPECT_EQ(worst.recency_score(), 1);
  EXPECT_EQ(worst.fm_score(), 1);
  EXPECT_EQ(worst.segment(), "lost");
  EXPECT_EQ(worst.recency_days(), 120);
  EXPECT_EQ(worst.frequency(), 1);
  // 702 is in the middle everywhere: R 3, FM 3 -> need attention.
  one.set_customer("customers/702");
  av1::CustomerRfm middle;
  ASSERT_TRUE(analytics_->GetCustomerRfm(Ctx().get(), one, &middle).ok());
  EXPECT_EQ(middle.segment(), "need_attention");

  one.set_customer("customers/999");
  EXPECT_RPC_ERROR(analytics_->GetCustomerRfm(Ctx().get(), one, &worst), StatusCode::NOT_FOUND,
                   "customer");
  one.set_customer("clients/1");
  EXPECT_RPC_ERROR(analytics_->GetCustomerRfm(Ctx().get(), one, &worst),
                   StatusCode::INVALID_ARGUMENT, "customer");
  req.set_window_days(-1);
  EXPECT_RPC_ERROR(analytics_->GetRfmSegments(Ctx().get(), req, &report),
                   StatusCode::INVALID_ARGUMENT, "window_days");

  // Half a year later nobody bought again: everyone is scored in both, and movements add
  // up to them.
  av1::GetRfmMovementsRequest moves;
  moves.set_from_as_of_day("2025-06-30");
  moves.set_to_as_of_day("2025-07-31");
  av1::RfmMovements movements;
  ASSERT_TRUE(analytics_->GetRfmMovements(Ctx().get(), moves, &movements).ok());
  int64_t moved = 0;
  for (const av1::RfmMovement& m : movements.movements()) moved += m.customers();
  EXPECT_EQ(moved, movements.in_both());
  EXPECT_EQ(movements.in_both(), 5);
  moves.set_to_as_of_day("2025-06-01");
  EXPECT_RPC_ERROR(analytics_->GetRfmMovements(Ctx().get(), moves, &movements),
                   StatusCode::INVALID_ARGUMENT, "to_as_of_day");
}

TEST_F(AnalyticsCustomerValueTest, TheLifetimeModelsFitAndAnswerPerCustomer) {
  // 150 customers over a year: each buys every `gap` days from their first day, where gap
  // and first day vary, some stop early (churn), and amounts vary by customer.
  std::mt19937 rng(7);
  const absl::CivilDay start(2024, 1, 1);
  for (int c = 0; c < 150; ++c) {
    const std::string customer = absl::StrCat("customers/", 1000 + c);
    const int gap = 10 + static_cast<int>(rng() % 50);
    const int first = static_cast<int>(rng() % 120);
    const int stop = 60 + static_cast<int>(rng() % 400);
    const int units = 1 + static_cast<int>(rng() % 4);
    for (int d = first; d < 365 && d < stop; d += gap) Add(customer, start + d, units);
  }
  ImportAll();

  av1::FitCustomerValueRequest req;
  req.set_calibration_end_day("2024-09-30");
  req.set_holdout_end_day("2024-12-30");
  req.set_time_unit(av1::TIME_UNIT_WEEK);
  req.set_monthly_discount_rate(0.01);
  req.add_customers("customers/1000");
  req.add_customers("customers/99999");  // never bought: left out
  req.set_top(5);
  av1::CustomerValueModel model;
  const grpc::Status status = analytics_->FitCustomerValue(Ctx().get(), req, &model);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_GT(model.customers(), 100);
  EXPECT_TRUE(model.purchases().converged());
  EXPECT_GT(model.purchases().r(), 0);
  EXPECT_GT(model.purchases().alpha(), 0);
  EXPECT_LT(model.purchases().log_likelihood(), 0);
  ASSERT_TRUE(model.has_spend());
  EXPECT_GT(model.spend().customers(), 50);
  EXPECT_EQ(model.horizon_months(), 12);
  ASSERT_TRUE(model.has_holdout());
  EXPECT_EQ(model.holdout().first_day(), "2024-10-01");
  EXPECT_GT(model.holdout().actual_purchases(), 0);
  EXPECT_GT(model.holdout().predicted_purchases(), 0);

  ASSERT_EQ(model.customers_requested_size(), 1);
  const av1::CustomerValue& v = model.customers_requested(0);
  EXPECT_EQ(v.customer(), "customers/1000");
  EXPECT_GT(v.probability_alive(), 0);
  EXPECT_LE(v.probability_alive(), 1);
  EXPECT_DOUBLE_EQ(v.churn_risk(), 1 - v.probability_alive());
  EXPECT_GE(v.lifetime_value_minor(), 0);
  ASSERT_EQ(model.top_size(), 5);
  for (int i = 1; i < model.top_size(); ++i) {
    EXPECT_GE(model.top(i - 1).lifetime_value_minor(), model.top(i).lifetime_value_minor());
  }

  req.set_holdout_end_day("2024-09-01");
  EXPECT_RPC_ERROR(analytics_->FitCustomerValue(Ctx().get(), req, &model),
                   StatusCode::INVALID_ARGUMENT, "holdout_end_day");
  req.clear_holdout_end_day();
  req.set_calibration_end_day("");
  EXPECT_RPC_ERROR(analytics_->FitCustomerValue(Ctx().get(), req, &model),
                   StatusCode::INVALID_ARGUMENT, "calibration_end_day");
}

}  // namespace
}  // namespace sales::testing
