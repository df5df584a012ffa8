// CPU time of named processes (this one, the servers, MariaDB), read from /proc, so that a
// benchmark can say what one operation costs each process of the suite on a shared machine.
#pragma once

#include <map>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace sales::loadgen {

// Milliseconds of CPU (user + system) by process name.
using CpuMillis = std::map<std::string, double>;

class ProcessCpu final {
 public:
  // `spec` is "name=pid,name=pid" (empty: none); "bench" (this process) is always added.
  static absl::StatusOr<ProcessCpu> Parse(std::string_view spec);

  // The CPU each process has used so far (a process that is gone reads as absent).
  CpuMillis Read() const;

 private:
  std::map<std::string, std::string> stat_paths_;  // name -> /proc/<pid>/stat
};

// after - before, per process present in both.
CpuMillis CpuSpent(const CpuMillis& before, const CpuMillis& after);

}  // namespace sales::loadgen
