// Customers, orders and an incentives server following the orders feed, each on a fresh
// schema, days cut in Asia/Shanghai, money in CNY; with helpers that make the organisation,
// targets and a plan, complete and return orders through the orders service, wait until
// incentives has credited them, and read credits, attainment, statements and leaderboards
// back. The month of the test is the current one in Shanghai (orders complete now).
//
// IncentivesOrdersFixture<Base> starts incentives on top of Base: OrdersTest (customers and
// orders; IncentivesOrdersTest) or AnalyticsTest (analytics too, for a test that reads both).
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "tests/harness/query_int.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/incentives_calls.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {

// A rep's part of an order: a revenue share (or, with kind OVERLAY, an overlay credit on top)
// in basis points. An unset kind is revenue credit.
struct Share {
  std::string rep;
  int bp = 0;
  ov1::SalesCreditKind kind = ov1::SALES_CREDIT_KIND_UNSPECIFIED;
};

template <class Base>
class IncentivesOrdersFixture : public Base {
 protected:
  static constexpr char kIncentivesZone[] = "Asia/Shanghai";

  void SetUp() override {
    Base::SetUp();
    if (this->HasFatalFailure()) return;
    incentives_schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    StartIncentives();
    if (this->HasFatalFailure()) return;
    ASSERT_TRUE(absl::LoadTimeZone(kIncentivesZone, &zone_));
    const absl::CivilMonth month(absl::ToCivilDay(absl::Now(), zone_));
    period_ = absl::FormatCivilTime(month).substr(0, 7);
    next_period_ = absl::FormatCivilTime(month + 1).substr(0, 7);
    first_day_ = period_ + "-01";
    last_day_ = absl::FormatCivilTime(absl::CivilDay(month + 1) - 1);
    customer_ = this->NewCustomer();
  }

  void TearDown() override {
    incentives_db_.reset();
    incentives_.reset();
    incentives_server_.reset();
    incentives_schema_.reset();
    Base::TearDown();
  }

  // (Re)starts the incentives server on its schema, following the orders feed; it resumes
  // from its checkpoint.
  void StartIncentives() {
    incentives_.reset();
    incentives_server_.reset();
    incentives_server_ = ServiceProcess::Start(
        SALES_INCENTIVES_BINARY, incentives_schema_->db_config(),
        {"--orders_address=" + this->orders_server_->address(),
         absl::StrCat("--business_time_zone=", kIncentivesZone), "--currency=CNY"});
    ASSERT_NE(incentives_server_, nullptr) << "incentives server did not become SERVING";
    incentives_ = iv1::IncentivesService::NewStub(incentives_server_->channel());
  }

  // A pool on the incentives schema, for what a test reads there directly.
  db::ConnectionPool& IncentivesDb() {
    if (!incentives_db_) {
      incentives_db_ = std::make_unique<db::ConnectionPool>(incentives_schema_->db_config());
    }
    return *incentives_db_;
  }

  // A new team's name, under `parent` when given.
  std::string NewTeam(const std::string& display_name, const std::string& parent = "") {
    return CreateTeam(*incentives_, display_name, parent);
  }

  // reps/{id}, named `display_name`, in `team` since 2020 (no team: in none).
  void NewRep(const std::string& id, const std::string& display_name, const std::string& team) {
    CreateRep(*incentives_, id, display_name, team, "2020-01-01");
  }

  // Team East with reps li and zhang (named by their ids) in it since 2020; its name.
  std::string EastWithReps() {
    const std::string east = NewTeam("East");
    for (const char* id : {"li", "zhang"}) NewRep(id, id, east);
    return east;
  }

  // A target of `owner` for this month, due in 40 days, in minor units (a count for units).
  iv1::Target MonthTarget(const std::string& owner, int64_t amount,
                          iv1::Metric metric = iv1::METRIC_REVENUE) {
    return CreateTarget(*incentives_, metric, period_, owner, amount,
                        absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 40)));
  }
  // A revenue target of `owner` for this month, in minor units.
  void RevenueTarget(const std::string& owner, int64_t amount) { MonthTarget(owner, amount); }

  // Plan `display_name` with `terms` as its version 1, published from this month and
  // assigned to `teams` since 2020.
  PublishedPlan PublishPlanFromThisMonth(const iv1::PlanVersion& terms,
                                         const std::vector<std::string>& teams,
                                         const std::string& display_name = "East 2026") {
    return PublishPlan(*incentives_, display_name, terms, period_, teams);
  }

  // A new product of `category` with 100 units in stock in WH1; its name.
  std::string StockedProduct(const std::string& sku, int64_t price, int64_t cost,
                             const std::string& category = "general") {
    const std::string product = this->NewProduct(sku, price, cost, category);
    this->Receive(product, "WH1", 100);
    return product;
  }

  // A CreateOrder request of `quantity` units of `product` for the test's customer (store
  // channel, region north, WH1), credited by `shares`.
  ov1::CreateOrderRequest OrderRequest(const std::string& product, int64_t quantity,
                                       const std::vector<Share>& shares) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer_);
    o->set_channel(ov1::CHANNEL_STORE);
    o->set_region("north");
    o->set_warehouse("WH1");
    for (const Share& s : shares) {
      ov1::SalesCredit* credit = o->add_sales_credits();
      credit->set_rep(s.rep);
      credit->set_revenue_share_bp(s.bp);
      credit->set_kind(s.kind);
    }
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product);
    line->set_quantity(quantity);
    return req;
  }

  // A delivered order of `quantity` units of `product` (no tax, no discount), credited by
  // `shares`. The product must have stock in WH1.
  ov1::Order DeliveredOrder(const std::string& product, int64_t quantity,
                            const std::vector<Share>& shares) {
    ov1::Order order;
    const grpc::Status status = this->orders_->CreateOrder(
        this->Ctx().get(), OrderRequest(product, quantity, shares), &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return Deliver(order.name());
  }

  // Confirms, ships (all of it) and delivers a received order; the order as delivered.
  ov1::Order Deliver(const std::string& name) {
    ov1::Order order;
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(name);
    EXPECT_TRUE(this->orders_->ConfirmOrder(this->Ctx().get(), confirm, &order).ok());
    ov1::ShipOrderRequest ship;
    ship.set_name(name);
    ship.set_carrier("EMS");
    ship.set_tracking_number("EMS-" + name.substr(name.find('/') + 1));
    EXPECT_TRUE(this->orders_->ShipOrder(this->Ctx().get(), ship, &order).ok());
    ov1::DeliverShipmentRequest deliver;
    if (order.shipments_size() > 0) deliver.set_name(order.shipments(0).name());
    EXPECT_TRUE(this->orders_->DeliverShipment(this->Ctx().get(), deliver, &order).ok());
    return order;
  }

  // Completes a delivered order; the order as completed.
  ov1::Order Complete(const std::string& name) {
    ov1::Order order;
    ov1::CompleteOrderRequest complete;
    complete.set_name(name);
    const grpc::Status status = this->orders_->CompleteOrder(this->Ctx().get(), complete, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(order.status(), ov1::ORDER_STATUS_COMPLETED);
    return order;
  }

  // A completed order of `quantity` units of `product`, credited by `shares`.
  ov1::Order CompletedOrder(const std::string& product, int64_t quantity,
                            const std::vector<Share>& shares) {
    return Complete(DeliveredOrder(product, quantity, shares).name());
  }

  // Returns `units` of line 1 of `order` and resolves the return with a refund (restocked);
  // the return's name.
  std::string ReturnUnits(const std::string& order, int64_t units) {
    ov1::CreateReturnRequest req;
    ov1::Return* r = req.mutable_order_return();
    r->set_order(order);
    r->set_reason("changed mind");
    ov1::ReturnLine* line = r->add_lines();
    line->set_line_id(1);
    line->set_quantity(units);
    ov1::Return ret;
    EXPECT_TRUE(this->orders_->CreateReturn(this->Ctx().get(), req, &ret).ok());
    ov1::ReceiveReturnRequest receive;
    receive.set_name(ret.name());
    EXPECT_TRUE(this->orders_->ReceiveReturn(this->Ctx().get(), receive, &ret).ok());
    ov1::ResolveReturnRequest resolve;
    resolve.set_name(ret.name());
    resolve.set_disposition(ov1::DISPOSITION_RESTOCK);
    const grpc::Status status = this->orders_->ResolveReturn(this->Ctx().get(), resolve, &ret);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return ret.name();
  }

  // The number of credits incentives holds: every credit and reversal of any month,
  // overlay and unassigned ones included.
  int64_t CreditCount() { return QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits"); }

  // Waits until incentives has applied `count` credits (CreditCount).
  void WaitForCredits(int64_t count) {
    ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] { return CreditCount() == count; }))
        << "credits applied: " << CreditCount() << ", expected " << count;
  }

  // This month's credits, filtered by `filter` (a rep, a team, unassigned).
  std::vector<iv1::Credit> Credits(const std::function<void(iv1::ListCreditsRequest&)>& filter) {
    return ListCredits(*incentives_, period_, filter);
  }
  std::vector<iv1::Credit> CreditsOf(const std::string& rep) {
    return Credits([&](iv1::ListCreditsRequest& r) { r.set_rep(rep); });
  }

  // This month's credit totals of `owner` ("company", a team or a rep).
  iv1::CreditTotals Totals(const std::string& owner) {
    return CreditTotals(*incentives_, owner, period_);
  }
  iv1::CreditTotals CompanyTotals() { return Totals("company"); }

  iv1::Attainment Attainment(const std::string& owner, iv1::Metric metric = iv1::METRIC_REVENUE) {
    return GetAttainment(*incentives_, owner, period_, metric);
  }

  // `rep`'s statement of `period` (this month when empty).
  iv1::Statement Statement(const std::string& rep, const std::string& period = "") {
    return GetStatement(*incentives_, rep, period.empty() ? period_ : period);
  }

  // This month's leaderboard of `team`'s reps by `by`.
  iv1::Leaderboard Board(iv1::LeaderboardMeasure by, const std::string& team) {
    return GetLeaderboard(*incentives_, period_, by, team);
  }

  absl::TimeZone zone_;
  std::string customer_;
  // This month in Shanghai, "YYYY-MM", the next one, and this month's first and last days.
  std::string period_;
  std::string next_period_;
  std::string first_day_;
  std::string last_day_;
  std::unique_ptr<TestSchema> incentives_schema_;
  std::unique_ptr<ServiceProcess> incentives_server_;
  std::unique_ptr<iv1::IncentivesService::Stub> incentives_;
  std::unique_ptr<db::ConnectionPool> incentives_db_;
};

using IncentivesOrdersTest = IncentivesOrdersFixture<OrdersTest>;

}  // namespace sales::testing
