// Money of the demo: int64 minor units of the deployment currency, never floating point in
// what is sent, and the rounding rules the orders service uses.
#pragma once

#include <cstdint>
#include <string>

#include "absl/strings/str_format.h"
#include "common/money.h"
#include "sales/common/v1/money.pb.h"
#include "tools/demo/options.h"

namespace sales::demo {

inline void SetMoney(sales::common::v1::Money* m, const DemoOptions& options, int64_t minor) {
  m->set_currency_code(options.currency);
  m->set_minor_units(minor);
}

// Minor units in one major unit of the deployment currency: 100 for CNY, 1 for JPY, 1000
// for KWD (common/money.h); 100 for a code it does not know (the services refuse it anyway).
inline int64_t MinorPerMajor(const DemoOptions& options) {
  const absl::StatusOr<int> exponent = MinorUnitExponent(options.currency);
  return exponent.ok() ? MinorUnitsPerMajor(*exponent) : 100;
}

// Minor units as a person reads them in the deployment currency: "12.34" (CNY), "1234" (JPY).
inline std::string FormatMinor(int64_t minor, int64_t per_major) {
  if (per_major == 1) return absl::StrFormat("%d", minor);
  int digits = 0;
  for (int64_t p = per_major; p > 1; p /= 10) ++digits;
  const int64_t abs_minor = minor < 0 ? -minor : minor;
  return absl::StrFormat("%s%d.%0*d", minor < 0 ? "-" : "", abs_minor / per_major, digits,
                         abs_minor % per_major);
}

// amount * bp / 10000, an exact half rounded up (as the orders service rounds tax and
// percentage discounts).
inline int64_t PercentOf(int64_t amount, int64_t bp) { return (amount * bp + 5000) / 10000; }

}  // namespace sales::demo
