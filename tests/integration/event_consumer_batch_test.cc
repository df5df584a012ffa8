// The common feed consumer's batches: a consumer told to apply at most N events per
// transaction never hands its handler more, applies every event exactly once in position
// order, and a batch whose handler fails is rolled back and offered again without
// doubling anything. The feed is a fake served in this process; the handler writes one row
// per event into the test's schema, in the consumer's transaction.
#include <grpcpp/grpcpp.h>

#include "absl/synchronization/mutex.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/events/consumer.h"
#include "gtest/gtest.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/test_schema.h"
#include "tests/harness/wait_for.h"

namespace sales::testing {
namespace {

namespace ev1 = ::sales::events::v1;

constexpr int kEvents = 50;
constexpr size_t kMaxBatch = 7;

// Serves positions 1..n, then holds the stream open like a caught-up feed.
class FakeFeed final : public ev1::EventFeedService::Service {
 public:
  explicit FakeFeed(int events) : events_(events) {}

  grpc::Status Subscribe(grpc::ServerContext* context, const ev1::SubscribeRequest* request,
                         grpc::ServerWriter<ev1::Event>* writer) override {
    for (int64_t position = request->after_position() + 1; position <= events_; ++position) {
      ev1::Event event;
      event.set_id(absl::StrCat("evt-", position));
      event.set_type("stock_changed");
      event.set_position(position);
      if (!writer->Write(event)) return grpc::Status::CANCELLED;
    }
    while (!context->IsCancelled()) absl::SleepFor(absl::Milliseconds(20));
    return grpc::Status::CANCELLED;
  }

 private:
  const int events_;
};

class ConsumerBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    pool_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    ASSERT_TRUE(
        db::ApplyMigrations(*pool_, db::CommonMigrations(), absl::Now() + absl::Seconds(30)).ok());
    ASSERT_TRUE(
        db::RunInTransaction(*pool_, absl::Now() + absl::Seconds(10), [](db::Transaction& tx) {
          tx.Exec(
              "CREATE TABLE applied (position BIGINT NOT NULL "
              "PRIMARY KEY, batch INT NOT NULL)");
          return absl::OkStatus();
        }).ok());
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&feed_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    channel_ =
        grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  }

  void TearDown() override {
    if (server_) server_->Shutdown(std::chrono::system_clock::now());
  }

  int64_t QueryInt(const std::string& sql) {
    int64_t value = -1;
    EXPECT_TRUE(
        db::RunInTransaction(*pool_, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
          auto rs = tx.Query(sql);
          value = rs->next() ? rs->getInt64(1) : -1;
          return absl::OkStatus();
        }).ok());
    return value;
  }

  FakeFeed feed_{kEvents};
  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<db::ConnectionPool> pool_;
  std::unique_ptr<grpc::Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

TEST_F(ConsumerBatchTest, AppliesEveryEventOnceInBatchesOfAtMostTheMaximum) {
  absl::Mutex mu;
  std::vector<size_t> sizes;  // of the batches handed over, committed or not
  int failures_left = 1;      // the second batch fails once
  int batches = 0;
  events::Consumer consumer(
      "fake", channel_, *pool_,
      events::BatchHandler([&](db::Transaction& tx, const std::vector<const ev1::Event*>& events) {
        absl::MutexLock lock(&mu);
        sizes.push_back(events.size());
        const int batch = ++batches;
        for (const ev1::Event* event : events) {
          tx.Exec("INSERT INTO applied (position, batch) VALUES (?, ?)",
                  {event->position(), static_cast<int64_t>(batch)});
        }
        if (batch == 2 && failures_left-- > 0) return absl::UnavailableError("flaky");
        return absl::OkStatus();
      }));
  consumer.SetMaxBatch(kMaxBatch);
  consumer.Start();
  ASSERT_TRUE(WaitFor(absl::Seconds(30), [&] { return consumer.applied_position() == kEvents; }));
  consumer.Stop();

  {
    absl::MutexLock lock(&mu);
    ASSERT_FALSE(sizes.empty());
    for (size_t size : sizes) {
      EXPECT_GE(size, 1u);
      EXPECT_LE(size, kMaxBatch);
    }
    EXPECT_EQ(failures_left, 0) << "the failing batch was not offered";
  }
  // Each event once (the primary key refuses a second row), all of them, and the stored
  // position at the last.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM applied"), kEvents);
  EXPECT_EQ(QueryInt("SELECT MIN(position) FROM applied"), 1);
  EXPECT_EQ(QueryInt("SELECT MAX(position) FROM applied"), kEvents);
  EXPECT_EQ(QueryInt("SELECT position FROM consumer_checkpoints WHERE source = 'fake'"), kEvents);
  // Later batches hold later events: position order is kept across transactions.
  EXPECT_EQ(QueryInt("SELECT COUNT(*) FROM applied a JOIN applied b ON a.position < b.position "
                     "AND a.batch > b.batch"),
            0);
}

}  // namespace
}  // namespace sales::testing
