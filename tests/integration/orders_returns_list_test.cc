// ListReturns over gRPC against the real MariaDB: oldest first by (create_time, id), with
// lines; filters by order, status and creation time; keyset paging; bad input names the
// field.
#include <string>
#include <vector>

#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

absl::Time TimeOf(const google::protobuf::Timestamp& ts) {
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

class OrdersReturnsListTest : public OrdersTest {
 protected:
  void SetUp() override {
    OrdersTest::SetUp();
    customer_ = NewCustomer();
    product_ = NewProduct("RL-1", 1000, 400);
    Receive(product_, "WH1", 100);
  }

  // A delivered order of `quantity` units.
  ov1::Order DeliveredOrder(int64_t quantity) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer_);
    o->set_channel(ov1::CHANNEL_STORE);
    o->set_region("north");
    o->set_warehouse("WH1");
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product_);
    line->set_quantity(quantity);
    ov1::Order order;
    EXPECT_TRUE(orders_->CreateOrder(Ctx().get(), req, &order).ok());
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(order.name());
    EXPECT_TRUE(orders_->ConfirmOrder(Ctx().get(), confirm, &order).ok());
    ov1::ShipOrderRequest ship;
    ship.set_name(order.name());
    ship.set_carrier("EMS");
    ship.set_tracking_number("T");
    EXPECT_TRUE(orders_->ShipOrder(Ctx().get(), ship, &order).ok());
    ov1::DeliverShipmentRequest deliver;
    if (order.shipments_size() > 0) deliver.set_name(order.shipments(0).name());
    EXPECT_TRUE(orders_->DeliverShipment(Ctx().get(), deliver, &order).ok());
    EXPECT_EQ(order.status(), ov1::ORDER_STATUS_DELIVERED);
    return order;
  }

  ov1::Return RequestReturn(const std::string& order, int64_t units) {
    ov1::CreateReturnRequest req;
    req.mutable_order_return()->set_order(order);
    req.mutable_order_return()->set_reason("wrong size");
    ov1::ReturnLine* line = req.mutable_order_return()->add_lines();
    line->set_line_id(1);
    line->set_quantity(units);
    ov1::Return out;
    const grpc::Status status = orders_->CreateReturn(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  std::vector<std::string> Names(const ov1::ListReturnsRequest& req) {
    ov1::ListReturnsResponse resp;
    const grpc::Status status = orders_->ListReturns(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(resp.next_page_token().empty());
    std::vector<std::string> names;
    for (const ov1::Return& r : resp.returns()) names.push_back(r.name());
    return names;
  }

  std::string customer_;
  std::string product_;
};

TEST_F(OrdersReturnsListTest, ListsOldestFirstWithFiltersAndPages) {
  const ov1::Order a = DeliveredOrder(5);
  const ov1::Order b = DeliveredOrder(5);
  const ov1::Return r1 = RequestReturn(a.name(), 1);
  const ov1::Return r2 = RequestReturn(b.name(), 2);
  const ov1::Return r3 = RequestReturn(a.name(), 3);
  ov1::RejectReturnRequest reject;
  reject.set_name(r2.name());
  reject.set_reason("outside policy");
  ov1::Return rejected;
  ASSERT_TRUE(orders_->RejectReturn(Ctx().get(), reject, &rejected).ok());
  const ov1::Return r4 = RequestReturn(b.name(), 1);

  // Everything, oldest first, with lines and the times in the same order.
  ov1::ListReturnsResponse all;
  ASSERT_TRUE(orders_->ListReturns(Ctx().get(), ov1::ListReturnsRequest(), &all).ok());
  ASSERT_EQ(all.returns_size(), 4);
  EXPECT_EQ(all.returns(0).name(), r1.name());
  EXPECT_EQ(all.returns(1).name(), r2.name());
  EXPECT_EQ(all.returns(2).name(), r3.name());
  EXPECT_EQ(all.returns(3).name(), r4.name());
  for (int i = 1; i < all.returns_size(); ++i) {
    EXPECT_LE(TimeOf(all.returns(i - 1).create_time()), TimeOf(all.returns(i).create_time()));
  }
  EXPECT_EQ(all.returns(2).SerializeAsString(), r3.SerializeAsString());  // same as CreateReturn
  ASSERT_EQ(all.returns(2).lines_size(), 1);
  EXPECT_EQ(all.returns(2).lines(0).quantity(), 3);
  EXPECT_EQ(all.returns(1).status(), ov1::RETURN_STATUS_REJECTED);
  EXPECT_EQ(all.returns(1).rejection_reason(), "outside policy");

  // By order, by status, both.
  ov1::ListReturnsRequest by_order;
  by_order.set_order(a.name());
  EXPECT_EQ(Names(by_order), (std::vector<std::string>{r1.name(), r3.name()}));
  ov1::ListReturnsRequest by_status;
  by_status.set_status(ov1::RETURN_STATUS_REQUESTED);
  EXPECT_EQ(Names(by_status), (std::vector<std::string>{r1.name(), r3.name(), r4.name()}));
  by_status.set_status(ov1::RETURN_STATUS_REJECTED);
  EXPECT_EQ(Names(by_status), (std::vector<std::string>{r2.name()}));
  ov1::ListReturnsRequest both;
  both.set_order(b.name());
  both.set_status(ov1::RETURN_STATUS_REQUESTED);
  EXPECT_EQ(Names(both), (std::vector<std::string>{r4.name()}));
  ov1::ListReturnsRequest unknown_order;
  unknown_order.set_order("orders/999999");
  EXPECT_TRUE(Names(unknown_order).empty());

  // By creation time: [r2, r4) holds r2 and r3.
  ov1::ListReturnsRequest window;
  *window.mutable_start_time() = r2.create_time();
  *window.mutable_end_time() = r4.create_time();
  EXPECT_EQ(Names(window), (std::vector<std::string>{r2.name(), r3.name()}));
  ov1::ListReturnsRequest since;
  *since.mutable_start_time() = r3.create_time();
  EXPECT_EQ(Names(since), (std::vector<std::string>{r3.name(), r4.name()}));

  // Pages of one: the same list, then an empty token.
  std::vector<std::string> paged;
  ov1::ListReturnsRequest page_req;
  page_req.set_page_size(1);
  for (int pages = 0; pages < 10; ++pages) {
    ov1::ListReturnsResponse page;
    ASSERT_TRUE(orders_->ListReturns(Ctx().get(), page_req, &page).ok());
    ASSERT_LE(page.returns_size(), 1);
    for (const ov1::Return& r : page.returns()) paged.push_back(r.name());
    if (page.next_page_token().empty()) break;
    page_req.set_page_token(page.next_page_token());
  }
  EXPECT_EQ(paged, (std::vector<std::string>{r1.name(), r2.name(), r3.name(), r4.name()}));

  // A token belongs to its filters.
  ov1::ListReturnsRequest first_page;
  first_page.set_page_size(1);
  ov1::ListReturnsResponse page;
  ASSERT_TRUE(orders_->ListReturns(Ctx().get(), first_page, &page).ok());
  first_page.set_page_token(page.next_page_token());
  first_page.set_order(a.name());
  EXPECT_RPC_ERROR(orders_->ListReturns(Ctx().get(), first_page, &page),
                   StatusCode::INVALID_ARGUMENT, "page_token");
}

TEST_F(OrdersReturnsListTest, BadInputIsRefusedNamingTheField) {
  ov1::ListReturnsResponse resp;
  ov1::ListReturnsRequest req;
  req.set_order("returns/1");
  EXPECT_RPC_ERROR(orders_->ListReturns(Ctx().get(), req, &resp), StatusCode::INVALID_ARGUMENT,
                   "order");
  req = ov1::ListReturnsRequest();
  req.set_status(static_cast<ov1::ReturnStatus>(9));
  EXPECT_RPC_ERROR(orders_->ListReturns(Ctx().get(), req, &resp), StatusCode::INVALID_ARGUMENT,
                   "status");
  req = ov1::ListReturnsRequest();
  req.mutable_start_time()->set_seconds(1000);
  req.mutable_end_time()->set_seconds(1000);
  EXPECT_RPC_ERROR(orders_->ListReturns(Ctx().get(), req, &resp), StatusCode::INVALID_ARGUMENT,
                   "end_time");
  req = ov1::ListReturnsRequest();
  req.mutable_end_time()->set_nanos(-1);
  EXPECT_RPC_ERROR(orders_->ListReturns(Ctx().get(), req, &resp), StatusCode::INVALID_ARGUMENT,
                   "end_time");
  req = ov1::ListReturnsRequest();
  req.set_page_size(-3);
  EXPECT_RPC_ERROR(orders_->ListReturns(Ctx().get(), req, &resp), StatusCode::INVALID_ARGUMENT,
                   "page_size");
}

}  // namespace
}  // namespace sales::testing
