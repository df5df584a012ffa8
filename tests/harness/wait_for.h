// Waiting in tests: poll a condition until it holds or a deadline passes, never sleep a
// fixed time and hope.
#pragma once

#include <functional>

#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace sales::testing {

// Polls `condition` every 50 ms until it holds (true) or `timeout` passes (then one last
// look decides).
inline bool WaitFor(absl::Duration timeout, const std::function<bool()>& condition) {
  const absl::Time deadline = absl::Now() + timeout;
  while (absl::Now() < deadline) {
    if (condition()) return true;
    absl::SleepFor(absl::Milliseconds(50));
  }
  return condition();
}

}  // namespace sales::testing
