// A statement's text with its parameters, built by one store for a caller that joins it to
// others (UNION ALL), so that one round trip and one read view answer them all.
#pragma once

#include <string>
#include <vector>

#include "common/db/transaction.h"

namespace sales::analytics::store {

struct StatementPart {
  std::string sql;
  std::vector<db::SqlParam> params;
};

}  // namespace sales::analytics::store
