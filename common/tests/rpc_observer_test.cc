#include "common/server/rpc_observer.h"

#include <gtest/gtest.h>

#include <chrono>
#include <stdexcept>
#include <string>

#include <nlohmann/json.hpp>

#include "common/server/log.h"

namespace sales {
namespace {

// The last line logged: the per-call line is queued for the log's writer thread, so wait
// for it before reading what was captured.
nlohmann::json LastLogLine() {
  log::Flush();
  const std::string out = testing::internal::GetCapturedStdout();
  const size_t end = out.find_last_not_of('\n');
  const size_t start = out.rfind('\n', end);
  return nlohmann::json::parse(out.substr(start == std::string::npos ? 0 : start + 1));
}

TEST(RpcObserverTest, CallWithoutDeadlineGetsTheDefault) {
  Metrics metrics("svc");
  RpcObserver observer(metrics, absl::Seconds(30));
  observer.MarkReady();
  grpc::ServerContext context;  // no client deadline: gRPC reports a far-future one
  absl::Time seen;
  const absl::Time before = absl::Now();
  testing::internal::CaptureStdout();
  const grpc::Status status =
      observer.Observe(&context, "GetCustomer", "req-1", [&](absl::Time deadline) {
        seen = deadline;
        return absl::OkStatus();
      });
  const nlohmann::json line = LastLogLine();
  EXPECT_TRUE(status.ok());
  EXPECT_GE(seen, before + absl::Seconds(30));
  EXPECT_LE(seen, absl::Now() + absl::Seconds(30));
  EXPECT_EQ(line["method"], "GetCustomer");
  EXPECT_EQ(line["request_id"], "req-1");
  EXPECT_EQ(line["code"], "OK");
  EXPECT_TRUE(line["latency_ms"].is_number());
  EXPECT_FALSE(line.contains("error"));
  EXPECT_NE(metrics.Render().find(
                "sales_rpc_requests_total{service=\"svc\",method=\"GetCustomer\",code=\"OK\"} 1"),
            std::string::npos);
}

TEST(RpcObserverTest, InternalIsHiddenFromCallerButLogged) {
  Metrics metrics("svc");
  RpcObserver observer(metrics, absl::Seconds(1));
  observer.MarkReady();
  testing::internal::CaptureStdout();
  const grpc::Status status = observer.Observe(nullptr, "CreateCustomer", "", [](absl::Time) {
    return absl::InternalError("insert: mysql error 1146");
  });
  const nlohmann::json line = LastLogLine();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
  EXPECT_EQ(line["level"], "error");
  EXPECT_EQ(line["code"], "INTERNAL");
  EXPECT_EQ(line["error"], "insert: mysql error 1146");
  EXPECT_FALSE(line.contains("request_id"));  // omitted when empty
  EXPECT_NE(metrics.Render().find("code=\"INTERNAL\"} 1"), std::string::npos);
}

TEST(RpcObserverTest, CallerErrorKeepsMessage) {
  Metrics metrics("svc");
  RpcObserver observer(metrics, absl::Seconds(1));
  observer.MarkReady();
  testing::internal::CaptureStdout();
  const grpc::Status status = observer.Observe(nullptr, "M", "", [](absl::Time) {
    return absl::InvalidArgumentError("customer.email: must contain '@'");
  });
  const nlohmann::json line = LastLogLine();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "customer.email: must contain '@'");
  EXPECT_EQ(line["code"], "INVALID_ARGUMENT");
  EXPECT_EQ(line["level"], "info");
  EXPECT_EQ(line["error"], "customer.email: must contain '@'");
}

TEST(RpcObserverTest, ExceptionBecomesInternal) {
  Metrics metrics("svc");
  RpcObserver observer(metrics, absl::Seconds(1));
  observer.MarkReady();
  testing::internal::CaptureStdout();
  const grpc::Status status = observer.Observe(
      nullptr, "M", "", [](absl::Time) -> absl::Status { throw std::runtime_error("boom"); });
  const nlohmann::json line = LastLogLine();
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "internal error");
  EXPECT_NE(line["error"].get<std::string>().find("boom"), std::string::npos);
}

TEST(RpcObserverTest, RefusesCallsUntilReady) {
  Metrics metrics("test");
  RpcObserver observer(metrics, absl::Seconds(1));
  bool ran = false;
  const grpc::Status before = observer.Observe(nullptr, "M", "", [&](absl::Time) {
    ran = true;
    return absl::OkStatus();
  });
  EXPECT_EQ(before.error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_FALSE(ran);
  observer.MarkReady();
  EXPECT_TRUE(observer
                  .Observe(nullptr, "M", "",
                           [&](absl::Time) {
                             ran = true;
                             return absl::OkStatus();
                           })
                  .ok());
  EXPECT_TRUE(ran);
}

}  // namespace
}  // namespace sales
