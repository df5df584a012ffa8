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

absl::StatusOr<SignedLog> SignedLogHyp2F1(double a, double b, double c, double z) {
  // The series (and Euler's transformation) hold for every c but 0, -1, -2, ...: a
  // negative c arises in the BG/NBD expectation of a customer without repeat purchases
  // when a + b < 1 (c = a + b - 1), and then the value may be negative.
  if (!(z >= 0.0 && z < 1.0) || !std::isfinite(c) || (c <= 0.0 && c == std::floor(c))) {
    return absl::InvalidArgumentError(absl::StrCat("2F1(", a, ", ", b, "; ", c, "; ", z,
                                                   "): needs 0 <= z < 1 and c not 0, -1, -2, ..."));
  }
  const double excess = c - a - b;
  const bool euler = excess < 0.0;
  absl::StatusOr<double> sum = euler ? Series(c - a, c - b, c, z) : Series(a, b, c, z);
  if (!sum.ok()) return sum.status();
  SignedLog out;
  out.sign = *sum > 0.0 ? 1 : (*sum < 0.0 ? -1 : 0);
  out.log_abs = std::log(std::abs(*sum)) + (euler ? excess * std::log1p(-z) : 0.0);
  return out;
}

absl::StatusOr<double> LogHyp2F1(double a, double b, double c, double z) {
  absl::StatusOr<SignedLog> v = SignedLogHyp2F1(a, b, c, z);
  if (!v.ok()) return v.status();
  if (v->sign <= 0) {
    return absl::FailedPreconditionError(
        absl::StrCat("2F1(", a, ", ", b, "; ", c, "; ", z, ") is not positive"));
  }
  return v->log_abs;
}

}  // namespace sales::analytics::domain
