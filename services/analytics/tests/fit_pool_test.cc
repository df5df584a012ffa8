// FitPool (api/fit_pool.h): every index is called once, concurrent callers share the
// workers, and no more calls run at a time than the pool has threads.
#include "services/analytics/src/api/fit_pool.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>
#include <vector>

#include "absl/time/clock.h"

namespace sales::analytics::api {
namespace {

// Counts the calls running at once and the most seen.
struct Concurrency {
  std::atomic<int> now{0};
  std::atomic<int> most{0};
  void Enter() {
    const int n = ++now;
    int seen = most.load();
    while (n > seen && !most.compare_exchange_weak(seen, n)) {
    }
  }
  void Leave() { --now; }
};

TEST(FitPoolTest, CallsEveryIndexOnceWithAtMostThePoolsThreads) {
  FitPool pool(3);
  EXPECT_EQ(pool.threads(), 3);
  Concurrency c;
  std::vector<std::atomic<int>> calls(500);
  pool.ParallelFor(calls.size(), [&](size_t i) {
    c.Enter();
    absl::SleepFor(absl::Microseconds(200));
    ++calls[i];
    c.Leave();
  });
  for (const auto& n : calls) EXPECT_EQ(n.load(), 1);
  EXPECT_LE(c.most.load(), 3);
  EXPECT_GE(c.most.load(), 2);  // the work did run in parallel
}

TEST(FitPoolTest, ConcurrentCallersShareTheWorkers) {
  FitPool pool(2);
  Concurrency c;
  std::vector<std::atomic<int>> a(200), b(200);
  auto run = [&](std::vector<std::atomic<int>>& calls) {
    pool.ParallelFor(calls.size(), [&](size_t i) {
      c.Enter();
      absl::SleepFor(absl::Microseconds(100));
      ++calls[i];
      c.Leave();
    });
  };
  std::thread first([&] { run(a); });
  std::thread second([&] { run(b); });
  first.join();
  second.join();
  for (const auto& n : a) EXPECT_EQ(n.load(), 1);
  for (const auto& n : b) EXPECT_EQ(n.load(), 1);
  EXPECT_LE(c.most.load(), 2);
}

TEST(FitPoolTest, NothingToDoReturnsAtOnceAndAZeroSizedPoolHasOneThread) {
  FitPool pool(0);
  EXPECT_EQ(pool.threads(), 1);
  bool called = false;
  pool.ParallelFor(0, [&](size_t) { called = true; });
  EXPECT_FALSE(called);
}

}  // namespace
}  // namespace sales::analytics::api
