// The run: gRPC Create, direct Create, gRPC Get, direct Get (and gRPC Create with
// request_id), each warmed up and timed alike, then the table and the gRPC/direct ratios.
// With an echo driver, also echo Create and echo Get (bare gRPC, same payload), the
// combined limit 1 / (1/echo + 1/direct) per operation and gRPC's share of it, and
// config.get_rounds rounds of echo, direct and gRPC Get back to back (PrintGetRounds).
// Before each phase it waits for InnoDB to flush and purge what the phases before it wrote
// (innodb_settle.h), so that, say, gRPC Get does not share the cores with the flushing of
// direct Create's rows while direct Get, after it, has them alone.
#pragma once

#include <cstdint>
#include <ostream>

#include "common/db/pool.h"
#include "tools/loadgen/direct_driver.h"
#include "tools/loadgen/grpc_driver.h"
#include "tools/loadgen/loadgen_config.h"

namespace sales::loadgen {

// Prints the figures to `out` and progress to `progress`; returns the number of failed
// calls over all phases (warm-up and drain included). `database` is the pool on the
// database the service and the direct baseline share (read for InnoDB's backlog).
int64_t RunBenchmark(const LoadgenConfig& config, GrpcDriver& grpc, DirectDriver& direct,
                     GrpcDriver* echo, db::ConnectionPool& database, std::ostream& out,
                     std::ostream& progress);

}  // namespace sales::loadgen
