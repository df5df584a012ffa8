// The customers service consuming order events: points on completed orders, points taken
// back on refunds, exactly once, even when the consumer is killed with SIGKILL mid-stream
// and restarted. The orders feed is a fake served by this test, so the events and the
// expected points are known exactly.
#include <grpcpp/grpcpp.h>
#include <signal.h>

#include <random>

#include "common/time_util.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

namespace ev1 = ::sales::events::v1;

// Serves a fixed list of events (positions 1..n) and then keeps the stream open, like a
// caught-up feed, until the subscriber goes away.
class FakeOrdersFeed final : public ev1::EventFeedService::Service {
 public:
  explicit FakeOrdersFeed(std::vector<ev1::Event> events) : events_(std::move(events)) {}

  grpc::Status Subscribe(grpc::ServerContext* context, const ev1::SubscribeRequest* request,
                         grpc::ServerWriter<ev1::Event>* writer) override {
    for (const ev1::Event& event : events_) {
      if (event.position() <= request->after_position()) continue;
      if (!writer->Write(event)) return grpc::Status::CANCELLED;
    }
    while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(20));
    return grpc::Status::CANCELLED;
  }

 private:
  const std::vector<ev1::Event> events_;
};

ev1::Event Completed(int64_t position, const std::string& customer, int64_t total, int64_t tax) {
  ev1::Event event;
  event.set_id(absl::StrCat("evt-", position));
  event.set_type("order_status_changed");
  event.set_position(position);
  auto* changed = event.mutable_order_status_changed();
  changed->set_from_status("ORDER_STATUS_DELIVERED");
  changed->set_to_status("ORDER_STATUS_COMPLETED");
  *changed->mutable_change_time() = ToProtoTime(absl::FromUnixSeconds(1700000000 + position));
  auto* order = changed->mutable_order();
  order->set_order(absl::StrCat("orders/", position));
  order->set_customer(customer);
  order->set_currency_code("CNY");
  order->set_total_minor(total);
  order->set_tax_minor(tax);
  return event;
}

ev1::Event Refund(int64_t position, const std::string& customer, int64_t order, int64_t net) {
  ev1::Event event;
  event.set_id(absl::StrCat("evt-", position));
  event.set_type("return_resolved");
  event.set_position(position);
  auto* resolved = event.mutable_return_resolved();
  resolved->set_return_name(absl::StrCat("returns/", position));
  resolved->set_order(absl::StrCat("orders/", order));
  resolved->set_customer(customer);
  resolved->set_currency_code("CNY");
  auto* line = resolved->add_lines();
  line->set_line_id(1);
  line->set_net_minor(net);
  line->set_refund_minor(net);
  return event;
}

class OrderConsumerTest : public CustomersTest {
 protected:
  // Starts the fake feed and returns its address.
  std::string ServeFeed(std::vector<ev1::Event> events) {
    feed_ = std::make_unique<FakeOrdersFeed>(std::move(events));
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(feed_.get());
    feed_server_ = builder.BuildAndStart();
    EXPECT_NE(port, 0);
    return absl::StrCat("127.0.0.1:", port);
  }

  // A customers server on the test's schema that consumes the fake feed.
  std::unique_ptr<ServiceProcess> StartConsumer(const std::string& feed_address) {
    return ServiceProcess::Start(SALES_CUSTOMERS_BINARY, schema_->db_config(),
                                 {"--orders_address=" + feed_address, "--loyalty_points_per_unit=2",
                                  "--tiers=standard:0,silver:10000,gold:50000"});
  }

  int64_t Checkpoint() {
    if (!db_) db_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    int64_t position = -1;
    const absl::Status status =
        db::RunInTransaction(*db_, absl::Now() + absl::Seconds(5), [&](db::Transaction& tx) {
          auto rs = tx.Query("SELECT position FROM consumer_checkpoints WHERE source = 'orders'");
          position = rs->next() ? rs->getInt64(1) : 0;
          return absl::OkStatus();
        });
    EXPECT_TRUE(status.ok()) << status;
    return position;
  }

  cv1::LoyaltyAccount Account(const std::string& customer) {
    auto stub = cv1::CustomersService::NewStub(server_->channel());
    cv1::GetLoyaltyAccountRequest req;
    req.set_name(customer + "/loyaltyAccount");
    cv1::LoyaltyAccount out;
    EXPECT_TRUE(stub->GetLoyaltyAccount(Ctx().get(), req, &out).ok());
    return out;
  }

  void TearDown() override {
    if (feed_server_) feed_server_->Shutdown(std::chrono::system_clock::now());
    CustomersTest::TearDown();
  }

  std::unique_ptr<FakeOrdersFeed> feed_;
  std::unique_ptr<grpc::Server> feed_server_;
};

TEST_F(OrderConsumerTest, CompletedOrdersEarnPointsAndRefundsTakeThemBack) {
  const std::string customer = NewPerson("Shopper").name();
  // 2 points per unit on total - tax: 120.50 - 10.50 = 110.00 -> 220 points.
  // A historical (imported) refund lowers spend but takes no points: its imported order
  // earned none here.
  ev1::Event historical = Refund(4, customer, 2, 1000);
  historical.mutable_return_resolved()->set_imported(true);
  std::vector<ev1::Event> events = {Completed(1, customer, 12050, 1050),
                                    Completed(2, "customers/999999", 5000, 0),  // unknown
                                    Refund(3, customer, 1, 3099),  // 30.99 -> 60 points back
                                    historical};
  server_.reset();
  server_ = StartConsumer(ServeFeed(std::move(events)));
  ASSERT_NE(server_, nullptr);
  ASSERT_TRUE(WaitFor(absl::Seconds(20), [&] { return Checkpoint() == 4; }));
  const cv1::LoyaltyAccount account = Account(customer);
  EXPECT_EQ(account.points_balance(), 160);
  EXPECT_EQ(account.lifetime_points_earned(), 220);
  EXPECT_EQ(account.lifetime_spend().minor_units(), 11000 - 3099 - 1000);
  EXPECT_EQ(account.tier(), "standard");

  cv1::GetCustomerRequest get;
  get.set_name(customer);
  cv1::Customer c;
  ASSERT_TRUE(
      cv1::CustomersService::NewStub(server_->channel())->GetCustomer(Ctx().get(), get, &c).ok());
  EXPECT_EQ(c.last_purchase_time().seconds(), 1700000001);
}

TEST_F(OrderConsumerTest, SigkilledConsumerResumesWithoutLosingOrDoublingPoints) {
  const std::string customer = NewPerson("Regular").name();
  constexpr int kEvents = 1500;
  std::vector<ev1::Event> events;
  int64_t expected_points = 0;
  int64_t expected_spend = 0;
  for (int i = 1; i <= kEvents; ++i) {
    const int64_t total = 100 + (i * 37) % 9000;  // minor units, some below one unit
    events.push_back(Completed(i, customer, total, 0));
    expected_points += total / 100 * 2;
    expected_spend += total;
  }
  const std::string feed_address = ServeFeed(std::move(events));
  server_.reset();

  std::mt19937 random(20261123);
  int64_t last = 0;
  for (int kill = 0; kill < 5; ++kill) {
    server_ = StartConsumer(feed_address);
    ASSERT_NE(server_, nullptr);
    // Kill at a random point ahead of where it resumed.
    const int64_t target = std::min<int64_t>(kEvents - 1, last + 1 + random() % (kEvents / 6));
    ASSERT_TRUE(WaitFor(absl::Seconds(60), [&] { return Checkpoint() >= target; }));
    server_->Signal(SIGKILL);
    server_->WaitForExit(absl::Seconds(10));
    server_.reset();
    last = Checkpoint();
  }
  server_ = StartConsumer(feed_address);
  ASSERT_NE(server_, nullptr);
  ASSERT_TRUE(WaitFor(absl::Seconds(120), [&] { return Checkpoint() == kEvents; }));
  const cv1::LoyaltyAccount account = Account(customer);
  EXPECT_EQ(account.points_balance(), expected_points);
  EXPECT_EQ(account.lifetime_spend().minor_units(), expected_spend);
  EXPECT_EQ(EventCount("points_changed"), kEvents);  // one ledger entry per order, no more
}

}  // namespace
}  // namespace sales::testing
