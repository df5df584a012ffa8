// A bounded pool of MySQL connections: connects lazily, checks idle connections before
// handing them out, replaces broken ones (so it recovers after the server restarts), and
// waits for a free connection no longer than the caller's deadline.
#pragma once

#include <cppconn/connection.h>
#include <cppconn/prepared_statement.h>

#include <cstdint>
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
  std::unordered_map<std::string, std::unique_ptr<sql::PreparedStatement>> statements;
  absl::Time last_used;
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

  // Loads the driver once; call from main() before any thread starts.
  static void InitDriver();

  explicit ConnectionPool(DbConfig config);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Lends a connection, opening one if below max size. DEADLINE_EXCEEDED if none frees up
  // in time, UNAVAILABLE if the database cannot be reached, FAILED_PRECONDITION after
  // Close().
  absl::StatusOr<Lease> Acquire(absl::Time deadline);

  // Runs "SELECT 1" on a pooled connection: OK if the database answers.
  absl::Status Ping(absl::Time deadline);

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
  mutable absl::Mutex mu_;
  absl::CondVar freed_;
  std::vector<std::unique_ptr<PooledConnection>> idle_ ABSL_GUARDED_BY(mu_);
  int open_ ABSL_GUARDED_BY(mu_) = 0;  // connections that exist (idle or lent), or being opened
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  Stats stats_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sales::db
