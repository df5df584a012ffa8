// Sample quantiles by linear interpolation between order statistics: definition 7 of Hyndman
// and Fan, "Sample Quantiles in Statistical Packages", The American Statistician 50(4), 1996,
// pp. 361-365; the default of R's `quantile` and of numpy's `quantile`/`percentile`
// (method "linear"). For n sorted values x[0] <= ... <= x[n-1] and 0 <= p <= 1:
//   h = (n - 1) p,  Q(p) = x[floor h] + (h - floor h) (x[floor h + 1] - x[floor h]),
// so Q(0) is the minimum, Q(1) the maximum and Q(0.5) the usual median (the mean of the two
// middle values when n is even). Example: the values 1..10 give Q(0.9) = 9.1.
#pragma once

#include <vector>

namespace sales::analytics::domain {

// The type-7 quantile of `values` (any order) at probability `p`. NaN when `values` is empty
// or `p` is outside [0, 1] (or NaN): there is no such quantile.
double Quantile(std::vector<double> values, double p);

// The same for values already sorted ascending, without copying them: for several quantiles
// of one sample (a median and a p90) sort once and call this for each.
double QuantileOfSorted(const std::vector<double>& sorted, double p);

}  // namespace sales::analytics::domain
