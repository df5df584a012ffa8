#include "services/analytics/src/store/rebuild_store.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {
namespace {

constexpr char kDeleteCheckpoint[] = "DELETE FROM consumer_checkpoints WHERE source = ?";
constexpr char kSetCheckpoint[] =
    "INSERT INTO consumer_checkpoints (source, position, updated_at) VALUES (?, ?, ?) "
    "ON DUPLICATE KEY UPDATE position = VALUES(position), updated_at = VALUES(updated_at)";

// Table names are the fixed constants of kDerivedTables, never values.
std::string Twin(const char* table) { return absl::StrCat(table, TableSuffix(TableSet::kRebuild)); }

}  // namespace

void CreateRebuildTables(db::Transaction& tx) {
  for (const char* table : kDerivedTables) {
    tx.Exec(absl::StrCat("DROP TABLE IF EXISTS ", Twin(table)));
    tx.Exec(absl::StrCat("CREATE TABLE ", Twin(table), " LIKE ", table));
  }
}

void DropRebuildTables(db::Transaction& tx) {
  for (const char* table : kDerivedTables) {
    tx.Exec(absl::StrCat("DROP TABLE IF EXISTS ", Twin(table)));
  }
}

void SwapInRebuildTables(db::Transaction& tx) {
  std::string renames;
  for (const char* table : kDerivedTables) {
    absl::StrAppend(&renames, renames.empty() ? "" : ", ", table, " TO ", table, "_old, ",
                    Twin(table), " TO ", table);
  }
  tx.Exec(absl::StrCat("RENAME TABLE ", renames));
  for (const char* table : kDerivedTables) {
    tx.Exec(absl::StrCat("DROP TABLE IF EXISTS ", table, "_old"));
  }
}

void DeleteCheckpoint(db::Transaction& tx, const std::string& source) {
  tx.Exec(kDeleteCheckpoint, {source});
}

void SetCheckpoint(db::Transaction& tx, const std::string& source, int64_t position) {
  tx.Exec(kSetCheckpoint, {source, position, absl::Now()});
}

}  // namespace sales::analytics::store
