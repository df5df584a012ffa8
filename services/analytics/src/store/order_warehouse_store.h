// Demand per product and warehouse (replenishment): the warehouse of each order, kept from
// the orders feed beside the order facts, and read back as daily units per product and
// warehouse with the stock the latest stock events left.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/store/fact_store.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// The warehouse an order was taken from ('' when it named none).
struct OrderWarehouse {
  std::string order;
  std::string warehouse;
};

// Records `rows` in the tables of `set`; an order recorded before keeps its row.
void RecordOrderWarehouses(db::Transaction& tx, TableSet set,
                           const std::vector<OrderWarehouse>& rows);

// Units of one product sold from one warehouse on one day, and units of it returned to that
// warehouse's stock that day.
struct WarehouseDay {
  std::string product;
  std::string warehouse;
  absl::CivilDay day;
  int64_t units = 0;
  int64_t returned = 0;
};

// In one statement, for every product and warehouse: the units on the counted (not
// cancelled) orders placed on days [first_day, end_day), by day of the order's create time,
// and the units of the returns resolved on those days whose goods were restocked, by day of
// the resolution, into the warehouse of the returned order (live facts); summed per
// product, warehouse and day in SQL. Only `product` and only `warehouse` when not empty.
// Orders without a warehouse row are left out. By product, warehouse, day.
std::vector<WarehouseDay> LoadWarehouseDemand(db::Transaction& tx, absl::CivilDay first_day,
                                              absl::CivilDay end_day, const std::string& product,
                                              const std::string& warehouse);

// Stock per product and warehouse as the latest stock events left it (live facts), by
// product then warehouse; only `product` and only `warehouse` when not empty.
std::vector<StockLevel> LoadStockLevels(db::Transaction& tx, const std::string& product,
                                        const std::string& warehouse);

}  // namespace sales::analytics::store
