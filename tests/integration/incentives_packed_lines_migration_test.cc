// Migration V005 moves each credit's lines from the credit_lines table into the credit's own
// row (credits.packed_lines). A database written before it must read back the same lines,
// in the same order, through the store the statements use; and the old table is gone.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "services/incentives/src/store/statement_store.h"
#include "tests/harness/mariadb.h"
#include "tests/harness/test_schema.h"

namespace sales::incentives {
std::vector<db::Migration> Migrations();
}  // namespace sales::incentives

namespace sales::testing {
namespace {

using incentives::domain::CreditLine;

absl::Time Soon() { return absl::Now() + absl::Seconds(60); }

class PackedLinesMigrationTest : public ::testing::Test {
 protected:
  void SetUp() override {
    schema_ = std::make_unique<TestSchema>(TestSchema::Create(TestMariaDb()));
    pool_ = std::make_unique<db::ConnectionPool>(schema_->db_config());
    ASSERT_TRUE(db::ApplyMigrations(*pool_, db::CommonMigrations(), Soon()).ok());
  }

  // Applies the incentives migrations whose names sort before `before` (all when empty).
  void Migrate(const std::string& before) {
    std::vector<db::Migration> wanted;
    for (const db::Migration& m : incentives::Migrations()) {
      if (before.empty() || m.name < before) wanted.push_back(m);
    }
    const absl::StatusOr<int> applied = db::ApplyMigrations(*pool_, wanted, Soon());
    ASSERT_TRUE(applied.ok()) << applied.status();
  }

  void Exec(const std::string& sql, const std::vector<db::SqlParam>& params) {
    const absl::Status status = db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
      tx.Exec(sql, params);
      return absl::OkStatus();
    });
    ASSERT_TRUE(status.ok()) << status;
  }

  std::unique_ptr<TestSchema> schema_;
  std::unique_ptr<db::ConnectionPool> pool_;
};

TEST_F(PackedLinesMigrationTest, CreditsWrittenBeforeKeepTheirLinesInOrder) {
  Migrate("V005");
  // Credit 1: three lines, stored out of line_no order, one category with a tab and a
  // backslash (escaped by the migration as the store does). Credit 2: a reversal of it with
  // one line. Credit 3: written before credits had lines (none).
  const char kCredit[] =
      "INSERT INTO credits (id, order_name, cause, cause_kind, rep_id, kind, share_bp, revenue, "
      "margin, units, day, credited_at, reverses_id, original_day) VALUES "
      "(?, ?, ?, ?, 'li', 1, 10000, ?, ?, ?, ?, '2026-10-05 08:00:00', ?, ?)";
  Exec(kCredit,
       {int64_t{1}, std::string("orders/1"), std::string("orders/1"), int64_t{1}, int64_t{6000},
        int64_t{2500}, int64_t{4}, std::string("2026-10-05"), nullptr, nullptr});
  Exec(kCredit, {int64_t{2}, std::string("orders/1"), std::string("returns/1"), int64_t{2},
                 int64_t{-1000}, int64_t{-400}, int64_t{-1}, std::string("2026-10-09"), int64_t{1},
                 std::string("2026-10-05")});
  Exec(kCredit,
       {int64_t{3}, std::string("orders/2"), std::string("orders/2"), int64_t{1}, int64_t{700},
        int64_t{300}, int64_t{1}, std::string("2026-10-07"), nullptr, nullptr});
  const char kLine[] =
      "INSERT INTO credit_lines (credit_id, line_no, rep_id, day, original_day, product, "
      "category, revenue, margin, units) VALUES (?, ?, 'li', '2026-10-05', NULL, ?, ?, ?, ?, ?)";
  Exec(kLine, {int64_t{1}, int64_t{3}, std::string("products/9"), std::string("tea"), int64_t{1000},
               int64_t{500}, int64_t{1}});
  Exec(kLine, {int64_t{1}, int64_t{1}, std::string("products/7"), std::string("green\ttea\\x"),
               int64_t{3000}, int64_t{1200}, int64_t{2}});
  Exec(kLine, {int64_t{1}, int64_t{2}, std::string("products/8"), std::string("coffee"),
               int64_t{2000}, int64_t{800}, int64_t{1}});
  Exec(kLine, {int64_t{2}, int64_t{1}, std::string("products/9"), std::string("tea"),
               int64_t{-1000}, int64_t{-400}, int64_t{-1}});

  Migrate("");

  std::vector<incentives::store::StatementCreditRow> rows;
  const absl::Status status = db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
    rows = incentives::store::ListCreditsOfDays(tx, {}, absl::CivilDay(2026, 10, 1),
                                                absl::CivilDay(2026, 11, 1));
    return absl::OkStatus();
  });
  ASSERT_TRUE(status.ok()) << status;
  ASSERT_EQ(rows.size(), 3u);
  EXPECT_EQ(rows[0].credit.lines,
            (std::vector<CreditLine>{{"products/7", "green\ttea\\x", {3000, 1200, 2}},
                                     {"products/8", "coffee", {2000, 800, 1}},
                                     {"products/9", "tea", {1000, 500, 1}}}));
  EXPECT_EQ(rows[1].credit.lines,
            (std::vector<CreditLine>{{"products/9", "tea", {-1000, -400, -1}}}));
  EXPECT_TRUE(rows[2].credit.lines.empty());

  int tables = -1;
  ASSERT_TRUE(db::RunInTransaction(*pool_, Soon(), [&](db::Transaction& tx) {
                auto rs = tx.Query(
                    "SELECT COUNT(*) AS n FROM information_schema.tables "
                    "WHERE table_schema = DATABASE() AND table_name = 'credit_lines'",
                    {});
                if (rs->next()) tables = rs->getInt("n");
                return absl::OkStatus();
              }).ok());
  EXPECT_EQ(tables, 0) << "credit_lines should be dropped";
}

}  // namespace
}  // namespace sales::testing
