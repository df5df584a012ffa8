// Holt-Winters exponential smoothing for the revenue and units forecasts: level, optional
// (damped) additive trend, optional additive or multiplicative season of length m (7 for
// days, 52 for weeks, 12 for months), written as the additive-error innovations state space
// models ETS(A,·,·) of Hyndman, Koehler, Ord and Snyder 2008, "Forecasting with Exponential
// Smoothing" (Springer), Table 2.2, which are the Holt-Winters recursions of Hyndman
// and Athanasopoulos, "Forecasting: Principles and Practice" (FPP3) ch. 8 in error-correction
// form. With e_t = y_t - μ_t the one-step-ahead error and T = l_{t-1} + φ b_{t-1}:
//   no season:      μ_t = T            l_t = T + α e_t          b_t = φ b_{t-1} + β e_t
//   additive:       μ_t = T + s_{t-m}  l_t = T + α e_t          b_t = φ b_{t-1} + β e_t
//                                      s_t = s_{t-m} + γ e_t
//   multiplicative: μ_t = T s_{t-m}    l_t = T + α e_t/s_{t-m}  b_t = φ b_{t-1} + β e_t/s_{t-m}
//                                      s_t = s_{t-m} + γ e_t/T
// (φ = 1 for an undamped trend; b = 0 without a trend). β and γ here are FPP's α β* and the
// γ of its component form; statsmodels' ExponentialSmoothing reports β* = β / α.
#pragma once

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace sales::analytics::domain {

enum class TrendKind { kNone, kAdditive, kAdditiveDamped };
enum class SeasonKind { kNone, kAdditive, kMultiplicative };

struct ModelForm {
  TrendKind trend = TrendKind::kNone;
  SeasonKind season = SeasonKind::kNone;
  friend bool operator==(const ModelForm&, const ModelForm&) = default;
};

// The ETS name of a form: error, trend, season, e.g. "A,N,N", "A,Ad,M" (errors are always
// additive here: the fit minimises squared one-step errors).
std::string ModelName(ModelForm form);

struct HoltWintersParams {
  double alpha = 0;  // level smoothing, 0 < α < 1
  double beta = 0;   // trend smoothing, 0 < β < α (0 without a trend)
  double gamma = 0;  // season smoothing, 0 < γ < 1 - α (0 without a season)
  double phi = 1;    // damping, 0.8 <= φ <= 0.98 for a damped trend (1 otherwise)
  double initial_level = 0;
  double initial_trend = 0;
  // The m seasonal states the first m observations use (s_{1-m} .. s_0), empty without a
  // season; they sum to 0 (additive) or average 1 (multiplicative).
  std::vector<double> initial_season;
};

// A model run over a series: its parameters, fit and final states.
struct HoltWintersModel {
  ModelForm form;
  int season_length = 1;  // m
  HoltWintersParams params;
  int observations = 0;     // n
  double sse = 0;           // Σ e_t², the one-step-ahead squared errors
  int parameter_count = 0;  // k in the AICc below
  // statsmodels' HoltWintersResults (statsmodels/tsa/holtwinters/model.py, _predict):
  // k = 2 (α, l0) + 2 with a trend (β, b0) + 1 when damped (φ) + m with a season (γ and
  // m - 1 free seasonal states); AIC = n ln(SSE/n) + 2k; AICc = AIC + 2(k+2)(k+3)/(n-k-3),
  // +infinity when n - k - 3 <= 0. SSE/n is floored at (1e-9 · max(mean |y|, 1))² so that
  // exact fits (a constant series, a noiseless pattern) tie and the simpler model wins.
  double aicc = 0;
  // The residual variance SSE / (n - k) that the intervals use (as forecast::ets divides
  // by n minus the number of parameters).
  double sigma2 = 0;
  std::vector<double> fitted;  // μ_t, the one-step-ahead forecasts, one per observation
  // The states after the last observation: level, trend, and the m seasonal states of the
  // next m periods in order (next_season[0] is the one of period n + 1).
  double level = 0;
  double trend = 0;
  std::vector<double> next_season;
  bool converged = true;  // false: the optimiser ran out of iterations (fits only)
};

// The model `form` with the given parameters run over `series`, without fitting.
// INVALID_ARGUMENT naming the field for an empty or non-finite series, a season length < 1,
// a seasonal form with m = 1, an initial_season of the wrong length, or a multiplicative
// season on a series that is not strictly positive.
absl::StatusOr<HoltWintersModel> RunHoltWinters(const std::vector<double>& series,
                                                int season_length, ModelForm form,
                                                const HoltWintersParams& params);

// The initial states by the heuristic of Hyndman et al. 2008 §2.6 (as statsmodels'
// ets._initialization_heuristic): with a season, a centred moving average of order m (2×m
// when m is even) over the first min(5, ⌊n/m⌋) full seasons, the detrended values (y - MA or
// y / MA) averaged per position in the season and normalised to sum 0 (average 1); then the
// level and trend from a least-squares line through the first min(10, n) seasonally adjusted
// values against t = 1, 2, ... (l0 its intercept, b0 its slope; l0 their mean without a
// trend). A season needs n >= 2m. The smoothing parameters are left at 0.
absl::StatusOr<HoltWintersParams> HeuristicInitialStates(const std::vector<double>& series,
                                                         int season_length, ModelForm form);

// The parameters of `form` that minimise the SSE: Nelder-Mead over α, β* = β/α, γ* = γ/(1-α)
// and φ, each mapped into its open bound by a logistic function (0 < α < 1, 0 < β < α,
// 0 < γ < 1 - α as in FPP3 §8.6, 0.8 < φ < 0.98 as in §8.2; numerically α, β*, γ*
// stay within [1e-4, 0.9999] as forecast::ets's defaults), and over l0 and b0 from
// the heuristic's values; the seasonal states stay at the heuristic's (fitting m of them
// would not scale to weekly seasons). Starts at α = 0.2, β* = 0.1, γ* = 0.05, φ = 0.9
// and restarts once from the first minimum. Errors as RunHoltWinters, and INVALID_ARGUMENT
// when a season is asked of fewer than 2m values.
absl::StatusOr<HoltWintersModel> FitHoltWinters(const std::vector<double>& series,
                                                int season_length, ModelForm form);

struct CandidateScore {
  std::string model;  // ModelName
  ModelForm form;
  double sse = 0;
  double aicc = 0;
  bool converged = true;
};

struct ModelSelection {
  HoltWintersModel best;                   // the candidate with the lowest AICc
  std::vector<CandidateScore> candidates;  // every candidate fitted, in the order tried
  // True when m > 1 but the series holds fewer than two full seasons, so only the
  // non-seasonal candidates were tried; `note` then says so in words.
  bool seasonal_skipped = false;
  std::string note;
};

// Which candidates SelectHoltWinters tries.
struct SelectionOptions {
  // The multiplicative-season candidates (when every value is > 0). False follows the
  // forecast package's ets() default restrict = TRUE, which never fits an additive-error
  // model with a multiplicative season (R/ets.R).
  bool multiplicative_season = true;
};

// Fits every candidate and keeps the one with the lowest AICc (ties: the first, i.e. the
// simplest): trend none, additive, additive damped, each with no season, and when m > 1 and
// n >= 2m an additive season, and a multiplicative one when every value is > 0 (and
// `options` allow it). Candidates whose AICc would be infinite (too few values for their
// parameters) are not tried, nor kept when their fit fails (a multiplicative model whose
// states leave (0, ∞)); INVALID_ARGUMENT naming `series` when none is left (fewer than 6
// values).
absl::StatusOr<ModelSelection> SelectHoltWinters(const std::vector<double>& series,
                                                 int season_length,
                                                 const SelectionOptions& options = {});

struct Forecast {
  std::vector<double> point;  // h point forecasts, periods n+1 .. n+h
  std::vector<double> lower;  // the prediction interval's bounds at `level`
  std::vector<double> upper;
  double level = 0;  // e.g. 0.8 or 0.95
};

// Paths simulated for the intervals of a multiplicative season, and their generator's seed.
inline constexpr int kSimulatedPaths = 5000;
inline constexpr unsigned kSimulationSeed = 20261130;

// The h-step point forecasts l_n + φ_h b_n (+ or ×) s_{n+h-m(k+1)}, k = ⌊(h-1)/m⌋,
// φ_h = φ + ... + φ^h (h undamped), for h = 1 .. horizon. INVALID_ARGUMENT naming `horizon`
// (< 1) or `model` (a seasonal one without its m seasonal states).
absl::StatusOr<std::vector<double>> PointForecasts(const HoltWintersModel& model, int horizon);

// PointForecasts with prediction intervals at `level`: for the additive models (Hyndman et al. 2008
// ch. 6, class 1, the linear models; FPP3 §8.7) μ ± z σ √(1 + Σ_{j=1}^{h-1} c_j²), c_j = α + β φ_j
// + γ [j mod m = 0], z the normal quantile; for a multiplicative season (no closed form) the
// (1∓level)/2 quantiles (type 7, quantiles.h) of kSimulatedPaths sample paths of the fitted model
// with Gaussian errors N(0, σ²) from std::mt19937_64 seeded with kSimulationSeed (and libstdc++'s
// std::normal_distribution); no spread when σ = 0. Errors as PointForecasts, and INVALID_ARGUMENT
// naming `level` outside (0, 1).
absl::StatusOr<Forecast> ForecastHoltWinters(const HoltWintersModel& model, int horizon,
                                             double level);

// The p-quantile of the standard normal distribution, 0 < p < 1 (Acklam's rational
// approximation refined by one Halley step on std::erfc: about 1e-15 relative).
double NormalQuantile(double p);

}  // namespace sales::analytics::domain
