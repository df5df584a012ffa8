#include "services/analytics/src/domain/holt_winters.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/analytics/src/domain/nelder_mead.h"
#include "services/analytics/src/domain/quantiles.h"

namespace sales::analytics::domain {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();

// The open bounds of the smoothing parameters as forecast::ets sets them by default
// (lower 1e-4, upper 0.9999 for α, β*, γ*; 0.8 and 0.98 for φ).
constexpr double kSmoothingLow = 1e-4;
constexpr double kSmoothingHigh = 0.9999;
constexpr double kPhiLow = 0.8;
constexpr double kPhiHigh = 0.98;

// Where the optimiser starts, and how it stops.
constexpr double kStartAlpha = 0.2;
constexpr double kStartBetaStar = 0.1;
constexpr double kStartGammaStar = 0.05;
constexpr double kStartPhi = 0.9;
constexpr int kMaxIterations = 3000;

// Below this relative root mean squared error a fit counts as exact (see aicc).
constexpr double kExactFitRelativeError = 1e-9;

bool HasTrend(ModelForm form) { return form.trend != TrendKind::kNone; }
bool HasSeason(ModelForm form) { return form.season != SeasonKind::kNone; }
bool Damped(ModelForm form) { return form.trend == TrendKind::kAdditiveDamped; }

double Logistic(double u) { return 1.0 / (1.0 + std::exp(-u)); }
double Logit(double p) { return std::log(p / (1.0 - p)); }
double Between(double low, double high, double u) { return low + (high - low) * Logistic(u); }
double InverseBetween(double low, double high, double v) { return Logit((v - low) / (high - low)); }

double MeanAbsolute(const std::vector<double>& y) {
  double sum = 0;
  for (double v : y) sum += std::abs(v);
  return y.empty() ? 0.0 : sum / static_cast<double>(y.size());
}

int ParameterCount(ModelForm form, int m) {
  return 2 + (HasTrend(form) ? 2 : 0) + (Damped(form) ? 1 : 0) + (HasSeason(form) ? m : 0);
}

// The states after a run of the recursions.
struct FinalStates {
  double level = 0;
  double trend = 0;
  std::vector<double> season;  // indexed by (period index mod m)
};

// Runs the recursions of the header over `y`; returns the SSE, or +infinity when a
// multiplicative model's T or seasonal state leaves (0, ∞) (the model is then undefined).
// Fills `fitted` and `final` when given.
double Filter(const std::vector<double>& y, int m, ModelForm form, const HoltWintersParams& p,
              std::vector<double>* fitted, FinalStates* final) {
  const bool trend = HasTrend(form);
  const double phi = Damped(form) ? p.phi : 1.0;
  double level = p.initial_level;
  double slope = trend ? p.initial_trend : 0.0;
  std::vector<double> season = p.initial_season;
  if (!HasSeason(form)) season.assign(static_cast<size_t>(m), 0.0);
  if (fitted != nullptr) fitted->resize(y.size());
  double sse = 0;
  // The seasonal state of period t is season[t mod m], stepped instead of divided (the
  // integer division and the wait for its result held about 14% of the filter's samples
  // under perf).
  const size_t period = static_cast<size_t>(m);
  size_t position = 0;  // t mod m
  for (size_t t = 0; t < y.size(); ++t, position = position + 1 == period ? 0 : position + 1) {
    const double base = level + phi * slope;  // T = l_{t-1} + φ b_{t-1}
    double& s = season[position];
    double mu = base;
    double e = 0;
    switch (form.season) {
      case SeasonKind::kNone:
        e = y[t] - mu;
        level = base + p.alpha * e;
        slope = trend ? phi * slope + p.beta * e : 0.0;
        break;
      case SeasonKind::kAdditive:
        mu = base + s;
        e = y[t] - mu;
        level = base + p.alpha * e;
        slope = trend ? phi * slope + p.beta * e : 0.0;
        s += p.gamma * e;
        break;
      case SeasonKind::kMultiplicative:
        if (!(base > 0) || !(s > 0)) return kInfinity;
        mu = base * s;
        e = y[t] - mu;
        level = base + p.alpha * e / s;
        slope = trend ? phi * slope + p.beta * e / s : 0.0;
        s += p.gamma * e / base;
        break;
    }
    if (fitted != nullptr) (*fitted)[t] = mu;
    sse += e * e;
  }
  if (!std::isfinite(sse)) return kInfinity;
  if (final != nullptr) *final = {level, slope, std::move(season)};
  return sse;
}

absl::Status CheckSeries(const std::vector<double>& series, int season_length, ModelForm form) {
  if (series.empty()) return absl::InvalidArgumentError("series: no values");
  for (size_t i = 0; i < series.size(); ++i) {
    if (!std::isfinite(series[i])) {
      return absl::InvalidArgumentError(absl::StrCat("series: value ", i, " is not finite"));
    }
  }
  if (season_length < 1) {
    return absl::InvalidArgumentError(
        absl::StrCat("season_length: must be at least 1, got ", season_length));
  }
  if (HasSeason(form) && season_length < 2) {
    return absl::InvalidArgumentError("season_length: a seasonal model needs at least 2");
  }
  if (form.season == SeasonKind::kMultiplicative) {
    for (double v : series) {
      if (!(v > 0)) {
        return absl::InvalidArgumentError(
            "series: a multiplicative season needs every value above 0");
      }
    }
  }
  return absl::OkStatus();
}

// The model fields that follow from a run with parameters `p`.
HoltWintersModel Assemble(const std::vector<double>& y, int m, ModelForm form,
                          const HoltWintersParams& p, std::vector<double> fitted,
                          const FinalStates& final, double sse) {
  HoltWintersModel model;
  model.form = form;
  model.season_length = m;
  model.params = p;
  model.observations = static_cast<int>(y.size());
  model.sse = sse;
  const int k = ParameterCount(form, m);
  model.parameter_count = k;
  const double n = static_cast<double>(y.size());
  const double floor = kExactFitRelativeError * std::max(MeanAbsolute(y), 1.0);
  const double mse = std::max(sse / n, floor * floor);
  const double dof = n - k - 3;
  model.aicc = (dof > 0 && mse > 0) ? n * std::log(mse) + 2.0 * k + 2.0 * (k + 2) * (k + 3) / dof
                                    : kInfinity;
  model.sigma2 = n > k ? sse / (n - k) : sse / n;
  model.fitted = std::move(fitted);
  model.level = final.level;
  model.trend = final.trend;
  if (HasSeason(form)) {
    for (int j = 0; j < m; ++j) {
      model.next_season.push_back(
          final.season[(y.size() + static_cast<size_t>(j)) % static_cast<size_t>(m)]);
    }
  }
  return model;
}

}  // namespace

std::string ModelName(ModelForm form) {
  const char* trend = form.trend == TrendKind::kNone       ? "N"
                      : form.trend == TrendKind::kAdditive ? "A"
                                                           : "Ad";
  const char* season = form.season == SeasonKind::kNone       ? "N"
                       : form.season == SeasonKind::kAdditive ? "A"
                                                              : "M";
  return absl::StrCat("A,", trend, ",", season);
}

absl::StatusOr<HoltWintersModel> RunHoltWinters(const std::vector<double>& series,
                                                int season_length, ModelForm form,
                                                const HoltWintersParams& params) {
  if (absl::Status s = CheckSeries(series, season_length, form); !s.ok()) return s;
  const int m = season_length;
  if (HasSeason(form) && params.initial_season.size() != static_cast<size_t>(m)) {
    return absl::InvalidArgumentError(
        absl::StrCat("initial_season: needs ", m, " values, got ", params.initial_season.size()));
  }
  std::vector<double> fitted;
  FinalStates final;
  const double sse = Filter(series, m, form, params, &fitted, &final);
  if (!std::isfinite(sse)) {
    return absl::InvalidArgumentError(
        "params: the multiplicative model's level or seasonal state left (0, inf)");
  }
  return Assemble(series, m, form, params, std::move(fitted), final, sse);
}

absl::StatusOr<HoltWintersParams> HeuristicInitialStates(const std::vector<double>& series,
                                                         int season_length, ModelForm form) {
  if (absl::Status s = CheckSeries(series, season_length, form); !s.ok()) return s;
  const size_t n = series.size();
  const size_t m = static_cast<size_t>(season_length);
  HoltWintersParams p;
  std::vector<double> adjusted = series;  // seasonally adjusted
  if (HasSeason(form)) {
    if (n < 2 * m) {
      return absl::InvalidArgumentError(absl::StrCat(
          "series: a seasonal model needs two full seasons (", 2 * m, " values), got ", n));
    }
    const bool multiplicative = form.season == SeasonKind::kMultiplicative;
    const size_t span = std::min<size_t>(5, n / m) * m;
    const size_t half = m / 2;
    std::vector<double> sum(m, 0.0);
    std::vector<int> count(m, 0);
    for (size_t t = half; t + half < span; ++t) {
      double moving = 0;
      if (m % 2 == 1) {
        for (size_t i = t - half; i <= t + half; ++i) moving += series[i];
      } else {
        moving = 0.5 * (series[t - half] + series[t + half]);
        for (size_t i = t - half + 1; i < t + half; ++i) moving += series[i];
      }
      moving /= static_cast<double>(m);
      sum[t % m] += multiplicative ? series[t] / moving : series[t] - moving;
      ++count[t % m];
    }
    p.initial_season.resize(m);
    double mean = 0;
    for (size_t j = 0; j < m; ++j) {
      p.initial_season[j] = sum[j] / count[j];
      mean += p.initial_season[j] / static_cast<double>(m);
    }
    for (double& s : p.initial_season) s = multiplicative ? s / mean : s - mean;
    for (size_t t = 0; t < n; ++t) {
      adjusted[t] = multiplicative ? series[t] / p.initial_season[t % m]
                                   : series[t] - p.initial_season[t % m];
    }
  }
  const size_t points = std::min<size_t>(10, n);
  double mean_t = 0, mean_a = 0;
  for (size_t i = 0; i < points; ++i) {
    mean_t += static_cast<double>(i + 1) / static_cast<double>(points);
    mean_a += adjusted[i] / static_cast<double>(points);
  }
  if (HasTrend(form) && points > 1) {
    double sxy = 0, sxx = 0;
    for (size_t i = 0; i < points; ++i) {
      const double dt = static_cast<double>(i + 1) - mean_t;
      sxy += dt * (adjusted[i] - mean_a);
      sxx += dt * dt;
    }
    p.initial_trend = sxy / sxx;
    p.initial_level = mean_a - p.initial_trend * mean_t;
  } else {
    p.initial_level = mean_a;
  }
  return p;
}

absl::StatusOr<HoltWintersModel> FitHoltWinters(const std::vector<double>& series,
                                                int season_length, ModelForm form) {
  absl::StatusOr<HoltWintersParams> heuristic = HeuristicInitialStates(series, season_length, form);
  if (!heuristic.ok()) return heuristic.status();
  const int m = season_length;
  const bool trend = HasTrend(form), damped = Damped(form), seasonal = HasSeason(form);
  double scale = MeanAbsolute(series);
  if (!(scale > 0)) scale = 1.0;
  const double n = static_cast<double>(series.size());
  // The optimiser's coordinates, in this order when present:
  // α, β*, γ*, φ (logistic), l0, b0 (offsets from the heuristic in units of the scale).
  auto decode = [&](const std::vector<double>& u) {
    HoltWintersParams p = *heuristic;
    size_t i = 0;
    p.alpha = Between(kSmoothingLow, kSmoothingHigh, u[i++]);
    if (trend) p.beta = p.alpha * Between(kSmoothingLow, kSmoothingHigh, u[i++]);
    if (seasonal) p.gamma = (1.0 - p.alpha) * Between(kSmoothingLow, kSmoothingHigh, u[i++]);
    p.phi = damped ? Between(kPhiLow, kPhiHigh, u[i++]) : 1.0;
    p.initial_level = heuristic->initial_level + u[i++] * scale;
    if (trend) p.initial_trend = heuristic->initial_trend + u[i++] * scale * 0.1;
    return p;
  };
  std::vector<double> start = {InverseBetween(kSmoothingLow, kSmoothingHigh, kStartAlpha)};
  if (trend) start.push_back(InverseBetween(kSmoothingLow, kSmoothingHigh, kStartBetaStar));
  if (seasonal) start.push_back(InverseBetween(kSmoothingLow, kSmoothingHigh, kStartGammaStar));
  if (damped) start.push_back(InverseBetween(kPhiLow, kPhiHigh, kStartPhi));
  start.push_back(0.0);
  if (trend) start.push_back(0.0);
  auto objective = [&](const std::vector<double>& u) {
    return Filter(series, m, form, decode(u), nullptr, nullptr) / (n * scale * scale);
  };
  NelderMeadOptions options;
  options.value_tolerance = 1e-12;
  options.point_tolerance = 1e-6;
  options.max_iterations = kMaxIterations;
  const Minimum first = MinimizeNelderMead(objective, start, options);
  const Minimum second = MinimizeNelderMead(objective, first.point, options);
  const Minimum& best = second.value <= first.value ? second : first;
  const HoltWintersParams params = decode(best.point);
  std::vector<double> fitted;
  FinalStates final;
  const double sse = Filter(series, m, form, params, &fitted, &final);
  if (!std::isfinite(sse)) {
    return absl::InvalidArgumentError(
        absl::StrCat("series: no parameters of ", ModelName(form), " fit it"));
  }
  HoltWintersModel model = Assemble(series, m, form, params, std::move(fitted), final, sse);
  model.converged = second.converged;
  return model;
}

absl::StatusOr<ModelSelection> SelectHoltWinters(const std::vector<double>& series,
                                                 int season_length,
                                                 const SelectionOptions& options) {
  if (absl::Status s = CheckSeries(series, season_length, {}); !s.ok()) return s;
  const size_t n = series.size();
  const size_t m = static_cast<size_t>(season_length);
  ModelSelection selection;
  std::vector<SeasonKind> seasons = {SeasonKind::kNone};
  if (m > 1) {
    if (n >= 2 * m) {
      seasons.push_back(SeasonKind::kAdditive);
      if (options.multiplicative_season &&
          std::all_of(series.begin(), series.end(), [](double v) { return v > 0; })) {
        seasons.push_back(SeasonKind::kMultiplicative);
      }
    } else {
      selection.seasonal_skipped = true;
      selection.note = absl::StrCat("the series has ", n, " values, fewer than two full seasons (",
                                    2 * m, "): only non-seasonal models were tried");
    }
  }
  bool found = false;
  for (SeasonKind season : seasons) {
    for (TrendKind trend : {TrendKind::kNone, TrendKind::kAdditive, TrendKind::kAdditiveDamped}) {
      const ModelForm form{trend, season};
      const int k = ParameterCount(form, season_length);
      if (static_cast<double>(n) - k - 3 <= 0) continue;
      absl::StatusOr<HoltWintersModel> fit = FitHoltWinters(series, season_length, form);
      if (!fit.ok() || !std::isfinite(fit->aicc)) continue;
      selection.candidates.push_back({ModelName(form), form, fit->sse, fit->aicc, fit->converged});
      if (!found || fit->aicc < selection.best.aicc) {
        selection.best = *std::move(fit);
        found = true;
      }
    }
  }
  if (!found) {
    return absl::InvalidArgumentError(
        absl::StrCat("series: needs at least 6 values to fit a model, got ", n));
  }
  return selection;
}

absl::StatusOr<std::vector<double>> PointForecasts(const HoltWintersModel& model, int horizon) {
  if (horizon < 1) {
    return absl::InvalidArgumentError(absl::StrCat("horizon: must be at least 1, got ", horizon));
  }
  const ModelForm form = model.form;
  if (HasSeason(form) && (model.season_length < 2 ||
                          model.next_season.size() != static_cast<size_t>(model.season_length))) {
    return absl::InvalidArgumentError("model: a seasonal model needs its m seasonal states");
  }
  const size_t m = static_cast<size_t>(std::max(model.season_length, 1));
  const double phi = Damped(form) ? model.params.phi : 1.0;
  std::vector<double> point(static_cast<size_t>(horizon));
  // φ_h = φ + ... + φ^h (h undamped), and the seasonal state of period n + h.
  double phi_power = 1.0, phi_sum = 0.0;
  for (size_t h = 1; h <= point.size(); ++h) {
    phi_power *= phi;
    phi_sum += phi_power;
    const double base = model.level + (HasTrend(form) ? phi_sum * model.trend : 0.0);
    const double s = HasSeason(form) ? model.next_season[(h - 1) % m] : 0.0;
    point[h - 1] = form.season == SeasonKind::kMultiplicative ? base * s : base + s;
  }
  return point;
}

absl::StatusOr<Forecast> ForecastHoltWinters(const HoltWintersModel& model, int horizon,
                                             double level) {
  if (!(level > 0 && level < 1)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("level: must be between 0 and 1 exclusive, got %g", level));
  }
  absl::StatusOr<std::vector<double>> point = PointForecasts(model, horizon);
  if (!point.ok()) return point.status();
  const ModelForm form = model.form;
  const HoltWintersParams& p = model.params;
  const size_t m = static_cast<size_t>(std::max(model.season_length, 1));
  const size_t h_max = static_cast<size_t>(horizon);
  const double phi = Damped(form) ? p.phi : 1.0;
  Forecast out;
  out.level = level;
  out.point = *std::move(point);
  out.lower.resize(h_max);
  out.upper.resize(h_max);
  const double sigma = std::sqrt(std::max(model.sigma2, 0.0));
  if (form.season != SeasonKind::kMultiplicative) {
    const double z = NormalQuantile(0.5 + level / 2);
    double sum_c2 = 0.0;  // Σ_{j=1}^{h-1} c_j²
    double phi_j = 0.0, phi_pow = 1.0;
    for (size_t h = 1; h <= h_max; ++h) {
      const double half_width = z * sigma * std::sqrt(1.0 + sum_c2);
      out.lower[h - 1] = out.point[h - 1] - half_width;
      out.upper[h - 1] = out.point[h - 1] + half_width;
      // c_j for j = h, used from horizon h + 1 on.
      phi_pow *= phi;
      phi_j += phi_pow;
      double c = p.alpha;
      if (HasTrend(form)) c += p.beta * phi_j;
      if (HasSeason(form) && h % m == 0) c += p.gamma;
      sum_c2 += c * c;
    }
    return out;
  }
  if (!(sigma > 0)) {  // an exact fit: nothing to spread
    out.lower = out.upper = out.point;
    return out;
  }
  // Multiplicative season: simulate the fitted model forward; paths[h] holds every path's
  // value at step h + 1.
  std::mt19937_64 random(kSimulationSeed);
  std::normal_distribution<double> error(0.0, sigma);
  std::vector<std::vector<double>> paths(h_max, std::vector<double>(kSimulatedPaths));
  std::vector<double> season(m);
  for (size_t path = 0; path < static_cast<size_t>(kSimulatedPaths); ++path) {
    double l = model.level;
    double b = HasTrend(form) ? model.trend : 0.0;
    std::copy(model.next_season.begin(), model.next_season.end(), season.begin());
    for (size_t h = 0; h < h_max; ++h) {
      const double base = l + phi * b;
      double& s = season[h % m];
      const double e = error(random);
      paths[h][path] = base * s + e;
      l = base + p.alpha * e / s;
      if (HasTrend(form)) b = phi * b + p.beta * e / s;
      s += p.gamma * e / base;
    }
  }
  for (size_t h = 0; h < h_max; ++h) {
    std::sort(paths[h].begin(), paths[h].end());
    out.lower[h] = QuantileOfSorted(paths[h], 0.5 - level / 2);
    out.upper[h] = QuantileOfSorted(paths[h], 0.5 + level / 2);
  }
  return out;
}

double NormalQuantile(double p) {
  if (!(p > 0 && p < 1)) {
    return p == 0 ? -kInfinity : p == 1 ? kInfinity : std::numeric_limits<double>::quiet_NaN();
  }
  // Acklam's coefficients.
  static constexpr double a[] = {-3.969683028665376e+01, 2.209460984245205e+02,
                                 -2.759285104469687e+02, 1.383577518672690e+02,
                                 -3.066479806614716e+01, 2.506628277459239e+00};
  static constexpr double b[] = {-5.447609879822406e+01, 1.615858368580409e+02,
                                 -1.556989798598866e+02, 6.680131188771972e+01,
                                 -1.328068155288572e+01};
  static constexpr double c[] = {-7.784894002430293e-03, -3.223964580411365e-01,
                                 -2.400758277161838e+00, -2.549732539343734e+00,
                                 4.374664141464968e+00,  2.938163982698783e+00};
  static constexpr double d[] = {7.784695709041462e-03, 3.224671290700398e-01,
                                 2.445134137142996e+00, 3.754408661907416e+00};
  constexpr double kLow = 0.02425;
  double x = 0;
  if (p < kLow || p > 1 - kLow) {
    const double q = std::sqrt(-2 * std::log(p < kLow ? p : 1 - p));
    x = (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) /
        ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
    if (p > 1 - kLow) x = -x;
  } else {
    const double q = p - 0.5;
    const double r = q * q;
    x = (((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q /
        (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
  }
  // One Halley step on Φ(x) - p.
  const double e = 0.5 * std::erfc(-x / std::sqrt(2.0)) - p;
  const double u = e * std::sqrt(2 * M_PI) * std::exp(x * x / 2);
  return x - u / (1 + x * u / 2);
}

}  // namespace sales::analytics::domain
