// The baseline: the same requests run by CustomerHandlers in this process, straight on a
// connection pool, with no gRPC in between. One thread per caller, each blocking on its
// call, like the server's handler threads do.
#pragma once

#include "services/customers/src/api/customer_handlers.h"
#include "tools/loadgen/phase.h"

namespace sales::loadgen {

class DirectDriver final {
 public:
  explicit DirectDriver(customers::api::CustomerHandlers& handlers) : handlers_(handlers) {}

  // Runs one phase to its end, every thread joined.
  PhaseOutcome Run(const PhaseSpec& spec, Workload& workload);

 private:
  customers::api::CustomerHandlers& handlers_;
};

}  // namespace sales::loadgen
