// ListStockMovements over gRPC against the real MariaDB: every stock change (received,
// adjusted, transferred out and in, reserved, released, shipped, restocked) is listed
// oldest first with its deltas, actor, reason and the order, return or transfer it belongs
// to; filters, paging and bad input; the stock events are still published (now from api/).
#include <string>
#include <vector>

#include "sales/events/v1/event.pb.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class OrdersStockMovementsTest : public OrdersTest {
 protected:
  void SetUp() override {
    OrdersTest::SetUp();
    customer_ = NewCustomer();
    product_ = NewProduct("MV-1", 1000, 400);
  }

  ov1::Order ConfirmedOrder(int64_t quantity, const std::string& actor) {
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
    grpc::Status status = orders_->CreateOrder(Ctx().get(), req, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(order.name());
    confirm.set_actor(actor);
    status = orders_->ConfirmOrder(Ctx().get(), confirm, &order);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(order.status(), ov1::ORDER_STATUS_CONFIRMED);
    return order;
  }

  std::vector<ov1::StockMovement> List(ov1::ListStockMovementsRequest req) {
    ov1::ListStockMovementsResponse resp;
    const grpc::Status status = orders_->ListStockMovements(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_TRUE(resp.next_page_token().empty());
    return {resp.stock_movements().begin(), resp.stock_movements().end()};
  }

  ov1::ListStockMovementsRequest ForProduct() {
    ov1::ListStockMovementsRequest req;
    req.set_product(product_);
    return req;
  }

  std::string customer_;
  std::string product_;
};

TEST_F(OrdersStockMovementsTest, EveryChangeIsListedWithWhoWhenWhyAndWhatItBelongsTo) {
  const absl::Time before = absl::Now() - absl::Seconds(1);
  ov1::ReceiveStockRequest receive;
  receive.set_product(product_);
  receive.set_warehouse("WH1");
  receive.set_quantity(20);
  receive.set_reason("PO-881");
  receive.set_actor("alice");
  ov1::StockLevel level;
  ASSERT_TRUE(orders_->ReceiveStock(Ctx().get(), receive, &level).ok());

  ov1::AdjustStockRequest adjust;
  adjust.set_product(product_);
  adjust.set_warehouse("WH1");
  adjust.set_quantity_delta(-2);
  adjust.set_reason("broken in storage");
  adjust.set_actor("bob");
  ASSERT_TRUE(orders_->AdjustStock(Ctx().get(), adjust, &level).ok());

  ov1::TransferStockRequest transfer;
  transfer.set_product(product_);
  transfer.set_from_warehouse("WH1");
  transfer.set_to_warehouse("WH2");
  transfer.set_quantity(3);
  transfer.set_reason("rebalance");
  transfer.set_actor("carol");
  ov1::TransferStockResponse moved;
  ASSERT_TRUE(orders_->TransferStock(Ctx().get(), transfer, &moved).ok());

  // An order confirmed by dave, shipped, delivered and partly returned and restocked; a
  // second order confirmed and then cancelled by erin.
  ov1::Order shipped = ConfirmedOrder(4, "dave");
  ov1::ShipOrderRequest ship;
  ship.set_name(shipped.name());
  ship.set_carrier("EMS");
  ship.set_tracking_number("T-1");
  ASSERT_TRUE(orders_->ShipOrder(Ctx().get(), ship, &shipped).ok());
  ov1::DeliverShipmentRequest deliver;
  deliver.set_name(shipped.shipments(0).name());
  ASSERT_TRUE(orders_->DeliverShipment(Ctx().get(), deliver, &shipped).ok());
  ov1::CreateReturnRequest ret_req;
  ret_req.mutable_order_return()->set_order(shipped.name());
  ret_req.mutable_order_return()->set_reason("too big");
  ov1::ReturnLine* rl = ret_req.mutable_order_return()->add_lines();
  rl->set_line_id(1);
  rl->set_quantity(1);
  ov1::Return ret;
  grpc::Status status = orders_->CreateReturn(Ctx().get(), ret_req, &ret);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ov1::ReceiveReturnRequest receive_return;
  receive_return.set_name(ret.name());
  ASSERT_TRUE(orders_->ReceiveReturn(Ctx().get(), receive_return, &ret).ok());
  ov1::ResolveReturnRequest resolve;
  resolve.set_name(ret.name());
  resolve.set_disposition(ov1::DISPOSITION_RESTOCK);
  ASSERT_TRUE(orders_->ResolveReturn(Ctx().get(), resolve, &ret).ok());

  ov1::Order cancelled = ConfirmedOrder(5, "dave");
  ov1::CancelOrderRequest cancel;
  cancel.set_name(cancelled.name());
  cancel.set_reason("customer changed their mind");
  cancel.set_actor("erin");
  ASSERT_TRUE(orders_->CancelOrder(Ctx().get(), cancel, &cancelled).ok());

  const std::vector<ov1::StockMovement> all = List(ForProduct());
  ASSERT_EQ(all.size(), 9u);
  struct Expected {
    ov1::StockMovementKind kind;
    const char* warehouse;
    int64_t on_hand_delta;
    int64_t reserved_delta;
    const char* actor;
    const char* reason;
  };
  const std::vector<Expected> expected = {
      {ov1::STOCK_MOVEMENT_KIND_RECEIVED, "WH1", 20, 0, "alice", "PO-881"},
      {ov1::STOCK_MOVEMENT_KIND_ADJUSTED, "WH1", -2, 0, "bob", "broken in storage"},
      {ov1::STOCK_MOVEMENT_KIND_TRANSFERRED_OUT, "WH1", -3, 0, "carol", "rebalance"},
      {ov1::STOCK_MOVEMENT_KIND_TRANSFERRED_IN, "WH2", 3, 0, "carol", "rebalance"},
      {ov1::STOCK_MOVEMENT_KIND_RESERVED, "WH1", 0, 4, "dave", "order confirmed"},
      {ov1::STOCK_MOVEMENT_KIND_SHIPPED, "WH1", -4, -4, "system", "shipment 1"},
      {ov1::STOCK_MOVEMENT_KIND_RESTOCKED, "WH1", 1, 0, "system", "returned goods restocked"},
      {ov1::STOCK_MOVEMENT_KIND_RESERVED, "WH1", 0, 5, "dave", "order confirmed"},
      {ov1::STOCK_MOVEMENT_KIND_RELEASED, "WH1", 0, -5, "erin", "customer changed their mind"},
  };
  absl::Time previous = absl::InfinitePast();
  for (size_t i = 0; i < all.size(); ++i) {
    const ov1::StockMovement& m = all[i];
    SCOPED_TRACE(i);
    EXPECT_EQ(m.kind(), expected[i].kind);
    EXPECT_EQ(m.product(), product_);
    EXPECT_EQ(m.warehouse(), expected[i].warehouse);
    EXPECT_EQ(m.on_hand_delta(), expected[i].on_hand_delta);
    EXPECT_EQ(m.reserved_delta(), expected[i].reserved_delta);
    EXPECT_EQ(m.actor(), expected[i].actor);
    EXPECT_EQ(m.reason(), expected[i].reason);
    EXPECT_EQ(m.name().rfind(product_ + "/stockMovements/", 0), 0u) << m.name();
    const absl::Time t = absl::FromUnixSeconds(m.create_time().seconds()) +
                         absl::Nanoseconds(m.create_time().nanos());
    EXPECT_GE(t, before);
    EXPECT_GE(t, previous);  // oldest first, and the times shown agree with the order
    previous = t;
  }
  // What each belongs to.
  EXPECT_TRUE(all[0].order().empty());
  EXPECT_NE(all[2].transfer_id(), 0);
  EXPECT_EQ(all[2].transfer_id(), all[3].transfer_id());
  EXPECT_EQ(all[2].name(), absl::StrCat(product_, "/stockMovements/", all[2].transfer_id()));
  EXPECT_EQ(all[2].counterpart_warehouse(), "WH2");
  EXPECT_EQ(all[3].counterpart_warehouse(), "WH1");
  EXPECT_EQ(all[0].transfer_id(), 0);
  EXPECT_EQ(all[4].order(), shipped.name());
  EXPECT_EQ(all[5].order(), shipped.name());
  EXPECT_EQ(all[6].order(), shipped.name());
  EXPECT_EQ(all[6].order_return(), ret.name());
  EXPECT_EQ(all[7].order(), cancelled.name());
  EXPECT_EQ(all[8].order(), cancelled.name());
  EXPECT_TRUE(all[8].order_return().empty());

  // The movements add up to the levels.
  int64_t on_hand_wh1 = 0;
  int64_t reserved_wh1 = 0;
  for (const ov1::StockMovement& m : all) {
    if (m.warehouse() != "WH1") continue;
    on_hand_wh1 += m.on_hand_delta();
    reserved_wh1 += m.reserved_delta();
  }
  ov1::ListStockLevelsRequest levels_req;
  levels_req.set_product(product_);
  levels_req.set_warehouse("WH1");
  ov1::ListStockLevelsResponse levels;
  ASSERT_TRUE(orders_->ListStockLevels(Ctx().get(), levels_req, &levels).ok());
  ASSERT_EQ(levels.stock_levels_size(), 1);
  EXPECT_EQ(levels.stock_levels(0).on_hand(), on_hand_wh1);
  EXPECT_EQ(levels.stock_levels(0).reserved(), reserved_wh1);

  // One stock_changed event per movement, written by the handlers.
  EXPECT_EQ(EventCount("stock_changed"), 9);

  // Filters.
  ov1::ListStockMovementsRequest wh2 = ForProduct();
  wh2.set_warehouse("WH2");
  const std::vector<ov1::StockMovement> in_wh2 = List(wh2);
  ASSERT_EQ(in_wh2.size(), 1u);
  EXPECT_EQ(in_wh2[0].kind(), ov1::STOCK_MOVEMENT_KIND_TRANSFERRED_IN);
  ov1::ListStockMovementsRequest reserved = ForProduct();
  reserved.set_kind(ov1::STOCK_MOVEMENT_KIND_RESERVED);
  const std::vector<ov1::StockMovement> reservations = List(reserved);
  ASSERT_EQ(reservations.size(), 2u);
  EXPECT_EQ(reservations[0].name(), all[4].name());
  EXPECT_EQ(reservations[1].name(), all[7].name());
  ov1::ListStockMovementsRequest window = ForProduct();
  *window.mutable_start_time() = all[5].create_time();
  *window.mutable_end_time() = all[8].create_time();
  const std::vector<ov1::StockMovement> in_window = List(window);
  ASSERT_FALSE(in_window.empty());
  for (const ov1::StockMovement& m : in_window) {
    EXPECT_GE(m.create_time().seconds() * 1000000000LL + m.create_time().nanos(),
              all[5].create_time().seconds() * 1000000000LL + all[5].create_time().nanos());
    EXPECT_LT(m.create_time().seconds() * 1000000000LL + m.create_time().nanos(),
              all[8].create_time().seconds() * 1000000000LL + all[8].create_time().nanos());
  }
  ov1::ListStockMovementsRequest future = ForProduct();
  future.mutable_start_time()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(1)));
  EXPECT_TRUE(List(future).empty());

  // Paging walks the same list, page by page.
  std::vector<std::string> paged;
  ov1::ListStockMovementsRequest page_req = ForProduct();
  page_req.set_page_size(2);
  for (int pages = 0; pages < 10; ++pages) {
    ov1::ListStockMovementsResponse page;
    ASSERT_TRUE(orders_->ListStockMovements(Ctx().get(), page_req, &page).ok());
    EXPECT_LE(page.stock_movements_size(), 2);
    for (const ov1::StockMovement& m : page.stock_movements()) paged.push_back(m.name());
    if (page.next_page_token().empty()) break;
    page_req.set_page_token(page.next_page_token());
  }
  std::vector<std::string> names;
  for (const ov1::StockMovement& m : all) names.push_back(m.name());
  EXPECT_EQ(paged, names);
}

TEST_F(OrdersStockMovementsTest, LongCancellationReasonIsKeptCutAtACharacterBoundary) {
  Receive(product_, "WH1", 10);
  ov1::Order order = ConfirmedOrder(2, "dave");
  std::string reason;
  for (int i = 0; i < 500; ++i) reason += "\xe9\x80\x80";  // U+9000, three bytes each
  ov1::CancelOrderRequest cancel;
  cancel.set_name(order.name());
  cancel.set_reason(reason);
  cancel.set_actor("erin");
  const grpc::Status status = orders_->CancelOrder(Ctx().get(), cancel, &order);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ov1::ListStockMovementsRequest released = ForProduct();
  released.set_kind(ov1::STOCK_MOVEMENT_KIND_RELEASED);
  const std::vector<ov1::StockMovement> movements = List(released);
  ASSERT_EQ(movements.size(), 1u);
  EXPECT_EQ(movements[0].reason(), reason.substr(0, 200 * 3));  // 200 characters
  EXPECT_EQ(movements[0].actor(), "erin");
}

TEST_F(OrdersStockMovementsTest, BadInputIsRefusedNamingTheField) {
  ov1::ListStockMovementsResponse resp;
  ov1::ListStockMovementsRequest req;
  EXPECT_RPC_ERROR(orders_->ListStockMovements(Ctx().get(), req, &resp),
                   StatusCode::INVALID_ARGUMENT, "product");
  req.set_product("products/999999");
  EXPECT_RPC_ERROR(orders_->ListStockMovements(Ctx().get(), req, &resp), StatusCode::NOT_FOUND,
                   "products/999999");
  req = ForProduct();
  req.set_warehouse("WH 1");
  EXPECT_RPC_ERROR(orders_->ListStockMovements(Ctx().get(), req, &resp),
                   StatusCode::INVALID_ARGUMENT, "warehouse");
  req = ForProduct();
  req.set_kind(static_cast<ov1::StockMovementKind>(42));
  EXPECT_RPC_ERROR(orders_->ListStockMovements(Ctx().get(), req, &resp),
                   StatusCode::INVALID_ARGUMENT, "kind");
  req = ForProduct();
  req.mutable_start_time()->set_seconds(2000);
  req.mutable_end_time()->set_seconds(1000);
  EXPECT_RPC_ERROR(orders_->ListStockMovements(Ctx().get(), req, &resp),
                   StatusCode::INVALID_ARGUMENT, "end_time");
  req = ForProduct();
  req.mutable_start_time()->set_seconds(-5);
  EXPECT_RPC_ERROR(orders_->ListStockMovements(Ctx().get(), req, &resp),
                   StatusCode::INVALID_ARGUMENT, "start_time");
  req = ForProduct();
  req.set_page_size(-1);
  EXPECT_RPC_ERROR(orders_->ListStockMovements(Ctx().get(), req, &resp),
                   StatusCode::INVALID_ARGUMENT, "page_size");
  req = ForProduct();
  req.set_page_token("garbage");
  EXPECT_RPC_ERROR(orders_->ListStockMovements(Ctx().get(), req, &resp),
                   StatusCode::INVALID_ARGUMENT, "page_token");

  // The actor of a stock request is checked too.
  ov1::ReceiveStockRequest receive;
  receive.set_product(product_);
  receive.set_warehouse("WH1");
  receive.set_quantity(1);
  receive.set_actor(std::string(101, 'a'));
  ov1::StockLevel level;
  EXPECT_RPC_ERROR(orders_->ReceiveStock(Ctx().get(), receive, &level),
                   StatusCode::INVALID_ARGUMENT, "actor");
  ov1::TransferStockRequest transfer;
  transfer.set_product(product_);
  transfer.set_from_warehouse("WH1");
  transfer.set_to_warehouse("WH2");
  transfer.set_quantity(1);
  transfer.set_reason(std::string(201, 'r'));
  ov1::TransferStockResponse moved;
  EXPECT_RPC_ERROR(orders_->TransferStock(Ctx().get(), transfer, &moved),
                   StatusCode::INVALID_ARGUMENT, "reason");
  // Nothing was written.
  EXPECT_TRUE(List(ForProduct()).empty());
}

}  // namespace
}  // namespace sales::testing
