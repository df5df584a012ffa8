// Returns and exchanges over gRPC against the real MariaDB: limits against delivered
// units, the return window, refunds after discounts, restock or scrap, the replacement
// order of an exchange, the return_resolved event, and rejection (return_rejected).
#include <functional>

#include "absl/strings/escaping.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class OrdersReturnsTest : public OrdersTest {
 protected:
  std::vector<std::string> OrdersArgs() const override { return {"--tax_rate_bp=1000"}; }

  // A delivered order of `quantity` units of a new product (price 1000, cost 400) with a
  // 10% promotion code, so refunds are what was paid after discounts, with 10% tax.
  ov1::Order DeliveredOrder(const std::string& sku, int64_t quantity) {
    customer_ = NewCustomer();
    product_ = NewProduct(sku, 1000, 400);
    Receive(product_, "WH1", 100);
    ov1::CreatePromotionRequest promo;
    ov1::Promotion* p = promo.mutable_promotion();
    p->set_code("P" + sku);
    p->set_display_name("Ten off");
    p->set_kind(ov1::PROMOTION_KIND_PERCENT_OFF);
    p->set_percent_off_bp(1000);
    p->mutable_start_time()->set_seconds(absl::ToUnixSeconds(absl::Now() - absl::Hours(1)));
    p->mutable_end_time()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(24)));
    ov1::Promotion created_promo;
    const grpc::Status promo_status = orders_->CreatePromotion(Ctx().get(), promo, &created_promo);
    EXPECT_TRUE(promo_status.ok()) << promo_status.error_message();

    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer_);
    o->set_channel(ov1::CHANNEL_STORE);
    o->set_region("north");
    o->set_warehouse("WH1");
    ov1::SalesCredit* credit = o->add_sales_credits();
    credit->set_rep("reps/r-9");
    credit->set_revenue_share_bp(10000);
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product_);
    line->set_quantity(quantity);
    o->add_promotion_codes("P" + sku);
    ov1::Order order;
    grpc::Status status = orders_->CreateOrder(Ctx().get(), req, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(order.name());
    status = orders_->ConfirmOrder(Ctx().get(), confirm, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ov1::ShipOrderRequest ship;
    ship.set_name(order.name());
    ship.set_carrier("EMS");
    ship.set_tracking_number("EMS-1");
    status = orders_->ShipOrder(Ctx().get(), ship, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ov1::DeliverShipmentRequest deliver;
    if (order.shipments_size() > 0) deliver.set_name(order.shipments(0).name());
    status = orders_->DeliverShipment(Ctx().get(), deliver, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(order.status(), ov1::ORDER_STATUS_DELIVERED);
    return order;
  }

  grpc::Status RequestReturn(const std::string& order, int64_t units, bool exchange,
                             ov1::Return* out) {
    ov1::CreateReturnRequest req;
    ov1::Return* r = req.mutable_order_return();
    r->set_order(order);
    r->set_reason("damaged in transit");
    r->set_exchange(exchange);
    ov1::ReturnLine* line = r->add_lines();
    line->set_line_id(1);
    line->set_quantity(units);
    return orders_->CreateReturn(Ctx().get(), req, out);
  }

  grpc::Status ReceiveBack(const std::string& name, ov1::Return* out) {
    ov1::ReceiveReturnRequest req;
    req.set_name(name);
    return orders_->ReceiveReturn(Ctx().get(), req, out);
  }

  grpc::Status Resolve(const std::string& name, ov1::Disposition disposition, ov1::Return* out) {
    ov1::ResolveReturnRequest req;
    req.set_name(name);
    req.set_disposition(disposition);
    return orders_->ResolveReturn(Ctx().get(), req, out);
  }

  ov1::StockLevel Stock() {
    ov1::ListStockLevelsRequest req;
    req.set_product(product_);
    req.set_warehouse("WH1");
    ov1::ListStockLevelsResponse resp;
    EXPECT_TRUE(orders_->ListStockLevels(Ctx().get(), req, &resp).ok());
    return resp.stock_levels_size() == 1 ? resp.stock_levels(0) : ov1::StockLevel();
  }

  std::string customer_;
  std::string product_;
};

TEST_F(OrdersReturnsTest, ReturnRefundsWhatWasPaidAndRestocks) {
  // 3 units at 1000, 10% off -> 2700, tax 270: paid 2970, 990 a unit.
  const ov1::Order order = DeliveredOrder("R-1", 3);
  ASSERT_EQ(order.total().minor_units(), 2970);
  EXPECT_EQ(Stock().on_hand(), 97);

  ov1::Return ret;
  ASSERT_TRUE(RequestReturn(order.name(), 2, false, &ret).ok());
  EXPECT_TRUE(absl::StartsWith(ret.name(), "returns/"));
  EXPECT_EQ(ret.status(), ov1::RETURN_STATUS_REQUESTED);
  EXPECT_EQ(ret.refund_total().minor_units(), 1980);
  ASSERT_EQ(ret.lines_size(), 1);
  EXPECT_EQ(ret.lines(0).refund().minor_units(), 1980);

  // Resolving before the goods are back is refused, naming both states.
  ov1::Return out;
  const grpc::Status early = Resolve(ret.name(), ov1::DISPOSITION_RESTOCK, &out);
  EXPECT_EQ(early.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(early.error_message().find("RETURN_STATUS_REQUESTED"), std::string::npos);

  ASSERT_TRUE(ReceiveBack(ret.name(), &out).ok());
  EXPECT_EQ(out.status(), ov1::RETURN_STATUS_RECEIVED);
  ov1::GetOrderRequest get;
  get.set_name(order.name());
  ov1::Order fetched;
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.lines(0).returned_quantity(), 2);

  EXPECT_RPC_ERROR(Resolve(ret.name(), ov1::DISPOSITION_UNSPECIFIED, &out),
                   StatusCode::INVALID_ARGUMENT, "disposition");
  ASSERT_TRUE(Resolve(ret.name(), ov1::DISPOSITION_RESTOCK, &out).ok());
  EXPECT_EQ(out.status(), ov1::RETURN_STATUS_RESOLVED);
  EXPECT_EQ(out.disposition(), ov1::DISPOSITION_RESTOCK);
  EXPECT_EQ(Stock().on_hand(), 99);

  const std::vector<events::v1::Event> resolved = Events("return_resolved");
  ASSERT_EQ(resolved.size(), 1u);
  const events::v1::ReturnResolved& r = resolved[0].return_resolved();
  EXPECT_EQ(r.return_name(), ret.name());
  EXPECT_EQ(r.order(), order.name());
  EXPECT_EQ(r.customer(), customer_);
  EXPECT_EQ(r.refund_total_minor(), 1980);
  EXPECT_EQ(r.disposition(), "DISPOSITION_RESTOCK");
  EXPECT_FALSE(r.exchange());
  EXPECT_EQ(r.region(), "north");
  EXPECT_EQ(r.channel(), "CHANNEL_STORE");
  ASSERT_EQ(r.credits_size(), 1);
  EXPECT_EQ(r.credits(0).rep(), "reps/r-9");
  ASSERT_EQ(r.lines_size(), 1);
  EXPECT_EQ(r.lines(0).quantity(), 2);
  EXPECT_EQ(r.lines(0).refund_minor(), 1980);
  EXPECT_EQ(r.lines(0).net_minor(), 1800);
  EXPECT_EQ(r.lines(0).cost_minor(), 800);
  EXPECT_EQ(r.lines(0).product(), product_);

  // The last unit gets what is left of the line; more than delivered is refused.
  EXPECT_RPC_ERROR(RequestReturn(order.name(), 2, false, &out), StatusCode::FAILED_PRECONDITION,
                   "order_return.lines[0].quantity");
  ov1::Return last;
  ASSERT_TRUE(RequestReturn(order.name(), 1, false, &last).ok());
  EXPECT_EQ(last.refund_total().minor_units(), 990);
  ASSERT_TRUE(ReceiveBack(last.name(), &out).ok());
  ASSERT_TRUE(Resolve(last.name(), ov1::DISPOSITION_SCRAP, &out).ok());
  EXPECT_EQ(Stock().on_hand(), 99);  // scrapped goods stay out of stock
  EXPECT_RPC_ERROR_MENTIONS(RequestReturn(order.name(), 1, false, &out),
                            StatusCode::FAILED_PRECONDITION, "1 units requested, 0 returnable");
}

TEST_F(OrdersReturnsTest, ExchangeCreatesTheLinkedReplacementOrder) {
  const ov1::Order order = DeliveredOrder("R-2", 2);
  ov1::Return ret;
  ASSERT_TRUE(RequestReturn(order.name(), 1, true, &ret).ok());
  EXPECT_TRUE(ret.exchange());
  EXPECT_EQ(ret.refund_total().minor_units(), 0);
  ov1::Return out;
  ASSERT_TRUE(ReceiveBack(ret.name(), &out).ok());
  ASSERT_TRUE(Resolve(ret.name(), ov1::DISPOSITION_SCRAP, &out).ok());
  ASSERT_FALSE(out.replacement_order().empty());
  EXPECT_EQ(out.refund_total().minor_units(), 0);

  ov1::GetOrderRequest get;
  get.set_name(out.replacement_order());
  ov1::Order replacement;
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &replacement).ok());
  EXPECT_EQ(replacement.replaces_return(), ret.name());
  EXPECT_EQ(replacement.customer(), order.customer());
  EXPECT_EQ(replacement.status(), ov1::ORDER_STATUS_RECEIVED);
  ASSERT_EQ(replacement.lines_size(), 1);
  EXPECT_EQ(replacement.lines(0).product(), product_);
  EXPECT_EQ(replacement.lines(0).quantity(), 1);
  EXPECT_EQ(replacement.total().minor_units(), 0);

  const std::vector<events::v1::Event> resolved = Events("return_resolved");
  ASSERT_EQ(resolved.size(), 1u);
  EXPECT_TRUE(resolved[0].return_resolved().exchange());
  EXPECT_EQ(resolved[0].return_resolved().replacement_order(), replacement.name());
  EXPECT_EQ(resolved[0].return_resolved().refund_total_minor(), 0);

  // The replacement goes through the lifecycle like any order.
  ov1::ConfirmOrderRequest confirm;
  confirm.set_name(replacement.name());
  ASSERT_TRUE(orders_->ConfirmOrder(Ctx().get(), confirm, &replacement).ok());
  EXPECT_EQ(replacement.status(), ov1::ORDER_STATUS_CONFIRMED);
}

TEST_F(OrdersReturnsTest, ReturnsOfUndeliveredOrdersAndBadInputAreRefused) {
  customer_ = NewCustomer();
  product_ = NewProduct("R-3", 1000, 400);
  Receive(product_, "WH1", 10);
  ov1::CreateOrderRequest req;
  req.mutable_order()->set_customer(customer_);
  req.mutable_order()->set_channel(ov1::CHANNEL_WEB);
  req.mutable_order()->set_region("north");
  req.mutable_order()->set_warehouse("WH1");
  req.mutable_order()->add_lines()->set_product(product_);
  req.mutable_order()->mutable_lines(0)->set_quantity(2);
  ov1::Order order;
  ASSERT_TRUE(orders_->CreateOrder(Ctx().get(), req, &order).ok());

  ov1::Return out;
  EXPECT_RPC_ERROR(RequestReturn(order.name(), 1, false, &out), StatusCode::FAILED_PRECONDITION,
                   "order_return.order");

  const ov1::Order delivered = DeliveredOrder("R-4", 2);
  struct Case {
    std::function<void(ov1::CreateReturnRequest*)> mutate;
    StatusCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](ov1::CreateReturnRequest* r) { r->clear_order_return(); }, StatusCode::INVALID_ARGUMENT,
       "order_return"},
      {[](ov1::CreateReturnRequest* r) { r->mutable_order_return()->set_order("orders/x"); },
       StatusCode::INVALID_ARGUMENT, "order_return.order"},
      {[](ov1::CreateReturnRequest* r) { r->mutable_order_return()->set_order("orders/99999"); },
       StatusCode::NOT_FOUND, "orders/99999"},
      {[](ov1::CreateReturnRequest* r) { r->mutable_order_return()->clear_lines(); },
       StatusCode::INVALID_ARGUMENT, "order_return.lines"},
      {[](ov1::CreateReturnRequest* r) {
         r->mutable_order_return()->mutable_lines(0)->set_quantity(0);
       },
       StatusCode::INVALID_ARGUMENT, "order_return.lines[0].quantity"},
      {[](ov1::CreateReturnRequest* r) {
         r->mutable_order_return()->mutable_lines(0)->set_line_id(7);
       },
       StatusCode::INVALID_ARGUMENT, "order_return.lines[0].line_id"},
      {[](ov1::CreateReturnRequest* r) {
         r->mutable_order_return()->mutable_lines(0)->set_quantity(3);
       },
       StatusCode::FAILED_PRECONDITION, "order_return.lines[0].quantity"},
      {[](ov1::CreateReturnRequest* r) { r->mutable_order_return()->set_reason(""); },
       StatusCode::INVALID_ARGUMENT, "order_return.reason"},
      {[](ov1::CreateReturnRequest* r) {
         r->mutable_order_return()->set_reason(std::string(501, 'r'));
       },
       StatusCode::INVALID_ARGUMENT, "order_return.reason"},
  };
  for (const Case& c : cases) {
    ov1::CreateReturnRequest r;
    r.mutable_order_return()->set_order(delivered.name());
    r.mutable_order_return()->set_reason("wrong size");
    ov1::ReturnLine* line = r.mutable_order_return()->add_lines();
    line->set_line_id(1);
    line->set_quantity(1);
    c.mutate(&r);
    EXPECT_RPC_ERROR(orders_->CreateReturn(Ctx().get(), r, &out), c.code, c.field);
  }
  ov1::GetReturnRequest get;
  get.set_name("returns/424242");
  EXPECT_EQ(orders_->GetReturn(Ctx().get(), get, &out).error_code(), StatusCode::NOT_FOUND);
  get.set_name("refunds/1");
  EXPECT_RPC_ERROR(orders_->GetReturn(Ctx().get(), get, &out), StatusCode::INVALID_ARGUMENT,
                   "name");
}

TEST_F(OrdersReturnsTest, RejectingARequestedReturnRefundsNothingAndFreesItsUnits) {
  // 3 units at 1000, 10% off -> 2700, tax 270: paid 2970, 990 a unit.
  const ov1::Order order = DeliveredOrder("R-6", 3);
  const int64_t on_hand = Stock().on_hand();
  ov1::Return ret;
  ASSERT_TRUE(RequestReturn(order.name(), 3, false, &ret).ok());

  ov1::RejectReturnRequest reject;
  reject.set_name(ret.name());
  ov1::Return out;
  EXPECT_RPC_ERROR(orders_->RejectReturn(Ctx().get(), reject, &out), StatusCode::INVALID_ARGUMENT,
                   "reason");
  reject.set_reason(std::string(501, 'x'));
  EXPECT_RPC_ERROR(orders_->RejectReturn(Ctx().get(), reject, &out), StatusCode::INVALID_ARGUMENT,
                   "reason");
  ov1::RejectReturnRequest missing = reject;
  missing.set_name("returns/999999");
  missing.set_reason("outside policy");
  EXPECT_EQ(orders_->RejectReturn(Ctx().get(), missing, &out).error_code(), StatusCode::NOT_FOUND);

  reject.set_reason("goods show wear beyond the policy");
  reject.set_request_id("reject-1");
  ASSERT_TRUE(orders_->RejectReturn(Ctx().get(), reject, &out).ok());
  EXPECT_EQ(out.status(), ov1::RETURN_STATUS_REJECTED);
  EXPECT_EQ(out.rejection_reason(), "goods show wear beyond the policy");
  EXPECT_EQ(out.refund_total().minor_units(), 0);
  ov1::GetReturnRequest get_return;
  get_return.set_name(ret.name());
  ov1::Return fetched_return;
  ASSERT_TRUE(orders_->GetReturn(Ctx().get(), get_return, &fetched_return).ok());
  EXPECT_EQ(fetched_return.status(), ov1::RETURN_STATUS_REJECTED);
  EXPECT_EQ(fetched_return.rejection_reason(), "goods show wear beyond the policy");

  // A retry with the same request_id answers the same; the same id with another request
  // is INVALID_ARGUMENT.
  ov1::Return retried;
  ASSERT_TRUE(orders_->RejectReturn(Ctx().get(), reject, &retried).ok());
  EXPECT_EQ(retried.update_time().SerializeAsString(), out.update_time().SerializeAsString());
  ov1::RejectReturnRequest changed = reject;
  changed.set_reason("another reason");
  EXPECT_EQ(orders_->RejectReturn(Ctx().get(), changed, &retried).error_code(),
            StatusCode::INVALID_ARGUMENT);

  // Rejected is final: no further move, and each refusal names both statuses.
  reject.clear_request_id();
  const grpc::Status again = orders_->RejectReturn(Ctx().get(), reject, &retried);
  EXPECT_EQ(again.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(again.error_message().find("RETURN_STATUS_REJECTED to RETURN_STATUS_REJECTED"),
            std::string::npos)
      << again.error_message();
  const grpc::Status receive = ReceiveBack(ret.name(), &retried);
  EXPECT_EQ(receive.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(receive.error_message().find("RETURN_STATUS_REJECTED to RETURN_STATUS_RECEIVED"),
            std::string::npos)
      << receive.error_message();

  // No stock moved, nothing counts as returned, no refund event; one return_rejected.
  EXPECT_EQ(Stock().on_hand(), on_hand);
  ov1::GetOrderRequest get;
  get.set_name(order.name());
  ov1::Order fetched;
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.lines(0).returned_quantity(), 0);
  EXPECT_EQ(EventCount("return_resolved"), 0);
  const std::vector<events::v1::Event> rejected = Events("return_rejected");
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(rejected[0].aggregate(), ret.name());
  EXPECT_EQ(rejected[0].return_rejected().return_name(), ret.name());
  EXPECT_EQ(rejected[0].return_rejected().order(), order.name());
  EXPECT_EQ(rejected[0].return_rejected().customer(), customer_);
  EXPECT_EQ(rejected[0].return_rejected().reason(), "goods show wear beyond the policy");

  // The rejected return holds no units: all three can be asked for again, refunded in full.
  ov1::Return second;
  ASSERT_TRUE(RequestReturn(order.name(), 3, false, &second).ok());
  EXPECT_EQ(second.refund_total().minor_units(), 2970);

  // A return whose goods came back cannot be rejected any more.
  ASSERT_TRUE(ReceiveBack(second.name(), &out).ok());
  reject.set_name(second.name());
  const grpc::Status late = orders_->RejectReturn(Ctx().get(), reject, &out);
  EXPECT_EQ(late.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(late.error_message().find("RETURN_STATUS_RECEIVED to RETURN_STATUS_REJECTED"),
            std::string::npos)
      << late.error_message();
}

class OrdersReturnWindowTest : public OrdersReturnsTest {
 protected:
  std::vector<std::string> OrdersArgs() const override { return {"--return_window_days=0"}; }
};

TEST_F(OrdersReturnWindowTest, ReturnsOutsideTheWindowAreRefused) {
  const ov1::Order order = DeliveredOrder("R-5", 2);
  ov1::Return out;
  EXPECT_RPC_ERROR(RequestReturn(order.name(), 1, false, &out), StatusCode::FAILED_PRECONDITION,
                   "return window");
}

}  // namespace
}  // namespace sales::testing
