// What the product report reads besides the rollup: stock now, per product.
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "common/db/transaction.h"

namespace sales::analytics::store {

struct ProductStock {
  int64_t on_hand = 0;
  int64_t available = 0;  // on hand - reserved
};

// Stock per product over all warehouses, as the latest stock events left it.
std::map<std::string, ProductStock> LoadStock(db::Transaction& tx);

}  // namespace sales::analytics::store
