#include "common/db/transaction.h"

#include <cppconn/exception.h>
#include <cppconn/prepared_statement.h>
#include <cppconn/statement.h>

#include <algorithm>
#include <span>
#include <thread>

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/db/sql_error.h"
#include "common/status.h"

namespace sales::db {
namespace {

// Not a server code: Exec on a read-only transaction (a programming error, INTERNAL).
constexpr int kErrWriteInReadOnly = -3;
constexpr char kRetryPayload[] = "sales.db/retry";
constexpr char kUnknownCommitPayload[] = "sales.db/commit-outcome-unknown";
const absl::TimeZone& Utc() {
  static const absl::TimeZone utc = absl::UTCTimeZone();
  return utc;
}

std::function<void()>& OutboxCommitListener() {
  static std::function<void()> listener;
  return listener;
}

bool ShouldRetry(const absl::Status& status) {
  return IsRetryableTxError(MysqlCodeOf(status)) || status.GetPayload(kRetryPayload).has_value();
}

}  // namespace

SqlParam Nullable(const std::optional<std::string>& value) {
  if (value.has_value()) return *value;
  return nullptr;
}

SqlParam NullIfEmpty(std::string_view value) {
  if (value.empty()) return nullptr;
  return std::string(value);
}

SqlParam NullIfZero(int64_t value) {
  if (value == 0) return nullptr;
  return value;
}

SqlParam NullIfUnset(absl::Time value) {
  if (value == absl::InfinitePast() || value == absl::InfiniteFuture()) return nullptr;
  return value;
}

Transaction::Transaction(ConnectionPool::Lease lease, absl::Time deadline, Access access)
    : lease_(std::move(lease)), deadline_(deadline), access_(access) {}

Transaction::Transaction(Transaction&& other) noexcept
    : lease_(std::move(other.lease_)),
      deadline_(other.deadline_),
      access_(other.access_),
      limited_(other.limited_),
      open_(other.open_),
      wrote_outbox_(other.wrote_outbox_),
      wrote_(other.wrote_) {
  other.lease_.reset();
}

Transaction::~Transaction() {
  if (lease_.has_value() && open_) Rollback();
}

sql::PreparedStatement& Transaction::Bind(const std::string& sql, const SqlParam* params,
                                          size_t count) {
  absl::Duration remaining = absl::InfiniteDuration();
  if (deadline_ != absl::InfiniteFuture()) {
    remaining = deadline_ - absl::Now();
    if (remaining <= absl::ZeroDuration()) {
      throw sql::SQLException("the deadline passed", "HY000", kErrDeadlinePassed);
    }
  }
  if (!limited_) {
    lease_->LimitStatementTime(remaining);
    if (access_ == Access::kSnapshot) lease_->BeginSnapshot();
    limited_ = true;
  }
  sql::PreparedStatement& stmt = lease_->Prepare(sql);
  stmt.clearParameters();
  unsigned index = 1;
  for (const SqlParam& param : std::span(params, count)) {
    std::visit(
        [&](const auto& v) {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::nullptr_t>) {
            stmt.setNull(index, 0);
          } else if constexpr (std::is_same_v<T, int64_t>) {
            stmt.setInt64(index, v);
          } else if constexpr (std::is_same_v<T, std::string>) {
            stmt.setString(index, sql::SQLString(v));
          } else if constexpr (std::is_same_v<T, bool>) {
            stmt.setBoolean(index, v);
          } else {
            stmt.setString(index, sql::SQLString(ToSqlTime(v)));
          }
        },
        param);
    ++index;
  }
  return stmt;
}

namespace {

void RefuseWriteIn(Access access) {
  if (access != Access::kReadWrite) {
    throw sql::SQLException("a read-only transaction cannot write", "HY000", kErrWriteInReadOnly);
  }
}

}  // namespace

int64_t Transaction::Exec(const std::string& sql, std::initializer_list<SqlParam> params) {
  RefuseWriteIn(access_);
  wrote_ = true;
  return Bind(sql, params.begin(), params.size()).executeUpdate();
}

int64_t Transaction::Exec(const std::string& sql, std::span<const SqlParam> params) {
  RefuseWriteIn(access_);
  wrote_ = true;
  return Bind(sql, params.data(), params.size()).executeUpdate();
}

std::unique_ptr<sql::ResultSet> Transaction::Query(const std::string& sql,
                                                   std::initializer_list<SqlParam> params) {
  return std::unique_ptr<sql::ResultSet>(Bind(sql, params.begin(), params.size()).executeQuery());
}

std::unique_ptr<sql::ResultSet> Transaction::Query(const std::string& sql,
                                                   std::span<const SqlParam> params) {
  return std::unique_ptr<sql::ResultSet>(Bind(sql, params.data(), params.size()).executeQuery());
}

int64_t Transaction::LastInsertId() {
  auto rs = Query("SELECT LAST_INSERT_ID()");
  rs->next();
  return rs->getInt64(1);
}

absl::Status Transaction::Commit() {
  open_ = false;  // whatever happens below, this transaction is over
  if (access_ == Access::kReadOnly) return absl::OkStatus();  // autocommit: nothing pending
  if (access_ == Access::kSnapshot) {
    // Nothing was written: ending the snapshot cannot lose anything, and what was read
    // stands whether or not the server confirms.
    Rollback();
    return absl::OkStatus();
  }
  try {
    lease_->Commit();
    return absl::OkStatus();
  } catch (const sql::SQLException& e) {
    lease_->MarkBroken();
    if (!IsConnectionError(e.getErrorCode())) return FromSqlException(e, "commit");
    absl::Status status = absl::UnavailableError(
        "the database connection was lost during commit: the outcome is unknown; retry "
        "with the same request_id");
    status.SetPayload(kUnknownCommitPayload, absl::Cord("1"));
    return status;
  }
}

void Transaction::Rollback() {
  open_ = false;
  if (access_ == Access::kReadOnly) return;  // autocommit: nothing pending
  try {
    lease_->Rollback();
  } catch (const sql::SQLException&) {
    lease_->MarkBroken();  // a connection that cannot roll back is not reused
  }
}

namespace {

// RunReadOnly and RunSnapshotRead: `body` on a lease set up as `session`, as `access`.
absl::Status RunRead(ConnectionPool& pool, absl::Time deadline, ConnectionPool::Session session,
                     Access access, absl::FunctionRef<absl::Status(Transaction&)> body) {
  absl::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    auto lease = pool.Acquire(deadline, session);
    if (!lease.ok()) return lease.status();
    Transaction tx(std::move(lease).value(), deadline, access);
    try {
      status = body(tx);
      (void)tx.Commit();  // ends it: nothing was written (autocommit sends nothing)
      if (status.ok()) {
        pool.ReportReachable(true);
        return status;
      }
      if (!ShouldRetry(status)) return status;
    } catch (const sql::SQLException& e) {
      status = FromSqlException(e, "read");
      if (!IsConnectionError(e.getErrorCode())) return status;
      tx.lease().MarkBroken();
      pool.ReportReachable(false);
    }
    if (absl::Now() >= deadline) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt * attempt));
  }
  return status;
}

}  // namespace

absl::Status RunReadOnly(ConnectionPool& pool, absl::Time deadline,
                         absl::FunctionRef<absl::Status(Transaction&)> body) {
  return RunRead(pool, deadline, ConnectionPool::Session::kAutocommitReads, Access::kReadOnly,
                 body);
}

absl::Status RunSnapshotRead(ConnectionPool& pool, absl::Time deadline,
                             absl::FunctionRef<absl::Status(Transaction&)> body) {
  return RunRead(pool, deadline, ConnectionPool::Session::kTransactions, Access::kSnapshot, body);
}

bool IsCommitOutcomeUnknown(const absl::Status& status) {
  return status.GetPayload(kUnknownCommitPayload).has_value();
}

std::string RowPlaceholders(int rows, int columns) {
  std::string row = "(";
  for (int c = 0; c < columns; ++c) row += c == 0 ? "?" : ", ?";
  row += ")";
  std::string out;
  for (int r = 0; r < rows; ++r) {
    if (r > 0) out += ", ";
    out += row;
  }
  return out;
}

namespace {

constexpr size_t kMaxRowsPerStatement = 256;

// The largest power of two <= min(n, kMaxRowsPerStatement).
size_t ChunkRows(size_t n) {
  size_t size = 1;
  while (size * 2 <= std::min(n, kMaxRowsPerStatement)) size *= 2;
  return size;
}

// Calls `run(sql, chunk_params)` for each chunk of rows (a view into `params`, not a copy).
template <typename Run>
void ForEachChunk(const std::string& prefix, int width, const std::vector<SqlParam>& params,
                  const std::string& suffix, Run run) {
  const size_t rows = params.size() / static_cast<size_t>(width);
  const std::span<const SqlParam> all(params);
  for (size_t done = 0; done < rows;) {
    const size_t n = ChunkRows(rows - done);
    run(prefix + RowPlaceholders(static_cast<int>(n), width) + suffix,
        all.subspan(done * width, n * width));
    done += n;
  }
}

}  // namespace

void ExecRows(Transaction& tx, const std::string& prefix, int width,
              const std::vector<SqlParam>& params, const std::string& suffix) {
  ForEachChunk(
      prefix, width, params, suffix,
      [&](const std::string& sql, std::span<const SqlParam> chunk) { tx.Exec(sql, chunk); });
}

void QueryRows(Transaction& tx, const std::string& prefix, int width,
               const std::vector<SqlParam>& params, const std::string& suffix,
               absl::FunctionRef<void(sql::ResultSet&)> on_row) {
  ForEachChunk(prefix, width, params, suffix,
               [&](const std::string& sql, std::span<const SqlParam> chunk) {
                 auto rs = tx.Query(sql, chunk);
                 while (rs->next()) on_row(*rs);
               });
}

std::string ToSqlTime(absl::Time t) { return absl::FormatTime("%Y-%m-%d %H:%M:%E6S", t, Utc()); }

absl::Time GetSqlTime(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return absl::InfinitePast();
  const std::string text = rs.getString(column);
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, Utc(), &t, &err)) {
    return absl::InfinitePast();
  }
  return t;
}

std::string GetString(sql::ResultSet& rs, const char* column) {
  if (rs.isNull(column)) return "";
  return rs.getString(column);
}

void SetOutboxCommitListener(std::function<void()> listener) {
  OutboxCommitListener() = std::move(listener);
}

absl::Status RetryTransactionError(std::string_view why) {
  absl::Status status = absl::AbortedError(ToAbsl(why));
  status.SetPayload(kRetryPayload, absl::Cord("1"));
  return status;
}

absl::Status RunInTransaction(ConnectionPool& pool, absl::Time deadline,
                              absl::FunctionRef<absl::Status(Transaction&)> body,
                              OnUnknownCommit on_unknown_commit) {
  absl::Status status;
  for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
    auto lease = pool.Acquire(deadline);
    if (!lease.ok()) return lease.status();
    Transaction tx(std::move(lease).value(), deadline);
    bool run_again = false;
    try {
      status = body(tx);
      if (status.ok()) {
        status = tx.Commit();
        if (status.ok()) {
          pool.ReportReachable(true);
          if (tx.wrote_outbox() && OutboxCommitListener()) OutboxCommitListener()();
          return status;
        }
        if (IsCommitOutcomeUnknown(status)) {
          pool.ReportReachable(false);
          run_again = on_unknown_commit == OnUnknownCommit::kRetry || !tx.wrote();
        } else {
          run_again = ShouldRetry(status);  // refused by the server: not committed
        }
      } else {
        tx.Rollback();
        run_again = ShouldRetry(status);
      }
    } catch (const sql::SQLException& e) {
      status = FromSqlException(e, "transaction");
      if (IsConnectionError(e.getErrorCode())) {
        // Lost before COMMIT was sent: the server rolls the transaction back.
        tx.lease().MarkBroken();
        pool.ReportReachable(false);
        run_again = true;
      } else {
        tx.Rollback();
        run_again = ShouldRetry(status);
      }
    }
    if (!run_again) break;
    if (absl::Now() >= deadline) {
      if (ShouldRetry(status)) {
        status = absl::DeadlineExceededError(
            "the deadline passed while the transaction waited for a conflicting one; nothing "
            "was committed");
      }
      break;
    }
    // Back off a little so the competing transaction can finish.
    std::this_thread::sleep_for(std::chrono::milliseconds(2 * attempt * attempt));
  }
  return status;
}

}  // namespace sales::db
