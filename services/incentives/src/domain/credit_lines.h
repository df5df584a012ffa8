// What a credit is made of, line by line: the product, category, revenue, margin and units
// of each order line in the credit, so that plans can pay per category or per product.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/incentives/src/domain/credits.h"

namespace sales::incentives::domain {

// One line of what was sold (or returned): net revenue, cost and units, all >= 0 in
// practice (a negative one weighs as 0 in the split).
struct SoldLine {
  std::string product;   // "products/{id}"
  std::string category;  // the category at order time
  int64_t revenue = 0;
  int64_t cost = 0;
  int64_t units = 0;
};

// One line's part of a credit.
struct CreditLine {
  std::string product;
  std::string category;
  SaleAmounts amounts;
  friend bool operator==(const CreditLine&, const CreditLine&) = default;
};

// `credit` (a rep's part of a sale, or a reversal: negative) spread over `lines` in
// proportion to them by the largest-remainder rule: revenue by the lines' revenue, cost
// (revenue minus margin) by their cost, units by their units; a line's margin is its
// revenue less its cost. The lines add up exactly to `credit`. When every weight of an
// amount is 0 the amount is spread evenly. No lines: one line with empty product and
// category holding the whole credit.
std::vector<CreditLine> SplitOverLines(const SaleAmounts& credit,
                                       const std::vector<SoldLine>& lines);

}  // namespace sales::incentives::domain
