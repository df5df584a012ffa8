// The orders feed narrowed to some order statuses (SubscribeRequest.order_statuses): a
// consumer that credits completions is sent the completions and cancellations it asks for,
// never the other status changes, from history and live alike, and rows logged before the
// log stored each event's status are filtered the same way.
#include <thread>

#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "tests/integration/orders_fixture.h"

namespace sales::testing {
namespace {

namespace ev1 = ::sales::events::v1;

constexpr char kCompleted[] = "ORDER_STATUS_COMPLETED";
constexpr char kCancelled[] = "ORDER_STATUS_CANCELLED";

class OrdersFeedStatusFilterTest : public OrdersTest {
 protected:
  void SetUp() override {
    OrdersTest::SetUp();
    customer_ = NewCustomer("Filter Buyer");
    product_ = NewProduct("FLT-1", 1000, 400);
    Receive(product_, "main", 100);
  }

  ov1::Order Check(const char* what, const grpc::Status& status, const ov1::Order& out) {
    EXPECT_TRUE(status.ok()) << what << ": " << status.error_message();
    return out;
  }

  // A confirmed one-line order.
  ov1::Order Confirmed() {
    ov1::CreateOrderRequest create;
    ov1::Order* o = create.mutable_order();
    o->set_customer(customer_);
    o->set_channel(ov1::CHANNEL_WEB);
    o->set_region("east");
    o->set_warehouse("main");
    ov1::OrderLine* line = o->add_lines();
    line->set_product(product_);
    line->set_quantity(1);
    ov1::Order order;
    order = Check("create", orders_->CreateOrder(Ctx().get(), create, &order), order);
    ov1::ConfirmOrderRequest confirm;
    confirm.set_name(order.name());
    return Check("confirm", orders_->ConfirmOrder(Ctx().get(), confirm, &order), order);
  }

  // An order taken through shipment and delivery to completion: five status changes.
  std::string Completed() {
    ov1::Order order = Confirmed();
    ov1::ShipOrderRequest ship;
    ship.set_name(order.name());
    ship.set_carrier("SF Express");
    ship.set_tracking_number("SF1");
    order = Check("ship", orders_->ShipOrder(Ctx().get(), ship, &order), order);
    ov1::DeliverShipmentRequest deliver;
    deliver.set_name(order.shipments(0).name());
    order = Check("deliver", orders_->DeliverShipment(Ctx().get(), deliver, &order), order);
    ov1::CompleteOrderRequest complete;
    complete.set_name(order.name());
    order = Check("complete", orders_->CompleteOrder(Ctx().get(), complete, &order), order);
    EXPECT_EQ(order.status(), ov1::ORDER_STATUS_COMPLETED);
    return order.name();
  }

  std::string Cancelled() {
    ov1::Order order = Confirmed();
    ov1::CancelOrderRequest cancel;
    cancel.set_name(order.name());
    cancel.set_reason("changed mind");
    order = Check("cancel", orders_->CancelOrder(Ctx().get(), cancel, &order), order);
    EXPECT_EQ(order.status(), ov1::ORDER_STATUS_CANCELLED);
    return order.name();
  }

  ev1::SubscribeRequest CreditsRequest(int64_t after) {
    ev1::SubscribeRequest req;
    req.set_after_position(after);
    req.add_types("order_status_changed");
    req.add_order_statuses(kCompleted);
    req.add_order_statuses(kCancelled);
    return req;
  }

  // Reads `count` events of `req`, then reads on for 300 ms more to catch any extra one.
  std::vector<ev1::Event> Read(const ev1::SubscribeRequest& req, size_t count) {
    auto stub = ev1::EventFeedService::NewStub(orders_server_->channel());
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    auto reader = stub->Subscribe(&ctx, req);
    std::vector<ev1::Event> events;
    std::thread canceller;
    ev1::Event event;
    while (reader->Read(&event)) {
      events.push_back(event);
      if (events.size() == count && !canceller.joinable()) {
        canceller = std::thread([&ctx] {
          absl::SleepFor(absl::Milliseconds(300));
          ctx.TryCancel();
        });
      }
    }
    if (canceller.joinable()) canceller.join();
    reader->Finish();
    return events;
  }

  // Each event's (order, to_status), checking the events are in position order.
  static std::vector<std::pair<std::string, std::string>> Changes(
      const std::vector<ev1::Event>& events) {
    std::vector<std::pair<std::string, std::string>> changes;
    int64_t last = 0;
    for (const ev1::Event& e : events) {
      EXPECT_GT(e.position(), last);
      last = e.position();
      EXPECT_TRUE(e.has_order_status_changed()) << e.type();
      changes.emplace_back(e.order_status_changed().order().order(),
                           e.order_status_changed().to_status());
    }
    return changes;
  }

  std::string customer_;
  std::string product_;
};

TEST_F(OrdersFeedStatusFilterTest, HistoryCarriesOnlyTheStatusesAskedFor) {
  const std::string done = Completed();
  const std::string cancelled = Cancelled();
  Confirmed();
  // Every status change is logged (confirmed, shipped, delivered, completed; confirmed,
  // cancelled; confirmed) ...
  ASSERT_GE(EventCount("order_status_changed"), 7);
  // ... and the filtered stream carries the completion and the cancellation alone.
  const std::vector<ev1::Event> events = Read(CreditsRequest(0), 2);
  const std::vector<std::pair<std::string, std::string>> expected = {{done, kCompleted},
                                                                     {cancelled, kCancelled}};
  EXPECT_EQ(Changes(events), expected);

  // The types filter still applies beside it: order_placed comes through unfiltered.
  ev1::SubscribeRequest with_placed = CreditsRequest(0);
  with_placed.add_types("order_placed");
  const std::vector<ev1::Event> mixed = Read(with_placed, 5);
  int placed = 0;
  int changed = 0;
  for (const ev1::Event& e : mixed) {
    placed += e.has_order_placed();
    changed += e.has_order_status_changed();
  }
  EXPECT_EQ(placed, 3);
  EXPECT_EQ(changed, 2);
}

TEST_F(OrdersFeedStatusFilterTest, LiveEventsAreFilteredToo) {
  const std::string first = Completed();
  std::vector<ev1::Event> events;
  std::thread reader([&] { events = Read(CreditsRequest(0), 3); });
  // Give the stream time to catch up and wait live.
  absl::SleepFor(absl::Milliseconds(500));
  const std::string second = Completed();
  const std::string third = Cancelled();
  reader.join();
  const std::vector<std::pair<std::string, std::string>> expected = {
      {first, kCompleted}, {second, kCompleted}, {third, kCancelled}};
  EXPECT_EQ(Changes(events), expected);
}

TEST_F(OrdersFeedStatusFilterTest, RowsLoggedWithoutTheirStatusAreFilteredByTheirPayload) {
  const std::string done = Completed();
  const std::string cancelled = Cancelled();
  // As rows logged before migration C004 look: no stored variant. (Once the relay has
  // moved every outbox row, so that all of them are touched.)
  int64_t unrelayed = -1;
  const absl::Time deadline = absl::Now() + absl::Seconds(10);
  do {
    ASSERT_TRUE(
        db::RunInTransaction(OrdersDb(), absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
          auto rs = tx.Query("SELECT COUNT(*) FROM outbox");
          rs->next();
          unrelayed = rs->getInt64(1);
          if (unrelayed > 0) return absl::OkStatus();
          tx.Exec("UPDATE event_log SET event_variant = ''");
          return absl::OkStatus();
        }).ok());
    if (unrelayed > 0) absl::SleepFor(absl::Milliseconds(20));
  } while (unrelayed > 0 && absl::Now() < deadline);
  ASSERT_EQ(unrelayed, 0);
  const std::vector<ev1::Event> events = Read(CreditsRequest(0), 2);
  const std::vector<std::pair<std::string, std::string>> expected = {{done, kCompleted},
                                                                     {cancelled, kCancelled}};
  EXPECT_EQ(Changes(events), expected);
}

TEST_F(OrdersFeedStatusFilterTest, UnknownStatusIsRejectedNamingOrderStatuses) {
  auto stub = ev1::EventFeedService::NewStub(orders_server_->channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  ev1::SubscribeRequest req;
  req.add_order_statuses(kCompleted);
  req.add_order_statuses("COMPLETED");  // the enum value's full name is required
  auto reader = stub->Subscribe(&ctx, req);
  ev1::Event event;
  EXPECT_FALSE(reader->Read(&event));
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("order_statuses", 0), 0u) << status.error_message();
  EXPECT_NE(status.error_message().find("'COMPLETED'"), std::string::npos)
      << status.error_message();
}

}  // namespace
}  // namespace sales::testing
