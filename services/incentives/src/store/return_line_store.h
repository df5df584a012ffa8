// The lines of returns kept until their order completes (inside the caller's transaction).
// A credit's own lines are packed into its row (packed_lines.h).
#pragma once

#include <string>
#include <vector>

#include "common/db/transaction.h"
#include "services/incentives/src/domain/credit_lines.h"

namespace sales::incentives::store {

// The lines of a return kept until its order completes.
void InsertReturnLines(db::Transaction& tx, const std::string& return_name,
                       const std::vector<domain::SoldLine>& lines);
std::vector<domain::SoldLine> ListReturnLines(db::Transaction& tx, const std::string& return_name);

}  // namespace sales::incentives::store
