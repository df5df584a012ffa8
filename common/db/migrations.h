// Schema migrations compiled into each binary (see cmake/EmbedMigrations.cmake), applied
// in order under a named lock and recorded in `schema_migrations`.
#pragma once

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "common/db/pool.h"

namespace sales::db {

struct Migration {
  std::string name;  // file name without extension, e.g. "V001__customers"
  std::string sql;   // statements separated by ';' at the end of a line
};

// Tables every service needs (outbox, idempotency); applied before its own migrations.
std::vector<Migration> CommonMigrations();

// Applies the migrations not yet recorded, in the given order, holding GET_LOCK so that
// replicas starting together apply each exactly once. Returns how many were applied.
absl::StatusOr<int> ApplyMigrations(ConnectionPool& pool, const std::vector<Migration>& migrations,
                                    absl::Time deadline);

// Splits a migration into statements: ';' at the end of a line ends one; lines starting
// with "--" are comments.
std::vector<std::string> SplitSqlStatements(const std::string& sql);

}  // namespace sales::db
