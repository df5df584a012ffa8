// The demo's progress bar: phase, done/total, rate and ETA, redrawn at most 10 times a
// second on a terminal (stderr); on anything else only one line per finished phase.
#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace sales::demo {

class Progress final {
 public:
  // `interactive`: draw the bar (stderr is a terminal); `quiet`: print nothing at all.
  Progress(bool interactive, bool quiet) : interactive_(interactive), quiet_(quiet) {}

  // Starts a phase of `total` items.
  void Begin(const std::string& phase, int64_t total);
  // Adds `n` finished items (any thread).
  void Add(int64_t n = 1);
  // Ends the phase with a summary line, e.g. "customers: 17,512 in 6.1 s (2,870/s)".
  void End();

 private:
  void Draw(bool final_line);

  const bool interactive_;
  const bool quiet_;
  std::mutex mu_;
  std::string phase_;
  int64_t total_ = 0;
  std::atomic<int64_t> done_{0};
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace sales::demo
