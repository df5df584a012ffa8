// Statements over a list of reps ("... rep_id IN (?, ?, ...)"), so that a page of reps reads
// only its reps' rows. Built from placeholders only, never from values.
#pragma once

#include <string>
#include <vector>

#include <cppconn/resultset.h>

#include "absl/functional/function_ref.h"
#include "common/db/transaction.h"

namespace sales::incentives::store {

// Runs one statement per chunk of at most 256 of `reps`: `text(list)` is the statement with
// `list` ("?, ?, ...") where the reps go, `params(reps)` its parameters with the chunk's reps
// where the list goes. Each chunk's list is padded to a power of two by repeating its last
// rep (harmless in an IN list), so that few statement texts get prepared. Every row of every
// chunk goes to `on_row`; nothing runs for no reps.
void QueryForReps(
    db::Transaction& tx, const std::vector<std::string>& reps,
    absl::FunctionRef<std::string(const std::string& list)> text,
    absl::FunctionRef<std::vector<db::SqlParam>(const std::vector<db::SqlParam>& reps)> params,
    absl::FunctionRef<void(sql::ResultSet&)> on_row);

}  // namespace sales::incentives::store
