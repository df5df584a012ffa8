// Money of the demo: int64 minor units of the deployment currency, never floating point in
// what is sent, and the rounding rules the orders service uses.
#pragma once

#include <cstdint>

#include "sales/common/v1/money.pb.h"
#include "tools/demo/options.h"

namespace sales::demo {

inline void SetMoney(sales::common::v1::Money* m, const DemoOptions& options, int64_t minor) {
  m->set_currency_code(options.currency);
  m->set_minor_units(minor);
}

// amount * bp / 10000, an exact half rounded up (as the orders service rounds tax and
// percentage discounts).
inline int64_t PercentOf(int64_t amount, int64_t bp) { return (amount * bp + 5000) / 10000; }

}  // namespace sales::demo
