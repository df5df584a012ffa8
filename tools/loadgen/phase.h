// One timed phase of the run, as both drivers run it: the same operation repeated by
// `concurrency` callers, each starting its next call when the previous one ends.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "tools/loadgen/latency_recorder.h"
#include "tools/loadgen/workload.h"

namespace sales::loadgen {

struct PhaseSpec {
  std::string name;  // as printed in the table, e.g. "gRPC Create"
  Operation operation = Operation::kCreate;
  int concurrency = 1;
  Clock::duration warmup{};
  Clock::duration measure{};

  // The window of a phase that begins now.
  MeasureWindow WindowFrom(Clock::time_point begin) const {
    return {begin + warmup, begin + warmup + measure};
  }
};

struct PhaseOutcome {
  PhaseStats stats;
  std::vector<std::string> created;  // names of every customer created, window or not
};

}  // namespace sales::loadgen
