// The connection pool against the real MariaDB: it reuses connections instead of opening
// new ones, never opens more than its size, and lends every connection it has to
// concurrent callers.
#include <gtest/gtest.h>

#include <thread>

#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/test_schema.h"

namespace sales::testing {
namespace {

absl::Time Soon() { return absl::Now() + absl::Seconds(10); }

TEST(PoolTest, SequentialCallsReuseOneConnection) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  db::DbConfig config = schema.db_config();
  config.pool_size = 4;
  db::ConnectionPool pool(config);
  for (int i = 0; i < 100; ++i) ASSERT_TRUE(pool.Ping(Soon()).ok());
  const db::ConnectionPool::Stats stats = pool.GetStats();
  EXPECT_EQ(stats.open, 1);
  EXPECT_EQ(stats.in_use, 0);
  EXPECT_EQ(stats.waits, 0);
}

TEST(PoolTest, ConcurrentCallersGetEveryConnectionAndNoMore) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  db::DbConfig config = schema.db_config();
  config.pool_size = 4;
  db::ConnectionPool pool(config);
  // Hold all four at once: a fifth caller must wait, and times out at its deadline.
  std::vector<db::ConnectionPool::Lease> held;
  for (int i = 0; i < 4; ++i) {
    auto lease = pool.Acquire(Soon());
    ASSERT_TRUE(lease.ok()) << lease.status();
    held.push_back(std::move(lease).value());
  }
  EXPECT_EQ(pool.GetStats().in_use, 4);
  auto fifth = pool.Acquire(absl::Now() + absl::Milliseconds(100));
  EXPECT_EQ(fifth.status().code(), absl::StatusCode::kDeadlineExceeded);
  held.clear();
  EXPECT_EQ(pool.GetStats().in_use, 0);

  // Eight threads doing short transactions share the four connections.
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        EXPECT_TRUE(db::RunInTransaction(pool, Soon(), [](db::Transaction& tx) {
                      tx.Query("SELECT 1");
                      return absl::OkStatus();
                    }).ok());
      }
    });
  }
  for (auto& thread : threads) thread.join();
  const db::ConnectionPool::Stats stats = pool.GetStats();
  EXPECT_EQ(stats.open, 4);
  EXPECT_EQ(stats.in_use, 0);
}

}  // namespace
}  // namespace sales::testing
