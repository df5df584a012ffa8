// Move-only RAII transactions over a pooled connection, with typed parameter binding, and
// RunInTransaction: the one way store code talks to MySQL.
#pragma once

#include <cppconn/resultset.h>

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "absl/functional/function_ref.h"
#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/pool.h"

namespace sales::db {

// A value bound to a `?` placeholder. absl::Time binds as a UTC DATETIME(6) text.
using SqlParam = std::variant<std::nullptr_t, int64_t, std::string, bool, absl::Time>;

// Optional values bind as NULL when empty.
SqlParam Nullable(const std::optional<std::string>& value);
// Empty strings bind as NULL (for optional text columns with unique keys).
SqlParam NullIfEmpty(std::string_view value);
// 0 binds as NULL (optional ids and enum filters).
SqlParam NullIfZero(int64_t value);
// InfinitePast / InfiniteFuture (an unset time) bind as NULL.
SqlParam NullIfUnset(absl::Time value);

// Whether a transaction may write. A read-only one runs on a lease in autocommit mode
// (ConnectionPool::Session::kAutocommitReads): each statement is its own transaction, and
// there is nothing to commit. A snapshot is one read-only transaction in which every
// statement sees the data as it was when the first one ran (RunSnapshotRead).
enum class Access { kReadWrite, kReadOnly, kSnapshot };

class Transaction final {
 public:
  // `deadline` is the caller's: no statement starts after it (the call throws, mapped to
  // DEADLINE_EXCEEDED), and before the first statement the session's server-side limits
  // (statement time, row-lock wait) are set to the time that remains, so none runs far
  // past it either. A kReadOnly transaction refuses Exec (it throws) and commits nothing.
  explicit Transaction(ConnectionPool::Lease lease, absl::Time deadline = absl::InfiniteFuture(),
                       Access access = Access::kReadWrite);
  // Not defaulted: a moved-from std::optional stays engaged, and the moved-from
  // transaction would then roll back through an empty lease.
  Transaction(Transaction&& other) noexcept;
  Transaction& operator=(Transaction&&) = delete;
  ~Transaction();  // rolls back unless committed

  // Executes an INSERT/UPDATE/DELETE; returns the affected row count.
  // Throws sql::SQLException (RunInTransaction catches and maps it).
  int64_t Exec(const std::string& sql, std::initializer_list<SqlParam> params = {});
  // Executes a SELECT; the result is fully buffered.
  std::unique_ptr<sql::ResultSet> Query(const std::string& sql,
                                        std::initializer_list<SqlParam> params = {});
  // The same with a parameter list built at run time (multi-row statements whose text is
  // built from placeholders only).
  int64_t Exec(const std::string& sql, std::span<const SqlParam> params);
  std::unique_ptr<sql::ResultSet> Query(const std::string& sql, std::span<const SqlParam> params);
  // AUTO_INCREMENT id of the last insert on this connection.
  int64_t LastInsertId();

  // Commits with a COMMIT statement whose answer is checked (a read-only transaction has
  // nothing to commit and sends nothing). OK only if the server confirmed. A lost connection gives
  // UNAVAILABLE with IsCommitOutcomeUnknown (the transaction may or may not have committed); an
  // error the server answered means it did not commit. After any failure the connection is dropped,
  // never reused.
  absl::Status Commit();
  // Records that this transaction wrote an outbox row, so that the commit listener (the
  // event relay) is told after the commit instead of finding it at its next poll.
  void NoteOutboxWrite() { wrote_outbox_ = true; }
  bool wrote_outbox() const { return wrote_outbox_; }
  // Whether Exec ran: a transaction that only read loses nothing when its commit is lost.
  bool wrote() const { return wrote_; }
  // Rolls back; a connection that cannot confirm it is dropped (the server then rolls
  // back when the session ends).
  void Rollback();
  ConnectionPool::Lease& lease() { return *lease_; }

 private:
  sql::PreparedStatement& Bind(const std::string& sql, const SqlParam* params, size_t count);
  std::optional<ConnectionPool::Lease> lease_;
  absl::Time deadline_;
  Access access_;
  bool limited_ = false;  // the server-side limit was set for this transaction
  bool open_ = true;
  bool wrote_outbox_ = false;
  bool wrote_ = false;
};

// "(?, ?), (?, ?)" for `rows` rows of `columns` placeholders: multi-row statements are built
// from placeholders only, never from values.
std::string RowPlaceholders(int rows, int columns);

// (A request's few rows in one statement of their exact size: common/db/batches.h.)
// Runs `prefix + RowPlaceholders(n, width) + suffix` over `params` (row-major, `width` values
// per row) in chunks of at most 256 rows whose sizes are powers of two, so that few statement
// texts get prepared. E.g. a multi-row INSERT, or "... WHERE id IN (" + rows + ")" with
// width 1. Throws sql::SQLException like Exec.
void ExecRows(Transaction& tx, const std::string& prefix, int width,
              const std::vector<SqlParam>& params, const std::string& suffix = "");
// The same for a SELECT: `on_row` sees every row of every chunk.
void QueryRows(Transaction& tx, const std::string& prefix, int width,
               const std::vector<SqlParam>& params, const std::string& suffix,
               absl::FunctionRef<void(sql::ResultSet&)> on_row);

// Formats a time for a DATETIME(6) column (UTC, microseconds).
std::string ToSqlTime(absl::Time t);
// Reads a DATETIME(6) column written by ToSqlTime; InfinitePast for NULL.
absl::Time GetSqlTime(sql::ResultSet& rs, const char* column);
// Reads a nullable text column; empty for NULL.
std::string GetString(sql::ResultSet& rs, const char* column);

// What RunInTransaction does when the connection is lost during COMMIT, so that nobody
// knows whether the transaction committed.
enum class OnUnknownCommit {
  // Answer UNAVAILABLE saying that the outcome is unknown: never OK, never run again
  // blindly. The caller retries with the same request_id (or reads before retrying).
  kReport,
  // Run the body again: it is idempotent by its own records (a request_id row, a consumer
  // position), so a second run finds a committed first run and changes nothing twice.
  kRetry,
};

// Runs `body` in a new transaction and commits it if `body` returns OK (otherwise rolls
// back). A deadlock, a lock-wait timeout, or a connection lost before the COMMIT was sent
// reruns the whole body (nothing committed), up to 4 attempts in all, within the deadline.
// A connection lost during the COMMIT is handled as `on_unknown_commit` says (a body that
// only read is simply run again). SQL
// exceptions thrown by the body are mapped with FromSqlException. The pool hears of every
// commit and every lost connection (ReportReachable).
absl::Status RunInTransaction(ConnectionPool& pool, absl::Time deadline,
                              absl::FunctionRef<absl::Status(Transaction&)> body,
                              OnUnknownCommit on_unknown_commit = OnUnknownCommit::kReport);

// Runs `body`, which only reads, on a connection in autocommit mode: no COMMIT follows, so
// a one-statement read costs one round trip instead of two. Pooled sessions read committed
// data, where every statement sees its own snapshot inside a transaction too; what the body
// gives up is locking reads (FOR UPDATE, LOCK IN SHARE MODE), whose locks would end with
// their statement: it must not use them, and Exec is refused (INTERNAL). A connection lost
// mid-read runs the body again (up to 4 attempts, within the deadline); errors are mapped
// like RunInTransaction's.
absl::Status RunReadOnly(ConnectionPool& pool, absl::Time deadline,
                         absl::FunctionRef<absl::Status(Transaction&)> body);

// Runs `body`, which only reads, in one transaction on a consistent snapshot (REPEATABLE
// READ, START TRANSACTION WITH CONSISTENT SNAPSHOT, READ ONLY; MariaDB and MySQL 8): all its
// statements see the same committed state, so figures read by several statements and shown
// together (a report, a lift with its use) add up even while ingestion commits. It costs
// three round trips more than RunReadOnly (the isolation level, the start, the rollback that
// ends it); use RunReadOnly when one statement answers, or when the answer's statements
// need not agree. Exec is refused; retries and errors as RunReadOnly's.
absl::Status RunSnapshotRead(ConnectionPool& pool, absl::Time deadline,
                             absl::FunctionRef<absl::Status(Transaction&)> body);

// True for the status of a commit whose connection was lost: it may have committed.
bool IsCommitOutcomeUnknown(const absl::Status& status);

// Called (from the committing thread) after every transaction run by RunInTransaction that
// wrote outbox rows has committed. One per process; set before serving.
void SetOutboxCommitListener(std::function<void()> listener);

// A status that asks RunInTransaction to run the body again (e.g. after losing a race on
// a unique key to a transaction that has since committed).
absl::Status RetryTransactionError(std::string_view why);

}  // namespace sales::db
