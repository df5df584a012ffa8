#include "services/analytics/src/store/promotion_use_store.h"

#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

constexpr char kInsertPrefix[] =
    "INSERT INTO order_promotion_facts{s} (order_name, promotion, code, discount_minor) VALUES ";
constexpr char kInsertSuffix[] = " ON DUPLICATE KEY UPDATE order_name = order_name";

// The orders of a promotion (?), placed on days [?, ?) and counted.
constexpr char kOrders[] =
    "SELECT COUNT(*), COALESCE(SUM(p.discount_minor), 0) FROM order_promotion_facts p "
    "JOIN order_facts o ON o.order_name = p.order_name "
    "WHERE p.promotion = ? AND o.counted = 1 AND o.day >= ? AND o.day < ?";

// Their lines per product.
constexpr char kLines[] =
    "SELECT l.product, SUM(l.quantity), SUM(l.gross_minor - l.discount_minor), SUM(l.cost_minor) "
    "FROM order_promotion_facts p JOIN order_facts o ON o.order_name = p.order_name "
    "JOIN order_line_facts l ON l.order_name = o.order_name "
    "WHERE p.promotion = ? AND o.counted = 1 AND o.day >= ? AND o.day < ? GROUP BY l.product";

// Their refunds per product resolved on days [?, ?), as the daily rollup counts refunds.
constexpr char kRefunds[] =
    "SELECT rl.product, SUM(rl.net_minor), SUM(rl.cost_minor) "
    "FROM order_promotion_facts p JOIN order_facts o ON o.order_name = p.order_name "
    "JOIN return_facts r ON r.order_name = o.order_name "
    "JOIN return_line_facts rl ON rl.return_name = r.return_name "
    "WHERE p.promotion = ? AND o.counted = 1 AND o.day >= ? AND o.day < ? "
    "AND r.day >= ? AND r.day < ? GROUP BY rl.product";

}  // namespace

void RecordPromotionUses(db::Transaction& tx, TableSet set, const std::vector<PromotionUse>& rows) {
  if (rows.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(rows.size() * 4);
  for (const PromotionUse& row : rows) {
    params.insert(params.end(), {row.order, row.promotion, row.code, row.discount_minor});
  }
  db::ExecRows(tx, ForTables(kInsertPrefix, set), 4, params, kInsertSuffix);
}

PromotionOrders LoadPromotionOrders(db::Transaction& tx, const std::string& promotion,
                                    absl::CivilDay first_day, absl::CivilDay end_day) {
  PromotionOrders out;
  const std::string first = DayText(first_day);
  const std::string end = DayText(end_day);
  auto rs = tx.Query(kOrders, {promotion, first, end});
  if (rs->next()) {
    out.orders = rs->getInt64(1);
    out.discount_minor = rs->getInt64(2);
  }
  auto lines = tx.Query(kLines, {promotion, first, end});
  while (lines->next()) {
    UseSales& s = out.by_product[lines->getString(1)];
    s.units += lines->getInt64(2);
    s.revenue_minor += lines->getInt64(3);
    s.cost_minor += lines->getInt64(4);
  }
  auto refunds = tx.Query(kRefunds, {promotion, first, end, first, end});
  while (refunds->next()) {
    UseSales& s = out.by_product[refunds->getString(1)];
    s.revenue_minor -= refunds->getInt64(2);
    s.cost_minor -= refunds->getInt64(3);
  }
  return out;
}

}  // namespace sales::analytics::store
