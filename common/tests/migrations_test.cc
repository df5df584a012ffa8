#include "common/db/migrations.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace sales::db {
namespace {

std::vector<std::string> Trimmed(const std::string& sql) {
  std::vector<std::string> out;
  for (const std::string& statement : SplitSqlStatements(sql)) {
    out.emplace_back(absl::StripAsciiWhitespace(statement));
  }
  return out;
}

TEST(SplitSqlStatementsTest, SemicolonAtLineEndEndsAStatement) {
  const std::string sql =
      "CREATE TABLE a (\n"
      "  id INT\n"
      ");\n"
      "CREATE TABLE b (id INT);\n";
  EXPECT_EQ(Trimmed(sql),
            (std::vector<std::string>{"CREATE TABLE a (\n  id INT\n)", "CREATE TABLE b (id INT)"}));
}

TEST(SplitSqlStatementsTest, CommentsAndBlankLinesAreDropped) {
  const std::string sql =
      "-- the customers table\n"
      "\n"
      "  -- indented comment;\n"
      "CREATE TABLE c (id INT);\n"
      "\n";
  EXPECT_EQ(Trimmed(sql), (std::vector<std::string>{"CREATE TABLE c (id INT)"}));
}

TEST(SplitSqlStatementsTest, SemicolonInsideALineDoesNotSplit) {
  const std::string sql = "INSERT INTO t VALUES ('a;b');\n";
  EXPECT_EQ(Trimmed(sql), (std::vector<std::string>{"INSERT INTO t VALUES ('a;b')"}));
}

TEST(SplitSqlStatementsTest, LastStatementWithoutSemicolonIsKept) {
  EXPECT_EQ(Trimmed("SELECT 1;\nSELECT 2\n"), (std::vector<std::string>{"SELECT 1", "SELECT 2"}));
  EXPECT_TRUE(SplitSqlStatements("").empty());
  EXPECT_TRUE(SplitSqlStatements("-- only a comment\n\n").empty());
}

TEST(CommonMigrationsTest, CreateOutboxIdempotencyEventLogCheckpointsAndAggregateIndexes) {
  const std::vector<Migration> migrations = CommonMigrations();
  ASSERT_FALSE(migrations.empty());
  std::vector<std::string> statements;
  for (const Migration& migration : migrations) {
    for (std::string& s : SplitSqlStatements(migration.sql)) statements.push_back(std::move(s));
  }
  ASSERT_EQ(statements.size(), 8u);
  EXPECT_TRUE(absl::StrContains(statements[0], "CREATE TABLE IF NOT EXISTS outbox"));
  EXPECT_TRUE(absl::StrContains(statements[1], "CREATE TABLE IF NOT EXISTS idempotency"));
  EXPECT_TRUE(absl::StrContains(statements[2], "CREATE TABLE IF NOT EXISTS event_log"));
  EXPECT_TRUE(absl::StrContains(statements[3], "CREATE TABLE IF NOT EXISTS consumer_checkpoints"));
  EXPECT_TRUE(absl::StrContains(statements[4], "ON outbox (aggregate)"));
  EXPECT_TRUE(absl::StrContains(statements[5], "ON event_log (aggregate)"));
  EXPECT_TRUE(absl::StrContains(statements[6], "ALTER TABLE outbox ADD COLUMN event_variant"));
  EXPECT_TRUE(absl::StrContains(statements[7], "ALTER TABLE event_log ADD COLUMN event_variant"));
}

}  // namespace
}  // namespace sales::db
