#include "common/server/server_runner.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/security/credentials.h>
#include <gtest/gtest.h>
#include <pthread.h>
#include <signal.h>

#include <chrono>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "common/tests/test_net.h"

namespace sales {
namespace {

using testing_net::BusyPort;
using testing_net::FreePort;
using testing_net::HttpGet;

constexpr char kThingsService[] = "sales.test.v1.ThingsService";

// A pool aimed at a port where no database listens: connecting fails at once.
db::DbConfig UnreachableDb() {
  db::DbConfig config;
  config.host = "127.0.0.1";
  config.port = FreePort();
  config.user = "nobody";
  config.database = "nothing";
  config.pool_size = 2;
  return config;
}

ServerSpec MakeSpec(int grpc_port, int metrics_port, db::ConnectionPool* pool, Metrics* metrics) {
  ServerSpec spec;
  spec.config.service = "runner_test";
  spec.config.listen_host = "127.0.0.1";
  spec.config.grpc_port = grpc_port;
  spec.config.metrics_port = metrics_port;
  spec.config.page_token_secret = "test";
  spec.config.shutdown_grace = absl::Seconds(1);
  spec.config.default_deadline = absl::Seconds(5);
  spec.health_service_names = {kThingsService};
  spec.pool = pool;
  spec.metrics = metrics;
  return spec;
}

// grpc.health.v1.Health/Check through the generic stub, so the test needs no health
// stubs: the request is HealthCheckRequest{service}, the answer HealthCheckResponse bytes.
grpc::Status HealthCheck(int port, const std::string& service, std::string* response_bytes) {
  auto channel =
      grpc::CreateChannel(absl::StrCat("127.0.0.1:", port), grpc::InsecureChannelCredentials());
  grpc::GenericStub stub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  std::string request;
  if (!service.empty()) {
    request.push_back(0x0a);  // field 1, length-delimited
    request.push_back(static_cast<char>(service.size()));
    request += service;
  }
  grpc::Slice slice(request);
  grpc::ByteBuffer request_buffer(&slice, 1);
  grpc::ByteBuffer response;
  grpc::Status status;
  absl::Notification done;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &request_buffer,
                 &response, [&](grpc::Status s) {
                   status = std::move(s);
                   done.Notify();
                 });
  done.WaitForNotification();
  response_bytes->clear();
  std::vector<grpc::Slice> slices;
  if (status.ok() && response.Dump(&slices).ok()) {
    for (const grpc::Slice& s : slices) {
      response_bytes->append(reinterpret_cast<const char*>(s.begin()), s.size());
    }
  }
  return status;
}

// Runs RunServer on its own thread for a spec that must make it give up. Should it start
// serving instead, SIGTERM stops it after `limit`, so the test fails rather than hangs.
int RunServerExpectingExit(ServerSpec spec, absl::Duration limit) {
  absl::Notification done;
  int exit_code = -1;
  std::thread runner([&] {
    BlockTerminationSignals();
    exit_code = RunServer(std::move(spec));
    done.Notify();
  });
  if (!done.WaitForNotificationWithTimeout(limit)) pthread_kill(runner.native_handle(), SIGTERM);
  runner.join();
  return exit_code;
}

constexpr char kNotServing[] = "\x08\x02";  // HealthCheckResponse{status: NOT_SERVING}

TEST(RunServerTest, ServesHealthAndMetricsThenStopsOnSigterm) {
  db::ConnectionPool pool(UnreachableDb());
  Metrics metrics("runner_test");
  const int grpc_port = FreePort();
  const int metrics_port = FreePort();
  int exit_code = -1;
  testing::internal::CaptureStdout();
  std::thread runner([&] {
    BlockTerminationSignals();
    exit_code = RunServer(MakeSpec(grpc_port, metrics_port, &pool, &metrics));
  });

  // The database never answers, so every registered name stays NOT_SERVING.
  std::string bytes;
  grpc::Status status;
  const absl::Time deadline = absl::Now() + absl::Seconds(5);
  while (!(status = HealthCheck(grpc_port, "", &bytes)).ok() && absl::Now() < deadline) {
    absl::SleepFor(absl::Milliseconds(50));  // until the server listens
  }
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(bytes, kNotServing);
  ASSERT_TRUE(HealthCheck(grpc_port, kThingsService, &bytes).ok());
  EXPECT_EQ(bytes, kNotServing);
  EXPECT_EQ(HealthCheck(grpc_port, "sales.test.v1.Unknown", &bytes).error_code(),
            grpc::StatusCode::NOT_FOUND);

  const std::string scrape = HttpGet(metrics_port, "/metrics");
  EXPECT_NE(scrape.find("sales_db_pool_max{service=\"runner_test\"} 2\n"), std::string::npos)
      << scrape;
  EXPECT_NE(scrape.find("# TYPE sales_db_pool_reconnects_total counter"), std::string::npos);

  pthread_kill(runner.native_handle(), SIGTERM);
  runner.join();
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(exit_code, 0);
  EXPECT_NE(out.find("\"msg\":\"listening\""), std::string::npos) << out;
  EXPECT_NE(out.find(absl::StrCat("\"grpc_port\":", grpc_port)), std::string::npos) << out;
  EXPECT_NE(out.find("\"msg\":\"migrations failed, retrying\""), std::string::npos) << out;
  EXPECT_NE(out.find("\"msg\":\"stopped\""), std::string::npos) << out;
  EXPECT_EQ(HttpGet(metrics_port, "/metrics"), "");
  EXPECT_EQ(pool.Acquire(absl::Now() + absl::Seconds(1)).status().code(),
            absl::StatusCode::kFailedPrecondition)
      << "the pool is closed on the way out";
}

TEST(RunServerTest, BusyGrpcPortExitsWithTwo) {
  BusyPort busy(/*reuse_port=*/true);  // SO_REUSEPORT must not let gRPC share it
  db::ConnectionPool pool(UnreachableDb());
  Metrics metrics("runner_test");
  testing::internal::CaptureStdout();
  const int exit_code =
      RunServerExpectingExit(MakeSpec(busy.port(), 0, &pool, &metrics), absl::Seconds(5));
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(exit_code, 2);
  EXPECT_NE(out.find(absl::StrCat("\"grpc_port\":", busy.port())), std::string::npos) << out;
}

TEST(RunServerTest, BusyMetricsPortExitsWithTwo) {
  BusyPort busy(/*reuse_port=*/true);
  db::ConnectionPool pool(UnreachableDb());
  Metrics metrics("runner_test");
  testing::internal::CaptureStdout();
  const int exit_code =
      RunServerExpectingExit(MakeSpec(FreePort(), busy.port(), &pool, &metrics), absl::Seconds(5));
  const std::string out = testing::internal::GetCapturedStdout();
  EXPECT_EQ(exit_code, 2);
  EXPECT_NE(out.find(absl::StrCat("\"metrics_port\":", busy.port())), std::string::npos) << out;
}

}  // namespace
}  // namespace sales
