#include "tools/loadgen/latency_recorder.h"

#include <algorithm>
#include <cmath>
#include <utility>

namespace sales::loadgen {

void LatencyRecorder::RecordOk(Clock::time_point started, Clock::time_point finished) {
  if (!InWindow(finished)) return;
  latencies_ns_.push_back(
      std::chrono::duration_cast<std::chrono::nanoseconds>(finished - started).count());
}

void LatencyRecorder::RecordError(Clock::time_point finished, int code, std::string_view message) {
  if (InWindow(finished)) {
    ++errors_;
  } else {
    ++errors_outside_window_;
  }
  ErrorKind& kind = error_kinds_[code];
  if (kind.count++ == 0) kind.first_message = std::string(message);
}

int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(std::ceil(p * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

PhaseStats Summarize(std::string phase, const std::vector<const LatencyRecorder*>& recorders,
                     Clock::duration measured) {
  PhaseStats stats;
  stats.phase = std::move(phase);
  std::vector<int64_t> all;
  for (const LatencyRecorder* r : recorders) {
    all.insert(all.end(), r->latencies_ns().begin(), r->latencies_ns().end());
    stats.errors += r->errors();
    stats.errors_outside_window += r->errors_outside_window();
    for (const auto& [code, kind] : r->error_kinds()) {
      ErrorKind& merged = stats.error_kinds[code];
      if (merged.count == 0) merged.first_message = kind.first_message;
      merged.count += kind.count;
    }
  }
  std::sort(all.begin(), all.end());
  constexpr double kNanosPerMilli = 1e6;
  stats.ops = static_cast<int64_t>(all.size());
  stats.seconds = std::chrono::duration<double>(measured).count();
  stats.ops_per_second = stats.seconds > 0 ? static_cast<double>(stats.ops) / stats.seconds : 0;
  stats.p50_ms = static_cast<double>(Percentile(all, 0.50)) / kNanosPerMilli;
  stats.p99_ms = static_cast<double>(Percentile(all, 0.99)) / kNanosPerMilli;
  return stats;
}

}  // namespace sales::loadgen
