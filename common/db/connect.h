// Opening connections to MariaDB: the driver, the options every connection uses, and the
// health probe. The pool (pool.h) opens its connections through these.
#pragma once

#include <cppconn/driver.h>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/db_config.h"

namespace sales::db {

// The longest statement limit a caller's deadline sets (longer deadlines get this one).
inline constexpr int64_t kMaxStatementLimitS = 3600;

// How long a pooled connection waits for the server's answer to one statement. The server
// ends a statement at its limit (max_statement_time, from the caller's deadline), so this
// only has to catch a server gone without a word. It must not be shorter than the limit:
// a long analytics read that the caller's deadline allows (at a million orders some take
// minutes) would otherwise be cut as "database unavailable" and mark the database
// unreachable (it was 30 s, which did exactly that).
inline constexpr int kPooledReadTimeoutS = kMaxStatementLimitS + 60;

sql::Driver* Driver();

// Connector/C++ wants threadInit()/threadEnd() around use in every thread; gRPC hands
// calls to threads we do not create, so this does it lazily once per thread.
void EnsureThreadInit();

// The connect options of `config` with these timeouts (seconds).
sql::ConnectOptionsMap ConnectOptions(const DbConfig& config, int connect_timeout_s,
                                      int read_timeout_s);

// "SELECT 1" on a connection of its own, opened and closed for the purpose, waiting at most
// until `deadline` and never more than 5 s: OK if the database answers. Health uses this
// rather than a pooled connection, whose reads may legitimately wait long, and so that a
// database that stopped answering shows even while every pooled connection is busy.
absl::Status ProbeDatabase(const DbConfig& config, absl::Time deadline);

}  // namespace sales::db
