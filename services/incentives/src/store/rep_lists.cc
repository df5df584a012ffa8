#include "services/incentives/src/store/rep_lists.h"

#include <algorithm>

namespace sales::incentives::store {

void QueryForReps(
    db::Transaction& tx, const std::vector<std::string>& reps,
    absl::FunctionRef<std::string(const std::string& list)> text,
    absl::FunctionRef<std::vector<db::SqlParam>(const std::vector<db::SqlParam>& reps)> params,
    absl::FunctionRef<void(sql::ResultSet&)> on_row) {
  constexpr size_t kMaxList = 256;
  for (size_t begin = 0; begin < reps.size(); begin += kMaxList) {
    const size_t end = std::min(reps.size(), begin + kMaxList);
    size_t padded = 1;
    while (padded < end - begin) padded *= 2;
    std::vector<db::SqlParam> chunk;
    std::string list;
    for (size_t i = 0; i < padded; ++i) {
      chunk.emplace_back(reps[std::min(begin + i, end - 1)]);
      list += i == 0 ? "?" : ", ?";
    }
    auto rs = tx.Query(text(list), params(chunk));
    while (rs->next()) on_row(*rs);
  }
}

}  // namespace sales::incentives::store
