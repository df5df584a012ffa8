#include "services/analytics/src/store/price_history_store.h"

#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

// An empty filter matches every row ('' = ? OR column = ?). DATEDIFF(day, first) DIV 7 is
// the week's index (days are on or after the first).
constexpr char kSelectProductWeeks[] =
    "SELECT l.product, l.category, DATEDIFF(o.day, ?) DIV 7 AS week, MAX(o.day), "
    "SUM(l.quantity), SUM(l.gross_minor - l.discount_minor), SUM(l.cost_minor) "
    "FROM order_facts o JOIN order_line_facts l ON l.order_name = o.order_name "
    "WHERE o.counted = 1 AND o.day >= ? AND o.day < ? AND l.quantity > 0 "
    "AND (? = '' OR l.product = ?) AND (? = '' OR l.category = ?) "
    "GROUP BY l.product, l.category, week ORDER BY l.product, l.category, week";

}  // namespace

std::vector<ProductWeek> LoadProductWeeks(db::Transaction& tx, absl::CivilDay first_day,
                                          absl::CivilDay end_day, const std::string& product,
                                          const std::string& category) {
  std::vector<ProductWeek> out;
  const std::string first = DayText(first_day);
  auto rs = tx.Query(kSelectProductWeeks,
                     {first, first, DayText(end_day), product, product, category, category});
  while (rs->next()) {
    out.push_back({rs->getString(1), rs->getString(2), rs->getInt(3), ReadDay(*rs, 4),
                   rs->getInt64(5), rs->getInt64(6), rs->getInt64(7)});
  }
  return out;
}

}  // namespace sales::analytics::store
