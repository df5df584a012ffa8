// MySQL error codes mapped to absl::Status in one place.
#pragma once

#include <initializer_list>
#include <string_view>

#include "absl/status/status.h"

namespace sql {
class SQLException;
}  // namespace sql

namespace sales::db {

inline constexpr int kErrDuplicateKey = 1062;
inline constexpr int kErrLockWaitTimeout = 1205;
inline constexpr int kErrDeadlock = 1213;
inline constexpr int kErrServerGone = 2006;
inline constexpr int kErrServerLost = 2013;
inline constexpr int kErrCantConnect = 2003;
// Connector/C's "Can't connect to server" when the connect itself is refused (CR_CONNECTION_ERROR).
inline constexpr int kErrConnectionRefused = 2002;
// A statement stopped by the server's statement time limit: MariaDB's max_statement_time
// (ER_STATEMENT_TIMEOUT) and MySQL 8's max_execution_time (ER_QUERY_TIMEOUT).
inline constexpr int kErrStatementTimeoutMariaDb = 1969;
inline constexpr int kErrStatementTimeoutMySql = 3024;
// Not a server code: a statement the transaction refused to start because the caller's
// deadline had passed (Transaction throws it as an sql::SQLException).
inline constexpr int kErrDeadlinePassed = -2;

// How many times a transaction or read runs when it lost its connection or conflicted.
inline constexpr int kMaxAttempts = 4;

// True for the errors after which the whole transaction may simply be run again.
bool IsRetryableTxError(int mysql_code);
// True when the connection is unusable and must be reconnected.
bool IsConnectionError(int mysql_code);

// A unique index of a schema, the request field whose value collides on it, and what the
// colliding thing is, e.g. {"uk_products_sku", "product.sku", "a product with this SKU"}.
struct UniqueKeyField {
  std::string_view index;
  std::string_view field;
  std::string_view what;
};

// Registers unique indexes so that a duplicate key on any of them, wherever it happens,
// maps in FromSqlException to ALREADY_EXISTS "<field>: <what> already exists". Each store
// declares its schema's keys once, as a namespace-scope object next to its SQL; stores
// then let the exception reach RunInTransaction instead of catching it themselves.
class UniqueKeys final {
 public:
  UniqueKeys(std::initializer_list<UniqueKeyField> keys);
};

// The index named in a duplicate-key message ("Duplicate entry 'x' for key 'uk_a'", or
// MySQL 8's "... for key 'table.uk_a'"), or empty.
std::string_view DuplicateKeyIndex(std::string_view message);

// Maps a Connector/C++ exception: duplicate key -> ALREADY_EXISTS, deadlock/lock wait ->
// ABORTED, lost connection -> UNAVAILABLE, a statement stopped by the deadline ->
// DEADLINE_EXCEEDED, anything else -> INTERNAL. `what` names the
// operation for the log; it never reaches a caller (ToGrpcStatus hides INTERNAL text).
absl::Status FromSqlException(const sql::SQLException& e, std::string_view what);
// The same from an error code and its message (Connector/C's mysql_stmt_errno/_error).
absl::Status FromMysqlError(int code, std::string_view message, std::string_view what);

// The MySQL error code carried in a status made by FromSqlException or FromMysqlError, or 0.
int MysqlCodeOf(const absl::Status& status);

}  // namespace sales::db
