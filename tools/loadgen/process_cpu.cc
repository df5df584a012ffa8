#include "tools/loadgen/process_cpu.h"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/absl_compat.h"

namespace sales::loadgen {
namespace {

// utime + stime of a /proc/<pid>/stat line, in clock ticks; fields 14 and 15 (proc(5)),
// counted after the command name, which is in parentheses and may hold spaces.
bool ReadTicks(const std::string& path, long long* ticks) {
  std::ifstream in(path);
  std::string line;
  if (!std::getline(in, line)) return false;
  const size_t close = line.rfind(')');
  if (close == std::string::npos) return false;
  std::istringstream fields(line.substr(close + 2));  // from field 3 (state) on
  std::string field;
  long long utime = 0, stime = 0;
  for (int index = 3; index <= 15 && fields >> field; ++index) {
    if (index == 14 && !absl::SimpleAtoi(field, &utime)) return false;
    if (index == 15 && !absl::SimpleAtoi(field, &stime)) return false;
  }
  *ticks = utime + stime;
  return true;
}

}  // namespace

absl::StatusOr<ProcessCpu> ProcessCpu::Parse(std::string_view spec) {
  ProcessCpu cpu;
  cpu.stat_paths_["bench"] = "/proc/self/stat";
  if (spec.empty()) return cpu;
  for (absl::string_view item : absl::StrSplit(ToAbsl(spec), ',', absl::SkipEmpty())) {
    const std::vector<absl::string_view> parts = absl::StrSplit(item, absl::MaxSplits('=', 1));
    int pid = 0;
    if (parts.size() != 2 || parts[0].empty() || !absl::SimpleAtoi(parts[1], &pid) || pid <= 0) {
      return absl::InvalidArgumentError(
          absl::StrCat("cpu_pids: '", item, "' is not name=pid (e.g. orders=1234)"));
    }
    cpu.stat_paths_[std::string(parts[0])] = absl::StrCat("/proc/", pid, "/stat");
  }
  return cpu;
}

CpuMillis ProcessCpu::Read() const {
  static const double kMillisPerTick = 1000.0 / static_cast<double>(sysconf(_SC_CLK_TCK));
  CpuMillis out;
  for (const auto& [name, path] : stat_paths_) {
    long long ticks = 0;
    if (ReadTicks(path, &ticks)) out[name] = static_cast<double>(ticks) * kMillisPerTick;
  }
  return out;
}

CpuMillis CpuSpent(const CpuMillis& before, const CpuMillis& after) {
  CpuMillis out;
  for (const auto& [name, ms] : after) {
    auto it = before.find(name);
    if (it != before.end()) out[name] = ms - it->second;
  }
  return out;
}

}  // namespace sales::loadgen
