#include "common/server/watch_hub.h"

#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace sales {
namespace {

using ::grpc::health::v1::Health;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

// A Health service whose Watch is a WatchHub over a table of statuses the test changes: the
// question is the service name, the answer its status. An unknown name is NOT_FOUND.
class TableHealth final : public Health::CallbackService {
 public:
  explicit TableHealth(absl::Duration full_round)
      : hub_({.method = "Watch", .min_interval = absl::Milliseconds(5), .full_round = full_round},
             {.answer = [this](const std::string& name) { return Answer(name); },
              .question_key = [](const std::string& name) { return name; },
              .figures_key = [](const HealthCheckResponse& r) { return r.SerializeAsString(); }}) {}

  grpc::ServerWriteReactor<HealthCheckResponse>* Watch(grpc::CallbackServerContext* /*context*/,
                                                       const HealthCheckRequest* request) override {
    return hub_.Open(request->service());
  }

  void Set(const std::string& name, HealthCheckResponse::ServingStatus status) {
    absl::MutexLock lock(&mu_);
    table_[name] = status;
  }
  int answers(const std::string& name) {
    absl::MutexLock lock(&mu_);
    return answers_[name];
  }
  server::WatchHub<std::string, HealthCheckResponse>& hub() { return hub_; }

 private:
  absl::StatusOr<HealthCheckResponse> Answer(const std::string& name) {
    absl::MutexLock lock(&mu_);
    ++answers_[name];
    auto it = table_.find(name);
    if (it == table_.end()) return absl::NotFoundError("service: unknown " + name);
    HealthCheckResponse response;
    response.set_status(it->second);
    return response;
  }

  absl::Mutex mu_;
  std::map<std::string, HealthCheckResponse::ServingStatus> table_ ABSL_GUARDED_BY(mu_);
  std::map<std::string, int> answers_ ABSL_GUARDED_BY(mu_);
  server::WatchHub<std::string, HealthCheckResponse> hub_;  // last: its thread reads the table
};

class WatchHubTest : public ::testing::Test {
 protected:
  // A full round far away, so that only Notify makes a round unless a test says otherwise.
  explicit WatchHubTest(absl::Duration full_round = absl::Hours(1)) : health_(full_round) {
    health_.Set("a", HealthCheckResponse::SERVING);
    health_.Set("b", HealthCheckResponse::SERVING);
    grpc::ServerBuilder builder;
    builder.RegisterService(&health_);
    server_ = builder.BuildAndStart();
    stub_ = Health::NewStub(server_->InProcessChannel(grpc::ChannelArguments()));
  }
  ~WatchHubTest() override {
    health_.hub().Stop();
    server_->Shutdown(std::chrono::system_clock::now() + std::chrono::seconds(1));
  }

  struct Stream {
    grpc::ClientContext context;
    std::unique_ptr<grpc::ClientReader<HealthCheckResponse>> reader;

    // The next status sent, or UNKNOWN once the stream ended.
    HealthCheckResponse::ServingStatus Next() {
      HealthCheckResponse response;
      if (!reader->Read(&response)) return HealthCheckResponse::UNKNOWN;
      return response.status();
    }
  };
  std::unique_ptr<Stream> Open(const std::string& name) {
    auto stream = std::make_unique<Stream>();
    stream->context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    HealthCheckRequest request;
    request.set_service(name);
    stream->reader = stub_->Watch(&stream->context, request);
    return stream;
  }

  TableHealth health_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Health::Stub> stub_;
};

TEST_F(WatchHubTest, SendsTheFirstAnswerAtOnceAndThenOnlyChanges) {
  auto stream = Open("a");
  EXPECT_EQ(stream->Next(), HealthCheckResponse::SERVING);

  // A change that leaves the answer as it was sends nothing: the next message read is the
  // one after a real change, not a repeat.
  health_.hub().NotifyAll();
  absl::SleepFor(absl::Milliseconds(50));
  health_.Set("a", HealthCheckResponse::NOT_SERVING);
  health_.hub().NotifyAll();
  EXPECT_EQ(stream->Next(), HealthCheckResponse::NOT_SERVING);
}

TEST_F(WatchHubTest, RecomputesOnlyTheQuestionsAChangeTouches) {
  auto a = Open("a");
  auto b = Open("b");
  EXPECT_EQ(a->Next(), HealthCheckResponse::SERVING);
  EXPECT_EQ(b->Next(), HealthCheckResponse::SERVING);
  const int b_answers = health_.answers("b");

  health_.Set("a", HealthCheckResponse::NOT_SERVING);
  health_.Set("b", HealthCheckResponse::NOT_SERVING);
  health_.hub().Notify([](const std::string& name) { return name == "a"; });
  EXPECT_EQ(a->Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(health_.answers("b"), b_answers);  // b's changed status is not read, nor sent

  health_.hub().Notify([](const std::string& name) { return name == "b"; });
  EXPECT_EQ(b->Next(), HealthCheckResponse::NOT_SERVING);
}

TEST_F(WatchHubTest, AnswersEachDistinctQuestionOncePerRound) {
  auto first = Open("a");
  auto second = Open("a");
  EXPECT_EQ(first->Next(), HealthCheckResponse::SERVING);
  EXPECT_EQ(second->Next(), HealthCheckResponse::SERVING);
  const int before = health_.answers("a");

  health_.Set("a", HealthCheckResponse::NOT_SERVING);
  health_.hub().NotifyAll();
  EXPECT_EQ(first->Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(second->Next(), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(health_.answers("a"), before + 1);
}

TEST_F(WatchHubTest, AnUnanswerableQuestionEndsItsStreamWithTheError) {
  auto stream = Open("nobody");
  EXPECT_EQ(stream->Next(), HealthCheckResponse::UNKNOWN);
  const grpc::Status status = stream->reader->Finish();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "service: unknown nobody");
  EXPECT_EQ(health_.hub().open_streams(), 1);  // dropped at the next round
  health_.hub().NotifyAll();
  absl::SleepFor(absl::Milliseconds(50));
  health_.hub().NotifyAll();
  absl::SleepFor(absl::Milliseconds(50));
  EXPECT_EQ(health_.hub().open_streams(), 0);
}

TEST_F(WatchHubTest, StopStreamsEndsOpenStreamsAndRefusesNewOnesAsUnavailable) {
  auto stream = Open("a");
  EXPECT_EQ(stream->Next(), HealthCheckResponse::SERVING);
  health_.hub().StopStreams();
  EXPECT_EQ(stream->Next(), HealthCheckResponse::UNKNOWN);
  EXPECT_EQ(stream->reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);

  auto late = Open("a");
  EXPECT_EQ(late->Next(), HealthCheckResponse::UNKNOWN);
  EXPECT_EQ(late->reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
}

class WatchHubFullRoundTest : public WatchHubTest {
 protected:
  WatchHubFullRoundTest() : WatchHubTest(absl::Milliseconds(100)) {}
};

TEST_F(WatchHubFullRoundTest, AFullRoundSeesChangesNobodyNotified) {
  auto stream = Open("a");
  EXPECT_EQ(stream->Next(), HealthCheckResponse::SERVING);
  health_.Set("a", HealthCheckResponse::NOT_SERVING);  // as another replica would
  EXPECT_EQ(stream->Next(), HealthCheckResponse::NOT_SERVING);
}

}  // namespace
}  // namespace sales
