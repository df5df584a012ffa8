#include "tools/salesctl/money_text.h"

#include <limits>

#include "absl/strings/str_cat.h"
#include "common/money.h"
#include "tools/salesctl/errors.h"

namespace sales::salesctl {

absl::StatusOr<int64_t> ParseMoneyText(absl::string_view field, absl::string_view text,
                                       absl::string_view currency_code) {
  absl::StatusOr<int> exponent =
      MinorUnitExponent(std::string_view(currency_code.data(), currency_code.size()));
  if (!exponent.ok()) {
    return InvalidField(field, absl::StrCat("unknown currency '", currency_code, "'"));
  }
  const std::string shown(text);
  const auto bad = [&](absl::string_view why) {
    return InvalidField(field, absl::StrCat("'", shown, "' ", why));
  };
  if (text.empty()) return InvalidField(field, "is empty; expected an amount such as 12.34");
  bool negative = false;
  if (text.front() == '-') {
    negative = true;
    text.remove_prefix(1);
  }
  const size_t dot = text.find('.');
  const absl::string_view whole = text.substr(0, dot);
  const absl::string_view fraction =
      dot == absl::string_view::npos ? absl::string_view() : text.substr(dot + 1);
  const auto all_digits = [](absl::string_view s) {
    for (char c : s) {
      if (c < '0' || c > '9') return false;
    }
    return true;
  };
  if (whole.empty() || !all_digits(whole) || !all_digits(fraction) ||
      (dot != absl::string_view::npos && fraction.empty())) {
    return bad(absl::StrCat("is not an amount; expected digits with an optional '.' and up to ",
                            *exponent, " decimals, e.g. ",
                            *exponent == 0 ? "1500" : (*exponent == 2 ? "12.34" : "12.345")));
  }
  if (static_cast<int>(fraction.size()) > *exponent) {
    return bad(*exponent == 0
                   ? absl::StrCat("has decimals, but ", currency_code, " has none")
                   : absl::StrCat("has more than ", *exponent, " decimals for ", currency_code));
  }
  // Accumulate as a negative number so that the int64 minimum fits too.
  constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
  int64_t value = 0;
  const auto push_digit = [&](char c) {
    const int digit = c - '0';
    if (value < kMin / 10) return false;
    value *= 10;
    if (value < kMin + digit) return false;
    value -= digit;
    return true;
  };
  for (char c : whole) {
    if (!push_digit(c)) return bad("is too large");
  }
  for (int i = 0; i < *exponent; ++i) {
    const char c = i < static_cast<int>(fraction.size()) ? fraction[i] : '0';
    if (!push_digit(c)) return bad("is too large");
  }
  if (negative) return value;
  if (value == kMin) return bad("is too large");
  return -value;
}

std::string FormatMinorUnits(int64_t minor_units, int exponent) {
  const bool negative = minor_units < 0;
  // Through uint64 so that the int64 minimum has a magnitude too.
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(minor_units) : static_cast<uint64_t>(minor_units);
  const std::string digits = absl::StrCat(magnitude);
  if (exponent <= 0) return absl::StrCat(negative ? "-" : "", digits);
  const size_t decimals = static_cast<size_t>(exponent);
  // Left-pad with zeros so that there is at least one digit before the point.
  const std::string padded =
      digits.size() > decimals
          ? digits
          : absl::StrCat(std::string(decimals + 1 - digits.size(), '0'), digits);
  const size_t point = padded.size() - decimals;
  return absl::StrCat(negative ? "-" : "", absl::string_view(padded).substr(0, point), ".",
                      absl::string_view(padded).substr(point));
}

}  // namespace sales::salesctl
