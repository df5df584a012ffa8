#include "services/analytics/src/store/purchase_store.h"

#include "absl/container/flat_hash_map.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

// Two plain reads instead of a join grouped per order: at millions of orders the join's
// GROUP BY and sort cost MariaDB more than the whole fit (scripts/bench clv). Returns are
// few beside orders, so their refunds are summed per order here.
constexpr char kSelectOrders[] =
    "SELECT customer, day, gross_minor - discount_minor, order_name FROM order_facts "
    "WHERE counted = 1 AND day >= ? AND day < ?";
constexpr char kSelectRefunds[] =
    "SELECT order_name, SUM(refund_minor) FROM return_facts WHERE day < ? GROUP BY order_name";

}  // namespace

std::vector<OrderPurchase> LoadPurchases(db::Transaction& tx, absl::CivilDay from,
                                         absl::CivilDay to) {
  absl::flat_hash_map<std::string, int64_t> refunds;
  {
    auto rs = tx.Query(kSelectRefunds, {DayText(to)});
    while (rs->next()) refunds[std::string(rs->getString(1))] = rs->getInt64(2);
  }
  auto rs = tx.Query(kSelectOrders, {DayText(from), DayText(to)});
  std::vector<OrderPurchase> out;
  out.reserve(rs->rowsCount());
  while (rs->next()) {
    int64_t net = rs->getInt64(3);
    if (!refunds.empty()) {
      if (const auto it = refunds.find(std::string(rs->getString(4))); it != refunds.end()) {
        net -= it->second;
      }
    }
    out.push_back({rs->getString(1), ReadDay(*rs, 2), net});
  }
  return out;
}

}  // namespace sales::analytics::store
