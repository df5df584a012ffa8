#include "services/analytics/src/store/purchase_store.h"

#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

constexpr char kSelectPurchases[] =
    "SELECT o.customer, o.day, o.gross_minor - o.discount_minor - "
    "COALESCE(SUM(r.refund_minor), 0) FROM order_facts o "
    "LEFT JOIN return_facts r ON r.order_name = o.order_name AND r.day < ? "
    "WHERE o.counted = 1 AND o.day >= ? AND o.day < ? "
    "GROUP BY o.order_name, o.customer, o.day, o.gross_minor, o.discount_minor "
    "ORDER BY o.day, o.order_name";

}  // namespace

std::vector<OrderPurchase> LoadPurchases(db::Transaction& tx, absl::CivilDay from,
                                         absl::CivilDay to) {
  auto rs = tx.Query(kSelectPurchases, {DayText(to), DayText(from), DayText(to)});
  std::vector<OrderPurchase> out;
  out.reserve(rs->rowsCount());
  while (rs->next()) out.push_back({rs->getString(1), ReadDay(*rs, 2), rs->getInt64(3)});
  return out;
}

}  // namespace sales::analytics::store
