// Money as people type and read it: "12.34" in a currency, exactly, as int64 minor units
// (never through a floating-point number). The number of decimals comes from the ISO 4217
// exponent table in common/money.h: CNY 2, JPY 0, KWD 3.
#pragma once

#include <cstdint>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sales::salesctl {

// "12.34" in CNY -> 1234. Accepts an optional leading '-', digits, and at most as many
// decimals as the currency has ("12", "12.3", "12.34" in CNY; "1500" but not "1500.0" in
// JPY). Refuses, with INVALID_ARGUMENT naming `field`: an empty text, signs other than a
// leading '-', grouping separators, exponents, more decimals than the currency has, a value
// beyond int64 minor units, and an unknown currency.
absl::StatusOr<int64_t> ParseMoneyText(absl::string_view field, absl::string_view text,
                                       absl::string_view currency_code);

// 1234 with exponent 2 -> "12.34"; -5 -> "-0.05"; exponent 0 -> plain digits.
std::string FormatMinorUnits(int64_t minor_units, int exponent);

}  // namespace sales::salesctl
