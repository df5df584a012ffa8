// The load generator's settings, read from flags (database ones also from the SALES_DB_*
// variables the server reads, so one environment configures both).
#pragma once

#include <string>

#include "common/db/db_config.h"
#include "common/server/flags.h"

namespace sales::loadgen {

struct LoadgenConfig {
  std::string target;  // --target host:port of customers_server
  // --echo_target host:port of tools/loadgen echo_server; empty: no echo phases
  std::string echo_target;
  db::DbConfig db;  // --db_* and --pool_size: the baseline's own pool
  int concurrency = 16;
  int channels = 4;  // gRPC channels (TCP connections) the callers are spread over
  int seconds = 10;  // measured time per phase
  int warmup_seconds = 1;
  // Before each phase, wait at most this long for InnoDB to flush and purge what the phases
  // before it wrote (innodb_settle.h), so that the phases compared start alike.
  int settle_seconds = 60;
  bool request_id_phase = true;  // also run "gRPC Create with request_id"
  // With an echo target: rounds of echo, direct and gRPC Get back to back (in a rotating
  // order), each round's gRPC Get set against the limit of the same round, so that the
  // machine's speed drifting between phases (a shared VM's does) moves both sides alike.
  int get_rounds = 3;
  // --cpu_pids "name=pid,...": processes whose CPU per call each phase reports (this
  // process always is); scripts/bench passes the servers and MariaDB.
  std::string cpu_pids;
};

// Reads every setting; problems are collected in `flags` (check flags.Check() after).
LoadgenConfig ReadLoadgenConfig(Flags& flags);

}  // namespace sales::loadgen
