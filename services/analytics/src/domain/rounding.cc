#include "services/analytics/src/domain/rounding.h"

namespace sales::analytics::domain {

int64_t DivideRounded(absl::int128 numerator, absl::int128 denominator) {
  if (denominator == 0) return 0;
  if (denominator < 0) {
    numerator = -numerator;
    denominator = -denominator;
  }
  const bool negative = numerator < 0;
  const absl::int128 magnitude = negative ? -numerator : numerator;
  const absl::int128 rounded = (2 * magnitude + denominator) / (2 * denominator);
  return static_cast<int64_t>(negative ? -rounded : rounded);
}

}  // namespace sales::analytics::domain
