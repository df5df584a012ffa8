// Live attainment end to end over gRPC: customers, orders and incentives servers, each on its
// own schema. Orders are completed and one is partly returned; GetAttainment of the rep, its
// team and the company is exactly as computed by hand, and WatchAttainment sends a new figure
// after an order completes and ends when the caller cancels.
#include "absl/time/clock.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "tests/harness/query_int.h"
#include "tests/harness/rpc_error.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

namespace iv1 = ::sales::incentives::v1;
using grpc::StatusCode;

class IncentivesAttainmentTest : public OrdersTest {
 protected:
  static constexpr char kZone[] = "Asia/Shanghai";

  void SetUp() override {
    OrdersTest::SetUp();
    if (HasFatalFailure()) return;
    incentives_schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    incentives_server_ =
        ServiceProcess::Start(SALES_INCENTIVES_BINARY, incentives_schema_->db_config(),
                              {"--orders_address=" + orders_server_->address(),
                               absl::StrCat("--business_time_zone=", kZone), "--currency=CNY"});
    ASSERT_NE(incentives_server_, nullptr) << "incentives server did not become SERVING";
    incentives_ = iv1::IncentivesService::NewStub(incentives_server_->channel());
    ASSERT_TRUE(absl::LoadTimeZone(kZone, &zone_));
    // Orders complete now: the figures fall in this month of Shanghai.
    period_ = absl::FormatTime("%Y-%m", absl::Now(), zone_);
    customer_ = NewCustomer();
  }

  void TearDown() override {
    incentives_db_.reset();
    incentives_.reset();
    incentives_server_.reset();
    incentives_schema_.reset();
    OrdersTest::TearDown();
  }

  db::ConnectionPool& IncentivesDb() {
    if (!incentives_db_) {
      incentives_db_ = std::make_unique<db::ConnectionPool>(incentives_schema_->db_config());
    }
    return *incentives_db_;
  }

  // A delivered order of `quantity` units of a new product (no tax, no discount), credited
  // to `credits` (rep, share in bp).
  ov1::Order DeliveredOrder(const std::string& sku, int64_t quantity, int64_t price, int64_t cost,
                            const std::vector<std::pair<std::string, int>>& credits) {
    const std::string product = NewProduct(sku, price, cost);
    Receive(product, "WH1", 100);
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer_);
    o->set_channel(ov1::CHANNEL_STORE);
    o->set_region("north");
    o->set_warehouse("WH1");
    for (const auto& [rep, bp] : credits) {
      ov1::SalesCredit* credit = o->add_sales_credits();
      credit->set_rep(rep);
      credit->set_revenue_share_bp(bp);
    }
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product);
    line->set_quantity(quantity);
    ov1::Order order;
    EXPECT_TRUE(orders_->CreateOrder(Ctx().get(), req, &order).ok());
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(order.name());
    EXPECT_TRUE(orders_->ConfirmOrder(Ctx().get(), confirm, &order).ok());
    ov1::ShipOrderRequest ship;
    ship.set_name(order.name());
    ship.set_carrier("EMS");
    ship.set_tracking_number("EMS-" + sku);
    EXPECT_TRUE(orders_->ShipOrder(Ctx().get(), ship, &order).ok());
    ov1::DeliverShipmentRequest deliver;
    if (order.shipments_size() > 0) deliver.set_name(order.shipments(0).name());
    EXPECT_TRUE(orders_->DeliverShipment(Ctx().get(), deliver, &order).ok());
    return order;
  }

  void Complete(const std::string& name) {
    ov1::Order order;
    ov1::CompleteOrderRequest complete;
    complete.set_name(name);
    const grpc::Status status = orders_->CompleteOrder(Ctx().get(), complete, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // Returns `units` of line 1 of `order` and resolves it with a refund.
  void ReturnUnits(const std::string& order, int64_t units) {
    ov1::CreateReturnRequest req;
    ov1::Return* r = req.mutable_order_return();
    r->set_order(order);
    r->set_reason("changed mind");
    ov1::ReturnLine* line = r->add_lines();
    line->set_line_id(1);
    line->set_quantity(units);
    ov1::Return ret;
    EXPECT_TRUE(orders_->CreateReturn(Ctx().get(), req, &ret).ok());
    ov1::ReceiveReturnRequest receive;
    receive.set_name(ret.name());
    EXPECT_TRUE(orders_->ReceiveReturn(Ctx().get(), receive, &ret).ok());
    ov1::ResolveReturnRequest resolve;
    resolve.set_name(ret.name());
    resolve.set_disposition(ov1::DISPOSITION_RESTOCK);
    EXPECT_TRUE(orders_->ResolveReturn(Ctx().get(), resolve, &ret).ok());
  }

  void NewTarget(const std::string& owner, int64_t amount,
                 iv1::Metric metric = iv1::METRIC_REVENUE) {
    iv1::CreateTargetRequest req;
    iv1::Target* t = req.mutable_target();
    t->set_metric(metric);
    t->set_period(period_);
    t->set_owner(owner);
    t->set_amount(amount);
    t->mutable_deadline()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 60)));
    iv1::Target out;
    const grpc::Status status = incentives_->CreateTarget(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  iv1::Attainment Attainment(const std::string& owner, iv1::Metric metric = iv1::METRIC_REVENUE) {
    iv1::GetAttainmentRequest req;
    req.set_owner(owner);
    req.set_period(period_);
    req.set_metric(metric);
    iv1::Attainment out;
    const grpc::Status status = incentives_->GetAttainment(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // The linear pace of `actual` today: actual / elapsed * days, rounded half up (actual >= 0).
  int64_t Pace(int64_t actual) const {
    const absl::CivilDay today = absl::ToCivilDay(absl::Now(), zone_);
    const absl::CivilMonth month(today);
    const int64_t days = absl::CivilDay(month + 1) - absl::CivilDay(month);
    const int64_t elapsed = today - absl::CivilDay(month) + 1;
    if (elapsed == days) return actual;
    return (actual * days * 2 + elapsed) / (elapsed * 2);
  }

  absl::TimeZone zone_;
  std::string customer_;
  std::string period_;
  std::unique_ptr<TestSchema> incentives_schema_;
  std::unique_ptr<ServiceProcess> incentives_server_;
  std::unique_ptr<iv1::IncentivesService::Stub> incentives_;
  std::unique_ptr<db::ConnectionPool> incentives_db_;
};

TEST_F(IncentivesAttainmentTest, AttainmentAfterCompletedOrdersAndAPartialReturn) {
  iv1::CreateTeamRequest team_req;
  team_req.mutable_team()->set_display_name("East");
  iv1::Team east;
  ASSERT_TRUE(incentives_->CreateTeam(Ctx().get(), team_req, &east).ok());
  for (const char* id : {"li", "zhang"}) {
    iv1::CreateRepRequest rep;
    rep.mutable_rep()->set_name(absl::StrCat("reps/", id));
    rep.mutable_rep()->set_display_name(id);
    rep.set_team(east.name());
    rep.set_effective_day("2020-01-01");
    iv1::Rep out;
    ASSERT_TRUE(incentives_->CreateRep(Ctx().get(), rep, &out).ok());
  }
  NewTarget("reps/li", 40000);    // 400.00
  NewTarget(east.name(), 60000);  // 600.00
  NewTarget("company", 90000);    // 900.00
  NewTarget("reps/li", 3, iv1::METRIC_UNITS);

  // Order 1: 3 units at 100.00 (cost 60.00), Li 60% and Zhang 40%: Li 180.00 / 72.00 / 2
  // units, Zhang 120.00 / 48.00 / 1. Order 2: 1 unit at 100.00 for a rep incentives does not
  // know (the company's only). One unit of order 1 comes back: Li -60.00 / -24.00 / -1,
  // Zhang -40.00 / -16.00 / 0.
  const ov1::Order first =
      DeliveredOrder("A-1", 3, 10000, 6000, {{"reps/li", 6000}, {"reps/zhang", 4000}});
  Complete(first.name());
  Complete(DeliveredOrder("A-2", 1, 10000, 6000, {{"reps/ghost", 10000}}).name());
  ReturnUnits(first.name(), 1);
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    return QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits") == 5;
  }));

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
  const iv1::Attainment team = Attainment(east.name());
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
  iv1::CreateRepRequest rep;
  rep.mutable_rep()->set_name("reps/wu");
  rep.mutable_rep()->set_display_name("Wu");
  iv1::Rep created;
  ASSERT_TRUE(incentives_->CreateRep(Ctx().get(), rep, &created).ok());
  NewTarget("reps/wu", 100000);
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
  const ov1::Order order = DeliveredOrder("W-1", 2, 12500, 5000, {{"reps/wu", 10000}});
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
