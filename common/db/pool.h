// A bounded pool of MySQL connections: connects lazily, checks idle connections before
// handing them out, replaces broken ones (so it recovers after the server restarts), and
// waits for a free connection no longer than the caller's deadline.
#pragma once

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/statement.h>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/db_config.h"

namespace sales::db {

// One open connection with its prepared-statement cache.
struct PooledConnection {
  std::unique_ptr<sql::Connection> conn;
  // Unique per opened connection in this process: session state (a named lock) belongs to
  // one session and is gone when the pool replaces the connection.
  uint64_t session = 0;
  // Sends COMMIT and ROLLBACK as statements (see Lease::Commit).
  std::unique_ptr<sql::Statement> control;
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements;
  absl::Time last_used;
  // MariaDB (max_statement_time, seconds) or MySQL (max_execution_time, ms, SELECTs only).
  bool mariadb = false;
  // The server-side statement limit in force on this session, in whole seconds; 0: none.
  int64_t statement_limit_s = 0;
  // The session is in autocommit mode (lent for Session::kAutocommitReads); otherwise it
  // is in explicit transactions, as every new connection starts.
  bool autocommit = false;
};

class ConnectionPool final {
 public:
  // A connection on loan; goes back to the pool when destroyed, or is discarded if marked
  // broken.
  class Lease final {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    ~Lease();

    sql::Connection& connection() { return *conn_->conn; }
    // A prepared statement for `sql`, prepared once per connection and cached.
    sql::PreparedStatement& Prepare(const std::string& sql);
    // Ends the current transaction. Both throw sql::SQLException when the server does not
    // confirm. Never call sql::Connection::commit()/rollback(): in Connector/C++ 1.1 they
    // return normally when the COMMIT fails (connection killed, error packet), so a
    // rolled-back transaction would look committed. A COMMIT statement reports both.
    void Commit();
    void Rollback();
    // Starts a read-only transaction whose statements all read one consistent snapshot
    // (REPEATABLE READ for this transaction only; pooled sessions read committed). Only on
    // a lease in explicit transactions. Throws sql::SQLException.
    void BeginSnapshot();
    // Bounds how long any statement of this session may run on the server, and how long it
    // may wait for a row lock, to `remaining` rounded up to whole seconds (at least 1;
    // InfiniteDuration lifts the statement limit and restores the lock wait default). The
    // limit is sent only when that rounded figure changes, so callers with the usual
    // deadline pay nothing per transaction. Throws sql::SQLException.
    void LimitStatementTime(absl::Duration remaining);
    // Which opened connection this is (PooledConnection::session).
    uint64_t session() const { return conn_->session; }
    // The connection failed mid-use; the pool drops it instead of reusing it.
    void MarkBroken() { broken_ = true; }

   private:
    friend class ConnectionPool;
    Lease(ConnectionPool* pool, std::unique_ptr<PooledConnection> conn);
    ConnectionPool* pool_;
    std::unique_ptr<PooledConnection> conn_;
    bool broken_ = false;
  };

  struct Stats {
    int max_size = 0;
    int open = 0;          // connections that exist, idle or lent
    int in_use = 0;        // connections lent out
    int64_t waits = 0;     // acquisitions that had to wait
    int64_t timeouts = 0;  // acquisitions that hit the deadline
    int64_t connect_failures = 0;
    int64_t reconnects = 0;  // broken or stale connections replaced
  };

  // What a lease's session is set up for.
  enum class Session {
    // Explicit transactions (autocommit off): statements take effect at COMMIT. The
    // default, and what every caller that writes needs.
    kTransactions,
    // Autocommit on: each statement is its own transaction, so a read needs no COMMIT (one
    // round trip less). Only for reads that take no locks (RunReadOnly).
    kAutocommitReads,
  };

  // Loads the driver once; call from main() before any thread starts.
  static void InitDriver();

  explicit ConnectionPool(DbConfig config);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Lends a connection, opening one if below max size, with its session set up as
  // `session` asks. DEADLINE_EXCEEDED if none frees up in time, UNAVAILABLE if the database
  // cannot be reached, FAILED_PRECONDITION after Close(). An idle connection already in
  // the asked mode (and with a statement limit that fits) is preferred, so that switching
  // modes (one round trip) stays rare when reads and writes share the pool.
  absl::StatusOr<Lease> Acquire(absl::Time deadline, Session session = Session::kTransactions);

  // Runs "SELECT 1" on a pooled connection: OK if the database answers.
  absl::Status Ping(absl::Time deadline);

  // Whether the database answered the last call that reached it: callers report each
  // success (a commit, a new connection) and each lost connection, and `listener` hears
  // every change at once (health follows the database without waiting for a ping).
  // Calls to the listener are serialised and made in the order of the changes. Setting a
  // listener (or nullptr) forgets the state, so the next report is passed on.
  void ReportReachable(bool reachable);
  void SetReachabilityListener(std::function<void(bool reachable)> listener);
  // Whether the last report said reachable (false also when nothing was reported yet).
  bool reachable() const { return reachable_.load() == 1; }

  Stats GetStats() const;
  const DbConfig& config() const { return config_; }

  // Refuses further acquisitions and closes idle connections; lent ones close on return.
  void Close();

 private:
  void Return(std::unique_ptr<PooledConnection> conn, bool broken);
  absl::StatusOr<std::unique_ptr<PooledConnection>> Open(absl::Time deadline);
  // Whether an idle connection can be lent without a check, else it is pinged first.
  static bool FreshEnough(const PooledConnection& conn);

  const DbConfig config_;
  // -1 unknown, 0 unreachable, 1 reachable; read without a lock on the hot path.
  std::atomic<int> reachable_{-1};
  absl::Mutex reachability_mu_;
  std::function<void(bool)> reachability_listener_ ABSL_GUARDED_BY(reachability_mu_);
  mutable absl::Mutex mu_;
  absl::CondVar freed_;
  std::vector<std::unique_ptr<PooledConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // connections that exist (idle or lent), or being opened
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sales::db
