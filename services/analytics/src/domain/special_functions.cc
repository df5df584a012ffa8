#include "services/analytics/src/domain/special_functions.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

constexpr int kMaxTerms = 1000000;
constexpr double kRelativeTolerance = 1e-15;

// The power series of 2F1(a, b; c; z): term k+1 is term k times (a+k)(b+k) z / ((c+k)(k+1)).
absl::StatusOr<double> Series(double a, double b, double c, double z) {
  double term = 1.0;
  double sum = 1.0;
  for (int k = 0; k < kMaxTerms; ++k) {
    term *= (a + k) * (b + k) / ((c + k) * (k + 1.0)) * z;
    sum += term;
    if (term == 0.0) return sum;
    // Once the ratio of terms is below one the remaining tail is bounded by the last term
    // over (1 - ratio): stop when that is negligible.
    const double ratio = std::abs((a + k + 1) * (b + k + 1) / ((c + k + 1) * (k + 2.0)) * z);
    if (ratio < 1.0 && std::abs(term) / (1.0 - ratio) <= kRelativeTolerance * std::abs(sum)) {
      return sum;
    }
    if (!std::isfinite(sum)) break;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("2F1(", a, ", ", b, "; ", c, "; ", z, "): the series did not settle"));
}

}  // namespace

double LogBeta(double a, double b) { return std::lgamma(a) + std::lgamma(b) - std::lgamma(a + b); }

absl::StatusOr<double> LogHyp2F1(double a, double b, double c, double z) {
  if (!(z >= 0.0 && z < 1.0) || !(c > 0.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("2F1(", a, ", ", b, "; ", c, "; ", z, "): needs 0 <= z < 1 and c > 0"));
  }
  const double excess = c - a - b;
  const bool euler = excess < 0.0;
  absl::StatusOr<double> sum = euler ? Series(c - a, c - b, c, z) : Series(a, b, c, z);
  if (!sum.ok()) return sum.status();
  if (!(*sum > 0.0)) {
    return absl::FailedPreconditionError(
        absl::StrCat("2F1(", a, ", ", b, "; ", c, "; ", z, ") is not positive"));
  }
  return std::log(*sum) + (euler ? excess * std::log1p(-z) : 0.0);
}

}  // namespace sales::analytics::domain
