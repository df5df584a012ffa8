// A one-line progress bar on stderr for long commands (orders import): done / total, the
// rate and the time left. Drawn only on a terminal; silent when stderr is a file or pipe.
#pragma once

#include <chrono>
#include <cstdint>
#include <ostream>
#include <string>

namespace sales::salesctl {

// "[########------------]  400/1000 orders  812/s  ETA 0:01" for `done` of `total` after
// `elapsed_seconds`; the bar is `width` characters wide.
std::string RenderProgress(int64_t done, int64_t total, double elapsed_seconds,
                           const std::string& unit, int width = 30);

class ProgressBar final {
 public:
  // Draws on `out` only when `enabled` (e.g. isatty(STDERR_FILENO)).
  ProgressBar(std::ostream& out, int64_t total, std::string unit, bool enabled);
  // Redraws at most ten times a second, and always for the last item.
  void Update(int64_t done);
  // Draws the final state and ends the line.
  void Finish(int64_t done);

 private:
  void Draw(int64_t done);

  std::ostream& out_;
  const int64_t total_;
  const std::string unit_;
  const bool enabled_;
  const std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_draw_;
};

}  // namespace sales::salesctl
