// Latencies and errors of one worker during one phase, and the merge of all workers into
// the figures a phase reports (ops, ops/s, p50, p99, errors).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace sales::loadgen {

using Clock = std::chrono::steady_clock;

// Only calls that finish inside [start, stop) count: before is warm-up, after is the
// drain of calls still in flight when the phase ended.
struct MeasureWindow {
  Clock::time_point start;
  Clock::time_point stop;
};

// Errors of one status code: how many, and the first message, so a report can say why.
struct ErrorKind {
  int64_t count = 0;
  std::string first_message;
};

// Owned by one worker (a thread or a call chain), so recording takes no lock.
class LatencyRecorder final {
 public:
  explicit LatencyRecorder(MeasureWindow window) : window_(window) {}

  void RecordOk(Clock::time_point started, Clock::time_point finished);
  // `code` is a canonical status code (gRPC and Abseil share the numbers).
  void RecordError(Clock::time_point finished, int code, std::string_view message);
  // True once no new call should start.
  bool Expired(Clock::time_point now) const { return now >= window_.stop; }

  const std::vector<int64_t>& latencies_ns() const { return latencies_ns_; }
  int64_t errors() const { return errors_; }
  int64_t errors_outside_window() const { return errors_outside_window_; }
  const std::map<int, ErrorKind>& error_kinds() const { return error_kinds_; }

 private:
  bool InWindow(Clock::time_point t) const { return t >= window_.start && t < window_.stop; }

  const MeasureWindow window_;
  std::vector<int64_t> latencies_ns_;  // successful calls inside the window
  int64_t errors_ = 0;                 // failed calls inside the window
  int64_t errors_outside_window_ = 0;  // failed during warm-up or drain: reported too
  std::map<int, ErrorKind> error_kinds_;
};

// The figures of one phase, merged over its workers.
struct PhaseStats {
  std::string phase;
  int64_t ops = 0;  // successful calls inside the window
  double seconds = 0;
  double ops_per_second = 0;
  double p50_ms = 0;
  double p99_ms = 0;
  int64_t errors = 0;
  int64_t errors_outside_window = 0;
  std::map<int, ErrorKind> error_kinds;  // by status code, warm-up and drain included
};

PhaseStats Summarize(std::string phase, const std::vector<const LatencyRecorder*>& recorders,
                     Clock::duration measured);

// Nearest-rank percentile (0 < p <= 1) of sorted values; 0 for none.
int64_t Percentile(const std::vector<int64_t>& sorted, double p);

}  // namespace sales::loadgen
