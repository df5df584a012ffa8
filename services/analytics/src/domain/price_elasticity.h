// Price elasticity of demand from the prices actually paid. The own-price elasticity is
// ε = (∂Q/∂P)(P/Q) (Varian, "Intermediate Microeconomics", 8th ed., §15.4); in the
// constant-elasticity (log-log) demand model ln Q = a + ε ln P + u it is the slope of log
// units on log price (Wooldridge, "Introductory Econometrics", 5th ed., §2.4 and Table 2.3:
// "log-log: β1 is the elasticity of y with respect to x"). Here, per ISO week t of a product
// i (weeks in which it sold; the price is the units-weighted mean net unit price paid, after
// line discounts and promotions, before tax):
//   ln units_it = a_i + ε ln price_it + Σ_{k=1,2} (c_k sin 2πk τ_t + d_k cos 2πk τ_t) + u_it
// by OLS, where τ_t is the position of week t's Thursday in its year (day of year - 1) /
// days in the year: Fourier terms of the annual season (Hyndman and Athanasopoulos,
// "Forecasting: Principles and Practice", 3rd ed., §7.4, "Fourier series"), used when the
// weeks with sales span at least 52 weeks (a shorter span cannot tell a season from a price
// effect) and left out otherwise. A product has one intercept a_i; a category pools its
// products with one intercept each (the within estimator, within_ols.h), so that ε is the
// common elasticity of its products and the mix of products does not pass for a price
// effect. Standard error from s² (X'X)⁻¹, interval ε ± t_{(1+level)/2, n-G-k} × se.
//
// Category-week effects (EstimateCategoryElasticities, what the service reports): when a
// category has two or more products selling in the same weeks, season alone does not
// separate price from demand (a festival's discounts fall on its demand peak, so a
// week-of-year control leaves the festival's extra demand in the error, correlated with the
// price). There each product's ln units and ln price are demeaned by product and by
// category-week (the two-way within estimator, Wooldridge, "Econometric Analysis of Cross
// Section and Panel Data", 2nd ed., §10.5, with the week effect shared by a category's
// products, price_elasticity_within.h):
//   ln units_it = a_i + d_ct + ε_i ln price_it + u_it   (product i of category c, week t)
// fitted jointly for the category with one slope ε_i per product whose price moved, and
//   ln units_it = a_i + d_ct + ε ln price_it + u_it     for the category's pooled ε,
// so that a demand shock common to the category in a week (a festival) is absorbed by d_ct
// and ε is identified by the prices of products of one category moving apart in a week.
// The Fourier terms are not needed (d_ct absorbs the season). Standard errors are
// Driscoll-Kraay's: cluster-robust by category-week and robust to correlation between weeks
// up to L apart (4 for two years of weeks: a demand shock and a price spell that last), with
// CR1's factor; the t's degrees of freedom count every effect (price_elasticity_within.h). A
// product alone in its category (or that never sold in a week with another of its products)
// keeps the per-product model above. The holdout check of an estimate with category-week
// effects keeps ε at the estimate on the weeks before the holdout and fits the intercepts and
// the Fourier terms around it (the category-week effects of weeks to come are unknown),
// against the same with ε = -1 and against no change.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

// One week of one product's counted sales.
struct PriceWeek {
  int week = 0;              // index of the ISO week in the window, 0 = the first
  double year_position = 0;  // τ: (day of year of its Thursday - 1) / days in that year
  int64_t units = 0;         // units sold
  int64_t net_minor = 0;     // what was paid for them, net of discounts, before tax
};

// A product's weeks (those with units > 0 and a net amount > 0 are used).
struct PriceSeries {
  std::string product;
  std::vector<PriceWeek> weeks;
};

// When prices varied enough to estimate an elasticity; otherwise the estimate is refused
// with the reason. All of:
// - at least `min_weeks` weeks with sales;
// - a standard deviation of log price (around each product's mean, divisor n - G) of at
//   least `min_log_price_sd` (0.05: prices typically about 5% from their mean);
// - at least `min_weeks_off_usual_price` weeks whose log price is at least
//   `off_usual_log_distance` (0.02, about 2%) from its product's median log price, so that
//   one promotion week does not carry the slope alone;
// - at least `min_degrees_of_freedom` residual degrees of freedom (n - G - k).
struct ElasticityRule {
  int min_weeks = 20;
  double min_log_price_sd = 0.05;
  int min_weeks_off_usual_price = 4;
  double off_usual_log_distance = 0.02;
  int min_degrees_of_freedom = 10;
};

struct ElasticityOptions {
  int window_weeks = 104;  // weeks of the window, the weeks' indices are 0 .. window_weeks-1
  int holdout_weeks = 8;   // the last weeks of the window, held out for the check
  double level = 0.95;     // of the confidence interval
  ElasticityRule rule;
};

// The check on the held-out last weeks: each predictor fitted on the weeks before them,
// scored by the root mean squared error of ln units on the held-out weeks with sales.
struct ElasticityHoldout {
  int weeks = 0;  // held-out product-weeks scored
  double model_rmse = 0;
  // Baseline "elasticity -1": the same model with ε fixed at -1 (revenue does not move
  // with price), intercepts and season fitted.
  double unit_elastic_rmse = 0;
  // Baseline "no change": each product's mean ln units of the training weeks.
  double no_change_rmse = 0;
  bool beats_baseline = false;  // model_rmse below both baselines'
  std::string verdict;          // the comparison in one sentence
};

struct ElasticityEstimate {
  double elasticity = 0;
  double standard_error = 0;
  double lower = 0;  // the confidence interval at `level`
  double upper = 0;
  double level = 0;
  double t_quantile = 0;  // t_{(1+level)/2, degrees_of_freedom}
  double r_squared = 0;   // within R² (ordinary R² for one product)
  int periods = 0;        // product-weeks fitted (n)
  int products = 0;       // G
  int degrees_of_freedom = 0;
  double log_price_sd = 0;
  int weeks_off_usual_price = 0;
  bool seasonal = false;  // Fourier terms used (by the holdout check, with week effects)
  // Category-week effects (EstimateCategoryElasticities): the interval is Driscoll-Kraay's
  // (cluster-robust by week, and across up to 4 weeks) and its degrees of freedom count the
  // effects; false for the per-product model.
  bool category_week_effects = false;
  std::optional<ElasticityHoldout> holdout;
  std::string holdout_note;  // why there is no holdout check, when there is none
};

// FAILED_PRECONDITION with the reason in words when the rule refuses the series (or the fit
// is singular); INVALID_ARGUMENT naming `options` for a window or holdout out of range.
absl::StatusOr<ElasticityEstimate> EstimateElasticity(const std::vector<PriceSeries>& series,
                                                      const ElasticityOptions& options);

// Every product's estimate and the category's pooled one, with category-week effects where
// the category has two or more products sharing weeks (see above), else EstimateElasticity
// of each product alone and of all of them pooled. `products` are one category's.
struct CategoryElasticities {
  std::vector<absl::StatusOr<ElasticityEstimate>> products;  // one per series, in order
  absl::StatusOr<ElasticityEstimate> category = absl::UnknownError("not estimated");
};
CategoryElasticities EstimateCategoryElasticities(const std::vector<PriceSeries>& products,
                                                  const ElasticityOptions& options);

}  // namespace sales::analytics::domain
