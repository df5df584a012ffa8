// Exact shares of an integer amount (money in minor units, or a count) by the
// largest-remainder rule: the parts always add up to the amount.
#pragma once

#include <cstdint>
#include <vector>

namespace sales {

// Splits `amount` in proportion to `weights` (each >= 0, their sum > 0 and at most
// 2^62): each part gets the floor of amount * weight / sum, then the units left over go one
// each to the parts with the largest fractional remainders; between equal remainders the
// earlier part (lower index) wins. A negative amount is split as its magnitude, every part
// negated, so a reversal mirrors its original exactly. A zero weight always gets 0. The
// parts add up exactly to `amount`.
std::vector<int64_t> SplitByLargestRemainder(int64_t amount, const std::vector<int64_t>& weights);

}  // namespace sales
