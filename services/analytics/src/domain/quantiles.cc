#include "services/analytics/src/domain/quantiles.h"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>

namespace sales::analytics::domain {

double QuantileOfSorted(const std::vector<double>& sorted, double p) {
  if (sorted.empty() || !(p >= 0.0 && p <= 1.0)) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  const double h = static_cast<double>(sorted.size() - 1) * p;
  const double lower = std::floor(h);
  const auto i = static_cast<std::size_t>(lower);
  if (i + 1 >= sorted.size()) return sorted.back();
  return sorted[i] + (h - lower) * (sorted[i + 1] - sorted[i]);
}

double Quantile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return QuantileOfSorted(values, p);
}

}  // namespace sales::analytics::domain
