// How a transaction ends, against the real MariaDB, when the connection fails at the worst
// moment. Connector/C++ 1.1's Connection::commit() and rollback() return normally when the
// server never confirmed them; these tests pin down that our commit, rollback and
// autocommit handling see every such failure, that a commit whose outcome is unknown is
// never answered OK, and that nothing is run twice unless it is safe.
#include <gtest/gtest.h>

#include <atomic>
#include <utility>
#include <vector>

#include "common/db/pool.h"
#include "common/db/sql_error.h"
#include "common/db/transaction.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/query_int.h"
#include "tests/harness/test_schema.h"

namespace sales::testing {
namespace {

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

// A schema with one table, a pool as the schema's own user, and an admin pool that can
// look at rows and kill the user's connections.
class TransactionCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db::ConnectionPool::InitDriver();
    schema_.emplace(TestSchema::Create(TestMariaDb()));
    admin_ = std::make_unique<db::ConnectionPool>(
        schema_->endpoint().AdminConfig(schema_->database(), 2));
    ASSERT_TRUE(db::RunInTransaction(*admin_, Soon(), [](db::Transaction& tx) {
                  tx.Exec("CREATE TABLE items (id BIGINT NOT NULL PRIMARY KEY) ENGINE=InnoDB");
                  return absl::OkStatus();
                }).ok());
    pool_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
  }

  void TearDown() override {
    pool_.reset();
    admin_.reset();
    schema_.reset();
  }

  int64_t CountItems() { return QueryInt(*admin_, "SELECT COUNT(*) FROM items"); }

  static int64_t QueryCount(db::Transaction& tx) {
    auto rs = tx.Query("SELECT COUNT(*) FROM items");
    rs->next();
    return rs->getInt64(1);
  }

  // Commits row `id` from another session.
  void AdminInsert(int64_t id) {
    ASSERT_TRUE(db::RunInTransaction(*admin_, Soon(), [&](db::Transaction& tx) {
                  tx.Exec("INSERT INTO items (id) VALUES (?)", {id});
                  return absl::OkStatus();
                }).ok());
  }

  // The row count `run` reads before and after another session commits row `id`.
  template <typename Run>
  std::pair<int64_t, int64_t> CountsAroundAnInsert(Run run, int64_t id) {
    std::pair<int64_t, int64_t> counts{-1, -1};
    EXPECT_TRUE(run(*pool_, Soon(), [&](db::Transaction& tx) {
                  counts.first = QueryCount(tx);
                  AdminInsert(id);
                  counts.second = QueryCount(tx);
                  return absl::OkStatus();
                }).ok());
    return counts;
  }

  static int64_t ConnectionId(db::Transaction& tx) {
    auto rs = tx.Query("SELECT CONNECTION_ID()");
    rs->next();
    return rs->getInt64(1);
  }

  // Kills session `id` from the admin connection, as an operator or a failover would, and
  // waits until the server has ended it.
  void Kill(int64_t id) {
    ASSERT_TRUE(db::RunInTransaction(*admin_, Soon(), [&](db::Transaction& tx) {
                  tx.Exec("KILL CONNECTION ?", {id});
                  return absl::OkStatus();
                }).ok());
    const absl::Time deadline = Soon();
    while (absl::Now() < deadline) {
      int64_t left = 0;
      ASSERT_TRUE(db::RunInTransaction(*admin_, Soon(), [&](db::Transaction& tx) {
                    auto rs = tx.Query(
                        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID = ?", {id});
                    rs->next();
                    left = rs->getInt64(1);
                    return absl::OkStatus();
                  }).ok());
      if (left == 0) return;
      absl::SleepFor(absl::Milliseconds(10));
    }
    FAIL() << "session " << id << " still there after KILL";
  }

  std::optional<TestSchema> schema_;
  std::unique_ptr<db::ConnectionPool> admin_;
  std::unique_ptr<db::ConnectionPool> pool_;
};

TEST_F(TransactionCommitTest, ConfirmedCommitIsOkAndVisible) {
  auto lease = pool_->Acquire(Soon());
  ASSERT_TRUE(lease.ok());
  db::Transaction tx(std::move(lease).value());
  tx.Exec("INSERT INTO items (id) VALUES (1)");
  EXPECT_TRUE(tx.Commit().ok());
  EXPECT_EQ(CountItems(), 1);
}

TEST_F(TransactionCommitTest, PooledConnectionsAreNotInAutocommit) {
  auto lease = pool_->Acquire(Soon());
  ASSERT_TRUE(lease.ok());
  db::Transaction tx(std::move(lease).value());
  auto rs = tx.Query("SELECT @@autocommit, @@time_zone");
  ASSERT_TRUE(rs->next());
  EXPECT_EQ(rs->getInt(1), 0);
  EXPECT_EQ(rs->getString(2), "+00:00");
  // So a statement is not committed on its own: a rollback takes it back.
  tx.Exec("INSERT INTO items (id) VALUES (1)");
  tx.Rollback();
  EXPECT_EQ(CountItems(), 0);
}

// The bug this guards against: Connection::commit() returned normally here and 0 rows
// were committed, so a service answered OK for a write that did not exist.
TEST_F(TransactionCommitTest, CommitOnAKilledConnectionIsUnknownNeverOk) {
  auto lease = pool_->Acquire(Soon());
  ASSERT_TRUE(lease.ok());
  {
    db::Transaction tx(std::move(lease).value());
    tx.Exec("INSERT INTO items (id) VALUES (1)");
    Kill(ConnectionId(tx));
    const absl::Status status = tx.Commit();
    EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
    EXPECT_TRUE(db::IsCommitOutcomeUnknown(status)) << status;
    EXPECT_NE(status.message().find("outcome is unknown"), std::string::npos) << status;
  }
  EXPECT_EQ(CountItems(), 0);
  // The dead connection went away instead of back into the pool.
  EXPECT_EQ(pool_->GetStats().open, 0);
  EXPECT_EQ(pool_->GetStats().reconnects, 1);
}

// A COMMIT the server answers with an error packet (1399: an XA transaction is active).
TEST_F(TransactionCommitTest, CommitRefusedByTheServerIsAnError) {
  auto lease = pool_->Acquire(Soon());
  ASSERT_TRUE(lease.ok());
  {
    db::Transaction tx(std::move(lease).value());
    tx.lease().Commit();  // XA START needs no open transaction
    tx.Exec("XA START 'refused'");
    tx.Exec("INSERT INTO items (id) VALUES (1)");
    const absl::Status status = tx.Commit();
    EXPECT_FALSE(status.ok());
    EXPECT_FALSE(db::IsCommitOutcomeUnknown(status)) << status;
    EXPECT_EQ(db::MysqlCodeOf(status), 1399) << status;
  }
  EXPECT_EQ(CountItems(), 0);
  EXPECT_EQ(pool_->GetStats().open, 0);  // dropped: its XA transaction dies with it
}

TEST_F(TransactionCommitTest, RollbackOnAKilledConnectionDropsIt) {
  auto lease = pool_->Acquire(Soon());
  ASSERT_TRUE(lease.ok());
  {
    db::Transaction tx(std::move(lease).value());
    tx.Exec("INSERT INTO items (id) VALUES (1)");
    Kill(ConnectionId(tx));
    tx.Rollback();  // cannot be confirmed
  }
  EXPECT_EQ(pool_->GetStats().open, 0);
  EXPECT_EQ(CountItems(), 0);
  EXPECT_TRUE(pool_->Ping(Soon()).ok());  // a new connection replaces it
}

// Lost before COMMIT was sent: nothing committed, so the body simply runs again.
TEST_F(TransactionCommitTest, ConnectionLostInTheBodyRunsItAgainOnce) {
  int runs = 0;
  const absl::Status status = db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
    ++runs;
    tx.Exec("INSERT INTO items (id) VALUES (1)");
    if (runs == 1) {
      Kill(ConnectionId(tx));
      tx.Exec("INSERT INTO items (id) VALUES (2)");  // throws: the connection is gone
    }
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(CountItems(), 1);
}

// Lost during COMMIT: by default the caller hears that the outcome is unknown, and the body
// is not run again behind its back.
TEST_F(TransactionCommitTest, LostCommitIsReportedNotRetried) {
  int runs = 0;
  const absl::Status status = db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
    ++runs;
    tx.Exec("INSERT INTO items (id) VALUES (?)", {int64_t{runs}});
    if (runs == 1) Kill(ConnectionId(tx));
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kUnavailable) << status;
  EXPECT_TRUE(db::IsCommitOutcomeUnknown(status)) << status;
  EXPECT_EQ(runs, 1);
  EXPECT_EQ(CountItems(), 0);
}

// An idempotent body (one that finds its own committed effect) is run again instead.
TEST_F(TransactionCommitTest, LostCommitOfAnIdempotentBodyIsRunAgain) {
  int runs = 0;
  const absl::Status status = db::RunInTransaction(
      *pool_, Soon(),
      [&](db::Transaction& tx) {
        ++runs;
        tx.Exec("INSERT INTO items (id) VALUES (1) ON DUPLICATE KEY UPDATE id = id");
        if (runs == 1) Kill(ConnectionId(tx));
        return absl::OkStatus();
      },
      db::OnUnknownCommit::kRetry);
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(runs, 2);
  EXPECT_EQ(CountItems(), 1);
}

// A body that only read loses nothing with its commit: it is run again, and the read
// answered.
TEST_F(TransactionCommitTest, LostCommitOfAReadIsRunAgain) {
  int runs = 0;
  const absl::Status status = db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
    ++runs;
    tx.Query("SELECT COUNT(*) FROM items");
    if (runs == 1) Kill(ConnectionId(tx));
    return absl::OkStatus();
  });
  EXPECT_TRUE(status.ok()) << status;
  EXPECT_EQ(runs, 2);
}

// Health follows the database at once: a lost connection reports it unreachable, the next
// confirmed commit reachable again, each change once and in order.
TEST_F(TransactionCommitTest, ReachabilityFollowsEveryCall) {
  std::vector<bool> heard;
  absl::Mutex mu;
  pool_->SetReachabilityListener([&](bool reachable) {
    absl::MutexLock lock(&mu);
    heard.push_back(reachable);
  });
  ASSERT_TRUE(pool_->Ping(Soon()).ok());
  int runs = 0;
  (void)db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
    ++runs;
    tx.Exec("INSERT INTO items (id) VALUES (?)", {int64_t{runs}});
    if (runs == 1) Kill(ConnectionId(tx));
    return absl::OkStatus();
  });
  ASSERT_TRUE(db::RunInTransaction(*pool_, Soon(), [](db::Transaction& tx) {
                tx.Exec("INSERT INTO items (id) VALUES (10)");
                return absl::OkStatus();
              }).ok());
  pool_->SetReachabilityListener(nullptr);
  absl::MutexLock lock(&mu);
  EXPECT_EQ(heard, (std::vector<bool>{true, false, true}));
}

// A snapshot read sees one state in all its statements: a row committed by another
// session between them is not seen; an autocommit read sees it at its next statement.
TEST_F(TransactionCommitTest, ASnapshotReadSeesOneStateInAllItsStatements) {
  AdminInsert(1);
  EXPECT_EQ(CountsAroundAnInsert(db::RunSnapshotRead, 2), std::make_pair(int64_t{1}, int64_t{1}));
  EXPECT_EQ(CountsAroundAnInsert(db::RunReadOnly, 3), std::make_pair(int64_t{2}, int64_t{3}));
}

// The snapshot's isolation level is its own: the connection goes back to the pool reading
// committed data, so the writer that gets it next sees another session's commit at its next
// statement.
TEST_F(TransactionCommitTest, ASnapshotLeavesTheConnectionReadingCommittedData) {
  uint64_t snapshot_session = 0;
  ASSERT_TRUE(db::RunSnapshotRead(*pool_, Soon(), [&](db::Transaction& tx) {
                snapshot_session = tx.lease().session();
                QueryCount(tx);
                return absl::OkStatus();
              }).ok());
  uint64_t session = 0;
  int64_t before = -1, after = -1;
  ASSERT_TRUE(db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
                session = tx.lease().session();
                before = QueryCount(tx);
                AdminInsert(7);
                after = QueryCount(tx);
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(session, snapshot_session);  // the same pooled connection
  EXPECT_EQ(before, 0);
  EXPECT_EQ(after, 1);
}

// A snapshot is for reading: a write in it is a programming error, refused before it is
// sent.
TEST_F(TransactionCommitTest, ASnapshotRefusesWrites) {
  const absl::Status status = db::RunSnapshotRead(*pool_, Soon(), [&](db::Transaction& tx) {
    tx.Exec("INSERT INTO items (id) VALUES (1)");
    return absl::OkStatus();
  });
  EXPECT_EQ(status.code(), absl::StatusCode::kInternal) << status;
  EXPECT_EQ(CountItems(), 0);
}

}  // namespace
}  // namespace sales::testing
