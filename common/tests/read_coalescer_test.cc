#include "common/db/read_coalescer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace sales::db {
namespace {

using Coalescer = ReadCoalescer<int, std::string>;
using Found = absl::flat_hash_map<int, std::string>;

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

// A store whose fetches can be held open, recording the keys of each fetch and the store's
// version when the fetch started.
class HeldStore {
 public:
  Coalescer::Fetch fetch() {
    return [this](const std::vector<int>& keys, absl::Time) -> absl::StatusOr<Found> {
      int started_version;
      {
        absl::MutexLock lock(&mu_);
        fetches_.push_back(keys);
        started_version = version_;
        ++running_;
        max_running_ = std::max(max_running_, running_);
      }
      {
        absl::MutexLock lock(&mu_);
        mu_.Await(absl::Condition(&open_));
        --running_;
      }
      Found found;
      for (int k : keys) {
        if (k >= 0) found[k] = absl::StrCat("v", started_version, ":", k);
      }
      return found;
    };
  }
  void Open() {
    absl::MutexLock lock(&mu_);
    open_ = true;
  }
  void Write() {
    absl::MutexLock lock(&mu_);
    ++version_;
  }
  void WaitForFetches(size_t n) {
    absl::MutexLock lock(&mu_);
    auto enough = [&] { return fetches_.size() >= n; };
    mu_.Await(absl::Condition(&enough));
  }
  std::vector<std::vector<int>> fetches() {
    absl::MutexLock lock(&mu_);
    return fetches_;
  }
  int max_running() {
    absl::MutexLock lock(&mu_);
    return max_running_;
  }

 private:
  absl::Mutex mu_;
  bool open_ = false;
  int version_ = 0;
  int running_ = 0;
  int max_running_ = 0;
  std::vector<std::vector<int>> fetches_;
};

// Waits until `n` reads are queued behind busy slots.
void WaitUntilQueued(const Coalescer& coalescer, size_t n) {
  while (coalescer.queued() < n) absl::SleepFor(absl::Milliseconds(1));
}

TEST(ReadCoalescerTest, ALoneReadFetchesItsKeyAtOnce) {
  HeldStore store;
  store.Open();
  Coalescer coalescer(store.fetch(), 2, 64);
  auto found = coalescer.Get(7, Soon());
  ASSERT_TRUE(found.ok()) << found.status();
  EXPECT_EQ(found->value_or("none"), "v0:7");
  auto missing = coalescer.Get(-1, Soon());
  ASSERT_TRUE(missing.ok());
  EXPECT_FALSE(missing->has_value());
  EXPECT_EQ(store.fetches().size(), 2u);
}

TEST(ReadCoalescerTest, ReadsQueuedBehindABusySlotShareOneFetchAndEachGetsItsOwnValue) {
  HeldStore store;
  Coalescer coalescer(store.fetch(), 1, 64);
  std::vector<std::string> got(11);
  std::vector<std::thread> readers;
  readers.emplace_back([&] { got[0] = coalescer.Get(0, Soon())->value_or("none"); });
  store.WaitForFetches(1);
  for (int k = 1; k <= 10; ++k) {
    // Key 5 twice: one key, two callers, both answered.
    readers.emplace_back([&, k] { got[k] = coalescer.Get(k == 10 ? 5 : k, Soon())->value_or(""); });
  }
  WaitUntilQueued(coalescer, 10);
  store.Open();
  for (auto& t : readers) t.join();
  const auto fetches = store.fetches();
  ASSERT_EQ(fetches.size(), 2u);
  EXPECT_EQ(fetches[1].size(), 9u) << "nine distinct keys in the second fetch";
  for (int k = 1; k <= 9; ++k) EXPECT_EQ(got[k], absl::StrCat("v0:", k));
  EXPECT_EQ(got[10], "v0:5");
}

TEST(ReadCoalescerTest, AReadNeverJoinsAFetchThatStartedBeforeItArrived) {
  HeldStore store;
  Coalescer coalescer(store.fetch(), 1, 64);
  std::string first, second;
  std::thread a([&] { first = coalescer.Get(1, Soon())->value_or(""); });
  store.WaitForFetches(1);
  // A write commits after the first fetch started; a read of the same key that arrives
  // after it must see it.
  store.Write();
  std::thread b([&] { second = coalescer.Get(1, Soon())->value_or(""); });
  WaitUntilQueued(coalescer, 1);
  store.Open();
  a.join();
  b.join();
  EXPECT_EQ(first, "v0:1");
  EXPECT_EQ(second, "v1:1");
  EXPECT_EQ(store.fetches().size(), 2u);
}

TEST(ReadCoalescerTest, NoMoreFetchesRunAtOnceThanAllowedAndBatchesAreBounded) {
  HeldStore store;
  Coalescer coalescer(store.fetch(), 2, 3);
  std::atomic<int> answered{0};
  std::vector<std::thread> readers;
  for (int k = 0; k < 20; ++k) {
    readers.emplace_back([&, k] {
      if (coalescer.Get(k, Soon())->value_or("") == absl::StrCat("v0:", k)) ++answered;
    });
  }
  // Two fetches of three run; the other fourteen reads queue.
  store.WaitForFetches(2);
  WaitUntilQueued(coalescer, 14);
  store.Open();
  for (auto& t : readers) t.join();
  EXPECT_EQ(answered.load(), 20);
  EXPECT_LE(store.max_running(), 2);
  for (const auto& keys : store.fetches()) EXPECT_LE(keys.size(), 3u);
}

TEST(ReadCoalescerTest, AFailedFetchFailsEveryReadOfItsBatchAndOnlyThose) {
  std::atomic<int> calls{0};
  Coalescer coalescer(
      [&](const std::vector<int>& keys, absl::Time) -> absl::StatusOr<Found> {
        if (calls++ == 0) return absl::UnavailableError("database went away");
        Found found;
        for (int k : keys) found[k] = "ok";
        return found;
      },
      1, 64);
  auto failed = coalescer.Get(1, Soon());
  EXPECT_EQ(failed.status().code(), absl::StatusCode::kUnavailable);
  auto next = coalescer.Get(1, Soon());
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(next->value_or(""), "ok");
}

TEST(ReadCoalescerTest, AQueuedReadGivesUpAtItsDeadlineButARunningOneIsAnswered) {
  HeldStore store;
  Coalescer coalescer(store.fetch(), 1, 64);
  absl::StatusOr<std::optional<std::string>> running, queued;
  // The running read's deadline passes while its fetch is held: it still gets its answer.
  std::thread a([&] { running = coalescer.Get(1, absl::Now() + absl::Milliseconds(50)); });
  store.WaitForFetches(1);
  std::thread b([&] { queued = coalescer.Get(2, absl::Now() + absl::Milliseconds(50)); });
  b.join();
  EXPECT_EQ(queued.status().code(), absl::StatusCode::kDeadlineExceeded);
  store.Open();
  a.join();
  ASSERT_TRUE(running.ok());
  EXPECT_EQ(running->value_or(""), "v0:1");
  EXPECT_EQ(store.fetches().size(), 1u) << "the abandoned read was never fetched";
}

TEST(ReadCoalescerTest, AnExceptionInAFetchBecomesInternalAndFreesTheSlot) {
  bool thrown = false;
  Coalescer coalescer(
      [&](const std::vector<int>&, absl::Time) -> absl::StatusOr<Found> {
        if (!thrown) {
          thrown = true;
          throw std::runtime_error("bug");
        }
        return Found{{3, "ok"}};
      },
      1, 64);
  EXPECT_EQ(coalescer.Get(3, Soon()).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(coalescer.Get(3, Soon())->value_or(""), "ok");
}

}  // namespace
}  // namespace sales::db
