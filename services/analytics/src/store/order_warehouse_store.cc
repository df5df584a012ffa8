#include "services/analytics/src/store/order_warehouse_store.h"

#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

constexpr char kInsertPrefix[] =
    "INSERT INTO order_warehouse_facts{s} (order_name, warehouse) VALUES ";
constexpr char kInsertSuffix[] = " ON DUPLICATE KEY UPDATE order_name = order_name";

// An empty filter matches every row ('' = ? OR column = ?).
// Sales and restocked returns, each grouped per product, warehouse and day, then merged.
constexpr char kSelectDemand[] =
    "SELECT product, warehouse, day, SUM(sold), SUM(returned) FROM ("
    "SELECT l.product AS product, w.warehouse AS warehouse, o.day AS day, "
    "SUM(l.quantity) AS sold, 0 AS returned FROM order_facts o "
    "JOIN order_warehouse_facts w ON w.order_name = o.order_name "
    "JOIN order_line_facts l ON l.order_name = o.order_name "
    "WHERE o.counted = 1 AND o.day >= ? AND o.day < ? AND (? = '' OR l.product = ?) "
    "AND (? = '' OR w.warehouse = ?) "
    "GROUP BY l.product, w.warehouse, o.day "
    "UNION ALL "
    "SELECT rl.product, w.warehouse, r.day, 0, SUM(rl.quantity) FROM return_facts r "
    "JOIN order_warehouse_facts w ON w.order_name = r.order_name "
    "JOIN return_line_facts rl ON rl.return_name = r.return_name "
    "WHERE r.restocked = 1 AND r.day >= ? AND r.day < ? AND (? = '' OR rl.product = ?) "
    "AND (? = '' OR w.warehouse = ?) "
    "GROUP BY rl.product, w.warehouse, r.day"
    ") d GROUP BY product, warehouse, day ORDER BY product, warehouse, day";

constexpr char kSelectStock[] =
    "SELECT product, warehouse, on_hand, reserved FROM stock_levels "
    "WHERE (? = '' OR product = ?) AND (? = '' OR warehouse = ?) ORDER BY product, warehouse";

}  // namespace

void RecordOrderWarehouses(db::Transaction& tx, TableSet set,
                           const std::vector<OrderWarehouse>& rows) {
  if (rows.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(rows.size() * 2);
  for (const OrderWarehouse& row : rows) {
    params.emplace_back(row.order);
    params.emplace_back(row.warehouse);
  }
  db::ExecRows(tx, ForTables(kInsertPrefix, set), 2, params, kInsertSuffix);
}

std::vector<WarehouseDay> LoadWarehouseDemand(db::Transaction& tx, absl::CivilDay first_day,
                                              absl::CivilDay end_day, const std::string& product,
                                              const std::string& warehouse) {
  std::vector<WarehouseDay> out;
  const std::string first = DayText(first_day);
  const std::string end = DayText(end_day);
  auto rs = tx.Query(kSelectDemand, {first, end, product, product, warehouse, warehouse, first, end,
                                     product, product, warehouse, warehouse});
  while (rs->next()) {
    out.push_back(
        {rs->getString(1), rs->getString(2), ReadDay(*rs, 3), rs->getInt64(4), rs->getInt64(5)});
  }
  return out;
}

std::vector<StockLevel> LoadStockLevels(db::Transaction& tx, const std::string& product,
                                        const std::string& warehouse) {
  std::vector<StockLevel> out;
  auto rs = tx.Query(kSelectStock, {product, product, warehouse, warehouse});
  while (rs->next()) {
    out.push_back({rs->getString(1), rs->getString(2), rs->getInt64(3), rs->getInt64(4)});
  }
  return out;
}

}  // namespace sales::analytics::store
