#include "services/analytics/src/store/advice_store.h"

#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

constexpr char kCustomerOrderTotals[] =
    "SELECT customer, COUNT(*), SUM(gross_minor - discount_minor), SUM(cost_minor) "
    "FROM order_facts WHERE counted = 1 AND day < ? GROUP BY customer ORDER BY customer";

}  // namespace

std::vector<CustomerOrderTotals> LoadCustomerOrderTotals(db::Transaction& tx,
                                                         absl::CivilDay end_day) {
  std::vector<CustomerOrderTotals> out;
  auto rs = tx.Query(kCustomerOrderTotals, {DayText(end_day)});
  while (rs->next()) {
    out.push_back({rs->getString(1), rs->getInt64(2), rs->getInt64(3), rs->getInt64(4)});
  }
  return out;
}

}  // namespace sales::analytics::store
