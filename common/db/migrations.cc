#include "common/db/migrations.h"

#include <cppconn/exception.h>
#include <cppconn/statement.h>

#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/str_split.h"
#include "common/db/sql_error.h"
#include "common/db/transaction.h"
#include "common/status.h"

namespace sales::db {
namespace {

constexpr char kCreateTable[] =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " name VARCHAR(200) NOT NULL PRIMARY KEY,"
    " applied_at DATETIME(6) NOT NULL"
    ") ENGINE=InnoDB";
constexpr char kSelectApplied[] = "SELECT name FROM schema_migrations";
constexpr char kInsertApplied[] = "INSERT INTO schema_migrations (name, applied_at) VALUES (?, ?)";
constexpr char kGetLock[] = "SELECT GET_LOCK(CONCAT('schema_migrations:', DATABASE()), ?)";
constexpr char kReleaseLock[] = "SELECT RELEASE_LOCK(CONCAT('schema_migrations:', DATABASE()))";

void ExecuteDdl(sql::Connection& conn, const std::string& statement) {
  std::unique_ptr<sql::Statement> stmt(conn.createStatement());
  stmt->execute(statement);
}

}  // namespace

std::vector<std::string> SplitSqlStatements(const std::string& sql) {
  std::vector<std::string> statements;
  std::string current;
  for (absl::string_view line : absl::StrSplit(sql, '\n')) {
    absl::string_view trimmed = absl::StripAsciiWhitespace(line);
    if (trimmed.empty() || absl::StartsWith(trimmed, "--")) continue;
    absl::StrAppend(&current, line, "\n");
    if (absl::EndsWith(trimmed, ";")) {
      current.erase(current.find_last_of(';'));
      statements.push_back(std::move(current));
      current.clear();
    }
  }
  if (!absl::StripAsciiWhitespace(current).empty()) statements.push_back(current);
  return statements;
}

namespace {

// Applies what is missing while holding the named lock on `tx`'s session.
absl::StatusOr<int> ApplyLocked(Transaction& tx, const std::vector<Migration>& migrations,
                                absl::Time deadline) {
  const int64_t wait_s = std::max<int64_t>(1, absl::ToInt64Seconds(deadline - absl::Now()));
  auto locked = tx.Query(kGetLock, {wait_s});
  if (!locked->next() || locked->getInt(1) != 1) {
    return absl::DeadlineExceededError("another process holds the migration lock");
  }
  ExecuteDdl(tx.lease().connection(), kCreateTable);
  std::set<std::string> done;
  auto rs = tx.Query(kSelectApplied);
  while (rs->next()) done.insert(rs->getString(1));
  int applied = 0;
  for (const Migration& migration : migrations) {
    if (done.contains(migration.name)) continue;
    // DDL commits implicitly in MySQL, so a migration is not atomic; statements use
    // IF NOT EXISTS where a crash between them could leave a half-applied migration.
    for (const std::string& statement : SplitSqlStatements(migration.sql)) {
      ExecuteDdl(tx.lease().connection(), statement);
    }
    tx.Exec(kInsertApplied, {migration.name, absl::Now()});
    tx.lease().Commit();
    ++applied;
  }
  tx.Query(kReleaseLock);
  RETURN_IF_ERROR(tx.Commit());
  return applied;
}

}  // namespace

absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool, const std::vector<Migration>& migrations,
                                    absl::Time deadline) {
  ASSIGN_OR_RETURN(ConnectionPool::Lease lease, pool.Acquire(deadline));
  Transaction tx(std::move(lease));
  absl::StatusOr<int> result;
  try {
    result = ApplyLocked(tx, migrations, deadline);
  } catch (const sql::SQLException& e) {
    result = FromSqlException(e, "migrations");
  }
  // Closing the session is the sure way to drop the named lock after a failure.
  if (!result.ok()) tx.lease().MarkBroken();
  return result;
}

std::vector<Migration> CommonMigrations() {
  return {
      {"C001__outbox_idempotency",
       R"sql(
CREATE TABLE IF NOT EXISTS outbox (
  id BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
  event_id CHAR(36) NOT NULL,
  event_type VARCHAR(100) NOT NULL,
  aggregate VARCHAR(200) NOT NULL,
  occurred_at DATETIME(6) NOT NULL,
  payload LONGTEXT NOT NULL,
  UNIQUE KEY uk_outbox_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE IF NOT EXISTS idempotency (
  request_id VARCHAR(64) NOT NULL PRIMARY KEY,
  method VARCHAR(100) NOT NULL,
  request_hash CHAR(64) NOT NULL,
  response LONGTEXT NULL,
  created_at DATETIME(6) NOT NULL,
  KEY ix_idempotency_created (created_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
)sql"},
      {"C002__event_log_checkpoints",
       R"sql(
CREATE TABLE IF NOT EXISTS event_log (
  position BIGINT NOT NULL PRIMARY KEY,
  event_id CHAR(36) NOT NULL,
  event_type VARCHAR(100) NOT NULL,
  aggregate VARCHAR(200) NOT NULL,
  occurred_at DATETIME(6) NOT NULL,
  relayed_at DATETIME(6) NOT NULL,
  payload LONGTEXT NOT NULL,
  UNIQUE KEY uk_event_log_event (event_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE IF NOT EXISTS consumer_checkpoints (
  source VARCHAR(100) NOT NULL PRIMARY KEY,
  position BIGINT NOT NULL,
  updated_at DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
)sql"},
      // The events of one aggregate (a customer whose personal data is erased has its
      // events rewritten): found through an index, and in the outbox, locked without
      // locking every other row (a scan FOR UPDATE would stop all writers meanwhile).
      {"C003__event_aggregate_index",
       R"sql(
CREATE INDEX ix_outbox_aggregate ON outbox (aggregate);
CREATE INDEX ix_event_log_aggregate ON event_log (aggregate);
)sql"},
      // What a Subscribe may filter on within a type without parsing the payload: the
      // to_status of an order_status_changed, empty for other types (outbox.h,
      // EventVariantOf). Rows logged before it have '' and are classified by parsing
      // (feed_service.cc). A column added last with a default is instant in MariaDB 10.3+
      // and MySQL 8.0.12+: no table copy of a long log.
      {"C004__event_variant",
       R"sql(
ALTER TABLE outbox ADD COLUMN event_variant VARCHAR(100) NOT NULL DEFAULT '';
ALTER TABLE event_log ADD COLUMN event_variant VARCHAR(100) NOT NULL DEFAULT '';
)sql"},
  };
}

}  // namespace sales::db
