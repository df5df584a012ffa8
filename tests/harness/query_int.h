// One integer read straight from a test's schema (a count, a position), for tests that check
// what a call left in the database.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <initializer_list>
#include <string>

#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"

namespace sales::testing {

// The first column of the first row of `sql` (0 for no row or NULL; -1 and a test failure
// when the query fails), read in a transaction of its own.
inline int64_t QueryInt(db::ConnectionPool& pool, const std::string& sql,
                        std::initializer_list<db::SqlParam> params = {}) {
  int64_t value = -1;
  const absl::Status status =
      db::RunInTransaction(pool, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
        auto rs = tx.Query(sql, params);
        value = rs->next() && !rs->isNull(1) ? rs->getInt64(1) : 0;
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << sql << ": " << status;
  return value;
}

}  // namespace sales::testing
