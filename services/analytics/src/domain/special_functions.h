// Special functions the customer-lifetime models need, in double precision.
#pragma once

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

// ln B(a, b) = ln Γ(a) + ln Γ(b) - ln Γ(a + b), for a, b > 0.
double LogBeta(double a, double b);

// ln of the Gauss hypergeometric function 2F1(a, b; c; z) for 0 <= z < 1 and c > 0, where
// it is positive (as in the BG/NBD expectations). Sums the power series (Abramowitz and
// Stegun 15.1.1) after Euler's transformation 2F1(a, b; c; z) = (1-z)^(c-a-b)
// 2F1(c-a, c-b; c; z) (A&S 15.3.3) when c - a - b < 0, whose series then has small terms;
// FAILED_PRECONDITION if the sum does not settle within its term limit or is not positive.
absl::StatusOr<double> LogHyp2F1(double a, double b, double c, double z);

}  // namespace sales::analytics::domain
