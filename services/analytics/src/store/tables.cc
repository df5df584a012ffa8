#include "services/analytics/src/store/tables.h"

#include "absl/strings/str_replace.h"

namespace sales::analytics::store {

const char* TableSuffix(TableSet set) { return set == TableSet::kLive ? "" : "_rebuild"; }

std::string ForTables(const char* sql, TableSet set) {
  return absl::StrReplaceAll(sql, {{"{s}", TableSuffix(set)}});
}

}  // namespace sales::analytics::store
