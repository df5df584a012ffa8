// Statements that run long, and the health probe. A pooled connection waits for a statement
// as long as the caller's deadline allows (the server ends it at the statement limit): a
// read of more than 30 s used to be cut by the client's read timeout as "database
// unavailable", which also marked the database unreachable. The probe that health uses
// answers on a connection of its own, even while every pooled connection is busy.
#include <gtest/gtest.h>

#include <cppconn/resultset.h>

#include <thread>

#include "common/db/connect.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/service_process.h"
#include "tests/harness/test_schema.h"

namespace sales::testing {
namespace {

TEST(LongStatementTest, AStatementLongerThanThirtySecondsFinishesWithinItsDeadline) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  db::DbConfig config = schema.db_config();
  config.pool_size = 1;
  db::ConnectionPool pool(config);
  std::vector<bool> heard;
  pool.SetReachabilityListener([&](bool reachable) { heard.push_back(reachable); });
  int64_t slept = -1;
  const absl::Time start = absl::Now();
  const absl::Status status =
      db::RunInTransaction(pool, absl::Now() + absl::Seconds(90), [&](db::Transaction& tx) {
        auto rs = tx.Query("SELECT SLEEP(32) AS slept", {});
        if (rs->next()) slept = rs->getInt64("slept");
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << status;
  EXPECT_EQ(slept, 0) << "SLEEP returns 0 when it was not interrupted";
  EXPECT_GE(absl::Now() - start, absl::Seconds(32));
  for (bool reachable : heard) EXPECT_TRUE(reachable) << "the long read marked it unreachable";
}

TEST(LongStatementTest, AStatementPastItsDeadlineEndsWithDeadlineExceeded) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  db::ConnectionPool pool(schema.db_config());
  const absl::Time start = absl::Now();
  const absl::Status status =
      db::RunInTransaction(pool, absl::Now() + absl::Seconds(2), [&](db::Transaction& tx) {
        tx.Exec("CREATE TEMPORARY TABLE t (x INT)");
        // A statement the server must interrupt: a long sleep inside a write.
        tx.Exec("INSERT INTO t SELECT SLEEP(20)");
        return absl::OkStatus();
      });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

TEST(LongStatementTest, TheProbeAnswersWhileEveryPooledConnectionIsBusy) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  db::DbConfig config = schema.db_config();
  config.pool_size = 1;
  db::ConnectionPool pool(config);
  std::thread busy([&] {
    (void)db::RunInTransaction(pool, absl::Now() + absl::Seconds(30), [&](db::Transaction& tx) {
      tx.Query("SELECT SLEEP(4)", {});
      return absl::OkStatus();
    });
  });
  absl::SleepFor(absl::Milliseconds(500));  // the one pooled connection is now sleeping
  const absl::Time start = absl::Now();
  EXPECT_TRUE(db::ProbeDatabase(config, absl::Now() + absl::Seconds(2)).ok());
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
  busy.join();
}

TEST(LongStatementTest, TheProbeFailsQuicklyWhereNoDatabaseListens) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  db::DbConfig config = schema.db_config();
  config.port = FreePort();
  const absl::Time start = absl::Now();
  const absl::Status status = db::ProbeDatabase(config, absl::Now() + absl::Seconds(2));
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_LT(absl::Now() - start, absl::Seconds(5));
}

}  // namespace
}  // namespace sales::testing
