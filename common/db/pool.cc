#include "common/db/pool.h"

#include <cppconn/driver.h>
#include <cppconn/exception.h>
#include <cppconn/resultset.h>
#include <cppconn/statement.h>
#include <mysql_driver.h>

#include <algorithm>
#include <iterator>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/db/connect.h"
#include "common/db/sql_error.h"
#include "common/status.h"

namespace sales::db {
namespace {

// Idle connections younger than this are lent without a ping.
constexpr absl::Duration kIdleCheckAfter = absl::Seconds(5);

}  // namespace

void ConnectionPool::InitDriver() { Driver(); }

ConnectionPool::Lease::Lease(ConnectionPool* pool, std::unique_ptr<PooledConnection> conn)
    : pool_(pool), conn_(std::move(conn)) {}

ConnectionPool::Lease::Lease(Lease&& other) noexcept
    : pool_(other.pool_), conn_(std::move(other.conn_)), broken_(other.broken_) {
  other.pool_ = nullptr;
}

ConnectionPool::Lease::~Lease() {
  if (pool_ != nullptr && conn_ != nullptr) pool_->Return(std::move(conn_), broken_);
}

sql::PreparedStatement& ConnectionPool::Lease::Prepare(const std::string& sql) {
  auto it = conn_->statements.find(sql);
  if (it == conn_->statements.end()) {
    std::unique_ptr<sql::PreparedStatement> stmt(conn_->conn->prepareStatement(sql));
    it = conn_->statements.emplace(sql, std::move(stmt)).first;
  }
  return *it->second;
}

namespace {

sql::Statement& ControlStatement(PooledConnection& conn) {
  if (conn.control == nullptr) conn.control.reset(conn.conn->createStatement());
  return *conn.control;
}

}  // namespace

void ConnectionPool::Lease::Commit() { ControlStatement(*conn_).execute("COMMIT"); }

void ConnectionPool::Lease::Rollback() { ControlStatement(*conn_).execute("ROLLBACK"); }

void ConnectionPool::Lease::BeginSnapshot() {
  sql::Statement& control = ControlStatement(*conn_);
  // Without GLOBAL or SESSION the level holds for the next transaction only.
  control.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
  control.execute("START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY");
}

namespace {

// The session's statement limit for a caller with `remaining` time: whole seconds, rounded up
// (a statement ends at most a second past the deadline, and a caller whose deadlines keep
// the same rounded figure sends nothing more); 0 for no limit.
int64_t StatementLimitSeconds(absl::Duration remaining) {
  if (remaining == absl::InfiniteDuration()) return 0;
  return std::clamp<int64_t>(absl::ToInt64Seconds(absl::Ceil(remaining, absl::Seconds(1))), 1,
                             kMaxStatementLimitS);
}

}  // namespace

void ConnectionPool::Lease::LimitStatementTime(absl::Duration remaining) {
  const int64_t limit_s = StatementLimitSeconds(remaining);
  if (limit_s == conn_->statement_limit_s) return;
  if (limit_s == 0) {
    Prepare(conn_->mariadb ? "SET SESSION max_statement_time = DEFAULT, "
                             "innodb_lock_wait_timeout = DEFAULT"
                           : "SET SESSION max_execution_time = DEFAULT, "
                             "innodb_lock_wait_timeout = DEFAULT")
        .execute();
  } else {
    // MariaDB's max_statement_time (seconds) bounds every statement; MySQL 8's
    // max_execution_time (ms) bounds SELECTs only, and there the lock wait timeout bounds
    // what else usually runs long: waiting for a row lock.
    sql::PreparedStatement& set = Prepare(
        conn_->mariadb ? "SET SESSION max_statement_time = ?, innodb_lock_wait_timeout = ?"
                       : "SET SESSION max_execution_time = ?, innodb_lock_wait_timeout = ?");
    set.setInt64(1, conn_->mariadb ? limit_s : limit_s * 1000);
    set.setInt64(2, limit_s);
    set.execute();
  }
  conn_->statement_limit_s = limit_s;
}

ConnectionPool::ConnectionPool(DbConfig config) : config_(std::move(config)) {
  stats_.max_size = config_.pool_size;
}

ConnectionPool::~ConnectionPool() { Close(); }

bool ConnectionPool::FreshEnough(const PooledConnection& conn) {
  return absl::Now() - conn.last_used < kIdleCheckAfter;
}

absl::StatusOr<std::unique_ptr<PooledConnection>> ConnectionPool::Open(absl::Time deadline) {
  EnsureThreadInit();
  const int64_t remaining_s = absl::ToInt64Seconds(deadline - absl::Now());
  const int connect_timeout_s = static_cast<int>(std::clamp<int64_t>(remaining_s, 1, 5));
  sql::ConnectOptionsMap options = ConnectOptions(config_, connect_timeout_s, kPooledReadTimeoutS);
  try {
    auto pooled = std::make_unique<PooledConnection>();
    pooled->conn.reset(Driver()->connect(options));
    // Every connection lives in explicit transactions (begun implicitly, ended by commit
    // or rollback), in UTC, and reads committed data; the pool relies on all three.
    // Statements, not setAutoCommit(): Connector/C++ 1.1 ignores a failure of the latter,
    // and a connection left in autocommit would commit each statement on its own.
    sql::Statement& stmt = ControlStatement(*pooled);
    stmt.execute("SET SESSION autocommit = 0");
    stmt.execute("SET SESSION time_zone = '+00:00'");
    stmt.execute("SET SESSION TRANSACTION ISOLATION LEVEL READ COMMITTED");
    std::unique_ptr<sql::ResultSet> rs(stmt.executeQuery("SELECT @@autocommit, VERSION()"));
    if (!rs->next() || rs->getInt(1) != 0) {
      return absl::InternalError("the database connection did not leave autocommit mode");
    }
    pooled->mariadb = absl::StrContains(std::string(rs->getString(2)), "MariaDB");
    rs.reset();
    stmt.execute("COMMIT");
    static std::atomic<uint64_t> sessions{0};
    pooled->session = ++sessions;
    pooled->last_used = absl::Now();
    ReportReachable(true);
    return pooled;
  } catch (const sql::SQLException& e) {
    {
      absl::MutexLock lock(&mu_);
      ++stats_.connect_failures;
    }
    ReportReachable(false);  // whatever the reason, no call can reach the database
    return absl::UnavailableError(
        absl::StrCat("database unavailable (mysql error ", e.getErrorCode(), ")"));
  }
}

absl::StatusOr<ConnectionPool::Lease> ConnectionPool::Acquire(absl::Time deadline,
                                                              Session session) {
  EnsureThreadInit();
  std::unique_ptr<PooledConnection> conn;
  // Callers with different deadlines share the pool (a consumer's 30 s, an RPC's 10 s): an
  // idle connection whose session limit already fits this caller is taken first, so that
  // mixed callers do not re-set the limit on every transaction. The session mode matters
  // more (reads in autocommit, transactions without).
  const int64_t wanted_limit_s = StatementLimitSeconds(deadline - absl::Now());
  const bool autocommit = session == Session::kAutocommitReads;
  {
    absl::MutexLock lock(&mu_);
    bool waited = false;
    while (!closed_ && idle_.empty() && open_ >= config_.pool_size) {
      if (!waited) ++stats_.waits;
      waited = true;
      if (freed_.WaitWithDeadline(&mu_, deadline) && idle_.empty() && open_ >= config_.pool_size) {
        ++stats_.timeouts;
        return absl::DeadlineExceededError("no database connection free before the deadline");
      }
    }
    if (closed_) return absl::FailedPreconditionError("connection pool is closed");
    if (!idle_.empty()) {
      auto pick = std::prev(idle_.end());  // the most recently used, by default
      int best = -1;
      for (auto it = idle_.rbegin(); it != idle_.rend() && best < 3; ++it) {
        const int fit = ((*it)->autocommit == autocommit ? 2 : 0) +
                        ((*it)->statement_limit_s == wanted_limit_s ? 1 : 0);
        if (fit > best) {
          best = fit;
          pick = std::prev(it.base());
        }
      }
      conn = std::move(*pick);
      idle_.erase(pick);
    } else {
      ++open_;  // a new connection's slot, taken now so that max size holds
    }
  }
  if (conn != nullptr && !FreshEnough(*conn)) {
    bool valid = false;
    try {
      valid = conn->conn->isValid();
    } catch (const sql::SQLException&) {
    }
    if (!valid) {
      conn.reset();  // its slot is refilled below (or freed if that fails)
      absl::MutexLock lock(&mu_);
      ++stats_.reconnects;
    }
  }
  if (conn == nullptr) {
    auto opened = Open(deadline);
    if (!opened.ok()) {
      absl::MutexLock lock(&mu_);
      --open_;
      freed_.Signal();
      return opened.status();
    }
    conn = std::move(opened).value();
  }
  if (conn->autocommit != autocommit) {
    // A statement, not setAutoCommit(): Connector/C++ 1.1 ignores a failure of the latter.
    // Leases never hold an open transaction between callers, so nothing is committed here.
    try {
      ControlStatement(*conn).execute(autocommit ? "SET SESSION autocommit = 1"
                                                 : "SET SESSION autocommit = 0");
      conn->autocommit = autocommit;
    } catch (const sql::SQLException& e) {
      if (IsConnectionError(e.getErrorCode())) ReportReachable(false);
      Return(std::move(conn), /*broken=*/true);  // its mode is unknown: never reused
      return FromSqlException(e, "session mode");
    }
  }
  return Lease(this, std::move(conn));
}

void ConnectionPool::Return(std::unique_ptr<PooledConnection> conn, bool broken) {
  conn->last_used = absl::Now();
  absl::MutexLock lock(&mu_);
  if (broken || closed_) {
    if (broken) ++stats_.reconnects;
    --open_;
    conn.reset();
  } else {
    idle_.push_back(std::move(conn));
  }
  freed_.Signal();
}

absl::Status ConnectionPool::Ping(absl::Time deadline) {
  ASSIGN_OR_RETURN(Lease lease, Acquire(deadline));  // a failed connect reports itself
  try {
    std::unique_ptr<sql::ResultSet> rs(lease.Prepare("SELECT 1").executeQuery());
    rs.reset();
    lease.Rollback();
    ReportReachable(true);
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    lease.MarkBroken();
    ReportReachable(false);
    return FromSqlException(e, "ping");
  }
}

void ConnectionPool::ReportReachable(bool reachable) {
  const int state = reachable ? 1 : 0;
  if (reachable_.load(std::memory_order_relaxed) == state) return;  // the common case
  absl::MutexLock lock(&reachability_mu_);
  if (reachable_.exchange(state) == state) return;
  if (reachability_listener_) reachability_listener_(reachable);
}

void ConnectionPool::SetReachabilityListener(std::function<void(bool)> listener) {
  absl::MutexLock lock(&reachability_mu_);
  reachability_listener_ = std::move(listener);
  reachable_ = -1;
}

ConnectionPool::Stats ConnectionPool::GetStats() const {
  absl::MutexLock lock(&mu_);
  Stats stats = stats_;
  stats.open = open_;
  stats.in_use = open_ - static_cast<int>(idle_.size());
  return stats;
}

void ConnectionPool::Close() {
  std::vector<std::unique_ptr<PooledConnection>> idle;
  {
    absl::MutexLock lock(&mu_);
    closed_ = true;
    idle.swap(idle_);
    open_ -= static_cast<int>(idle.size());
    freed_.SignalAll();
  }
  EnsureThreadInit();
  idle.clear();
}

}  // namespace sales::db
