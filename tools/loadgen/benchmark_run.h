// The run: gRPC Create, direct Create, gRPC Get, direct Get (and gRPC Create with
// request_id), each warmed up and timed alike, then the table and the gRPC/direct ratios.
// With an echo driver, also echo Create and echo Get (bare gRPC, same payload), the
// combined limit 1 / (1/echo + 1/direct) per operation and gRPC's share of it.
#pragma once

#include <cstdint>
#include <ostream>

#include "tools/loadgen/direct_driver.h"
#include "tools/loadgen/grpc_driver.h"
#include "tools/loadgen/loadgen_config.h"

namespace sales::loadgen {

// Prints the figures to `out` and progress to `progress`; returns the number of failed
// calls over all phases (warm-up and drain included).
int64_t RunBenchmark(const LoadgenConfig& config, GrpcDriver& grpc, DirectDriver& direct,
                     GrpcDriver* echo, std::ostream& out, std::ostream& progress);

}  // namespace sales::loadgen
