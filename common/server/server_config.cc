#include "common/server/server_config.h"

#include <fstream>
#include <iterator>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace sales {
namespace {

constexpr int64_t kMaxPort = 65535;
constexpr int64_t kMaxMillis = 3'600'000;  // an hour: anything longer is a typo

bool IsCurrencyCode(const std::string& code) {
  if (code.size() != 3) return false;
  for (char c : code) {
    if (!absl::ascii_isupper(static_cast<unsigned char>(c))) return false;
  }
  return true;
}

// The database password from --db_password_file (as a Kubernetes Secret mounts it; the
// content up to a trailing line break) or --db_password / SALES_DB_PASSWORD. A file keeps
// the password out of `ps`; its content is never echoed in an error.
std::string ReadDbPassword(Flags& flags) {
  const std::string inline_password =
      flags.String("db_password", "SALES_DB_PASSWORD", "",
                   "MySQL password (prefer db_password_file: a flag shows in ps)");
  const std::string path = flags.String("db_password_file", "SALES_DB_PASSWORD_FILE", "",
                                        "file holding the MySQL password (e.g. a mounted Secret)");
  if (path.empty()) return inline_password;
  if (!inline_password.empty()) {
    flags.AddError("db_password_file", "set either it or db_password, not both");
    return "";
  }
  std::ifstream file(path, std::ios::binary);
  if (!file.is_open()) {
    flags.AddError("db_password_file", absl::StrCat("cannot open '", path, "'"));
    return "";
  }
  std::string content((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
  if (file.bad()) {
    flags.AddError("db_password_file", absl::StrCat("cannot read '", path, "'"));
    return "";
  }
  while (!content.empty() && (content.back() == '\n' || content.back() == '\r')) {
    content.pop_back();
  }
  return content;
}

}  // namespace

ServerConfig ReadServerConfig(Flags& flags, std::string service, int default_grpc_port,
                              int default_metrics_port) {
  ServerConfig config;
  config.service = std::move(service);
  config.listen_host = flags.String("listen_host", "SALES_LISTEN_HOST", "0.0.0.0",
                                    "address the gRPC and metrics servers listen on");
  config.grpc_port = static_cast<int>(
      flags.Int("grpc_port", "SALES_GRPC_PORT", default_grpc_port, 1, kMaxPort, "gRPC port"));
  config.metrics_port =
      static_cast<int>(flags.Int("metrics_port", "SALES_METRICS_PORT", default_metrics_port, 0,
                                 kMaxPort, "Prometheus /metrics port; 0 disables it"));

  config.db.host = flags.String("db_host", "SALES_DB_HOST", "127.0.0.1", "MySQL host");
  config.db.port =
      static_cast<int>(flags.Int("db_port", "SALES_DB_PORT", 3306, 1, kMaxPort, "MySQL port"));
  config.db.user = flags.String("db_user", "SALES_DB_USER", config.service, "MySQL user");
  config.db.password = ReadDbPassword(flags);
  config.db.database =
      flags.String("db_name", "SALES_DB_NAME", config.service, "MySQL schema of this service");
  config.db.pool_size = static_cast<int>(flags.Int("db_pool_size", "SALES_DB_POOL_SIZE", 16, 1, 256,
                                                   "most open database connections"));

  config.page_token_secret =
      flags.String("page_token_secret", "SALES_PAGE_TOKEN_SECRET", kDevPageTokenSecret,
                   "key that signs page tokens; set the same value on every replica");
  if (config.page_token_secret.empty()) flags.AddError("page_token_secret", "must not be empty");

  const std::string zone = flags.String("business_time_zone", "SALES_BUSINESS_TIME_ZONE", "UTC",
                                        "IANA time zone in which days, weeks and months are cut");
  if (!absl::LoadTimeZone(zone, &config.business_time_zone)) {
    flags.AddError("business_time_zone", absl::StrCat("unknown time zone '", zone, "'"));
  }

  config.currency = flags.String("currency", "SALES_CURRENCY", "CNY",
                                 "ISO 4217 code of the deployment's currency");
  if (!IsCurrencyCode(config.currency)) {
    flags.AddError("currency", absl::StrCat("must be 3 upper-case letters (ISO 4217), got '",
                                            config.currency, "'"));
  }

  config.shutdown_grace = absl::Milliseconds(
      flags.Int("shutdown_grace_ms", "SALES_SHUTDOWN_GRACE_MS", 10000, 0, kMaxMillis,
                "how long in-flight calls may finish after SIGTERM"));
  config.default_deadline =
      absl::Milliseconds(flags.Int("default_deadline_ms", "SALES_DEFAULT_DEADLINE_MS", 30000, 1,
                                   kMaxMillis, "deadline of calls that arrive without one"));
  // A handler holds a database connection while it runs, so a busy server has about as
  // many handlers running as it has connections.
  config.handler_threads =
      static_cast<int>(flags.Int("handler_threads", "SALES_HANDLER_THREADS", 0, 0, 1024,
                                 "idle gRPC handler threads kept for the next calls; 0: as many as "
                                 "db_pool_size"));
  if (config.handler_threads == 0) config.handler_threads = config.db.pool_size;
  config.migrate_only =
      flags.Bool("migrate_only", "SALES_MIGRATE_ONLY", false, "apply database migrations and exit");
  return config;
}

}  // namespace sales
