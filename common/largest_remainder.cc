#include "common/largest_remainder.h"

#include <algorithm>
#include <numeric>

#include "absl/numeric/int128.h"

namespace sales {

std::vector<int64_t> SplitByLargestRemainder(int64_t amount, const std::vector<int64_t>& weights) {
  std::vector<int64_t> parts(weights.size(), 0);
  absl::int128 sum = 0;
  for (int64_t w : weights) sum += w;
  if (weights.empty() || sum <= 0) return parts;
  const bool negative = amount < 0;
  const absl::int128 magnitude = negative ? -absl::int128(amount) : absl::int128(amount);
  std::vector<absl::int128> remainders(weights.size(), 0);
  absl::int128 given = 0;
  for (size_t i = 0; i < weights.size(); ++i) {
    const absl::int128 exact = magnitude * weights[i];
    const absl::int128 floor = exact / sum;
    remainders[i] = exact % sum;
    parts[i] = static_cast<int64_t>(floor);
    given += floor;
  }
  std::vector<size_t> order(weights.size());
  std::iota(order.begin(), order.end(), 0);
  // Largest remainder first; equal remainders keep index order (stable sort).
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  // Fewer units are left over than there are parts with a positive remainder.
  absl::int128 left = magnitude - given;
  for (size_t i = 0; left > 0 && i < order.size(); ++i, --left) ++parts[order[i]];
  if (negative) {
    for (int64_t& part : parts) part = -part;
  }
  return parts;
}

}  // namespace sales
