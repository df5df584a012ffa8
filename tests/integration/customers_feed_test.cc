// The event feed of the customers service: outbox -> relay -> gap-free event log ->
// Subscribe, with concurrent writers and a reader that must see each event exactly once.
#include <map>
#include <set>
#include <thread>

#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "tests/integration/customers_fixture.h"

namespace sales::testing {
namespace {

namespace ev1 = ::sales::events::v1;

class FeedTest : public CustomersTest {
 protected:
  std::unique_ptr<ev1::EventFeedService::Stub> Feed() {
    return ev1::EventFeedService::NewStub(server_->channel());
  }

  // Reads the stream from `after` until `count` events arrived or 30 s passed.
  std::vector<ev1::Event> ReadEvents(int64_t after, size_t count,
                                     const std::vector<std::string>& types = {}) {
    auto stub = Feed();
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    ev1::SubscribeRequest req;
    req.set_after_position(after);
    for (const auto& t : types) req.add_types(t);
    auto reader = stub->Subscribe(&ctx, req);
    std::vector<ev1::Event> events;
    ev1::Event event;
    while (events.size() < count && reader->Read(&event)) events.push_back(event);
    ctx.TryCancel();
    reader->Finish();
    return events;
  }
};

TEST_F(FeedTest, ConcurrentWritersAndALiveReaderSeeEveryEventOnceInOrder) {
  constexpr int kWriters = 8;
  constexpr int kPerWriter = 40;
  constexpr size_t kTotal = kWriters * kPerWriter;
  std::vector<ev1::Event> seen;
  // The reader subscribes before the writers start, so it sees history and live events.
  std::thread reader([&] { seen = ReadEvents(0, kTotal); });
  std::vector<std::thread> writers;
  std::vector<std::vector<std::string>> created(kWriters);
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      auto stub = cv1::CustomersService::NewStub(server_->channel());
      for (int i = 0; i < kPerWriter; ++i) {
        cv1::CreateCustomerRequest req;
        req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
        req.mutable_customer()->set_display_name(absl::StrCat("writer ", w, " #", i));
        cv1::Customer out;
        grpc::Status status = stub->CreateCustomer(Ctx().get(), req, &out);
        ASSERT_TRUE(status.ok()) << status.error_message();
        created[w].push_back(out.name());
      }
    });
  }
  for (auto& t : writers) t.join();
  reader.join();

  ASSERT_EQ(seen.size(), kTotal);
  std::set<std::string> ids;
  std::set<std::string> customers;
  for (size_t i = 0; i < seen.size(); ++i) {
    EXPECT_EQ(seen[i].position(), static_cast<int64_t>(i + 1)) << "positions are dense";
    EXPECT_TRUE(ids.insert(seen[i].id()).second) << "event id seen twice";
    ASSERT_TRUE(seen[i].has_customer_created());
    customers.insert(seen[i].customer_created().customer().customer());
  }
  for (const auto& names : created) {
    for (const auto& name : names) EXPECT_TRUE(customers.contains(name)) << name << " missing";
  }
}

TEST_F(FeedTest, TwoReplicasOnOneSchemaKeepTheLogDenseAndComplete) {
  // A second replica of the service on the same schema: both write events and both run a
  // relay, but only the one holding the named lock may append to the log.
  auto replica = ServiceProcess::Start(SALES_CUSTOMERS_BINARY, schema_->db_config(), ExtraArgs());
  ASSERT_NE(replica, nullptr);
  constexpr int kPerReplica = 60;
  std::vector<std::thread> writers;
  for (ServiceProcess* target : {server_.get(), replica.get()}) {
    writers.emplace_back([target] {
      auto stub = cv1::CustomersService::NewStub(target->channel());
      for (int i = 0; i < kPerReplica; ++i) {
        cv1::CreateCustomerRequest req;
        req.mutable_customer()->set_kind(cv1::CUSTOMER_KIND_PERSON);
        req.mutable_customer()->set_display_name(absl::StrCat("replica writer ", i));
        cv1::Customer out;
        ASSERT_TRUE(stub->CreateCustomer(CallCtx().get(), req, &out).ok());
      }
    });
  }
  for (auto& t : writers) t.join();
  // Read through the replica's feed: the log is shared, so either serves all of it.
  auto stub = ev1::EventFeedService::NewStub(replica->channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  auto reader = stub->Subscribe(&ctx, ev1::SubscribeRequest());
  std::set<std::string> ids;
  ev1::Event event;
  int64_t expected_position = 1;
  while (ids.size() < 2 * kPerReplica && reader->Read(&event)) {
    EXPECT_EQ(event.position(), expected_position++);
    EXPECT_TRUE(ids.insert(event.id()).second);
  }
  ctx.TryCancel();
  reader->Finish();
  EXPECT_EQ(ids.size(), 2u * kPerReplica);
}

TEST_F(FeedTest, SubscribeResumesAfterAPositionAndFiltersByType) {
  cv1::Customer c = NewPerson("Resumer");
  cv1::EarnPointsRequest earn;
  earn.set_account(c.name() + "/loyaltyAccount");
  earn.set_points(5);
  cv1::PointEntry entry;
  ASSERT_TRUE(stub_->EarnPoints(Ctx().get(), earn, &entry).ok());
  NewPerson("Second");

  std::vector<ev1::Event> all = ReadEvents(0, 3);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].type(), "customer_created");
  EXPECT_EQ(all[1].type(), "points_changed");
  EXPECT_EQ(all[1].points_changed().balance_after(), 5);
  EXPECT_EQ(all[1].aggregate(), c.name());

  std::vector<ev1::Event> rest = ReadEvents(1, 2);
  ASSERT_EQ(rest.size(), 2u);
  EXPECT_EQ(rest[0].position(), 2);
  EXPECT_EQ(rest[0].id(), all[1].id());

  std::vector<ev1::Event> created = ReadEvents(0, 2, {"customer_created"});
  ASSERT_EQ(created.size(), 2u);
  EXPECT_EQ(created[1].position(), 3);

  ev1::FeedHead head;
  ASSERT_TRUE(Feed()->GetFeedHead(Ctx().get(), ev1::GetFeedHeadRequest(), &head).ok());
  EXPECT_EQ(head.position(), 3);
  EXPECT_EQ(head.pending(), 0);
}

TEST_F(FeedTest, RefusedChangesPublishNothingAndBadPositionIsRejected) {
  cv1::Customer c = NewPerson("Nothing");
  cv1::RedeemPointsRequest redeem;
  redeem.set_account(c.name() + "/loyaltyAccount");
  redeem.set_points(1);
  cv1::PointEntry entry;
  EXPECT_EQ(stub_->RedeemPoints(Ctx().get(), redeem, &entry).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(EventCount("points_changed"), 0);

  auto stub = Feed();
  grpc::ClientContext ctx;
  ev1::SubscribeRequest req;
  req.set_after_position(-1);
  auto reader = stub->Subscribe(&ctx, req);
  ev1::Event event;
  EXPECT_FALSE(reader->Read(&event));
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("after_position", 0), 0u) << status.error_message();
}

// A misspelt type would otherwise leave a consumer on an open, silent stream forever.
TEST_F(FeedTest, UnknownTypeIsRejectedNamingTypes) {
  NewPerson("Someone");
  auto stub = Feed();
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  ev1::SubscribeRequest req;
  req.add_types("customer_created");
  req.add_types("order_completed");  // not a type: orders publish order_status_changed
  auto reader = stub->Subscribe(&ctx, req);
  ev1::Event event;
  EXPECT_FALSE(reader->Read(&event));
  const grpc::Status status = reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message().rfind("types", 0), 0u) << status.error_message();
  EXPECT_NE(status.error_message().find("'order_completed'"), std::string::npos)
      << status.error_message();
}

}  // namespace
}  // namespace sales::testing
