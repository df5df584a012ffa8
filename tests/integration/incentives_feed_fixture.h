// An incentives server (IncentivesTest) following a fake orders feed that the test serves
// itself, so that credits fall on known past days of Asia/Shanghai; and the order events a
// test puts on it (a completed order, a resolved return).
#pragma once

#include <grpcpp/grpcpp.h>

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/time_util.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "tests/harness/query_int.h"
#include "tests/harness/wait_for.h"
#include "tests/integration/incentives_fixture.h"

namespace sales::testing {

namespace ev1 = ::sales::events::v1;

// Serves its events (positions 1..n, in the order added, even after the subscriber came),
// and keeps the stream open like a caught-up feed until the subscriber goes away.
class GrowingOrdersFeed final : public ev1::EventFeedService::Service {
 public:
  void Add(ev1::Event event) {
    absl::MutexLock lock(&mu_);
    event.set_position(static_cast<int64_t>(events_.size()) + 1);
    events_.push_back(std::move(event));
  }
  int64_t last_position() {
    absl::MutexLock lock(&mu_);
    return static_cast<int64_t>(events_.size());
  }

  grpc::Status Subscribe(grpc::ServerContext* context, const ev1::SubscribeRequest* request,
                         grpc::ServerWriter<ev1::Event>* writer) override {
    int64_t sent = request->after_position();
    while (!context->IsCancelled()) {
      std::optional<ev1::Event> next;
      {
        absl::MutexLock lock(&mu_);
        if (sent < static_cast<int64_t>(events_.size())) next = events_[sent];
      }
      if (!next.has_value()) {
        absl::SleepFor(absl::Milliseconds(20));
        continue;
      }
      if (!writer->Write(*next)) return grpc::Status::CANCELLED;
      ++sent;
    }
    return grpc::Status::CANCELLED;
  }

 private:
  absl::Mutex mu_;
  std::vector<ev1::Event> events_ ABSL_GUARDED_BY(mu_);
};

inline absl::TimeZone Shanghai() {
  absl::TimeZone zone;
  EXPECT_TRUE(absl::LoadTimeZone("Asia/Shanghai", &zone));
  return zone;
}

// Noon of a day of 2026 in Shanghai.
inline absl::Time Noon(int month, int day) {
  return absl::FromCivil(absl::CivilSecond(2026, month, day, 12, 0, 0), Shanghai());
}

// A completed order of one line: net `net` (cost 0, one unit), credited by `shares` (rep,
// revenue share in bp).
inline ev1::Event Completed(const std::string& order, absl::Time at, int64_t net,
                            const std::vector<std::pair<std::string, int>>& shares) {
  ev1::Event event;
  event.set_id("evt-" + order);
  event.set_type("order_status_changed");
  *event.mutable_occur_time() = ToProtoTime(at);
  auto* changed = event.mutable_order_status_changed();
  changed->set_from_status("ORDER_STATUS_DELIVERED");
  changed->set_to_status("ORDER_STATUS_COMPLETED");
  *changed->mutable_change_time() = ToProtoTime(at);
  auto* snapshot = changed->mutable_order();
  snapshot->set_order(order);
  snapshot->set_currency_code("CNY");
  for (const auto& [rep, bp] : shares) {
    auto* share = snapshot->add_credits();
    share->set_rep(rep);
    share->set_revenue_share_bp(bp);
    share->set_kind("SALES_CREDIT_KIND_REVENUE");
  }
  auto* line = snapshot->add_lines();
  line->set_line_id(1);
  line->set_quantity(1);
  line->set_subtotal_minor(net);
  return event;
}

// A resolved return of `net` (no cost, no units) from `order`.
inline ev1::Event Returned(const std::string& ret, const std::string& order, absl::Time at,
                           int64_t net) {
  ev1::Event event;
  event.set_id("evt-" + ret);
  event.set_type("return_resolved");
  *event.mutable_occur_time() = ToProtoTime(at);
  auto* resolved = event.mutable_return_resolved();
  resolved->set_return_name(ret);
  resolved->set_order(order);
  *resolved->mutable_resolve_time() = ToProtoTime(at);
  auto* line = resolved->add_lines();
  line->set_line_id(1);
  line->set_net_minor(net);
  return event;
}

class IncentivesFeedTest : public IncentivesTest {
 protected:
  void SetUp() override {
    grpc::ServerBuilder builder;
    int port = 0;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&feed_);
    feed_server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    server_ = ServiceProcess::Start(SALES_INCENTIVES_BINARY, schema_->db_config(),
                                    {"--business_time_zone=Asia/Shanghai", "--currency=CNY",
                                     absl::StrCat("--orders_address=127.0.0.1:", port)});
    ASSERT_NE(server_, nullptr) << "incentives server did not become SERVING";
    stub_ = iv1::IncentivesService::NewStub(server_->channel());
  }

  void TearDown() override {
    IncentivesTest::TearDown();
    if (feed_server_) {
      feed_server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
    }
  }

  // Waits until the consumer has applied every event served so far.
  void AwaitFeed() {
    db::ConnectionPool pool(schema_->db_config());
    const int64_t last = feed_.last_position();
    ASSERT_TRUE(WaitFor(absl::Seconds(15),
                        [&] {
                          return QueryInt(
                                     pool,
                                     "SELECT COALESCE(MAX(position), 0) FROM consumer_checkpoints "
                                     "WHERE source = 'orders'") >= last;
                        }))
        << "the orders feed was not applied up to position " << last;
  }

  // `rep`'s statement of `month`.
  iv1::Statement Statement(const std::string& rep, const std::string& month) {
    return GetStatement(*stub_, rep, month);
  }

  // Locks `month`, expecting its statements to total `expected_total`.
  void Lock(const std::string& month, int64_t expected_total) {
    EXPECT_EQ(LockMonth(*stub_, month).total(), expected_total) << month;
  }

  GrowingOrdersFeed feed_;
  std::unique_ptr<grpc::Server> feed_server_;
};

}  // namespace sales::testing
