#include "tools/loadgen/cpu_usage.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/absl_compat.h"

namespace sales::loadgen {

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string one, five, fifteen;
  in >> one >> five >> fifteen;
  return in ? absl::StrCat(one, " ", five, " ", fifteen) : std::string();
}

absl::StatusOr<std::vector<WatchedProcess>> ParseWatchedProcesses(const std::string& text) {
  std::vector<WatchedProcess> processes;
  for (absl::string_view item : absl::StrSplit(text, ',', absl::SkipEmpty())) {
    const std::vector<absl::string_view> parts = absl::StrSplit(item, '=');
    WatchedProcess process;
    if (parts.size() != 2 || parts[0].empty() || !absl::SimpleAtoi(parts[1], &process.pid) ||
        process.pid <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("cpu_pids: expected name=pid, got '", item, "'"));
    }
    process.name = std::string(parts[0]);
    processes.push_back(std::move(process));
  }
  return processes;
}

std::optional<double> ProcessCpuSeconds(int pid) {
  std::ifstream file(pid == 0 ? std::string("/proc/self/stat")
                              : absl::StrCat("/proc/", pid, "/stat"));
  std::string text;
  if (!std::getline(file, text)) return std::nullopt;
  // The command name (field 2) is in parentheses and may hold spaces: count from after it.
  const size_t close = text.rfind(')');
  if (close == std::string::npos) return std::nullopt;
  std::istringstream fields(text.substr(close + 2));
  std::string field;
  long long utime = 0;
  long long stime = 0;
  // Fields 3.. follow; utime and stime are fields 14 and 15.
  for (int number = 3; number <= 15 && fields >> field; ++number) {
    if (number == 14) utime = std::stoll(field);
    if (number == 15) stime = std::stoll(field);
  }
  if (!fields) return std::nullopt;
  return static_cast<double>(utime + stime) / static_cast<double>(sysconf(_SC_CLK_TCK));
}

namespace {

std::vector<std::optional<double>> SampleAll(const std::vector<WatchedProcess>& processes) {
  std::vector<std::optional<double>> samples;
  samples.reserve(processes.size());
  for (const WatchedProcess& process : processes) samples.push_back(ProcessCpuSeconds(process.pid));
  return samples;
}

}  // namespace

CpuWindowSampler::CpuWindowSampler(const std::vector<WatchedProcess>& processes,
                                   MeasureWindow window)
    : processes_(processes) {
  thread_ = std::thread([this, window] {
    std::this_thread::sleep_until(window.start);
    start_ = SampleAll(processes_);
    std::this_thread::sleep_until(window.stop);
    stop_ = SampleAll(processes_);
  });
}

CpuWindowSampler::~CpuWindowSampler() {
  if (thread_.joinable()) thread_.join();
}

std::vector<std::optional<double>> CpuWindowSampler::Finish() {
  if (thread_.joinable()) thread_.join();
  std::vector<std::optional<double>> seconds;
  for (size_t i = 0; i < processes_.size(); ++i) {
    if (start_[i].has_value() && stop_[i].has_value()) {
      seconds.push_back(*stop_[i] - *start_[i]);
    } else {
      seconds.push_back(std::nullopt);
    }
  }
  return seconds;
}

std::optional<double> TotalMicrosPerCall(const PhaseCpu& phase) {
  if (phase.ops <= 0) return std::nullopt;
  double total = 0;
  for (const std::optional<double>& seconds : phase.seconds) {
    if (!seconds.has_value()) return std::nullopt;
    total += *seconds;
  }
  return total * 1e6 / static_cast<double>(phase.ops);
}

void PrintCpuTable(std::ostream& out, const std::vector<WatchedProcess>& processes,
                   const std::vector<PhaseCpu>& phases) {
  out << absl::StrFormat("%-28s", "CPU us per call");
  for (const WatchedProcess& process : processes) {
    out << absl::StrFormat(" %17s", process.name);
  }
  out << absl::StrFormat(" %10s\n", "total");
  for (const PhaseCpu& phase : phases) {
    out << absl::StrFormat("%-28s", phase.phase);
    for (const std::optional<double>& seconds : phase.seconds) {
      if (!seconds.has_value() || phase.ops <= 0) {
        out << absl::StrFormat(" %17s", "n/a");
      } else {
        out << absl::StrFormat(" %17.1f", *seconds * 1e6 / static_cast<double>(phase.ops));
      }
    }
    const std::optional<double> total = TotalMicrosPerCall(phase);
    out << (total.has_value() ? absl::StrFormat(" %10.1f\n", *total)
                              : absl::StrFormat(" %10s\n", "n/a"));
  }
}

}  // namespace sales::loadgen
