// The table work of a rebuild: fresh twins of every derived table, the swap that puts them
// live in one RENAME TABLE, and the checkpoints that move with them.
#pragma once

#include <cstdint>
#include <string>

#include "common/db/transaction.h"

namespace sales::analytics::store {

// Drops what a previous rebuild left and creates empty "<table>_rebuild" twins.
void CreateRebuildTables(db::Transaction& tx);
// Drops the twins (a rebuild that failed).
void DropRebuildTables(db::Transaction& tx);
// Renames every live table to "<table>_old" and every twin to the live name, in one atomic
// RENAME TABLE, then drops the old tables.
void SwapInRebuildTables(db::Transaction& tx);

// Removes the checkpoint `source`, so that its consumer starts from position 0.
void DeleteCheckpoint(db::Transaction& tx, const std::string& source);
// Sets the checkpoint `source` to `position` (creating it if needed).
void SetCheckpoint(db::Transaction& tx, const std::string& source, int64_t position);

}  // namespace sales::analytics::store
