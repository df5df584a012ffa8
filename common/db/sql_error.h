// MySQL error codes mapped to absl::Status in one place.
#pragma once

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

// True for the errors after which the whole transaction may simply be run again.
bool IsRetryableTxError(int mysql_code);
// True when the connection is unusable and must be reconnected.
bool IsConnectionError(int mysql_code);

// Maps a Connector/C++ exception: duplicate key -> ALREADY_EXISTS, deadlock/lock wait ->
// ABORTED, lost connection -> UNAVAILABLE, anything else -> INTERNAL. `what` names the
// operation for the log; it never reaches a caller (ToGrpcStatus hides INTERNAL text).
absl::Status FromSqlException(const sql::SQLException& e, std::string_view what);

// The MySQL error code carried in a status made by FromSqlException, or 0.
int MysqlCodeOf(const absl::Status& status);

}  // namespace sales::db
