#include "common/server/log.h"

#include <gtest/gtest.h>

#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sales {
namespace {

TEST(LogTest, WritesOneJsonObjectPerLine) {
  log::Init("customers");
  testing::internal::CaptureStdout();
  log::Info("listening", {{"grpc_port", 50051}, {"level", "ignored"}});
  const std::string out = testing::internal::GetCapturedStdout();
  ASSERT_FALSE(out.empty());
  EXPECT_EQ(out.back(), '\n');
  EXPECT_EQ(out.find('\n'), out.size() - 1);
  const nlohmann::json line = nlohmann::json::parse(out);
  EXPECT_EQ(line["level"], "info");  // extra fields never replace the core ones
  EXPECT_EQ(line["service"], "customers");
  EXPECT_EQ(line["msg"], "listening");
  EXPECT_EQ(line["grpc_port"], 50051);
  // UTC RFC 3339 with milliseconds.
  const std::string time = line["time"];
  absl::Time parsed;
  std::string error;
  ASSERT_TRUE(absl::ParseTime("%Y-%m-%dT%H:%M:%E3SZ", time, &parsed, &error)) << time << error;
  EXPECT_EQ(time.size(), std::string("2024-01-02T03:04:05.678Z").size()) << time;
  EXPECT_LT(absl::AbsDuration(absl::Now() - parsed), absl::Minutes(1));
}

TEST(LogTest, InvalidUtf8DoesNotThrow) {
  log::Init("s");
  testing::internal::CaptureStdout();
  log::Warn("bad \xff bytes", {{"request_id", std::string("\xfe\xff")}});
  const std::string out = testing::internal::GetCapturedStdout();
  const nlohmann::json line = nlohmann::json::parse(out);
  EXPECT_EQ(line["level"], "warn");
}

TEST(LogTest, ConcurrentLinesNeverInterleave) {
  log::Init("s");
  testing::internal::CaptureStdout();
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < 100; ++i) log::Error("e", {{"thread", t}, {"i", i}});
    });
  }
  for (std::thread& thread : threads) thread.join();
  const std::string out = testing::internal::GetCapturedStdout();
  int lines = 0;
  for (absl::string_view line : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    EXPECT_NO_THROW(nlohmann::json::parse(line.begin(), line.end()));
    ++lines;
  }
  EXPECT_EQ(lines, 400);
}

TEST(LogTest, AsyncLinesKeepOrderAndCallTimeAndAreOutAfterFlush) {
  log::Init("s");
  testing::internal::CaptureStdout();
  const absl::Time before = absl::Now();
  for (int i = 0; i < 1000; ++i) log::WriteAsync("info", "rpc", {{"i", i}});
  log::Info("sync");  // returns once it, and every line queued before it, is written
  const std::string after_sync = testing::internal::GetCapturedStdout();
  int expected = 0;
  for (absl::string_view text : absl::StrSplit(after_sync, '\n', absl::SkipEmpty())) {
    const nlohmann::json line = nlohmann::json::parse(text.begin(), text.end());
    if (expected < 1000) {
      EXPECT_EQ(line["msg"], "rpc");
      EXPECT_EQ(line["i"], expected);
      absl::Time at;
      std::string error;
      ASSERT_TRUE(
          absl::ParseTime("%Y-%m-%dT%H:%M:%E3SZ", line["time"].get<std::string>(), &at, &error));
      EXPECT_GE(at, absl::FromUnixMillis(absl::ToUnixMillis(before)));
    } else {
      EXPECT_EQ(line["msg"], "sync");
    }
    ++expected;
  }
  EXPECT_EQ(expected, 1001);

  testing::internal::CaptureStdout();
  log::WriteAsync("warn", "late", {{"k", "v"}});
  log::Flush();
  const nlohmann::json line = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  EXPECT_EQ(line["level"], "warn");
  EXPECT_EQ(line["service"], "s");
  EXPECT_EQ(line["k"], "v");
}

TEST(LogTest, AsyncLineKeepsTheServiceOfItsCall) {
  log::Init("first");
  testing::internal::CaptureStdout();
  log::WriteAsync("info", "rpc", {});
  log::Init("second");
  log::Flush();
  const nlohmann::json line = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  EXPECT_EQ(line["service"], "first");
}

TEST(LogFieldsTest, FormatsValuesAsJson) {
  log::Init("s");
  testing::internal::CaptureStdout();
  log::Fields fields;
  fields.Add("method", "GetCustomer")
      .Add("request_id", "quote \" backslash \\ newline \n")
      .Add("bad_utf8", std::string("\xfe\xff"))
      .Add("count", int64_t{-42})
      .AddMillis("latency_ms", absl::Microseconds(1234567))
      .AddMillis("short_ms", absl::Microseconds(50));
  log::WriteFields("info", "rpc", std::move(fields));
  const nlohmann::json line = nlohmann::json::parse(testing::internal::GetCapturedStdout());
  EXPECT_EQ(line["msg"], "rpc");
  EXPECT_EQ(line["service"], "s");
  EXPECT_EQ(line["method"], "GetCustomer");
  EXPECT_EQ(line["request_id"], "quote \" backslash \\ newline \n");
  EXPECT_TRUE(line["bad_utf8"].is_string());
  EXPECT_EQ(line["count"], -42);
  EXPECT_DOUBLE_EQ(line["latency_ms"].get<double>(), 1234.567);
  EXPECT_DOUBLE_EQ(line["short_ms"].get<double>(), 0.05);
}

// Lines queued from many threads while others wait for theirs: every line comes out once,
// whole, and each thread's lines in the order it logged them.
TEST(LogFieldsTest, BatchedAsyncLinesAreAllWrittenInOrder) {
  log::Init("s");
  testing::internal::CaptureStdout();
  constexpr int kThreads = 4;
  constexpr int kLines = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < kLines; ++i) {
        log::Fields fields;
        fields.Add("thread", int64_t{t}).Add("i", int64_t{i});
        if (i % 500 == 499) {
          log::WriteFields("info", "sync", std::move(fields));
        } else {
          log::WriteFieldsAsync("info", "async", std::move(fields));
        }
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  log::Flush();
  const std::string out = testing::internal::GetCapturedStdout();
  std::vector<int> next(kThreads, 0);
  int lines = 0;
  for (absl::string_view text : absl::StrSplit(out, '\n', absl::SkipEmpty())) {
    const nlohmann::json line = nlohmann::json::parse(text.begin(), text.end());
    const int t = line["thread"];
    ASSERT_GE(t, 0);
    ASSERT_LT(t, kThreads);
    EXPECT_EQ(line["i"], next[static_cast<size_t>(t)]);
    ++next[static_cast<size_t>(t)];
    ++lines;
  }
  EXPECT_EQ(lines, kThreads * kLines);
}

}  // namespace
}  // namespace sales
