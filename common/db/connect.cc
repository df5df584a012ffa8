#include "common/db/connect.h"

#include <cppconn/connection.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"

namespace sales::db {
namespace {

constexpr int kProbeTimeoutS = 5;

}  // namespace

sql::Driver* Driver() {
  static sql::Driver* const driver = sql::mysql::get_mysql_driver_instance();
  return driver;
}

void EnsureThreadInit() {
  struct ThreadGuard {
    ThreadGuard() { Driver()->threadInit(); }
    ~ThreadGuard() { Driver()->threadEnd(); }
  };
  thread_local ThreadGuard guard;
}

sql::ConnectOptionsMap ConnectOptions(const DbConfig& config, int connect_timeout_s,
                                      int read_timeout_s) {
  sql::ConnectOptionsMap options;
  options["hostName"] = sql::SQLString(absl::StrCat("tcp://", config.host, ":", config.port));
  options["userName"] = sql::SQLString(config.user);
  options["password"] = sql::SQLString(config.password);
  options["schema"] = sql::SQLString(config.database);
  options["OPT_CHARSET_NAME"] = sql::SQLString("utf8mb4");
  options["OPT_CONNECT_TIMEOUT"] = connect_timeout_s;
  options["OPT_READ_TIMEOUT"] = read_timeout_s;
  options["OPT_WRITE_TIMEOUT"] = 30;
  options["OPT_RECONNECT"] = false;
  return options;
}

absl::Status ProbeDatabase(const DbConfig& config, absl::Time deadline) {
  EnsureThreadInit();
  const int64_t remaining_s = absl::ToInt64Seconds(deadline - absl::Now());
  const int timeout_s = static_cast<int>(std::clamp<int64_t>(remaining_s, 1, kProbeTimeoutS));
  try {
    sql::ConnectOptionsMap options = ConnectOptions(config, timeout_s, timeout_s);
    std::unique_ptr<sql::Connection> conn(Driver()->connect(options));
    std::unique_ptr<sql::Statement> stmt(conn->createStatement());
    std::unique_ptr<sql::ResultSet> rs(stmt->executeQuery("SELECT 1"));
    rs.reset();
    stmt.reset();
    conn->close();
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    // As a failed connect of the pool: whatever the reason, no call can reach the database.
    return absl::UnavailableError(
        absl::StrCat("database unavailable (mysql error ", e.getErrorCode(), ": ", e.what(), ")"));
  }
}

}  // namespace sales::db
