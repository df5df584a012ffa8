// CPU time that processes (the servers, MariaDB, this load generator) spend during a
// phase's measured window, per successful call. Throughput moves with whatever else runs
// on a shared machine; the CPU a call costs moves much less, so the report prints both.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/loadgen/latency_recorder.h"

namespace sales::loadgen {

struct WatchedProcess {
  std::string name;  // as printed, e.g. "customers_server"
  int pid = 0;       // 0: this process
};

// The machine's load averages over 1, 5 and 15 minutes, "0.52 0.61 0.70" (empty if
// /proc/loadavg cannot be read): printed beside every benchmark figure.
std::string LoadAverage();

// Parses "name=pid,name=pid" (an empty text gives none).
absl::StatusOr<std::vector<WatchedProcess>> ParseWatchedProcesses(const std::string& text);

// User + system CPU seconds the process has used so far, its exited threads included; none
// if it cannot be read (the process is gone).
std::optional<double> ProcessCpuSeconds(int pid);

// Samples every watched process at the start and the end of a window, from a thread of its
// own, while a driver runs the phase.
class CpuWindowSampler final {
 public:
  CpuWindowSampler(const std::vector<WatchedProcess>& processes, MeasureWindow window);
  ~CpuWindowSampler();
  CpuWindowSampler(const CpuWindowSampler&) = delete;
  CpuWindowSampler& operator=(const CpuWindowSampler&) = delete;

  // Waits for the end sample. CPU seconds per process over the window, in the order given;
  // none for a process that could not be read at either end.
  std::vector<std::optional<double>> Finish();

 private:
  const std::vector<WatchedProcess> processes_;
  std::vector<std::optional<double>> start_;
  std::vector<std::optional<double>> stop_;
  std::thread thread_;
};

// One phase's CPU seconds per watched process and its successful calls.
struct PhaseCpu {
  std::string phase;
  int64_t ops = 0;
  std::vector<std::optional<double>> seconds;
};

// A table of CPU microseconds per call (process columns and their total) for each phase.
void PrintCpuTable(std::ostream& out, const std::vector<WatchedProcess>& processes,
                   const std::vector<PhaseCpu>& phases);

// The total CPU per call of a phase (every process readable), or none.
std::optional<double> TotalMicrosPerCall(const PhaseCpu& phase);

}  // namespace sales::loadgen
