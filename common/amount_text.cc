#include "common/amount_text.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace sales {

std::string FormatGroupedAmount(int64_t value, int exponent) {
  const bool negative = value < 0;
  // Through uint64 so that the int64 minimum has a magnitude too.
  const uint64_t magnitude =
      negative ? 0 - static_cast<uint64_t>(value) : static_cast<uint64_t>(value);
  std::string digits = absl::StrCat(magnitude);
  const size_t decimals = exponent > 0 ? static_cast<size_t>(exponent) : 0;
  if (digits.size() <= decimals) digits.insert(0, decimals + 1 - digits.size(), '0');
  const std::string whole = digits.substr(0, digits.size() - decimals);
  std::string grouped;
  for (size_t i = 0; i < whole.size(); ++i) {
    if (i > 0 && (whole.size() - i) % 3 == 0) grouped.push_back(',');
    grouped.push_back(whole[i]);
  }
  std::string out = negative ? "-" : "";
  out += grouped;
  if (decimals > 0) absl::StrAppend(&out, ".", digits.substr(digits.size() - decimals));
  return out;
}

}  // namespace sales
