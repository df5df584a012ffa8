#include "tools/loadgen/loadgen_config.h"

#include <algorithm>

namespace sales::loadgen {
namespace {

constexpr int64_t kMaxPort = 65535;
constexpr int64_t kMaxConcurrency = 4096;
constexpr int64_t kMaxSeconds = 3600;

}  // namespace

LoadgenConfig ReadLoadgenConfig(Flags& flags) {
  LoadgenConfig c;
  c.target = flags.String("target", "", "127.0.0.1:50051", "customers_server gRPC address");
  c.echo_target = flags.String("echo_target", "", "",
                               "echo_server address: also measure bare gRPC and the combined "
                               "limit 1/(1/echo + 1/direct); empty: skip");
  c.db.host = flags.String("db_host", "SALES_DB_HOST", "127.0.0.1",
                           "MySQL host of the server's schema, for the direct baseline");
  c.db.port =
      static_cast<int>(flags.Int("db_port", "SALES_DB_PORT", 3306, 1, kMaxPort, "MySQL port"));
  c.db.user = flags.String("db_user", "SALES_DB_USER", "customers", "MySQL user");
  c.db.password = flags.String("db_password", "SALES_DB_PASSWORD", "", "MySQL password");
  c.db.database = flags.String("db_name", "SALES_DB_NAME", "customers",
                               "MySQL schema, the one the server migrated");
  c.db.pool_size = static_cast<int>(
      flags.Int("pool_size", "", 16, 1, 256,
                "baseline pool size; give it the server's --db_pool_size for a fair ratio"));
  c.concurrency = static_cast<int>(
      flags.Int("concurrency", "", 16, 1, kMaxConcurrency, "concurrent callers per phase"));
  c.channels = static_cast<int>(
      flags.Int("channels", "", 4, 1, 64, "gRPC channels the callers are spread over"));
  c.channels = std::min(c.channels, c.concurrency);
  c.seconds =
      static_cast<int>(flags.Int("seconds", "", 10, 1, kMaxSeconds, "measured seconds per phase"));
  c.warmup_seconds = static_cast<int>(
      flags.Int("warmup_seconds", "", 1, 0, kMaxSeconds, "unmeasured seconds before each phase"));
  c.settle_seconds = static_cast<int>(
      flags.Int("settle_seconds", "", 60, 0, 3600,
                "before each phase, wait at most this long for InnoDB to flush and purge"));
  c.request_id_phase =
      flags.Bool("request_id_phase", "", true, "also run a gRPC Create phase with request_id set");
  c.get_rounds = static_cast<int>(
      flags.Int("get_rounds", "", 3, 0, 20,
                "with --echo_target: rounds of echo, direct and gRPC Get back to back, each "
                "gRPC Get against its own round's limit (0: none)"));
  c.cpu_pids = flags.String("cpu_pids", "", "",
                            "name=pid,... of processes whose CPU per call is reported for each "
                            "phase (this process always is)");
  return c;
}

}  // namespace sales::loadgen
