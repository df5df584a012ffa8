// db::AsyncPointReader against the real MariaDB: every caller gets its own row (or none)
// exactly once however the reads are coalesced, and a caller whose deadline passes while its
// statement still runs is answered DEADLINE_EXCEEDED at that deadline, not when the statement
// ends; a value too wide for the reader's buffer fails instead of arriving cut. (A database
// restart is covered through GetCustomer in customers_fault_test.)
#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "common/db/async_point_reader.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/test_schema.h"

namespace sales::testing {
namespace {

// One answer: the row's `value` column as text ("" for no row), or the error.
struct Answer {
  absl::Notification done;
  absl::StatusOr<std::string> value;
  std::atomic<int> calls{0};
};

db::AsyncPointReader::Done Into(Answer& answer) {
  return [&answer](absl::StatusOr<const db::FetchedRow*> row) {
    ++answer.calls;
    if (!row.ok()) {
      answer.value = row.status();
    } else {
      answer.value = *row == nullptr ? std::string() : (*row)->String("value");
    }
    answer.done.Notify();
  };
}

db::AsyncPointReader::Options ReadItems(const std::string& columns) {
  db::AsyncPointReader::Options options;
  options.sql_prefix = absl::StrCat("SELECT ", columns, " FROM items WHERE id IN (");
  return options;
}

void CreateItems(const db::DbConfig& config, int count) {
  db::ConnectionPool pool(config);
  const absl::Status status =
      db::RunInTransaction(pool, absl::Now() + absl::Seconds(30), [&](db::Transaction& tx) {
        tx.Exec("CREATE TABLE items (id BIGINT PRIMARY KEY, label VARCHAR(40) NOT NULL)");
        for (int i = 1; i <= count; ++i) {
          tx.Exec("INSERT INTO items VALUES (?, ?)", {int64_t{i}, absl::StrCat("item ", i)});
        }
        return absl::OkStatus();
      });
  ASSERT_TRUE(status.ok()) << status;
}

TEST(AsyncPointReaderTest, EveryCallerGetsItsOwnRowOrNoneExactlyOnce) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  CreateItems(schema.db_config(), 100);
  db::AsyncPointReader reader(schema.db_config(), ReadItems("id, label AS value"));
  // 16 threads x 50 reads: hits, repeats of the same key in one batch, and misses (> 100).
  constexpr int kThreads = 16;
  constexpr int kReads = 50;
  std::vector<std::unique_ptr<Answer>> answers(kThreads * kReads);
  for (auto& a : answers) a = std::make_unique<Answer>();
  {
    std::vector<std::jthread> threads;
    for (int t = 0; t < kThreads; ++t) {
      threads.emplace_back([&, t] {
        for (int r = 0; r < kReads; ++r) {
          const int64_t key = (t * 7 + r * 3) % 130 + 1;
          Answer& a = *answers[static_cast<size_t>(t * kReads + r)];
          reader.Get(key, absl::Now() + absl::Seconds(10), Into(a));
        }
      });
    }
  }
  for (int t = 0; t < kThreads; ++t) {
    for (int r = 0; r < kReads; ++r) {
      const int64_t key = (t * 7 + r * 3) % 130 + 1;
      Answer& a = *answers[static_cast<size_t>(t * kReads + r)];
      ASSERT_TRUE(a.done.WaitForNotificationWithTimeout(absl::Seconds(20))) << "key " << key;
      ASSERT_TRUE(a.value.ok()) << a.value.status();
      EXPECT_EQ(*a.value, key <= 100 ? absl::StrCat("item ", key) : "") << "key " << key;
    }
  }
  absl::SleepFor(absl::Milliseconds(100));  // a second answer would have come by now
  for (const auto& a : answers) EXPECT_EQ(a->calls.load(), 1);
}

TEST(AsyncPointReaderTest, ACallerPastItsDeadlineIsAnsweredThenNotWhenTheStatementEnds) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  CreateItems(schema.db_config(), 1);
  // Each row takes three seconds.
  db::AsyncPointReader reader(schema.db_config(), ReadItems("id, SLEEP(3) AS value"));
  Answer late;
  const absl::Time start = absl::Now();
  reader.Get(1, start + absl::Milliseconds(300), Into(late));
  ASSERT_TRUE(late.done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  const absl::Duration waited = absl::Now() - start;
  EXPECT_EQ(late.value.status().code(), absl::StatusCode::kDeadlineExceeded) << late.value.status();
  EXPECT_LT(waited, absl::Seconds(2)) << "answered when the statement ended, not at the deadline";

  // The reader goes on: a caller with time enough gets the row ("0": SLEEP ran to its end).
  Answer patient;
  reader.Get(1, absl::Now() + absl::Seconds(20), Into(patient));
  ASSERT_TRUE(patient.done.WaitForNotificationWithTimeout(absl::Seconds(20)));
  ASSERT_TRUE(patient.value.ok()) << patient.value.status();
  EXPECT_EQ(*patient.value, "0");
  EXPECT_EQ(late.calls.load(), 1);
}

TEST(AsyncPointReaderTest, AValueWiderThanItsBufferFailsTheReadInsteadOfArrivingCut) {
  TestSchema schema = TestSchema::Create(TestMariaDb());
  CreateItems(schema.db_config(), 1);
  db::AsyncPointReader reader(schema.db_config(), ReadItems("id, REPEAT('x', 5000) AS value"));
  Answer wide;
  reader.Get(1, absl::Now() + absl::Seconds(10), Into(wide));
  ASSERT_TRUE(wide.done.WaitForNotificationWithTimeout(absl::Seconds(10)));
  EXPECT_EQ(wide.value.status().code(), absl::StatusCode::kInternal) << wide.value.status();
}

}  // namespace
}  // namespace sales::testing
