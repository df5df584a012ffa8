// Sales per customer and product in a period, net of the returns resolved in it: the cells
// the revenue bridge decomposes.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"

namespace sales::analytics::store {

struct NamedSalesCell {
  std::string customer;
  std::string product;
  int64_t units = 0;
  int64_t revenue_minor = 0;  // net of discounts and refunds
};

// Which cells a bridge covers: every cell, or those of one channel or region (of the order),
// or of one product or category (of the line).
struct CellSlice {
  enum class Kind { kAll, kChannel, kRegion, kProduct, kCategory };
  Kind kind = Kind::kAll;
  std::string member;
};

// The cells of the days [from, to): orders placed then (not cancelled), minus the returns
// resolved then (a return counts in the channel and region of its order), of `slice`.
std::vector<NamedSalesCell> LoadSalesCells(db::Transaction& tx, absl::CivilDay from,
                                           absl::CivilDay to, const CellSlice& slice = {});

}  // namespace sales::analytics::store
