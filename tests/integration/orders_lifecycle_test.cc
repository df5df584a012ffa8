// The order lifecycle over gRPC against the real MariaDB: creation and pricing, review and
// approval, reservation (also under 200 concurrent confirmations), partial shipments,
// delivery, completion, cancellation, history, events, listing, and bad input.
#include <algorithm>
#include <atomic>
#include <functional>
#include <set>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;

class OrdersLifecycleTest : public OrdersTest {
 protected:
  std::vector<std::string> OrdersArgs() const override { return {"--tax_rate_bp=1000"}; }

  ov1::CreateOrderRequest OrderOf(const std::string& customer,
                                  const std::vector<std::pair<std::string, int64_t>>& lines) {
    ov1::CreateOrderRequest req;
    ov1::Order* o = req.mutable_order();
    o->set_customer(customer);
    o->set_channel(ov1::CHANNEL_WEB);
    o->set_region("east");
    o->set_warehouse("WH1");
    for (const auto& [product, quantity] : lines) {
      ov1::OrderLine* line = o->add_lines();
      line->set_product(product);
      line->set_quantity(quantity);
    }
    return req;
  }

  ov1::Order MustCreate(const ov1::CreateOrderRequest& req) {
    ov1::Order out;
    const grpc::Status status = orders_->CreateOrder(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  grpc::Status Confirm(const std::string& name, ov1::Order* out) {
    ov1::ConfirmOrderRequest req;
    req.set_name(name);
    req.set_actor("clerk");
    return orders_->ConfirmOrder(Ctx().get(), req, out);
  }

  grpc::Status Ship(const std::string& name, const std::vector<std::pair<int, int64_t>>& lines,
                    ov1::Order* out) {
    ov1::ShipOrderRequest req;
    req.set_name(name);
    req.set_carrier("SF Express");
    req.set_tracking_number(absl::StrCat("SF", lines.size(), "-", name.size()));
    for (const auto& [line_id, quantity] : lines) {
      ov1::ShipmentLine* l = req.add_lines();
      l->set_line_id(line_id);
      l->set_quantity(quantity);
    }
    return orders_->ShipOrder(Ctx().get(), req, out);
  }

  grpc::Status Deliver(const std::string& shipment, ov1::Order* out) {
    ov1::DeliverShipmentRequest req;
    req.set_name(shipment);
    return orders_->DeliverShipment(Ctx().get(), req, out);
  }

  ov1::StockLevel Stock(const std::string& product, const std::string& warehouse = "WH1") {
    ov1::ListStockLevelsRequest req;
    req.set_product(product);
    req.set_warehouse(warehouse);
    ov1::ListStockLevelsResponse resp;
    const grpc::Status status = orders_->ListStockLevels(Ctx().get(), req, &resp);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return resp.stock_levels_size() == 1 ? resp.stock_levels(0) : ov1::StockLevel();
  }
};

TEST_F(OrdersLifecycleTest, CreatePricesTheOrderWithTaxCostAndMargin) {
  const std::string customer = NewCustomer();
  const std::string a = NewProduct("A-1", 1000, 600);
  const std::string b = NewProduct("B-1", 250, 100, "toys");
  ov1::CreateOrderRequest req = OrderOf(customer, {{a, 3}, {b, 2}});
  req.mutable_order()->add_sales_credits()->set_rep("reps/r-1");
  req.mutable_order()->mutable_sales_credits(0)->set_revenue_share_bp(6000);
  req.mutable_order()->add_sales_credits()->set_rep("reps/r-2");
  req.mutable_order()->mutable_sales_credits(1)->set_revenue_share_bp(4000);
  const ov1::Order order = MustCreate(req);

  EXPECT_TRUE(absl::StartsWith(order.name(), "orders/"));
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_RECEIVED);
  ASSERT_EQ(order.lines_size(), 2);
  EXPECT_EQ(order.lines(0).line_id(), 1);
  EXPECT_EQ(order.lines(0).sku(), "A-1");
  EXPECT_EQ(order.lines(1).category(), "toys");
  EXPECT_EQ(order.lines(0).unit_price().minor_units(), 1000);
  EXPECT_EQ(order.lines(0).subtotal().minor_units(), 3000);
  EXPECT_EQ(order.lines(0).tax().minor_units(), 300);
  EXPECT_EQ(order.lines(0).total().minor_units(), 3300);
  EXPECT_EQ(order.lines(0).cost().minor_units(), 1800);
  EXPECT_EQ(order.subtotal().minor_units(), 3500);
  EXPECT_EQ(order.discount_total().minor_units(), 0);
  EXPECT_EQ(order.tax_total().minor_units(), 350);
  EXPECT_EQ(order.total().minor_units(), 3850);
  EXPECT_EQ(order.cost_total().minor_units(), 2000);
  EXPECT_EQ(order.margin().minor_units(), 1500);
  EXPECT_EQ(order.total().currency_code(), "CNY");
  ASSERT_EQ(order.sales_credits_size(), 2);
  ASSERT_EQ(order.status_history_size(), 1);
  EXPECT_EQ(order.status_history(0).from_status(), ov1::ORDER_STATUS_UNSPECIFIED);
  EXPECT_EQ(order.status_history(0).to_status(), ov1::ORDER_STATUS_RECEIVED);
  EXPECT_FALSE(order.requires_approval());
  EXPECT_EQ(EventCount("order_placed"), 1);

  ov1::GetOrderRequest get;
  get.set_name(order.name());
  ov1::Order fetched;
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &fetched).ok());
  EXPECT_EQ(fetched.total().minor_units(), 3850);
  EXPECT_EQ(fetched.customer(), customer);
  EXPECT_EQ(fetched.etag(), order.etag());
}

TEST_F(OrdersLifecycleTest, WholeLifecycleWithPartialShipmentsAndHistory) {
  const std::string customer = NewCustomer();
  const std::string a = NewProduct("A-2", 1000, 600);
  const std::string b = NewProduct("B-2", 500, 200);
  Receive(a, "WH1", 10);
  Receive(b, "WH1", 10);
  const ov1::Order created = MustCreate(OrderOf(customer, {{a, 3}, {b, 2}}));

  ov1::Order order;
  ASSERT_TRUE(Confirm(created.name(), &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(Stock(a).reserved(), 3);
  EXPECT_EQ(Stock(a).available(), 7);
  EXPECT_EQ(Stock(b).reserved(), 2);

  // First partial shipment: 2 of line 1.
  ASSERT_TRUE(Ship(created.name(), {{1, 2}}, &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_SHIPPED);
  ASSERT_EQ(order.shipments_size(), 1);
  EXPECT_EQ(order.lines(0).shipped_quantity(), 2);
  EXPECT_EQ(Stock(a).on_hand(), 8);
  EXPECT_EQ(Stock(a).reserved(), 1);
  const std::string first = order.shipments(0).name();
  EXPECT_TRUE(absl::StartsWith(first, created.name() + "/shipments/"));

  // More than what is left on a line is refused.
  ov1::Order ignored;
  EXPECT_RPC_ERROR(Ship(created.name(), {{1, 2}}, &ignored), StatusCode::FAILED_PRECONDITION,
                   "lines[0].quantity");
  EXPECT_RPC_ERROR(Ship(created.name(), {{9, 1}}, &ignored), StatusCode::INVALID_ARGUMENT,
                   "lines[0].line_id");

  // Delivering the first shipment does not deliver the order: units remain unshipped.
  ASSERT_TRUE(Deliver(first, &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_SHIPPED);
  EXPECT_TRUE(order.shipments(0).has_delivery_time());
  EXPECT_RPC_ERROR_MENTIONS(Deliver(first, &ignored), StatusCode::FAILED_PRECONDITION,
                            "was already delivered");

  // Completing before delivery is refused, naming both states.
  ov1::CompleteOrderRequest complete;
  complete.set_name(created.name());
  const grpc::Status early = orders_->CompleteOrder(Ctx().get(), complete, &ignored);
  EXPECT_EQ(early.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(early.error_message().find("ORDER_STATUS_SHIPPED"), std::string::npos);
  EXPECT_NE(early.error_message().find("ORDER_STATUS_COMPLETED"), std::string::npos);

  // Second shipment: everything left.
  ASSERT_TRUE(Ship(created.name(), {}, &order).ok());
  ASSERT_EQ(order.shipments_size(), 2);
  ASSERT_EQ(order.shipments(1).lines_size(), 2);
  EXPECT_EQ(order.shipments(1).lines(0).quantity(), 1);
  EXPECT_EQ(order.shipments(1).lines(1).quantity(), 2);
  EXPECT_EQ(Stock(a).on_hand(), 7);
  EXPECT_EQ(Stock(a).reserved(), 0);
  EXPECT_EQ(Stock(b).on_hand(), 8);
  EXPECT_RPC_ERROR_MENTIONS(Ship(created.name(), {}, &ignored), StatusCode::FAILED_PRECONDITION,
                            "every unit of the order is already shipped");

  ASSERT_TRUE(Deliver(order.shipments(1).name(), &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_DELIVERED);

  ASSERT_TRUE(orders_->CompleteOrder(Ctx().get(), complete, &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_COMPLETED);

  // Every status change is kept, with who and when, oldest first. No approval was needed,
  // so the order never waited IN_REVIEW and the history does not say it did.
  const std::vector<std::pair<ov1::OrderStatus, ov1::OrderStatus>> expected = {
      {ov1::ORDER_STATUS_UNSPECIFIED, ov1::ORDER_STATUS_RECEIVED},
      {ov1::ORDER_STATUS_RECEIVED, ov1::ORDER_STATUS_CONFIRMED},
      {ov1::ORDER_STATUS_CONFIRMED, ov1::ORDER_STATUS_SHIPPED},
      {ov1::ORDER_STATUS_SHIPPED, ov1::ORDER_STATUS_SHIPPED},
      {ov1::ORDER_STATUS_SHIPPED, ov1::ORDER_STATUS_DELIVERED},
      {ov1::ORDER_STATUS_DELIVERED, ov1::ORDER_STATUS_COMPLETED}};
  ov1::GetOrderRequest get;
  get.set_name(created.name());
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &order).ok());
  ASSERT_EQ(order.status_history_size(), static_cast<int>(expected.size()));
  for (size_t i = 0; i < expected.size(); ++i) {
    EXPECT_EQ(order.status_history(i).from_status(), expected[i].first) << i;
    EXPECT_EQ(order.status_history(i).to_status(), expected[i].second) << i;
    EXPECT_TRUE(order.status_history(i).has_change_time()) << i;
    EXPECT_FALSE(order.status_history(i).actor().empty()) << i;
  }
  EXPECT_EQ(order.status_history(1).actor(), "clerk");
  EXPECT_EQ(EventCount("order_placed"), 1);
  EXPECT_EQ(EventCount("order_status_changed"), 5);
}

TEST_F(OrdersLifecycleTest, TooLittleStockIsRefusedNamingTheProductAndChangesNothing) {
  const std::string customer = NewCustomer();
  const std::string a = NewProduct("A-3", 1000, 600);
  const std::string b = NewProduct("B-3", 500, 200);
  Receive(a, "WH1", 10);
  Receive(b, "WH1", 1);
  const ov1::Order created = MustCreate(OrderOf(customer, {{a, 3}, {b, 2}}));
  ov1::Order order;
  EXPECT_RPC_ERROR_MENTIONS(Confirm(created.name(), &order), StatusCode::FAILED_PRECONDITION,
                            absl::StrCat("not enough stock in warehouse WH1: ", b));
  EXPECT_EQ(Stock(a).reserved(), 0);
  ov1::GetOrderRequest get;
  get.set_name(created.name());
  ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_RECEIVED);
  EXPECT_EQ(order.status_history_size(), 1);
  EXPECT_EQ(EventCount("order_status_changed"), 0);
}

TEST_F(OrdersLifecycleTest, CancelBeforeShipmentReleasesTheReservation) {
  const std::string customer = NewCustomer();
  const std::string a = NewProduct("A-4", 1000, 600);
  Receive(a, "WH1", 5);
  const ov1::Order created = MustCreate(OrderOf(customer, {{a, 3}}));
  ov1::Order order;
  ASSERT_TRUE(Confirm(created.name(), &order).ok());
  EXPECT_EQ(Stock(a).reserved(), 3);

  ov1::CancelOrderRequest cancel;
  cancel.set_name(created.name());
  EXPECT_RPC_ERROR(orders_->CancelOrder(Ctx().get(), cancel, &order), StatusCode::INVALID_ARGUMENT,
                   "reason");
  cancel.set_reason("customer changed their mind");
  cancel.set_actor("agent-7");
  ASSERT_TRUE(orders_->CancelOrder(Ctx().get(), cancel, &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_CANCELLED);
  EXPECT_EQ(order.status_history(order.status_history_size() - 1).reason(),
            "customer changed their mind");
  EXPECT_EQ(order.status_history(order.status_history_size() - 1).actor(), "agent-7");
  EXPECT_EQ(Stock(a).reserved(), 0);
  EXPECT_EQ(Stock(a).available(), 5);

  const grpc::Status again = orders_->CancelOrder(Ctx().get(), cancel, &order);
  EXPECT_EQ(again.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(again.error_message().find("ORDER_STATUS_CANCELLED"), std::string::npos);

  // After a shipment, cancellation is refused.
  const ov1::Order second = MustCreate(OrderOf(customer, {{a, 1}}));
  ASSERT_TRUE(Confirm(second.name(), &order).ok());
  ASSERT_TRUE(Ship(second.name(), {}, &order).ok());
  cancel.set_name(second.name());
  const grpc::Status late = orders_->CancelOrder(Ctx().get(), cancel, &order);
  EXPECT_EQ(late.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(late.error_message().find("ORDER_STATUS_SHIPPED"), std::string::npos);

  // A RECEIVED order can be cancelled too (nothing reserved).
  const ov1::Order third = MustCreate(OrderOf(customer, {{a, 1}}));
  cancel.set_name(third.name());
  ASSERT_TRUE(orders_->CancelOrder(Ctx().get(), cancel, &order).ok());
  EXPECT_EQ(Stock(a).reserved(), 0);
}

class OrdersApprovalTest : public OrdersLifecycleTest {
 protected:
  std::vector<std::string> OrdersArgs() const override { return {"--approval_total_minor=5000"}; }
};

TEST_F(OrdersApprovalTest, LargeOrdersWaitForAnExplicitApproval) {
  const std::string customer = NewCustomer();
  const std::string a = NewProduct("A-5", 1000, 600);
  Receive(a, "WH1", 20);

  const ov1::Order small = MustCreate(OrderOf(customer, {{a, 2}}));
  EXPECT_FALSE(small.requires_approval());
  ov1::Order order;
  ASSERT_TRUE(Confirm(small.name(), &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_CONFIRMED);

  const ov1::Order large = MustCreate(OrderOf(customer, {{a, 6}}));
  EXPECT_TRUE(large.requires_approval());
  ASSERT_TRUE(Confirm(large.name(), &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_IN_REVIEW);
  EXPECT_EQ(Stock(a).reserved(), 2);  // nothing reserved while in review
  EXPECT_RPC_ERROR_MENTIONS(Confirm(large.name(), &order), StatusCode::FAILED_PRECONDITION,
                            "waits for an explicit approval");

  ov1::ApproveOrderRequest approve;
  approve.set_name(large.name());
  EXPECT_RPC_ERROR(orders_->ApproveOrder(Ctx().get(), approve, &order),
                   StatusCode::INVALID_ARGUMENT, "approver");
  approve.set_approver("manager-li");
  approve.set_request_id("approve-1");
  ASSERT_TRUE(orders_->ApproveOrder(Ctx().get(), approve, &order).ok());
  EXPECT_EQ(order.status(), ov1::ORDER_STATUS_CONFIRMED);
  EXPECT_EQ(order.approver(), "manager-li");
  EXPECT_EQ(order.status_history(order.status_history_size() - 1).actor(), "manager-li");
  EXPECT_EQ(Stock(a).reserved(), 8);
  // A retry with the same request_id answers the same and reserves nothing more.
  ov1::Order retried;
  ASSERT_TRUE(orders_->ApproveOrder(Ctx().get(), approve, &retried).ok());
  EXPECT_EQ(retried.etag(), order.etag());
  EXPECT_EQ(Stock(a).reserved(), 8);

  // IN_REVIEW is recorded only for the order that waited for approval, and the published
  // order_status_changed events are exactly the recorded moves.
  const std::vector<std::pair<ov1::OrderStatus, ov1::OrderStatus>> small_moves = {
      {ov1::ORDER_STATUS_UNSPECIFIED, ov1::ORDER_STATUS_RECEIVED},
      {ov1::ORDER_STATUS_RECEIVED, ov1::ORDER_STATUS_CONFIRMED}};
  const std::vector<std::pair<ov1::OrderStatus, ov1::OrderStatus>> large_moves = {
      {ov1::ORDER_STATUS_UNSPECIFIED, ov1::ORDER_STATUS_RECEIVED},
      {ov1::ORDER_STATUS_RECEIVED, ov1::ORDER_STATUS_IN_REVIEW},
      {ov1::ORDER_STATUS_IN_REVIEW, ov1::ORDER_STATUS_CONFIRMED}};
  std::vector<std::string> recorded;
  for (const auto& [name, moves] :
       {std::pair{small.name(), small_moves}, std::pair{large.name(), large_moves}}) {
    ov1::GetOrderRequest get;
    get.set_name(name);
    ASSERT_TRUE(orders_->GetOrder(Ctx().get(), get, &order).ok());
    ASSERT_EQ(order.status_history_size(), static_cast<int>(moves.size())) << name;
    for (size_t i = 0; i < moves.size(); ++i) {
      EXPECT_EQ(order.status_history(i).from_status(), moves[i].first) << name << " " << i;
      EXPECT_EQ(order.status_history(i).to_status(), moves[i].second) << name << " " << i;
      if (i > 0) {
        recorded.push_back(absl::StrCat(name, " ", ov1::OrderStatus_Name(moves[i].first), " ",
                                        ov1::OrderStatus_Name(moves[i].second)));
      }
    }
  }
  std::vector<std::string> published;
  for (const events::v1::Event& e : Events("order_status_changed")) {
    const events::v1::OrderStatusChanged& c = e.order_status_changed();
    published.push_back(absl::StrCat(c.order().order(), " ", c.from_status(), " ", c.to_status()));
  }
  std::sort(recorded.begin(), recorded.end());
  std::sort(published.begin(), published.end());
  EXPECT_EQ(published, recorded);

  // Approving a RECEIVED order is refused (it must be reviewed first).
  const ov1::Order other = MustCreate(OrderOf(customer, {{a, 6}}));
  approve.set_name(other.name());
  approve.clear_request_id();
  const grpc::Status status = orders_->ApproveOrder(Ctx().get(), approve, &order);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(status.error_message().find("ORDER_STATUS_RECEIVED"), std::string::npos);
}

TEST_F(OrdersLifecycleTest, ConcurrentConfirmationsNeverOversell) {
  const std::string customer = NewCustomer();
  const std::string a = NewProduct("HOT-1", 100, 50);
  Receive(a, "WH1", 50);
  constexpr int kOrders = 200;
  std::vector<std::string> names;
  for (int i = 0; i < kOrders; ++i) names.push_back(MustCreate(OrderOf(customer, {{a, 1}})).name());

  std::atomic<int> confirmed{0}, refused{0}, other{0};
  std::vector<std::thread> threads;
  for (int i = 0; i < kOrders; ++i) {
    threads.emplace_back([&, i] {
      ov1::ConfirmOrderRequest req;
      req.set_name(names[i]);
      ov1::Order out;
      auto ctx = CallCtx(std::chrono::seconds(120));
      const grpc::Status status = orders_->ConfirmOrder(ctx.get(), req, &out);
      if (status.ok()) {
        ++confirmed;
      } else if (status.error_code() == StatusCode::FAILED_PRECONDITION) {
        ++refused;
      } else {
        ++other;
        ADD_FAILURE() << status.error_code() << " " << status.error_message();
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(confirmed.load(), 50);
  EXPECT_EQ(refused.load(), 150);
  EXPECT_EQ(other.load(), 0);
  const ov1::StockLevel level = Stock(a);
  EXPECT_EQ(level.reserved(), 50);
  EXPECT_EQ(level.available(), 0);
  EXPECT_EQ(level.on_hand(), 50);
}

TEST_F(OrdersLifecycleTest, ConcurrentCreatesWithOneRequestIdMakeOneOrder) {
  const std::string customer = NewCustomer();
  const std::string a = NewProduct("A-6", 1000, 600);
  ov1::CreateOrderRequest req = OrderOf(customer, {{a, 1}});
  req.set_request_id("create-once-1");
  std::vector<ov1::Order> results(20);
  std::vector<grpc::Status> statuses(20);
  std::vector<std::thread> threads;
  for (int i = 0; i < 20; ++i) {
    threads.emplace_back([&, i] {
      auto ctx = CallCtx(std::chrono::seconds(60));
      statuses[i] = orders_->CreateOrder(ctx.get(), req, &results[i]);
    });
  }
  for (std::thread& t : threads) t.join();
  std::set<std::string> names;
  for (int i = 0; i < 20; ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    names.insert(results[i].name());
  }
  EXPECT_EQ(names.size(), 1u);
  ov1::ListOrdersResponse list;
  ASSERT_TRUE(orders_->ListOrders(Ctx().get(), ov1::ListOrdersRequest(), &list).ok());
  EXPECT_EQ(list.orders_size(), 1);
  EXPECT_EQ(EventCount("order_placed"), 1);

  // The same id with a different request is INVALID_ARGUMENT.
  req.mutable_order()->mutable_lines(0)->set_quantity(2);
  ov1::Order out;
  EXPECT_RPC_ERROR(orders_->CreateOrder(Ctx().get(), req, &out), StatusCode::INVALID_ARGUMENT,
                   "request_id");
}

// The customer check (unknown, archived, erased, customers down) is in
// orders_customer_check_test.cc.

TEST_F(OrdersLifecycleTest, CreateRejectsBadInputNamingTheField) {
  const std::string customer = NewCustomer();
  const std::string a = NewProduct("A-9", 1000, 600);
  const std::string b = NewProduct("B-9", 1000, 600);
  struct Case {
    std::function<void(ov1::CreateOrderRequest*)> mutate;
    StatusCode code;
    std::string field;
  };
  const std::vector<Case> cases = {
      {[](ov1::CreateOrderRequest* r) { r->clear_order(); }, StatusCode::INVALID_ARGUMENT, "order"},
      {[](ov1::CreateOrderRequest* r) { r->mutable_order()->set_customer(""); },
       StatusCode::INVALID_ARGUMENT, "order.customer"},
      {[](ov1::CreateOrderRequest* r) { r->mutable_order()->set_customer("people/1"); },
       StatusCode::INVALID_ARGUMENT, "order.customer"},
      {[](ov1::CreateOrderRequest* r) {
         r->mutable_order()->set_channel(ov1::CHANNEL_UNSPECIFIED);
       },
       StatusCode::INVALID_ARGUMENT, "order.channel"},
      {[](ov1::CreateOrderRequest* r) {
         r->mutable_order()->set_channel(static_cast<ov1::Channel>(42));
       },
       StatusCode::INVALID_ARGUMENT, "order.channel"},
      {[](ov1::CreateOrderRequest* r) { r->mutable_order()->set_region(""); },
       StatusCode::INVALID_ARGUMENT, "order.region"},
      {[](ov1::CreateOrderRequest* r) { r->mutable_order()->set_region("east coast"); },
       StatusCode::INVALID_ARGUMENT, "order.region"},
      {[](ov1::CreateOrderRequest* r) { r->mutable_order()->set_warehouse(std::string(33, 'w')); },
       StatusCode::INVALID_ARGUMENT, "order.warehouse"},
      {[](ov1::CreateOrderRequest* r) { r->mutable_order()->clear_lines(); },
       StatusCode::INVALID_ARGUMENT, "order.lines"},
      {[](ov1::CreateOrderRequest* r) {
         r->mutable_order()->mutable_lines(0)->set_product("products/x");
       },
       StatusCode::INVALID_ARGUMENT, "order.lines[0].product"},
      {[](ov1::CreateOrderRequest* r) {
         r->mutable_order()->mutable_lines(0)->set_product("products/987654");
       },
       StatusCode::INVALID_ARGUMENT, "order.lines[0].product"},
      {[](ov1::CreateOrderRequest* r) { r->mutable_order()->mutable_lines(1)->set_quantity(0); },
       StatusCode::INVALID_ARGUMENT, "order.lines[1].quantity"},
      {[](ov1::CreateOrderRequest* r) {
         r->mutable_order()->mutable_lines(1)->set_quantity(1'000'001);
       },
       StatusCode::INVALID_ARGUMENT, "order.lines[1].quantity"},
      {[&](ov1::CreateOrderRequest* r) { r->mutable_order()->mutable_lines(1)->set_product(a); },
       StatusCode::INVALID_ARGUMENT, "order.lines[1].product"},
      {[](ov1::CreateOrderRequest* r) {
         ov1::SalesCredit* c = r->mutable_order()->add_sales_credits();
         c->set_rep("reps/r-1");
         c->set_revenue_share_bp(6000);
       },
       StatusCode::INVALID_ARGUMENT, "order.sales_credits"},
      {[](ov1::CreateOrderRequest* r) {
         ov1::SalesCredit* c = r->mutable_order()->add_sales_credits();
         c->set_rep("bob");
         c->set_revenue_share_bp(10000);
       },
       StatusCode::INVALID_ARGUMENT, "order.sales_credits[0].rep"},
      {[](ov1::CreateOrderRequest* r) {
         for (int i = 0; i < 6; ++i)
           r->mutable_order()->add_promotion_codes("C" + std::to_string(i));
       },
       StatusCode::INVALID_ARGUMENT, "order.promotion_codes"},
      {[](ov1::CreateOrderRequest* r) { r->mutable_order()->add_promotion_codes("NOPE10"); },
       StatusCode::INVALID_ARGUMENT, "order.promotion_codes"},
      {[](ov1::CreateOrderRequest* r) { r->set_request_id(std::string(65, 'r')); },
       StatusCode::INVALID_ARGUMENT, "request_id"},
  };
  for (size_t i = 0; i < cases.size(); ++i) {
    ov1::CreateOrderRequest req = OrderOf(customer, {{a, 1}, {b, 2}});
    cases[i].mutate(&req);
    ov1::Order out;
    EXPECT_RPC_ERROR(orders_->CreateOrder(Ctx().get(), req, &out), cases[i].code, cases[i].field);
  }
  EXPECT_EQ(EventCount("order_placed"), 0);

  // And the verbs: bad names, missing fields.
  ov1::Order out;
  ov1::ConfirmOrderRequest confirm;
  confirm.set_name("orders/abc");
  EXPECT_RPC_ERROR(orders_->ConfirmOrder(Ctx().get(), confirm, &out), StatusCode::INVALID_ARGUMENT,
                   "name");
  confirm.set_name("orders/424242");
  EXPECT_EQ(orders_->ConfirmOrder(Ctx().get(), confirm, &out).error_code(), StatusCode::NOT_FOUND);
  ov1::ShipOrderRequest ship;
  ship.set_name("orders/1");
  EXPECT_RPC_ERROR(orders_->ShipOrder(Ctx().get(), ship, &out), StatusCode::INVALID_ARGUMENT,
                   "carrier");
  ship.set_carrier("SF");
  EXPECT_RPC_ERROR(orders_->ShipOrder(Ctx().get(), ship, &out), StatusCode::INVALID_ARGUMENT,
                   "tracking_number");
  ov1::DeliverShipmentRequest deliver;
  deliver.set_name("orders/1/parcels/2");
  EXPECT_RPC_ERROR(orders_->DeliverShipment(Ctx().get(), deliver, &out),
                   StatusCode::INVALID_ARGUMENT, "name");
  ov1::ListOrdersRequest list;
  list.set_page_size(-1);
  ov1::ListOrdersResponse listed;
  EXPECT_RPC_ERROR(orders_->ListOrders(Ctx().get(), list, &listed), StatusCode::INVALID_ARGUMENT,
                   "page_size");
  list.set_page_size(0);
  list.set_rep("nobody");
  EXPECT_RPC_ERROR(orders_->ListOrders(Ctx().get(), list, &listed), StatusCode::INVALID_ARGUMENT,
                   "rep");
  list.clear_rep();
  list.set_page_token("garbage");
  EXPECT_RPC_ERROR(orders_->ListOrders(Ctx().get(), list, &listed), StatusCode::INVALID_ARGUMENT,
                   "page_token");
}

TEST_F(OrdersLifecycleTest, PromotionCodesApplyAndUsageLimitsHold) {
  const std::string customer = NewCustomer();
  const std::string a = NewProduct("A-10", 1000, 600);
  ov1::CreatePromotionRequest promo;
  ov1::Promotion* p = promo.mutable_promotion();
  p->set_code("TENOFF");
  p->set_display_name("Ten percent off");
  p->set_kind(ov1::PROMOTION_KIND_PERCENT_OFF);
  p->set_percent_off_bp(1000);
  p->mutable_start_time()->set_seconds(absl::ToUnixSeconds(absl::Now() - absl::Hours(1)));
  p->mutable_end_time()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(24)));
  p->set_usage_limit_total(1);
  ov1::Promotion created_promo;
  const grpc::Status promo_status = orders_->CreatePromotion(Ctx().get(), promo, &created_promo);
  ASSERT_TRUE(promo_status.ok()) << promo_status.error_message();

  ov1::CreateOrderRequest req = OrderOf(customer, {{a, 2}});
  req.mutable_order()->add_promotion_codes("TENOFF");
  const ov1::Order order = MustCreate(req);
  EXPECT_EQ(order.discount_total().minor_units(), 200);
  EXPECT_EQ(order.tax_total().minor_units(), 180);  // 10% of 1800
  EXPECT_EQ(order.total().minor_units(), 1980);
  ASSERT_EQ(order.applied_promotions_size(), 1);
  EXPECT_EQ(order.applied_promotions(0).promotion(), created_promo.name());
  EXPECT_EQ(order.applied_promotions(0).amount().minor_units(), 200);
  ASSERT_EQ(order.lines(0).discounts_size(), 1);

  ov1::Order out;
  EXPECT_RPC_ERROR(orders_->CreateOrder(Ctx().get(), req, &out), StatusCode::FAILED_PRECONDITION,
                   "order.promotion_codes");

  // Cancelling the first order gives its use back.
  ov1::CancelOrderRequest cancel;
  cancel.set_name(order.name());
  cancel.set_reason("duplicate");
  ASSERT_TRUE(orders_->CancelOrder(Ctx().get(), cancel, &out).ok());
  ASSERT_TRUE(orders_->CreateOrder(Ctx().get(), req, &out).ok());
}

TEST_F(OrdersLifecycleTest, ListFiltersAndPaginatesNewestFirst) {
  const std::string c1 = NewCustomer("One");
  const std::string c2 = NewCustomer("Two");
  const std::string a = NewProduct("A-11", 100, 60);
  Receive(a, "WH1", 100);
  std::vector<std::string> names;
  for (int i = 0; i < 7; ++i) {
    ov1::CreateOrderRequest req = OrderOf(i % 2 == 0 ? c1 : c2, {{a, 1}});
    req.mutable_order()->set_channel(i < 3 ? ov1::CHANNEL_STORE : ov1::CHANNEL_PHONE);
    req.mutable_order()->set_region(i < 5 ? "north" : "south");
    if (i == 4) {
      ov1::SalesCredit* c = req.mutable_order()->add_sales_credits();
      c->set_rep("reps/star");
      c->set_revenue_share_bp(10000);
    }
    names.push_back(MustCreate(req).name());
  }
  ov1::Order out;
  ASSERT_TRUE(Confirm(names[1], &out).ok());

  auto list = [&](const std::function<void(ov1::ListOrdersRequest*)>& set) {
    std::vector<std::string> seen;
    ov1::ListOrdersRequest req;
    req.set_page_size(2);
    set(&req);
    while (true) {
      ov1::ListOrdersResponse resp;
      const grpc::Status status = orders_->ListOrders(Ctx().get(), req, &resp);
      EXPECT_TRUE(status.ok()) << status.error_message();
      if (!status.ok()) break;
      for (const ov1::Order& o : resp.orders()) {
        EXPECT_EQ(o.status_history_size(), 0);
        seen.push_back(o.name());
      }
      if (resp.next_page_token().empty()) break;
      req.set_page_token(resp.next_page_token());
    }
    return seen;
  };
  const std::vector<std::string> all = list([](ov1::ListOrdersRequest*) {});
  ASSERT_EQ(all.size(), 7u);
  EXPECT_EQ(all.front(), names.back());  // newest first
  EXPECT_EQ(all.back(), names.front());
  EXPECT_EQ(list([&](ov1::ListOrdersRequest* r) { r->set_customer(c1); }).size(), 4u);
  EXPECT_EQ(list([](ov1::ListOrdersRequest* r) { r->set_channel(ov1::CHANNEL_STORE); }).size(), 3u);
  EXPECT_EQ(list([](ov1::ListOrdersRequest* r) { r->set_region("south"); }).size(), 2u);
  EXPECT_EQ(list([](ov1::ListOrdersRequest* r) { r->set_rep("reps/star"); }),
            std::vector<std::string>{names[4]});
  EXPECT_EQ(list([](ov1::ListOrdersRequest* r) { r->set_status(ov1::ORDER_STATUS_CONFIRMED); }),
            std::vector<std::string>{names[1]});
  EXPECT_EQ(
      list([](ov1::ListOrdersRequest* r) {
        r->mutable_start_time()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(1)));
      }).size(),
      0u);
  EXPECT_EQ(list([](ov1::ListOrdersRequest* r) {
              r->mutable_end_time()->set_seconds(absl::ToUnixSeconds(absl::Now() + absl::Hours(1)));
            }).size(),
            7u);
}

}  // namespace
}  // namespace sales::testing
