#include "common/server/periodic_task.h"

#include <gtest/gtest.h>

#include <atomic>

#include "absl/time/clock.h"

namespace sales {
namespace {

// Waits up to 10 s for `done`.
template <typename Done>
bool Eventually(Done done) {
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (!done() && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(1));
  return done();
}

TEST(PeriodicTaskTest, RunsAtStartThenEveryInterval) {
  std::atomic<int> runs{0};
  PeriodicTask task(absl::Milliseconds(20), [&] { ++runs; });
  task.Start();
  EXPECT_TRUE(Eventually([&] { return runs.load() >= 1; })) << "not run at start";
  EXPECT_TRUE(Eventually([&] { return runs.load() >= 3; })) << "not run again";
  task.Stop();
  const int after_stop = runs.load();
  absl::SleepFor(absl::Milliseconds(60));
  EXPECT_EQ(runs.load(), after_stop) << "ran after Stop";
}

TEST(PeriodicTaskTest, StopDoesNotWaitForTheNextInterval) {
  std::atomic<int> runs{0};
  PeriodicTask task(absl::Hours(1), [&] { ++runs; });
  task.Start();
  ASSERT_TRUE(Eventually([&] { return runs.load() == 1; }));
  const absl::Time before = absl::Now();
  task.Stop();
  EXPECT_LT(absl::Now() - before, absl::Seconds(5));
  EXPECT_EQ(runs.load(), 1);
  task.Stop();  // idempotent
}

TEST(PeriodicTaskTest, StopBeforeStartAndDestructionAreSafe) {
  PeriodicTask never(absl::Seconds(1), [] {});
  never.Stop();
  std::atomic<int> runs{0};
  {
    PeriodicTask scoped(absl::Hours(1), [&] { ++runs; });
    scoped.Start();
    ASSERT_TRUE(Eventually([&] { return runs.load() == 1; }));
  }  // the destructor stops it
  EXPECT_EQ(runs.load(), 1);
}

}  // namespace
}  // namespace sales
