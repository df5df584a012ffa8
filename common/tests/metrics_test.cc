#include "common/server/metrics.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "common/tests/test_net.h"

namespace sales {
namespace {

bool Contains(const std::string& text, const std::string& line) {
  return text.find(line + "\n") != std::string::npos;
}

TEST(MetricsTest, CountsRequestsByMethodAndCode) {
  Metrics metrics("customers");
  metrics.RecordRpc("GetCustomer", "OK", absl::Milliseconds(1));
  metrics.RecordRpc("GetCustomer", "OK", absl::Milliseconds(2));
  metrics.RecordRpc("GetCustomer", "NOT_FOUND", absl::Milliseconds(1));
  const std::string text = metrics.Render();
  EXPECT_TRUE(Contains(text, "# TYPE sales_rpc_requests_total counter")) << text;
  EXPECT_TRUE(Contains(
      text, "sales_rpc_requests_total{service=\"customers\",method=\"GetCustomer\",code=\"OK\"} 2"))
      << text;
  EXPECT_TRUE(Contains(text,
                       "sales_rpc_requests_total{service=\"customers\",method=\"GetCustomer\","
                       "code=\"NOT_FOUND\"} 1"))
      << text;
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  Metrics metrics("orders");
  metrics.RecordRpc("M", "OK", absl::Microseconds(300));  // <= 0.0005
  metrics.RecordRpc("M", "OK", absl::Milliseconds(3));    // <= 0.005
  metrics.RecordRpc("M", "OK", absl::Milliseconds(3));    // <= 0.005
  metrics.RecordRpc("M", "OK", absl::Milliseconds(200));  // <= 0.25
  metrics.RecordRpc("M", "OK", absl::Seconds(30));        // only +Inf
  const std::string text = metrics.Render();
  const std::string prefix = "sales_rpc_latency_seconds_bucket{service=\"orders\",method=\"M\",le=";
  EXPECT_TRUE(Contains(text, "# TYPE sales_rpc_latency_seconds histogram"));
  EXPECT_TRUE(Contains(text, prefix + "\"0.0005\"} 1")) << text;
  EXPECT_TRUE(Contains(text, prefix + "\"0.001\"} 1")) << text;
  EXPECT_TRUE(Contains(text, prefix + "\"0.0025\"} 1")) << text;
  EXPECT_TRUE(Contains(text, prefix + "\"0.005\"} 3")) << text;
  EXPECT_TRUE(Contains(text, prefix + "\"0.1\"} 3")) << text;
  EXPECT_TRUE(Contains(text, prefix + "\"0.25\"} 4")) << text;
  EXPECT_TRUE(Contains(text, prefix + "\"10\"} 4")) << text;
  EXPECT_TRUE(Contains(text, prefix + "\"+Inf\"} 5")) << text;
  EXPECT_TRUE(Contains(text, "sales_rpc_latency_seconds_count{service=\"orders\",method=\"M\"} 5"));
  EXPECT_TRUE(
      Contains(text, "sales_rpc_latency_seconds_sum{service=\"orders\",method=\"M\"} 30.206300"))
      << text;
}

TEST(MetricsTest, EveryBoundIsExposedInOrder) {
  Metrics metrics("s");
  metrics.RecordRpc("M", "OK", absl::Milliseconds(1));
  const std::string text = metrics.Render();
  size_t last = 0;
  for (const char* le : {"0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025", "0.05", "0.1",
                         "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"}) {
    const size_t at = text.find(std::string("le=\"") + le + "\"}");
    ASSERT_NE(at, std::string::npos) << le;
    EXPECT_GT(at, last) << le;
    last = at;
  }
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  EXPECT_EQ(EscapeLabelValue("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
  Metrics metrics("svc");
  metrics.RecordRpc("we\"ird", "OK", absl::Milliseconds(1));
  EXPECT_NE(metrics.Render().find("method=\"we\\\"ird\""), std::string::npos);
}

TEST(MetricsTest, StatusCodesAndTheirNamesCountTogether) {
  Metrics metrics("svc");
  metrics.RecordRpc("M", absl::StatusCode::kNotFound, absl::Milliseconds(1));
  metrics.RecordRpc("M", "NOT_FOUND", absl::Milliseconds(1));
  metrics.RecordRpc("M", absl::StatusCode::kOk, absl::Milliseconds(1));
  metrics.RecordRpc("M", "SOMETHING_ELSE", absl::Milliseconds(1));  // still counted
  const std::string text = metrics.Render();
  EXPECT_TRUE(
      Contains(text, "sales_rpc_requests_total{service=\"svc\",method=\"M\",code=\"NOT_FOUND\"} 2"))
      << text;
  EXPECT_TRUE(
      Contains(text, "sales_rpc_requests_total{service=\"svc\",method=\"M\",code=\"OK\"} 1"))
      << text;
  EXPECT_TRUE(Contains(
      text, "sales_rpc_requests_total{service=\"svc\",method=\"M\",code=\"SOMETHING_ELSE\"} 1"))
      << text;
  EXPECT_TRUE(Contains(text, "sales_rpc_latency_seconds_count{service=\"svc\",method=\"M\"} 4"))
      << text;
}

TEST(MetricsTest, StatusCodeNamesMatchAbseil) {
  for (int number = 0; number < Metrics::kCanonicalCodes; ++number) {
    const auto code = static_cast<absl::StatusCode>(number);
    EXPECT_EQ(std::string(StatusCodeName(code)), absl::StatusCodeToString(code)) << number;
  }
  EXPECT_EQ(StatusCodeName(static_cast<absl::StatusCode>(99)), "");
}

// Calls recorded from many threads at once are all counted, in their code and in the
// histogram, while scrapes run alongside.
TEST(MetricsTest, ConcurrentCallsAreAllCounted) {
  Metrics metrics("svc");
  constexpr int kThreads = 4;
  constexpr int kCalls = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&metrics, t] {
      const std::string method = t % 2 == 0 ? "Even" : "Odd";
      for (int i = 0; i < kCalls; ++i) {
        metrics.RecordRpc(method, i % 5 == 0 ? absl::StatusCode::kNotFound : absl::StatusCode::kOk,
                          absl::Microseconds(100 + i % 3000));
      }
    });
  }
  threads.emplace_back([&metrics] {
    for (int i = 0; i < 50; ++i) metrics.Render();
  });
  for (std::thread& thread : threads) thread.join();
  const std::string text = metrics.Render();
  for (const char* method : {"Even", "Odd"}) {
    const std::string labels = std::string("service=\"svc\",method=\"") + method + "\"";
    EXPECT_TRUE(Contains(text, "sales_rpc_requests_total{" + labels + ",code=\"OK\"} 8000"))
        << text;
    EXPECT_TRUE(Contains(text, "sales_rpc_requests_total{" + labels + ",code=\"NOT_FOUND\"} 2000"))
        << text;
    EXPECT_TRUE(Contains(text, "sales_rpc_latency_seconds_count{" + labels + "} 10000")) << text;
    EXPECT_TRUE(
        Contains(text, "sales_rpc_latency_seconds_bucket{" + labels + ",le=\"+Inf\"} 10000"))
        << text;
  }
}

TEST(MetricsTest, CollectorsAppendAtScrapeTime) {
  Metrics metrics("svc");
  int calls = 0;
  metrics.AddCollector([&calls](std::string* out) {
    ++calls;
    out->append("sales_consumer_lag{service=\"svc\"} 7\n");
  });
  EXPECT_TRUE(Contains(metrics.Render(), "sales_consumer_lag{service=\"svc\"} 7"));
  metrics.Render();
  EXPECT_EQ(calls, 2);
}

using testing_net::BusyPort;
using testing_net::FreePort;
using testing_net::HttpGet;

TEST(MetricsHttpServerTest, ServesMetrics) {
  const int port = FreePort();
  Metrics metrics("svc");
  metrics.RecordRpc("M", "OK", absl::Milliseconds(1));
  MetricsHttpServer server;
  ASSERT_TRUE(server.Start("127.0.0.1", port, metrics).ok());
  const std::string response = HttpGet(port, "/metrics");
  EXPECT_NE(response.find("200 OK"), std::string::npos) << response;
  EXPECT_NE(response.find("text/plain; version=0.0.4"), std::string::npos) << response;
  EXPECT_NE(response.find("sales_rpc_requests_total{service=\"svc\",method=\"M\",code=\"OK\"} 1"),
            std::string::npos)
      << response;
  EXPECT_NE(HttpGet(port, "/nope").find("404"), std::string::npos);
  server.Stop();
  EXPECT_EQ(HttpGet(port, "/metrics"), "");  // nothing listens any more
}

TEST(MetricsHttpServerTest, BusyPortFailsLoudly) {
  BusyPort busy(/*reuse_port=*/true);
  Metrics metrics("svc");
  MetricsHttpServer server;
  const absl::Status status = server.Start("127.0.0.1", busy.port(), metrics);
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable);
  EXPECT_NE(status.message().find(std::to_string(busy.port())), absl::string_view::npos)
      << status.message();
}

TEST(MetricsHttpServerTest, SecondServerOnSamePortFails) {
  const int port = FreePort();
  Metrics metrics("svc");
  MetricsHttpServer first;
  ASSERT_TRUE(first.Start("127.0.0.1", port, metrics).ok());
  // Would succeed silently if the server set SO_REUSEPORT.
  MetricsHttpServer second;
  EXPECT_FALSE(second.Start("127.0.0.1", port, metrics).ok());
}

TEST(MetricsHttpServerTest, StopRightAfterStartDoesNotHang) {
  const int port = FreePort();
  Metrics metrics("svc");
  for (int i = 0; i < 5; ++i) {
    MetricsHttpServer server;
    ASSERT_TRUE(server.Start("127.0.0.1", port, metrics).ok());
    server.Stop();
  }
}

}  // namespace
}  // namespace sales
