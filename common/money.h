// Money rules shared by every service: the ISO 4217 minor-unit exponent of a currency,
// which says how many minor units make one major unit (JPY 0: 1 yen; CNY 2: 100 fen;
// KWD 3: 1000 fils; CLF 4). Amounts themselves are int64 minor units everywhere.
#pragma once

#include <cstdint>
#include <string_view>

#include "absl/status/statusor.h"

namespace sales {

// The number of decimal places of the minor unit of `iso_code`, an active ISO 4217 code in
// upper case ("JPY" 0, "CNY" 2, "KWD" 3, "CLF" 4). INVALID_ARGUMENT for an unknown code,
// a lower-case one, or one without a minor unit (precious metals, XDR, XXX, XTS).
absl::StatusOr<int> MinorUnitExponent(std::string_view iso_code);

// 10 to the power `exponent` (0-4): the minor units in one major unit.
int64_t MinorUnitsPerMajor(int exponent);

}  // namespace sales
