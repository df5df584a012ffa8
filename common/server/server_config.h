// Settings every service binary shares: ports, database, secrets, time zone, shutdown.
#pragma once

#include <string>

#include "absl/time/time.h"
#include "common/db/db_config.h"
#include "common/server/flags.h"

namespace sales {

// The page-token secret used when none is configured; fine for a laptop, and RunServer
// warns when it sees it, because anyone who knows it can forge page tokens.
inline constexpr char kDevPageTokenSecret[] = "dev-only-page-token-secret";

struct ServerConfig {
  std::string service;                // "customers"
  std::string listen_host;            // --listen_host / SALES_LISTEN_HOST, default 0.0.0.0
  int grpc_port = 0;                  // --grpc_port / SALES_GRPC_PORT
  int metrics_port = 0;               // --metrics_port / SALES_METRICS_PORT (0 disables)
  db::DbConfig db;                    // --db_host, --db_port, --db_user, --db_password,
                                      // --db_name, --db_pool_size / SALES_DB_*
  std::string page_token_secret;      // --page_token_secret / SALES_PAGE_TOKEN_SECRET
  absl::TimeZone business_time_zone;  // --business_time_zone / SALES_BUSINESS_TIME_ZONE
  std::string currency;               // --currency / SALES_CURRENCY, ISO 4217, default CNY
  absl::Duration shutdown_grace;      // --shutdown_grace_ms / SALES_SHUTDOWN_GRACE_MS
  absl::Duration default_deadline;    // --default_deadline_ms: for calls without a deadline
  bool migrate_only = false;          // --migrate_only / SALES_MIGRATE_ONLY
  int handler_threads = 0;            // --handler_threads / SALES_HANDLER_THREADS: idle
                                      // handler threads kept; default db.pool_size
};

// Reads the shared settings; service-specific ones are read from the same Flags after.
ServerConfig ReadServerConfig(Flags& flags, std::string service, int default_grpc_port,
                              int default_metrics_port);

}  // namespace sales
