// The event publisher of the customers service at scale and under observation: many
// concurrent subscribers served by few threads, and the Prometheus figures an operator
// watches (outbox backlog and its age, relay counters, subscribers and their lag).
#include <fstream>
#include <map>
#include <set>
#include <thread>

#include "common/tests/test_net.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

namespace ev1 = ::sales::events::v1;

// The value of `name{service="customers"}` in the service's /metrics, or -1 if absent.
double Scrape(const ServiceProcess& server, const std::string& name) {
  const std::string text = testing_net::HttpGet(server.metrics_port(), "/metrics");
  const std::string prefix = name + "{service=\"customers\"} ";
  const size_t at = text.find("\n" + prefix);
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + 1 + prefix.size()));
}

// Threads of a process, from /proc/<pid>/status.
int ThreadCount(pid_t pid) {
  std::ifstream status(absl::StrCat("/proc/", pid, "/status"));
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("Threads:", 0) == 0) return std::stoi(line.substr(8));
  }
  return -1;
}

class FeedPublisherTest : public CustomersTest {
 protected:
  void CreateCustomers(int writers, int per_writer) {
    std::vector<std::thread> threads;
    for (int w = 0; w < writers; ++w) {
      threads.emplace_back([&, w] {
        auto stub = cv1::CustomersService::NewStub(server_->channel());
        for (int i = 0; i < per_writer; ++i) {
          cv1::CreateCustomerRequest req;
          req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
          req.mutable_customer()->set_display_name(absl::StrCat("subscriber test ", w, "-", i));
          cv1::Customer out;
          const grpc::Status status = stub->CreateCustomer(CallCtx().get(), req, &out);
          EXPECT_TRUE(status.ok()) << status.error_message();
        }
      });
    }
    for (auto& t : threads) t.join();
  }
};

TEST_F(FeedPublisherTest, AHundredSubscribersEachGetEveryEventFromFewThreads) {
  constexpr int kSubscribers = 100;
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 15;
  constexpr int kEvents = kWriters * kPerWriter;
  // A few connections, as a hundred consumers in a few processes would open.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int c = 0; c < 4; ++c) {
    grpc::ChannelArguments args;
    args.SetInt("sales.test.connection", c);  // distinct arguments: a connection each
    channels.push_back(
        grpc::CreateCustomChannel(server_->address(), grpc::InsecureChannelCredentials(), args));
  }
  std::vector<std::vector<ev1::Event>> received(kSubscribers);
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  for (int s = 0; s < kSubscribers; ++s) contexts.push_back(CallCtx(std::chrono::seconds(60)));
  std::vector<std::thread> subscribers;
  for (int s = 0; s < kSubscribers; ++s) {
    subscribers.emplace_back([&, s] {
      auto stub = ev1::EventFeedService::NewStub(channels[s % channels.size()]);
      ev1::SubscribeRequest req;  // from position 0: history, then live events
      auto reader = stub->Subscribe(contexts[s].get(), req);
      ev1::Event event;
      while (received[s].size() < kEvents && reader->Read(&event)) received[s].push_back(event);
      contexts[s]->TryCancel();
      reader->Finish();
    });
  }
  ASSERT_TRUE(WaitFor(absl::Seconds(30),
                      [&] { return Scrape(*server_, "sales_feed_subscribers") == kSubscribers; }))
      << "subscribers open: " << Scrape(*server_, "sales_feed_subscribers");
  const int threads_with_streams = ThreadCount(server_->pid());

  // Half the events exist before the streams catch up, half arrive while they follow.
  CreateCustomers(kWriters, kPerWriter / 2);
  int most_threads = ThreadCount(server_->pid());
  CreateCustomers(kWriters, kPerWriter - kPerWriter / 2);
  most_threads = std::max(most_threads, ThreadCount(server_->pid()));
  for (auto& t : subscribers) t.join();

  // A thread per stream would be more than a hundred; the callback server needs its
  // usual handful whatever the number of streams.
  EXPECT_GT(threads_with_streams, 0);
  EXPECT_LT(threads_with_streams, kSubscribers / 2) << "server threads with 100 open streams";
  EXPECT_LT(most_threads, kSubscribers / 2) << "server threads while delivering";
  std::cout << "server threads: " << threads_with_streams << " with " << kSubscribers
            << " open streams, at most " << most_threads << " while delivering\n";

  std::set<std::string> ids;
  for (const ev1::Event& event : received[0]) ids.insert(event.id());
  EXPECT_EQ(ids.size(), static_cast<size_t>(kEvents));
  for (int s = 0; s < kSubscribers; ++s) {
    ASSERT_EQ(received[s].size(), static_cast<size_t>(kEvents)) << "subscriber " << s;
    for (int i = 0; i < kEvents; ++i) {
      EXPECT_EQ(received[s][i].position(), i + 1) << "subscriber " << s;
      EXPECT_EQ(received[s][i].id(), received[0][i].id()) << "subscriber " << s;
      EXPECT_TRUE(received[s][i].has_customer_created());
    }
  }
  EXPECT_TRUE(WaitFor(absl::Seconds(10), [&] {
    return Scrape(*server_, "sales_feed_subscribers") == 0;
  })) << "cancelled streams must close";
}

// A replica that does not relay (--event_relay=false) still reports the backlog; a second
// replica on the schema relays it, and both figures follow.
class FeedMetricsTest : public FeedPublisherTest {
 protected:
  std::vector<std::string> ExtraArgs() const override {
    std::vector<std::string> args = CustomersTest::ExtraArgs();
    args.push_back("--event_relay=false");
    return args;
  }
};

TEST_F(FeedMetricsTest, BacklogAndAgeGrowWhileNothingRelaysAndFallWhenARelayRuns) {
  CreateCustomers(1, 5);
  ASSERT_TRUE(
      WaitFor(absl::Seconds(10), [&] { return Scrape(*server_, "sales_outbox_backlog") == 5; }))
      << "backlog: " << Scrape(*server_, "sales_outbox_backlog");
  EXPECT_EQ(Scrape(*server_, "sales_relay_holds_lock"), 0);
  EXPECT_EQ(Scrape(*server_, "sales_relay_events_total"), 0);
  EXPECT_EQ(Scrape(*server_, "sales_relay_batches_total"), 0);
  // The age is the oldest unrelayed event's, measured at scrape time: it grows.
  const double age = Scrape(*server_, "sales_outbox_oldest_age_seconds");
  EXPECT_GT(age, 0);
  EXPECT_TRUE(WaitFor(absl::Seconds(5), [&] {
    return Scrape(*server_, "sales_outbox_oldest_age_seconds") >= age + 0.5;
  }));

  // A subscriber on this replica waits: nothing is in the log yet.
  auto feed = ev1::EventFeedService::NewStub(server_->channel());
  grpc::ClientContext sub_ctx;
  sub_ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = feed->Subscribe(&sub_ctx, ev1::SubscribeRequest());
  ASSERT_TRUE(
      WaitFor(absl::Seconds(10), [&] { return Scrape(*server_, "sales_feed_subscribers") == 1; }));

  auto relaying = ServiceProcess::Start(SALES_CUSTOMERS_BINARY, schema_->db_config(),
                                        CustomersTest::ExtraArgs());
  ASSERT_NE(relaying, nullptr);
  ASSERT_TRUE(WaitFor(absl::Seconds(10),
                      [&] { return Scrape(*relaying, "sales_relay_events_total") == 5; }));
  EXPECT_EQ(Scrape(*relaying, "sales_relay_holds_lock"), 1);
  EXPECT_GE(Scrape(*relaying, "sales_relay_batches_total"), 1);
  EXPECT_EQ(Scrape(*relaying, "sales_outbox_backlog"), 0);
  EXPECT_EQ(Scrape(*relaying, "sales_outbox_oldest_age_seconds"), 0);
  // The replica without a relay sees the outbox empty too, within its counting interval.
  EXPECT_TRUE(WaitFor(absl::Seconds(5), [&] {
    return Scrape(*server_, "sales_outbox_backlog") == 0 &&
           Scrape(*server_, "sales_outbox_oldest_age_seconds") == 0;
  }));

  // The waiting subscriber gets all five (its replica polls the log) and is then level
  // with the head.
  ev1::Event event;
  for (int i = 1; i <= 5; ++i) {
    ASSERT_TRUE(reader->Read(&event));
    EXPECT_EQ(event.position(), i);
  }
  EXPECT_TRUE(WaitFor(absl::Seconds(5), [&] {
    return Scrape(*server_, "sales_feed_head_position") == 5 &&
           Scrape(*server_, "sales_feed_subscriber_behind_max") == 0;
  }));
  EXPECT_EQ(Scrape(*server_, "sales_feed_subscriber_behind_sum"), 0);
  sub_ctx.TryCancel();
  reader->Finish();
  EXPECT_TRUE(
      WaitFor(absl::Seconds(10), [&] { return Scrape(*server_, "sales_feed_subscribers") == 0; }));
}

// At SIGTERM open streams end with UNAVAILABLE (consumers resubscribe elsewhere) and the
// server still exits cleanly.
TEST_F(FeedPublisherTest, StopStreamsEndsOpenStreamsWithUnavailable) {
  NewPerson("Before shutdown");
  auto feed = ev1::EventFeedService::NewStub(server_->channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = feed->Subscribe(&ctx, ev1::SubscribeRequest());
  ev1::Event event;
  ASSERT_TRUE(reader->Read(&event));
  EXPECT_EQ(event.position(), 1);
  server_->Signal(SIGTERM);
  EXPECT_FALSE(reader->Read(&event));
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE) << status.error_message();
  EXPECT_EQ(server_->WaitForExit(absl::Seconds(10)), 0);
}

}  // namespace
}  // namespace sales::testing
