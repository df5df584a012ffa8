#include "services/analytics/src/store/key_lists.h"

#include <algorithm>

namespace sales::analytics::store {
namespace {

constexpr size_t kMaxList = 256;

// Calls `run(sql, params)` for each chunk of `keys`.
void ForEachChunk(
    const std::string& prefix, const std::vector<std::string>& keys, const std::string& suffix,
    absl::FunctionRef<void(const std::string&, const std::vector<db::SqlParam>&)> run) {
  std::vector<db::SqlParam> params;
  std::string sql;
  for (size_t begin = 0; begin < keys.size(); begin += kMaxList) {
    const size_t end = std::min(keys.size(), begin + kMaxList);
    size_t padded = 1;
    while (padded < end - begin) padded *= 2;
    params.clear();
    params.reserve(padded);
    for (size_t i = 0; i < padded; ++i) params.emplace_back(keys[std::min(begin + i, end - 1)]);
    sql = prefix;
    for (size_t i = 0; i < padded; ++i) sql += i == 0 ? "?" : ", ?";
    sql += suffix;
    run(sql, params);
  }
}

}  // namespace

void QueryKeys(db::Transaction& tx, const std::string& prefix, const std::vector<std::string>& keys,
               const std::string& suffix, absl::FunctionRef<void(sql::ResultSet&)> on_row) {
  ForEachChunk(prefix, keys, suffix,
               [&](const std::string& sql, const std::vector<db::SqlParam>& params) {
                 auto rs = tx.Query(sql, params);
                 while (rs->next()) on_row(*rs);
               });
}

void ExecKeys(db::Transaction& tx, const std::string& prefix, const std::vector<std::string>& keys,
              const std::string& suffix) {
  ForEachChunk(prefix, keys, suffix,
               [&](const std::string& sql, const std::vector<db::SqlParam>& params) {
                 tx.Exec(sql, params);
               });
}

}  // namespace sales::analytics::store
