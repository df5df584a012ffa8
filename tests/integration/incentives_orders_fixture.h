// Customers, orders and an incentives server following the orders feed, each on a fresh
// schema, days cut in Asia/Shanghai, money in CNY; with helpers that complete and return
// orders through the orders service and wait until incentives has credited them. The month
// of the test is the current one in Shanghai (orders complete now).
#pragma once

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "sales/incentives/v1/incentives_service.grpc.pb.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {

namespace iv1 = ::sales::incentives::v1;

class IncentivesOrdersTest : public OrdersTest {
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
    absl::TimeZone zone;
    ASSERT_TRUE(absl::LoadTimeZone(kZone, &zone));
    const absl::CivilMonth month(absl::ToCivilDay(absl::Now(), zone));
    period_ = absl::FormatCivilTime(month).substr(0, 7);
    customer_ = NewCustomer();
  }

  void TearDown() override {
    incentives_.reset();
    incentives_server_.reset();
    incentives_schema_.reset();
    OrdersTest::TearDown();
  }

  // A new team's name, under `parent` when given.
  std::string NewTeam(const std::string& display_name, const std::string& parent = "") {
    iv1::CreateTeamRequest req;
    req.mutable_team()->set_display_name(display_name);
    req.mutable_team()->set_parent(parent);
    iv1::Team out;
    const grpc::Status status = incentives_->CreateTeam(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out.name();
  }

  // reps/{id}, named `display_name`, in `team` since 2020.
  void NewRep(const std::string& id, const std::string& display_name, const std::string& team) {
    iv1::CreateRepRequest req;
    req.mutable_rep()->set_name("reps/" + id);
    req.mutable_rep()->set_display_name(display_name);
    req.set_team(team);
    req.set_effective_day("2020-01-01");
    iv1::Rep out;
    const grpc::Status status = incentives_->CreateRep(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // A revenue target of `owner` for this month, in minor units.
  void RevenueTarget(const std::string& owner, int64_t amount) {
    iv1::CreateTargetRequest req;
    iv1::Target* t = req.mutable_target();
    t->set_metric(iv1::METRIC_REVENUE);
    t->set_period(period_);
    t->set_owner(owner);
    t->set_amount(amount);
    t->mutable_deadline()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(24 * 40)));
    iv1::Target out;
    const grpc::Status status = incentives_->CreateTarget(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }

  // A completed order of `quantity` units of `product` (no tax, no discount), credited to
  // `credits` (rep, share in bp). The product must have stock in WH1.
  ov1::Order CompletedOrder(const std::string& product, int64_t quantity,
                            const std::vector<std::pair<std::string, int>>& credits) {
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
    grpc::Status status = orders_->CreateOrder(Ctx().get(), req, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(order.name());
    EXPECT_TRUE(orders_->ConfirmOrder(Ctx().get(), confirm, &order).ok());
    ov1::ShipOrderRequest ship;
    ship.set_name(order.name());
    ship.set_carrier("EMS");
    ship.set_tracking_number("EMS-" + order.name().substr(order.name().find('/') + 1));
    EXPECT_TRUE(orders_->ShipOrder(Ctx().get(), ship, &order).ok());
    ov1::DeliverShipmentRequest deliver;
    if (order.shipments_size() > 0) deliver.set_name(order.shipments(0).name());
    EXPECT_TRUE(orders_->DeliverShipment(Ctx().get(), deliver, &order).ok());
    ov1::CompleteOrderRequest complete;
    complete.set_name(order.name());
    status = orders_->CompleteOrder(Ctx().get(), complete, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(order.status(), ov1::ORDER_STATUS_COMPLETED);
    return order;
  }

  // Returns `units` of line 1 of a completed `order` and resolves the return with a refund
  // (restocked); the return's name.
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

  // The company's credit totals of this month, as incentives has applied them so far.
  iv1::CreditTotals CompanyTotals() {
    iv1::GetCreditTotalsRequest req;
    req.set_owner("company");
    req.set_period(period_);
    iv1::CreditTotals out;
    const grpc::Status status = incentives_->GetCreditTotals(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  // Waits until incentives has applied `count` credits (reversals included) this month.
  void WaitForCredits(int64_t count) {
    ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] { return CompanyTotals().credit_count() == count; }))
        << "credits applied: " << CompanyTotals().credit_count() << ", expected " << count;
  }

  std::string customer_;
  // This month in Shanghai, "YYYY-MM".
  std::string period_;
  std::unique_ptr<TestSchema> incentives_schema_;
  std::unique_ptr<ServiceProcess> incentives_server_;
  std::unique_ptr<iv1::IncentivesService::Stub> incentives_;
};

}  // namespace sales::testing
