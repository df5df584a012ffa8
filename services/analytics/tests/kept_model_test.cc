// KeptModel (kept_model.h), the rules the recommender and the next best actions' inputs are
// kept by, with a fake clock, a fake facts version and a counting fit: a young model is
// reused without asking the facts; an old one is reused while the facts have not moved and
// refitted once they have; keys are kept apart and the least recently used is dropped past
// the limit; concurrent first callers wait for one fit; a failed refit keeps the previous
// model; in the background mode a stale model answers while its refit runs, and a warm-up
// fit is waited for by the first caller.
#include "services/analytics/src/api/kept_model.h"

#include <gtest/gtest.h>

#include <atomic>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"

namespace sales::analytics::api {
namespace {

struct FakeModel {
  int key = 0;
  int64_t version = 0;
  absl::Time fit_time;
  int serial = 0;  // which fit made it
  int64_t FactsVersion() const { return version; }
  absl::Time FitTime() const { return fit_time; }
};

// The facts, the clock and the fits a KeptModel sees.
class World {
 public:
  absl::Time Now() {
    absl::MutexLock lock(&mu_);
    return now_;
  }
  void Advance(absl::Duration d) {
    absl::MutexLock lock(&mu_);
    now_ += d;
  }
  void NewFacts() { ++version_; }
  absl::StatusOr<int64_t> Version(absl::Time) {
    ++version_reads_;
    return version_.load();
  }
  absl::StatusOr<std::shared_ptr<const FakeModel>> Fit(int key, absl::Time) {
    if (gate_ != nullptr) gate_->WaitForNotification();
    if (fail_) return absl::UnavailableError("database down");
    auto m = std::make_shared<FakeModel>();
    m->key = key;
    m->version = version_.load();
    m->fit_time = Now();
    m->serial = ++fits_;
    return std::shared_ptr<const FakeModel>(m);
  }

  std::atomic<int64_t> version_{1};
  std::atomic<int> version_reads_{0};
  std::atomic<int> fits_{0};
  std::atomic<bool> fail_{false};
  absl::Notification* gate_ = nullptr;  // when set, fits wait for it

 private:
  absl::Mutex mu_;
  absl::Time now_ = absl::FromUnixSeconds(1700000000);
};

using Kept = KeptModel<int, FakeModel>;

std::unique_ptr<Kept> MakeKept(World& w, absl::Duration max_age, size_t max_keys = 1,
                               KeptRefit refit = KeptRefit::kByCaller) {
  return std::make_unique<Kept>([&w](absl::Time d) { return w.Version(d); },
                                [&w](const int& key, absl::Time d) { return w.Fit(key, d); },
                                max_age, max_keys, [&w] { return w.Now(); }, refit);
}

const absl::Time kDeadline = absl::InfiniteFuture();

// Waits (up to 10 s) until `kept` has done `fits` fits.
bool WaitForFits(const Kept& kept, int64_t fits) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (kept.fits() < fits) {
    if (absl::Now() > give_up) return false;
    absl::SleepFor(absl::Milliseconds(5));
  }
  return true;
}

TEST(KeptModelTest, AYoungModelIsReusedWithoutAskingTheFacts) {
  World w;
  auto kept = MakeKept(w, absl::Minutes(5));
  const auto first = kept->Get(7, kDeadline);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ((*first)->key, 7);
  w.NewFacts();
  w.Advance(absl::Minutes(4));
  const auto again = kept->Get(7, kDeadline);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->get(), first->get());  // the same object
  EXPECT_EQ(kept->fits(), 1);
  EXPECT_EQ(w.version_reads_.load(), 0);
}

TEST(KeptModelTest, AnOldModelIsReusedUntilTheFactsMove) {
  World w;
  auto kept = MakeKept(w, absl::Minutes(5));
  const auto first = kept->Get(1, kDeadline);
  ASSERT_TRUE(first.ok());
  w.Advance(absl::Minutes(6));
  // Old, but the facts have not moved: kept, after one look at the version.
  const auto same = kept->Get(1, kDeadline);
  ASSERT_TRUE(same.ok());
  EXPECT_EQ(same->get(), first->get());
  EXPECT_EQ(w.version_reads_.load(), 1);
  EXPECT_EQ(kept->fits(), 1);
  // New facts: refitted on them.
  w.NewFacts();
  const auto refitted = kept->Get(1, kDeadline);
  ASSERT_TRUE(refitted.ok());
  EXPECT_NE(refitted->get(), first->get());
  EXPECT_EQ((*refitted)->version, 2);
  EXPECT_EQ((*refitted)->serial, 2);
  EXPECT_EQ(kept->fits(), 2);
  // And the new model is young again.
  w.NewFacts();
  EXPECT_EQ(kept->Get(1, kDeadline)->get(), refitted->get());
}

TEST(KeptModelTest, MaxAgeZeroRefitsWheneverTheFactsMoved) {
  World w;
  auto kept = MakeKept(w, absl::ZeroDuration());
  const auto first = kept->Get(1, kDeadline);
  EXPECT_EQ(kept->Get(1, kDeadline)->get(), first->get());  // nothing new
  w.NewFacts();
  EXPECT_NE(kept->Get(1, kDeadline)->get(), first->get());
  EXPECT_EQ(kept->fits(), 2);
}

TEST(KeptModelTest, KeysAreKeptApartAndTheLeastRecentlyUsedIsDropped) {
  World w;
  auto kept = MakeKept(w, absl::Minutes(5), 2);
  const auto one = kept->Get(1, kDeadline);
  const auto two = kept->Get(2, kDeadline);
  EXPECT_EQ((*one)->key, 1);
  EXPECT_EQ((*two)->key, 2);
  EXPECT_EQ(kept->fits(), 2);
  EXPECT_EQ(kept->Get(1, kDeadline)->get(), one->get());  // 1 used last
  const auto three = kept->Get(3, kDeadline);             // drops 2
  EXPECT_EQ(kept->keys(), 2u);
  EXPECT_NE(kept->Peek(1), nullptr);
  EXPECT_EQ(kept->Peek(2), nullptr);
  EXPECT_NE(kept->Peek(3), nullptr);
  EXPECT_EQ(kept->Get(1, kDeadline)->get(), one->get());
  EXPECT_EQ(kept->fits(), 3);
  // A caller still holding the dropped model keeps it alive.
  EXPECT_EQ((*two)->key, 2);
}

TEST(KeptModelTest, ConcurrentFirstCallersWaitForOneFit) {
  World w;
  absl::Notification gate;
  w.gate_ = &gate;
  auto kept = MakeKept(w, absl::Minutes(5));
  constexpr int kCallers = 8;
  std::vector<std::shared_ptr<const FakeModel>> got(kCallers);
  std::vector<std::thread> threads;
  for (int i = 0; i < kCallers; ++i) {
    threads.emplace_back([&, i] {
      auto m = kept->Get(5, kDeadline);
      if (m.ok()) got[static_cast<size_t>(i)] = *m;
    });
  }
  // Let every caller reach the kept model before the one fit may finish.
  absl::SleepFor(absl::Milliseconds(200));
  gate.Notify();
  for (std::thread& t : threads) t.join();
  EXPECT_EQ(w.fits_.load(), 1);
  EXPECT_EQ(kept->fits(), 1);
  for (const auto& m : got) {
    ASSERT_NE(m, nullptr);
    EXPECT_EQ(m.get(), got[0].get());
  }
}

TEST(KeptModelTest, WhileARefitRunsOthersGetThePreviousModel) {
  World w;
  auto kept = MakeKept(w, absl::ZeroDuration());
  const auto first = kept->Get(1, kDeadline);
  w.NewFacts();
  absl::Notification gate;
  w.gate_ = &gate;
  std::shared_ptr<const FakeModel> refitted;
  std::thread refitter([&] { refitted = *kept->Get(1, kDeadline); });
  absl::SleepFor(absl::Milliseconds(100));  // the refitter is inside its fit
  EXPECT_EQ(kept->Get(1, kDeadline)->get(), first->get());
  gate.Notify();
  refitter.join();
  ASSERT_NE(refitted, nullptr);
  EXPECT_EQ(refitted->version, 2);
  EXPECT_EQ(kept->fits(), 2);
}

TEST(KeptModelTest, AWaiterGivesUpAtItsDeadline) {
  World w;
  absl::Notification gate;
  w.gate_ = &gate;
  auto kept = MakeKept(w, absl::Minutes(5));
  std::thread fitter([&] { (void)kept->Get(1, kDeadline); });
  absl::SleepFor(absl::Milliseconds(100));  // the fitter is inside its fit
  const auto waited = kept->Get(1, absl::Now() + absl::Milliseconds(100));
  EXPECT_EQ(waited.status().code(), absl::StatusCode::kDeadlineExceeded);
  gate.Notify();
  fitter.join();
  EXPECT_EQ(kept->fits(), 1);
}

TEST(KeptModelTest, AFailedRefitKeepsThePreviousModelAndAFailedFirstFitIsAnError) {
  World w;
  auto kept = MakeKept(w, absl::ZeroDuration());
  w.fail_ = true;
  EXPECT_EQ(kept->Get(1, kDeadline).status().code(), absl::StatusCode::kUnavailable);
  EXPECT_EQ(kept->keys(), 0u);
  w.fail_ = false;
  const auto first = kept->Get(1, kDeadline);
  ASSERT_TRUE(first.ok());
  w.NewFacts();
  w.fail_ = true;
  const auto kept_one = kept->Get(1, kDeadline);
  ASSERT_TRUE(kept_one.ok());
  EXPECT_EQ(kept_one->get(), first->get());
  w.fail_ = false;
  EXPECT_EQ((*kept->Get(1, kDeadline))->version, 2);
}

TEST(KeptModelTest, InTheBackgroundAStaleModelAnswersWhileItsRefitRuns) {
  World w;
  auto kept = MakeKept(w, absl::ZeroDuration(), 1, KeptRefit::kInBackground);
  // The first model: fitted by its caller.
  const auto first = kept->Get(1, kDeadline);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(kept->fits(), 1);
  w.NewFacts();
  absl::Notification gate;
  w.gate_ = &gate;
  // The caller who finds it stale gets it at once; so does the next one; one refit runs.
  EXPECT_EQ(kept->Get(1, kDeadline)->get(), first->get());
  EXPECT_EQ(kept->Get(1, kDeadline)->get(), first->get());
  gate.Notify();
  ASSERT_TRUE(WaitForFits(*kept, 2));
  const auto refitted = kept->Get(1, kDeadline);
  EXPECT_EQ((*refitted)->version, 2);
  EXPECT_EQ((*refitted)->serial, 2);
  EXPECT_EQ(w.fits_.load(), 2);
  // A failed background refit keeps the model answering.
  w.gate_ = nullptr;
  w.NewFacts();
  w.fail_ = true;
  EXPECT_EQ(kept->Get(1, kDeadline)->get(), refitted->get());
  absl::SleepFor(absl::Milliseconds(100));
  EXPECT_EQ(kept->Get(1, kDeadline)->get(), refitted->get());
  EXPECT_EQ(kept->fits(), 2);
}

TEST(KeptModelTest, AWarmUpFitIsWaitedForByTheFirstCaller) {
  World w;
  absl::Notification gate;
  w.gate_ = &gate;
  auto kept = MakeKept(w, absl::Minutes(5));
  EXPECT_TRUE(kept->Warm(3));
  EXPECT_FALSE(kept->Warm(3));  // already fitting
  std::shared_ptr<const FakeModel> got;
  absl::Notification answered;
  std::thread caller([&] {
    got = *kept->Get(3, kDeadline);
    answered.Notify();
  });
  absl::SleepFor(absl::Milliseconds(100));  // the caller waits for the warm-up
  EXPECT_FALSE(answered.HasBeenNotified());
  gate.Notify();
  caller.join();
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->serial, 1);
  EXPECT_EQ(w.fits_.load(), 1);  // the caller did not fit again
  EXPECT_FALSE(kept->Warm(3));   // already fitted
}

}  // namespace
}  // namespace sales::analytics::api
