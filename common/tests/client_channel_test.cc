#include "common/client_channel.h"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/tests/test_net.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"

namespace sales {
namespace {

namespace v1 = ::sales::events::v1;
using testing_net::FreePort;

const std::string kFeedService = v1::EventFeedService::service_full_name();

// A feed whose first calls fail with UNAVAILABLE; counts every call it receives.
class FlakyFeed final : public v1::EventFeedService::Service {
 public:
  std::atomic<int> head_failures{0};       // GetFeedHead calls to refuse first
  std::atomic<int> subscribe_failures{0};  // Subscribe calls to refuse first
  std::atomic<int> head_calls{0};
  std::atomic<int> subscribe_calls{0};

  grpc::Status GetFeedHead(grpc::ServerContext*, const v1::GetFeedHeadRequest*,
                           v1::FeedHead* head) override {
    if (++head_calls <= head_failures) return Unavailable();
    head->set_position(head_calls);
    return grpc::Status::OK;
  }

  // After the refusals: one event, then the stream breaks (UNAVAILABLE).
  grpc::Status Subscribe(grpc::ServerContext*, const v1::SubscribeRequest* request,
                         grpc::ServerWriter<v1::Event>* writer) override {
    if (++subscribe_calls <= subscribe_failures) return Unavailable();
    v1::Event event;
    event.set_position(request->after_position() + 1);
    writer->Write(event);
    return Unavailable();
  }

 private:
  static grpc::Status Unavailable() {
    return grpc::Status(grpc::StatusCode::UNAVAILABLE, "not now");
  }
};

std::unique_ptr<grpc::Server> StartServer(int port, grpc::Service* service) {
  grpc::ServerBuilder builder;
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  builder.AddListeningPort(absl::StrCat("127.0.0.1:", port), grpc::InsecureServerCredentials());
  builder.RegisterService(service);
  return builder.BuildAndStart();
}

void StopServer(std::unique_ptr<grpc::Server>& server) {
  server->Shutdown(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
  server->Wait();
  server.reset();
}

grpc::Status Head(const std::shared_ptr<grpc::Channel>& channel, absl::Duration timeout,
                  v1::FeedHead* head = nullptr) {
  v1::FeedHead ignored;
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  return v1::EventFeedService::NewStub(channel)->GetFeedHead(&context, v1::GetFeedHeadRequest(),
                                                             head != nullptr ? head : &ignored);
}

TEST(RetryServiceConfigJsonTest, NamesTheMethodsAndRetriesUnavailableOnly) {
  EXPECT_EQ(nlohmann::json::parse(RetryServiceConfigJson({})), nlohmann::json::object());

  const nlohmann::json config =
      nlohmann::json::parse(RetryServiceConfigJson({"pkg.A", "pkg.B/Get"}));
  ASSERT_EQ(config["methodConfig"].size(), 1u);
  const nlohmann::json& method_config = config["methodConfig"][0];
  EXPECT_EQ(method_config["name"], nlohmann::json::parse(R"([{"service": "pkg.A"},
                                                             {"service": "pkg.B",
                                                              "method": "Get"}])"));
  const nlohmann::json& policy = method_config["retryPolicy"];
  EXPECT_EQ(policy["maxAttempts"], kRetryMaxAttempts);
  EXPECT_EQ(policy["initialBackoff"], "0.1s");
  EXPECT_EQ(policy["maxBackoff"], "1s");
  EXPECT_EQ(policy["backoffMultiplier"], 2);
  EXPECT_EQ(policy["retryableStatusCodes"], nlohmann::json::array({"UNAVAILABLE"}));
  EXPECT_FALSE(method_config.contains("waitForReady"));  // a call to a peer that is down fails
  EXPECT_TRUE(config.contains("retryThrottling"));
}

// The channel must report our service config as the one it applies (gRPC 1.51 makes a
// channel with a malformed one fail every call, and a misspelled name matches nothing).
TEST(ServiceChannelTest, AppliesTheRetryServiceConfig) {
  const int port = FreePort();
  FlakyFeed service;
  std::unique_ptr<grpc::Server> server = StartServer(port, &service);
  ASSERT_NE(server, nullptr);
  const std::vector<std::string> methods = {kFeedService + "/GetFeedHead"};
  auto channel = ServiceChannel(absl::StrCat("127.0.0.1:", port), {.retryable_methods = methods});
  ASSERT_TRUE(Head(channel, absl::Seconds(5)).ok());
  const std::string applied = channel->GetServiceConfigJSON();
  ASSERT_FALSE(applied.empty());
  EXPECT_EQ(nlohmann::json::parse(applied), nlohmann::json::parse(RetryServiceConfigJson(methods)))
      << applied;
  StopServer(server);
}

TEST(ServiceChannelTest, RetriesUnavailableForTheNamedMethodsOnly) {
  const int port = FreePort();
  FlakyFeed service;
  std::unique_ptr<grpc::Server> server = StartServer(port, &service);
  ASSERT_NE(server, nullptr);
  const std::string address = absl::StrCat("127.0.0.1:", port);

  // Named: two refusals, then the answer, all within one call.
  service.head_failures = 2;
  auto named = ServiceChannel(address, {.retryable_methods = {kFeedService + "/GetFeedHead"}});
  v1::FeedHead head;
  const grpc::Status status = Head(named, absl::Seconds(5), &head);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(service.head_calls, 3);
  EXPECT_EQ(head.position(), 3);

  // Another method of the service named: GetFeedHead is sent once.
  service.head_calls = 0;
  auto other = ServiceChannel(address, {.retryable_methods = {kFeedService + "/Subscribe"}});
  EXPECT_EQ(Head(other, absl::Seconds(5)).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(service.head_calls, 1);

  // Nothing named.
  service.head_calls = 0;
  auto none = ServiceChannel(address);
  EXPECT_EQ(Head(none, absl::Seconds(5)).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(service.head_calls, 1);
  StopServer(server);
}

// A server stream is retried while it has delivered nothing, and never after its first
// message: an event is not delivered twice by gRPC, the consumer resumes from its position.
TEST(ServiceChannelTest, RetriesAStreamOnlyUntilItsFirstMessage) {
  const int port = FreePort();
  FlakyFeed service;
  service.subscribe_failures = 2;
  std::unique_ptr<grpc::Server> server = StartServer(port, &service);
  ASSERT_NE(server, nullptr);
  auto channel =
      ServiceChannel(absl::StrCat("127.0.0.1:", port), {.retryable_methods = {kFeedService}});
  auto stub = v1::EventFeedService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
  v1::SubscribeRequest request;
  request.set_after_position(7);
  auto reader = stub->Subscribe(&context, request);
  std::vector<int64_t> positions;
  v1::Event event;
  while (reader->Read(&event)) positions.push_back(event.position());
  EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(positions, std::vector<int64_t>{8});
  EXPECT_EQ(service.subscribe_calls, 3);  // two refusals retried, the broken stream not
  StopServer(server);
}

// The peer stops, callers keep calling while it is down (each failed connection attempt
// lengthens gRPC's reconnect backoff: by default 1 s, 1.6 s, 2.6 s, 4.1 s, ... plus or minus
// 20%), then a new server comes up on the same port. The next call must reach it promptly:
// with gRPC's defaults the first success here comes about 1.7 to 2.7 s after the restart.
TEST(ServiceChannelTest, UsesARestartedPeerAgainWithinASecondOrSo) {
  // The caller's own server, as in a service: its threads poll, so the outcome of a
  // connection attempt is seen at once (in a process where nothing polls, gRPC notices a
  // refused connection only when some call waits, or at its 5 s backup poll).
  FlakyFeed own_service;
  std::unique_ptr<grpc::Server> own_server = StartServer(FreePort(), &own_service);
  ASSERT_NE(own_server, nullptr);

  const int port = FreePort();
  const std::string address = absl::StrCat("127.0.0.1:", port);
  FlakyFeed service;
  std::unique_ptr<grpc::Server> server = StartServer(port, &service);
  ASSERT_NE(server, nullptr);
  auto channel = ServiceChannel(address, {.retryable_methods = {kFeedService}});
  ASSERT_TRUE(Head(channel, absl::Seconds(5)).ok());

  StopServer(server);
  const absl::Time down_until = absl::Now() + absl::Seconds(3);
  while (absl::Now() < down_until) {
    EXPECT_FALSE(Head(channel, absl::Milliseconds(200)).ok());
    absl::SleepFor(absl::Milliseconds(50));
  }

  server = StartServer(port, &service);
  ASSERT_NE(server, nullptr) << "port " << port << " was taken meanwhile";
  const absl::Time restarted = absl::Now();
  absl::Time first_ok = absl::InfiniteFuture();
  while (absl::Now() < restarted + absl::Seconds(10)) {
    if (Head(channel, absl::Milliseconds(200)).ok()) {
      first_ok = absl::Now();
      break;
    }
    absl::SleepFor(absl::Milliseconds(10));
  }
  ASSERT_NE(first_ok, absl::InfiniteFuture()) << "no call succeeded within 10 s of the restart";
  const absl::Duration gap = first_ok - restarted;
  std::cout << "[ measured ] first successful call " << absl::FormatDuration(gap)
            << " after the peer restarted (reconnect backoff at most " << kReconnectMaxBackoffMs
            << " ms)\n";  // a figure, not an assertion: timing bounds flake on a loaded box
  StopServer(server);
  StopServer(own_server);
}

}  // namespace
}  // namespace sales
