// Point reads by key that block no thread: MariaDB Connector/C's non-blocking prepared
// statements, driven by one event-loop thread, for handlers served on gRPC's callback API.
// Coalesced as db::ReadCoalescer does (read_coalescer.h): one statement
// "prefix ?, ?, ... )" answers every key queued while the previous one ran, and a read never
// joins a statement that started before it (a caller reads its own writes).
//
// Why a second client library beside the pool's Connector/C++ (which has no non-blocking
// calls): a synchronous gRPC handler holds its thread while MariaDB answers, and on the
// 2-core bench machine those threads' switches and wake-ups were most of GetCustomer's cost.
// Measured in one session, alternating: server CPU per Get ~128 us synchronous, ~87 us here;
// throughput +25-30% (README, scripts/bench customers). For hot point reads only: writes
// and multi-statement reads stay on the pool and its transactions.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "absl/functional/any_invocable.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/db_config.h"

namespace sales::db {

// One row as the statement returned it, every column in its text form (integers in decimal,
// DATETIME as "YYYY-MM-DD HH:MM:SS[.ffffff]" in UTC), or NULL. Read by column name with
// RowReader's vocabulary (row_mapping.h), so that a row type maps itself once, in a template
// over the reader.
class FetchedRow {
 public:
  FetchedRow(std::shared_ptr<const std::vector<std::string>> names, std::vector<std::string> values,
             std::vector<bool> nulls)
      : names_(std::move(names)), values_(std::move(values)), nulls_(std::move(nulls)) {}

  bool IsNull(const char* column) const { return nulls_[Index(column)]; }
  int64_t Int64(const char* column) const;  // 0 for NULL
  int32_t Int32(const char* column) const { return static_cast<int32_t>(Int64(column)); }
  bool Bool(const char* column) const { return Int64(column) != 0; }
  const std::string& String(const char* column) const { return values_[Index(column)]; }
  absl::Time Time(const char* column) const;  // InfinitePast for NULL
  int64_t Int64OrZero(const char* column) const { return Int64(column); }
  const std::string& StringOrEmpty(const char* column) const { return String(column); }
  absl::Time TimeOrUnset(const char* column) const { return Time(column); }

 private:
  // The column's position; std::out_of_range for a name the statement does not return.
  size_t Index(const char* column) const;

  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<std::string> values_;  // "" for NULL
  std::vector<bool> nulls_;
};

class AsyncPointReader {
 public:
  struct Options {
    // The statement up to its IN list, e.g. "SELECT id, ... FROM t WHERE id IN (".
    std::string sql_prefix;
    std::string key_column = "id";  // the one holding the key, an integer
    int max_in_flight = 1;          // statements running at once, each on a connection of its own
    int max_batch = 64;             // keys per statement (padded to a power of two)
    // Bounds each statement on the server (max_statement_time); callers' deadlines are
    // enforced by the loop, which answers DEADLINE_EXCEEDED when one passes.
    absl::Duration statement_limit = absl::Seconds(10);
    // Told whether the database answered, after each statement and failed connect (e.g.
    // ConnectionPool::ReportReachable, which turns health NOT_SERVING at once).
    std::function<void(bool reachable)> reachable;
  };
  // The row of the key (nullptr if none), or why it could not be read. Called on the loop
  // thread, exactly once; the row lives only during the call.
  using Done = absl::AnyInvocable<void(absl::StatusOr<const FetchedRow*>)>;

  AsyncPointReader(DbConfig config, Options options);
  ~AsyncPointReader();  // answers what is still waiting with UNAVAILABLE
  AsyncPointReader(const AsyncPointReader&) = delete;
  AsyncPointReader& operator=(const AsyncPointReader&) = delete;

  void Get(int64_t key, absl::Time deadline, Done done);

 private:
  struct Conn;
  struct Waiter {
    int64_t key = 0;
    absl::Time deadline;
    int attempts = 0;
    Done done;  // empty once answered
  };

  void Loop();
  absl::Duration AnswerExpired(absl::Time now);
  void StartFetches();
  bool EnsureConnected(Conn& c);
  void StartOne(Conn& c);
  void Step(Conn& c, int ready);
  void Watch(Conn& c, int status);
  void Deliver(Conn& c);
  void Close(Conn& c);
  void Broken(Conn& c, const absl::Status& down);
  void FailQueued(const absl::Status& status);
  absl::Status BindResults(Conn& c);

  const DbConfig config_;
  const Options options_;
  int epoll_fd_ = -1;
  int event_fd_ = -1;
  std::vector<std::unique_ptr<Conn>> conns_;
  // The statement's column names, read at the first prepare (loop thread).
  std::shared_ptr<const std::vector<std::string>> names_;
  absl::Mutex mu_;
  std::vector<Waiter> queue_ ABSL_GUARDED_BY(mu_);
  std::atomic<bool> stop_{false};
  std::atomic<int> in_flight_{0};                   // written by the loop thread only
  absl::Time next_connect_ = absl::InfinitePast();  // loop thread: after a failed connect
  std::thread loop_;
};

}  // namespace sales::db
