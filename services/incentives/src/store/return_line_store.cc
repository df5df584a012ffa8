#include "services/incentives/src/store/return_line_store.h"

#include "common/db/row_mapping.h"

namespace sales::incentives::store {
namespace {

constexpr char kInsertReturnLines[] =
    "INSERT INTO order_return_lines (return_name, line_no, product, category, revenue, cost, "
    "units) VALUES ";
constexpr char kListReturnLines[] =
    "SELECT product, category, revenue, cost, units FROM order_return_lines "
    "WHERE return_name = ? ORDER BY line_no";

}  // namespace

void InsertReturnLines(db::Transaction& tx, const std::string& return_name,
                       const std::vector<domain::SoldLine>& lines) {
  if (lines.empty()) return;
  std::vector<db::SqlParam> params;
  for (size_t i = 0; i < lines.size(); ++i) {
    params.push_back(return_name);
    params.push_back(static_cast<int64_t>(i + 1));
    params.push_back(lines[i].product);
    params.push_back(lines[i].category);
    params.push_back(lines[i].revenue);
    params.push_back(lines[i].cost);
    params.push_back(lines[i].units);
  }
  db::ExecRows(tx, kInsertReturnLines, 7, params);
}

std::vector<domain::SoldLine> ListReturnLines(db::Transaction& tx, const std::string& return_name) {
  return db::QueryAll(tx, kListReturnLines, {return_name}, [](const db::RowReader& r) {
    return domain::SoldLine{r.String("product"), r.String("category"), r.Int64("revenue"),
                            r.Int64("cost"), r.Int64("units")};
  });
}

}  // namespace sales::incentives::store
