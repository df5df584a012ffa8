// Special functions the customer-lifetime models need, in double precision.
#pragma once

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

// ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for a, b > 0.
double LogBeta(double a, double b);

// ln of the Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 and c not a
// non-positive integer (c may be negative: BG/NBD's eq. 10 has c = a + b - 1 for a customer
// without repeat purchases), where it is positive (as in the BG/NBD expectations). Sums the power
// series (Abramowitz and Stegun 15.1.1) after Euler's transformation 2F1(a, b; c; z) =
// (1-z)^(c-a-b) 2F1(c-a, c-b; c; z) (A&S 15.3.3) when c - a - b < 0, whose series then has small
// terms; FAILED_PRECONDITION if the sum does not settle within its term limit or is not positive.
absl::StatusOr<double> LogHyp2F1(double a, double b, double c, double z);

// A value as its sign (-1, 0, 1) and the log of its magnitude.
struct SignedLog {
  int sign = 0;
  double log_abs = 0;
};
// 2F1(a, b; c; z) as a SignedLog, for the same arguments as LogHyp2F1 whatever its sign (a
// negative c can make it negative).
absl::StatusOr<SignedLog> SignedLogHyp2F1(double a, double b, double c, double z);

}  // namespace sales::analytics::domain
