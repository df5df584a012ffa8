#include "services/analytics/src/store/sales_cell_store.h"

#include <map>
#include <utility>

#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

constexpr char kSelectSales[] =
    "SELECT o.customer, l.product, SUM(l.quantity), SUM(l.gross_minor - l.discount_minor) "
    "FROM order_line_facts l JOIN order_facts o ON o.order_name = l.order_name "
    "WHERE o.counted = 1 AND o.day >= ? AND o.day < ? GROUP BY o.customer, l.product";
constexpr char kSelectReturns[] =
    "SELECT r.customer, l.product, SUM(l.quantity), SUM(l.net_minor) "
    "FROM return_line_facts l JOIN return_facts r ON r.return_name = l.return_name "
    "WHERE r.day >= ? AND r.day < ? GROUP BY r.customer, l.product";

}  // namespace

std::vector<NamedSalesCell> LoadSalesCells(db::Transaction& tx, absl::CivilDay from,
                                           absl::CivilDay to) {
  std::map<std::pair<std::string, std::string>, NamedSalesCell> cells;
  auto add = [&](const char* sql, int sign) {
    auto rs = tx.Query(sql, {DayText(from), DayText(to)});
    while (rs->next()) {
      NamedSalesCell& c = cells[{rs->getString(1), rs->getString(2)}];
      c.customer = rs->getString(1);
      c.product = rs->getString(2);
      c.units += sign * rs->getInt64(3);
      c.revenue_minor += sign * rs->getInt64(4);
    }
  };
  add(kSelectSales, +1);
  add(kSelectReturns, -1);
  std::vector<NamedSalesCell> out;
  out.reserve(cells.size());
  for (auto& [key, cell] : cells) out.push_back(std::move(cell));
  return out;
}

}  // namespace sales::analytics::store
