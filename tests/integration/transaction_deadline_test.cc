// A transaction carries the caller's deadline, against the real MariaDB: no statement
// starts after it, the server stops a statement (or a row-lock wait) that would run far
// past it, and the limits set for one caller do not leak to the next user of the
// connection. Also: a duplicate key on a registered unique index names the field.
#include <gtest/gtest.h>

#include <thread>

#include "absl/synchronization/notification.h"
#include "common/db/pool.h"
#include "common/db/sql_error.h"
#include "common/db/transaction.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/query_int.h"
#include "tests/harness/test_schema.h"

namespace sales::testing {
namespace {

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

const db::UniqueKeys kTestKeys({{"uk_items_code", "item.code", "an item with this code"}});

class TransactionDeadlineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::ConnectionPool::InitDriver();
    schema_.emplace(TestSchema::Create(TestMariaDb()));
    pool_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    ASSERT_TRUE(db::RunInTransaction(*pool_, Soon(), [](db::Transaction& tx) {
                  tx.Exec(
                      "CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY, code VARCHAR(20), "
                      "UNIQUE KEY uk_items_code (code)) ENGINE=InnoDB");
                  tx.Exec("INSERT INTO items (id, code) VALUES (1, 'a')");
                  return absl::OkStatus();
                }).ok());
  }

  int64_t CountItems() { return QueryInt(*pool_, "SELECT COUNT(*) FROM items"); }

  std::optional<TestSchema> schema_;
  std::unique_ptr<db::ConnectionPool> pool_;
};

TEST_F(TransactionDeadlineTest, NoStatementStartsAfterTheDeadline) {
  const absl::Time deadline = absl::Now() + absl::Milliseconds(300);
  const absl::Status status = db::RunInTransaction(*pool_, deadline, [&](db::Transaction& tx) {
    tx.Exec("INSERT INTO items (id, code) VALUES (2, 'b')");
    absl::SleepFor(deadline - absl::Now() + absl::Milliseconds(50));
    tx.Exec("INSERT INTO items (id, code) VALUES (3, 'c')");  // refused: the deadline passed
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_EQ(CountItems(), 1) << "the first insert must have been rolled back";
}

TEST_F(TransactionDeadlineTest, ARowLockWaitEndsSoonAfterTheDeadline) {
  // Another session holds the row lock for longer than the caller may wait; MariaDB's
  // default lock wait (50 s) would hold the caller far past its deadline.
  absl::Notification locked;
  absl::Notification release;
  std::thread holder([&] {
    ASSERT_TRUE(
        db::RunInTransaction(*pool_, absl::Now() + absl::Seconds(60), [&](db::Transaction& tx) {
          tx.Exec("UPDATE items SET code = 'held' WHERE id = 1");
          locked.Notify();
          release.WaitForNotificationWithTimeout(absl::Seconds(30));
          return absl::OkStatus();
        }).ok());
  });
  locked.WaitForNotification();
  const absl::Time start = absl::Now();
  const absl::Status status =
      db::RunInTransaction(*pool_, start + absl::Milliseconds(1500), [](db::Transaction& tx) {
        tx.Exec("UPDATE items SET code = 'waiter' WHERE id = 1");
        return absl::OkStatus();
      });
  const absl::Duration waited = absl::Now() - start;
  release.Notify();
  holder.join();
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  // The limit is the remaining time rounded up to whole seconds: 2 s here, never the 50 s
  // default. The bound below is loose on purpose (a busy CI machine), not a benchmark.
  EXPECT_LT(waited, absl::Seconds(10)) << waited;
}

TEST_F(TransactionDeadlineTest, AStatementRunningPastTheDeadlineIsStoppedByTheServer) {
  const absl::Time start = absl::Now();
  const absl::Status status =
      db::RunInTransaction(*pool_, start + absl::Milliseconds(800), [](db::Transaction& tx) {
        // A long read: every row of a large cross join.
        tx.Query(
            "SELECT COUNT(*) FROM information_schema.COLUMNS a, information_schema.COLUMNS b, "
            "information_schema.COLUMNS c");
        return absl::OkStatus();
      });
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_LT(absl::Now() - start, absl::Seconds(10));
}

TEST_F(TransactionDeadlineTest, LimitsDoNotLeakToACallerWithoutDeadline) {
  ASSERT_TRUE(db::RunInTransaction(*pool_, absl::Now() + absl::Seconds(3), [](db::Transaction& tx) {
                auto rs = tx.Query("SELECT @@SESSION.innodb_lock_wait_timeout");
                rs->next();
                EXPECT_EQ(rs->getInt64(1), 3);
                return absl::OkStatus();
              }).ok());
  // The pool holds one idle connection now; a transaction without deadline gets it back
  // with the server's own settings.
  db::ConnectionPool::Lease lease = *pool_->Acquire(Soon());
  db::Transaction tx(std::move(lease));
  auto rs = tx.Query(
      "SELECT @@SESSION.innodb_lock_wait_timeout = @@GLOBAL.innodb_lock_wait_timeout, "
      "@@SESSION.max_statement_time = @@GLOBAL.max_statement_time");
  ASSERT_TRUE(rs->next());
  EXPECT_TRUE(rs->getBoolean(1));
  EXPECT_TRUE(rs->getBoolean(2));
}

TEST_F(TransactionDeadlineTest, ADuplicateOnARegisteredKeyNamesTheField) {
  const absl::Status status = db::RunInTransaction(*pool_, Soon(), [](db::Transaction& tx) {
    tx.Exec("INSERT INTO items (id, code) VALUES (2, 'a')");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kAlreadyExists) << status;
  EXPECT_EQ(status.message(), "item.code: an item with this code already exists");
}

TEST(DuplicateKeyIndexTest, ReadsTheIndexFromMariaDbAndMySqlMessages) {
  EXPECT_EQ(db::DuplicateKeyIndex("Duplicate entry 'x' for key 'uk_items_code'"), "uk_items_code");
  EXPECT_EQ(db::DuplicateKeyIndex("Duplicate entry 'it''s' for key 'items.uk_items_code'"),
            "uk_items_code");
  EXPECT_EQ(db::DuplicateKeyIndex("Deadlock found"), "");
}

}  // namespace
}  // namespace sales::testing
