// Credits end to end over gRPC: customers, orders and incentives servers, each on its own
// schema. Orders are completed and one is partly returned; incentives follows the orders
// feed and credits each rep by the order's split, reverses the returned part split the same
// way, keeps the credit of a rep it does not know as unassigned, and totals rep, team and
// company. A replay of the whole feed changes nothing.
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

class IncentivesCreditsTest : public OrdersTest {
 protected:
  static constexpr char kZone[] = "Asia/Shanghai";

  void SetUp() override {
    OrdersTest::SetUp();
    if (HasFatalFailure()) return;
    incentives_schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    StartIncentives();
    if (HasFatalFailure()) return;
    absl::TimeZone zone;
    ASSERT_TRUE(absl::LoadTimeZone(kZone, &zone));
    period_ = absl::FormatTime("%Y-%m", absl::Now(), zone);
  }

  void TearDown() override {
    incentives_db_.reset();
    incentives_.reset();
    incentives_server_.reset();
    incentives_schema_.reset();
    OrdersTest::TearDown();
  }

  void StartIncentives() {
    incentives_server_ =
        ServiceProcess::Start(SALES_INCENTIVES_BINARY, incentives_schema_->db_config(),
                              {"--orders_address=" + orders_server_->address(),
                               absl::StrCat("--business_time_zone=", kZone)});
    ASSERT_NE(incentives_server_, nullptr) << "incentives server did not become SERVING";
    incentives_ = iv1::IncentivesService::NewStub(incentives_server_->channel());
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

  ov1::Order Complete(const std::string& name) {
    ov1::Order order;
    ov1::CompleteOrderRequest complete;
    complete.set_name(name);
    const grpc::Status status = orders_->CompleteOrder(Ctx().get(), complete, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(order.status(), ov1::ORDER_STATUS_COMPLETED);
    return order;
  }

  // The same, completed.
  ov1::Order CompletedOrder(const std::string& sku, int64_t quantity, int64_t price, int64_t cost,
                            const std::vector<std::pair<std::string, int>>& credits) {
    return Complete(DeliveredOrder(sku, quantity, price, cost, credits).name());
  }

  // Returns `units` of line 1 of `order` and resolves it with a refund.
  std::string ReturnUnits(const std::string& order, int64_t units) {
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
    const grpc::Status status = orders_->ResolveReturn(Ctx().get(), resolve, &ret);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return ret.name();
  }

  std::vector<iv1::Credit> Credits(const std::function<void(iv1::ListCreditsRequest&)>& filter) {
    iv1::ListCreditsRequest req;
    req.set_period(period_);
    filter(req);
    iv1::ListCreditsResponse resp;
    const grpc::Status status = incentives_->ListCredits(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {resp.credits().begin(), resp.credits().end()};
  }

  iv1::CreditTotals Totals(const std::string& owner) {
    iv1::GetCreditTotalsRequest req;
    req.set_owner(owner);
    req.set_period(period_);
    iv1::CreditTotals out;
    const grpc::Status status = incentives_->GetCreditTotals(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  static void ExpectAmounts(const iv1::Credit& c, int64_t revenue, int64_t margin, int64_t units) {
    EXPECT_EQ(c.revenue(), revenue) << c.ShortDebugString();
    EXPECT_EQ(c.gross_margin(), margin) << c.ShortDebugString();
    EXPECT_EQ(c.units(), units) << c.ShortDebugString();
  }
  static void ExpectTotals(const iv1::CreditTotals& t, int64_t revenue, int64_t margin,
                           int64_t units) {
    EXPECT_EQ(t.revenue(), revenue) << t.ShortDebugString();
    EXPECT_EQ(t.gross_margin(), margin) << t.ShortDebugString();
    EXPECT_EQ(t.units(), units) << t.ShortDebugString();
  }

  std::string customer_;
  std::string period_;
  std::unique_ptr<TestSchema> incentives_schema_;
  std::unique_ptr<ServiceProcess> incentives_server_;
  std::unique_ptr<iv1::IncentivesService::Stub> incentives_;
  std::unique_ptr<db::ConnectionPool> incentives_db_;
};

TEST_F(IncentivesCreditsTest, CompletedOrdersCreditRepsAndAReturnIsClawedBackExactlyOnce) {
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
  customer_ = NewCustomer();

  // Order 1: 3 units at 100.00 (cost 60.00), Li 60% and Zhang 40%: net 300.00, margin
  // 120.00. Li 180.00 / 72.00 / 1.8 units -> 2 (the larger remainder), Zhang 120.00 / 48.00
  // / 1.
  const ov1::Order first =
      CompletedOrder("C-1", 3, 10000, 6000, {{"reps/li", 6000}, {"reps/zhang", 4000}});
  // Order 2: 1 unit at 100.00 (cost 60.00) for a rep incentives does not know.
  const ov1::Order second = CompletedOrder("C-2", 1, 10000, 6000, {{"reps/ghost", 10000}});
  // One unit of order 1 comes back: 100.00 net, 40.00 margin, 1 unit, split 60/40 again:
  // Li -60.00 / -24.00 / -1 (0.6 unit, the larger remainder), Zhang -40.00 / -16.00 / 0.
  const std::string ret = ReturnUnits(first.name(), 1);

  ASSERT_TRUE(
      WaitFor(absl::Seconds(15),
              [&] { return QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits") == 5; }))
      << "credits: " << QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits");

  const std::vector<iv1::Credit> li =
      Credits([](iv1::ListCreditsRequest& r) { r.set_rep("reps/li"); });
  ASSERT_EQ(li.size(), 2u);
  ExpectAmounts(li[0], 18000, 7200, 2);
  EXPECT_EQ(li[0].order(), first.name());
  EXPECT_EQ(li[0].cause(), first.name());
  EXPECT_EQ(li[0].kind(), iv1::CREDIT_KIND_REVENUE);
  EXPECT_EQ(li[0].share_bp(), 6000);
  EXPECT_EQ(li[0].team(), east.name());
  EXPECT_EQ(li[0].reverses(), "");
  ExpectAmounts(li[1], -6000, -2400, -1);
  EXPECT_EQ(li[1].reverses(), li[0].name());
  EXPECT_EQ(li[1].cause(), ret);
  EXPECT_EQ(li[1].original_day(), li[0].day());

  const std::vector<iv1::Credit> zhang =
      Credits([](iv1::ListCreditsRequest& r) { r.set_rep("reps/zhang"); });
  ASSERT_EQ(zhang.size(), 2u);
  ExpectAmounts(zhang[0], 12000, 4800, 1);
  ExpectAmounts(zhang[1], -4000, -1600, 0);
  EXPECT_EQ(zhang[1].reverses(), zhang[0].name());

  const std::vector<iv1::Credit> team =
      Credits([&](iv1::ListCreditsRequest& r) { r.set_team(east.name()); });
  EXPECT_EQ(team.size(), 4u);

  // The unknown rep's credit is kept, listed as unassigned.
  const std::vector<iv1::Credit> unassigned =
      Credits([](iv1::ListCreditsRequest& r) { r.set_unassigned(true); });
  ASSERT_EQ(unassigned.size(), 1u);
  EXPECT_EQ(unassigned[0].rep(), "reps/ghost");
  EXPECT_EQ(unassigned[0].order(), second.name());
  EXPECT_EQ(unassigned[0].team(), "");
  ExpectAmounts(unassigned[0], 10000, 4000, 1);

  ExpectTotals(Totals("reps/li"), 12000, 4800, 1);
  ExpectTotals(Totals("reps/zhang"), 8000, 3200, 1);
  ExpectTotals(Totals(east.name()), 20000, 8000, 2);
  ExpectTotals(Totals("company"), 30000, 12000, 3);

  // Replay the whole feed from the start: every event comes again and changes nothing.
  incentives_.reset();
  incentives_server_.reset();
  const int64_t position =
      QueryInt(IncentivesDb(), "SELECT position FROM consumer_checkpoints WHERE source = 'orders'");
  ASSERT_GT(position, 0);
  ASSERT_TRUE(db::RunInTransaction(IncentivesDb(), absl::Now() + absl::Seconds(10),
                                   [](db::Transaction& tx) {
                                     tx.Exec("UPDATE consumer_checkpoints SET position = 0");
                                     return absl::OkStatus();
                                   })
                  .ok());
  StartIncentives();
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    return QueryInt(IncentivesDb(),
                    "SELECT position FROM consumer_checkpoints WHERE source = 'orders'") >=
           position;
  }));
  EXPECT_EQ(QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits"), 5);
  ExpectTotals(Totals("company"), 30000, 12000, 3);
  ExpectTotals(Totals("reps/li"), 12000, 4800, 1);
}

TEST_F(IncentivesCreditsTest, AReturnBeforeCompletionIsClawedBackWhenTheOrderCompletes) {
  customer_ = NewCustomer();
  // 2 units at 50.00 (cost 20.00), half each: credited 50.00 / 30.00 / 1 unit each.
  const ov1::Order order =
      DeliveredOrder("P-1", 2, 5000, 2000, {{"reps/a", 5000}, {"reps/b", 5000}});
  // One unit comes back while the order is only delivered: nothing is credited yet.
  const std::string ret = ReturnUnits(order.name(), 1);
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    return QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM order_returns") == 1;
  }));
  EXPECT_EQ(QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits"), 0);

  // At completion the order is credited and the earlier return reversed at once: 50.00 /
  // 30.00 / 1 unit back, split half and half (the odd unit to the first rep).
  Complete(order.name());
  ASSERT_TRUE(WaitFor(absl::Seconds(15), [&] {
    return QueryInt(IncentivesDb(), "SELECT COUNT(*) FROM credits") == 4;
  }));
  const std::vector<iv1::Credit> a =
      Credits([](iv1::ListCreditsRequest& r) { r.set_rep("reps/a"); });
  ASSERT_EQ(a.size(), 2u);
  ExpectAmounts(a[0], 5000, 3000, 1);
  ExpectAmounts(a[1], -2500, -1500, -1);
  EXPECT_EQ(a[1].cause(), ret);
  EXPECT_EQ(a[1].reverses(), a[0].name());
  EXPECT_EQ(a[1].day(), a[0].day());  // never before the credit it takes back
  ExpectTotals(Totals("reps/b"), 2500, 1500, 1);
  ExpectTotals(Totals("company"), 5000, 3000, 1);
}

TEST_F(IncentivesCreditsTest, BadCreditQueriesAreRefusedNamingTheField) {
  iv1::ListCreditsRequest list;
  iv1::ListCreditsResponse listed;
  list.set_rep("reps/li");
  EXPECT_RPC_ERROR(incentives_->ListCredits(Ctx().get(), list, &listed),
                   StatusCode::INVALID_ARGUMENT, "period");
  list.set_period(period_);
  list.set_unassigned(true);
  EXPECT_RPC_ERROR(incentives_->ListCredits(Ctx().get(), list, &listed),
                   StatusCode::INVALID_ARGUMENT, "rep");
  list.clear_unassigned();
  list.set_rep("li");
  EXPECT_RPC_ERROR(incentives_->ListCredits(Ctx().get(), list, &listed),
                   StatusCode::INVALID_ARGUMENT, "rep");
  iv1::GetCreditTotalsRequest totals;
  iv1::CreditTotals out;
  totals.set_owner("teams/42");
  totals.set_period(period_);
  EXPECT_RPC_ERROR(incentives_->GetCreditTotals(Ctx().get(), totals, &out), StatusCode::NOT_FOUND,
                   "teams/42");
  totals.set_owner("everyone");
  EXPECT_RPC_ERROR(incentives_->GetCreditTotals(Ctx().get(), totals, &out),
                   StatusCode::INVALID_ARGUMENT, "owner");
}

}  // namespace
}  // namespace sales::testing
