// Student's t distribution, for the confidence intervals of regression coefficients.
#pragma once

namespace sales::analytics::domain {

// The regularised incomplete beta function I_x(a, b), 0 <= x <= 1, a, b > 0, by its
// continued fraction evaluated with the modified Lentz method (Press, Teukolsky, Vetterling
// and Flannery, "Numerical Recipes", 3rd ed., §6.4), using the symmetry
// I_x(a, b) = 1 - I_{1-x}(b, a) where the fraction converges slowly.
double RegularizedIncompleteBeta(double x, double a, double b);

// The cumulative distribution function of Student's t with `df` > 0 degrees of freedom:
// for t >= 0, F(t) = 1 - I_{df/(df+t²)}(df/2, 1/2) / 2 (Abramowitz and Stegun 26.7.1 with
// 26.5.27), and F(-t) = 1 - F(t).
double StudentTCdf(double t, double df);

// The p-quantile of Student's t with `df` > 0 degrees of freedom, 0 < p < 1: StudentTCdf
// inverted by bisection to about 1e-12 (e.g. p = 0.975, df = 10 gives 2.228139). NaN for p
// outside (0, 1) or df <= 0.
double StudentTQuantile(double p, double df);

}  // namespace sales::analytics::domain
