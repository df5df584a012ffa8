// Amounts as messages show them to people: digits grouped by thousands with ',' and the
// minor units after a '.', e.g. 950000 with exponent 2 -> "9,500.00". Exact (no
// floating point); for error messages and reports, not for parsing back.
#pragma once

#include <cstdint>
#include <string>

namespace sales {

// `value` in units of 10^-exponent (exponent 0-4): 950000, 2 -> "9,500.00"; -5, 2 ->
// "-0.05"; 12345, 0 -> "12,345".
std::string FormatGroupedAmount(int64_t value, int exponent);

}  // namespace sales
