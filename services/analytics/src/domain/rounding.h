// Exact integer division with the rounding rule every money figure of analytics states:
// half away from zero.
#pragma once

#include <cstdint>

#include "absl/numeric/int128.h"

namespace sales::analytics::domain {

// numerator / denominator rounded half away from zero (2.5 -> 3, -2.5 -> -3); 0 when the
// denominator is 0. 128-bit, so products of two int64 amounts do not overflow.
int64_t DivideRounded(absl::int128 numerator, absl::int128 denominator);

}  // namespace sales::analytics::domain
