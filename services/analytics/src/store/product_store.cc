#include "services/analytics/src/store/product_store.h"

namespace sales::analytics::store {
namespace {

constexpr char kSelectStock[] =
    "SELECT product, SUM(on_hand), SUM(on_hand - reserved) FROM stock_levels GROUP BY product";

}  // namespace

std::map<std::string, ProductStock> LoadStock(db::Transaction& tx) {
  std::map<std::string, ProductStock> out;
  auto rs = tx.Query(kSelectStock);
  while (rs->next()) out[rs->getString(1)] = {rs->getInt64(2), rs->getInt64(3)};
  return out;
}

}  // namespace sales::analytics::store
