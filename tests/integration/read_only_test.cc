// RunReadOnly against the real MariaDB: a read in autocommit sees committed data, refuses to
// write, keeps the caller's deadline, and never leaves its connection in autocommit for the
// transactions that use it next (their writes still commit or roll back together).
#include <gtest/gtest.h>

#include <cppconn/resultset.h>

#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/query_int.h"
#include "tests/harness/test_schema.h"

namespace sales::testing {
namespace {

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

class ReadOnlyTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::ConnectionPool::InitDriver();
    schema_.emplace(TestSchema::Create(TestMariaDb()));
    db::DbConfig config = schema_->db_config();
    config.pool_size = 1;  // every call below shares one session
    pool_ = std::make_unique<db::ConnectionPool>(config);
    ASSERT_TRUE(db::RunInTransaction(*pool_, Soon(), [](db::Transaction& tx) {
                  tx.Exec("CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB");
                  tx.Exec("INSERT INTO items (id) VALUES (1)");
                  return absl::OkStatus();
                }).ok());
  }

  // Reads `SELECT COUNT(*) FROM items` with RunReadOnly.
  int64_t ReadCount() {
    int64_t count = -1;
    const absl::Status status = db::RunReadOnly(*pool_, Soon(), [&](db::Transaction& tx) {
      auto rs = tx.Query("SELECT COUNT(*) FROM items");
      if (rs->next()) count = rs->getInt64(1);
      return absl::OkStatus();
    });
    EXPECT_TRUE(status.ok()) << status;
    return count;
  }

  std::optional<TestSchema> schema_;
  std::unique_ptr<db::ConnectionPool> pool_;
};

TEST_F(ReadOnlyTest, ReadsWhatOthersCommitted) {
  EXPECT_EQ(ReadCount(), 1);
  ASSERT_TRUE(db::RunInTransaction(*pool_, Soon(), [](db::Transaction& tx) {
                tx.Exec("INSERT INTO items (id) VALUES (2)");
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(ReadCount(), 2);
  EXPECT_EQ(pool_->GetStats().open, 1);  // both kinds of use share the one connection
}

TEST_F(ReadOnlyTest, AWriteAfterAReadStillRollsBackAsOne) {
  EXPECT_EQ(ReadCount(), 1);  // leaves the only connection's session in autocommit
  const absl::Status failed = db::RunInTransaction(*pool_, Soon(), [](db::Transaction& tx) {
    tx.Exec("INSERT INTO items (id) VALUES (2)");
    return absl::AbortedError("changed my mind");
  });
  EXPECT_EQ(failed.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(ReadCount(), 1) << "the insert must have been rolled back, not autocommitted";
}

TEST_F(ReadOnlyTest, ALeaseAfterAReadIsInTransactionMode) {
  EXPECT_EQ(ReadCount(), 1);
  auto lease = pool_->Acquire(Soon());
  ASSERT_TRUE(lease.ok()) << lease.status();
  std::unique_ptr<sql::ResultSet> rs(lease->Prepare("SELECT @@autocommit").executeQuery());
  ASSERT_TRUE(rs->next());
  EXPECT_EQ(rs->getInt(1), 0);
  rs.reset();
  lease->Rollback();
}

TEST_F(ReadOnlyTest, RefusesToWrite) {
  const absl::Status status = db::RunReadOnly(*pool_, Soon(), [](db::Transaction& tx) {
    tx.Exec("INSERT INTO items (id) VALUES (2)");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_EQ(QueryInt(*pool_, "SELECT COUNT(*) FROM items"), 1);
}

TEST_F(ReadOnlyTest, AReadEndsSoonAfterTheDeadline) {
  const absl::Time start = absl::Now();
  const absl::Status status =
      db::RunReadOnly(*pool_, start + absl::Milliseconds(500), [](db::Transaction& tx) {
        tx.Query("SELECT SLEEP(30)");
        return absl::OkStatus();
      });
  // MariaDB stops the statement at its limit (a whole second at most past the deadline);
  // SLEEP() may also just return early, interrupted, which is no error.
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
  if (!status.ok()) {
    EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  }
  EXPECT_EQ(ReadCount(), 1);  // the connection serves the next read
}

TEST_F(ReadOnlyTest, NoReadStartsAfterTheDeadline) {
  const absl::Status status =
      db::RunReadOnly(*pool_, absl::Now() - absl::Milliseconds(1), [](db::Transaction& tx) {
        tx.Query("SELECT 1");
        return absl::OkStatus();
      });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
}

}  // namespace
}  // namespace sales::testing
