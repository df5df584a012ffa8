// IN lists of text keys for bulk reads and writes (a batch of events reads the facts of
// hundreds of orders at once): built from placeholders only, never from values.
#pragma once

#include <cppconn/resultset.h>

#include <string>
#include <vector>

#include "absl/functional/function_ref.h"
#include "common/db/transaction.h"

namespace sales::analytics::store {

// Runs `prefix + "?, ?, ..." + suffix` over `keys` in chunks of at most 256 keys, each
// padded to a power of two by repeating its last key (harmless in an IN list), so that few
// statement texts get prepared; `on_row` sees every row of every chunk.
void QueryKeys(db::Transaction& tx, const std::string& prefix, const std::vector<std::string>& keys,
               const std::string& suffix, absl::FunctionRef<void(sql::ResultSet&)> on_row);

// The same for a statement that returns no rows (UPDATE or DELETE ... IN).
void ExecKeys(db::Transaction& tx, const std::string& prefix, const std::vector<std::string>& keys,
              const std::string& suffix);

}  // namespace sales::analytics::store
