// End to end across two services: an order completed in the orders service earns loyalty
// points in the customers service through the event feed, and a refund takes them back.
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

class OrdersPointsTest : public OrdersTest {
 protected:
  // Polls the customer's loyalty account until `condition` holds (or 20 s pass).
  cv1::LoyaltyAccount WaitForAccount(const std::string& customer,
                                     const std::function<bool(const cv1::LoyaltyAccount&)>& ok) {
    cv1::GetLoyaltyAccountRequest req;
    req.set_name(customer + "/loyaltyAccount");
    cv1::LoyaltyAccount account;
    const absl::Time deadline = absl::Now() + absl::Seconds(20);
    do {
      EXPECT_TRUE(customers_->GetLoyaltyAccount(Ctx().get(), req, &account).ok());
      if (ok(account)) break;
      absl::SleepFor(absl::Milliseconds(50));
    } while (absl::Now() < deadline);
    return account;
  }

  ov1::Order Call(const std::string& what, const grpc::Status& status, const ov1::Order& out) {
    EXPECT_TRUE(status.ok()) << what << ": " << status.error_message();
    return out;
  }
};

TEST_F(OrdersPointsTest, CompletedOrderEarnsPointsAndARefundTakesThemBack) {
  const std::string customer = NewCustomer("Points Buyer");
  const std::string product = NewProduct("PTS-1", 25000, 10000);  // 250.00 each
  Receive(product, "main", 10);

  ov1::CreateOrderRequest create;
  ov1::Order* o = create.mutable_order();
  o->set_customer(customer);
  o->set_channel(ov1::CHANNEL_WEB);
  o->set_region("east");
  o->set_warehouse("main");
  ov1::OrderLine* line = o->add_lines();
  line->set_product(product);
  line->set_quantity(2);
  ov1::Order order;
  order = Call("create", orders_->CreateOrder(Ctx().get(), create, &order), order);
  ASSERT_EQ(order.total().minor_units(), 50000);

  ov1::ConfirmOrderRequest confirm;
  confirm.set_name(order.name());
  order = Call("confirm", orders_->ConfirmOrder(Ctx().get(), confirm, &order), order);
  ASSERT_EQ(order.status(), ov1::ORDER_STATUS_CONFIRMED);
  ov1::ShipOrderRequest ship;
  ship.set_name(order.name());
  ship.set_carrier("SF Express");
  ship.set_tracking_number("SF100");
  order = Call("ship", orders_->ShipOrder(Ctx().get(), ship, &order), order);
  ASSERT_EQ(order.shipments_size(), 1);
  ov1::DeliverShipmentRequest deliver;
  deliver.set_name(order.shipments(0).name());
  order = Call("deliver", orders_->DeliverShipment(Ctx().get(), deliver, &order), order);
  ov1::CompleteOrderRequest complete;
  complete.set_name(order.name());
  order = Call("complete", orders_->CompleteOrder(Ctx().get(), complete, &order), order);
  ASSERT_EQ(order.status(), ov1::ORDER_STATUS_COMPLETED);

  // 500.00 paid, no tax, 1 point per unit.
  cv1::LoyaltyAccount account = WaitForAccount(
      customer, [](const cv1::LoyaltyAccount& a) { return a.points_balance() == 500; });
  EXPECT_EQ(account.points_balance(), 500);
  EXPECT_EQ(account.lifetime_spend().minor_units(), 50000);

  ov1::CreateReturnRequest ret;
  ret.mutable_order_return()->set_order(order.name());
  ret.mutable_order_return()->set_reason("one was damaged");
  ov1::ReturnLine* rl = ret.mutable_order_return()->add_lines();
  rl->set_line_id(order.lines(0).line_id());
  rl->set_quantity(1);
  ov1::Return r;
  ASSERT_TRUE(orders_->CreateReturn(Ctx().get(), ret, &r).ok());
  ov1::ReceiveReturnRequest receive;
  receive.set_name(r.name());
  ASSERT_TRUE(orders_->ReceiveReturn(Ctx().get(), receive, &r).ok());
  ov1::ResolveReturnRequest resolve;
  resolve.set_name(r.name());
  resolve.set_disposition(ov1::DISPOSITION_RESTOCK);
  ASSERT_TRUE(orders_->ResolveReturn(Ctx().get(), resolve, &r).ok());
  EXPECT_EQ(r.refund_total().minor_units(), 25000);

  account = WaitForAccount(customer,
                           [](const cv1::LoyaltyAccount& a) { return a.points_balance() == 250; });
  EXPECT_EQ(account.points_balance(), 250);
  EXPECT_EQ(account.lifetime_spend().minor_units(), 25000);
}

}  // namespace
}  // namespace sales::testing
