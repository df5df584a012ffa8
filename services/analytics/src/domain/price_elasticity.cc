#include "services/analytics/src/domain/price_elasticity.h"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/analytics/src/domain/student_t.h"
#include "services/analytics/src/domain/within_ols.h"

namespace sales::analytics::domain {
namespace {

constexpr int kSeasonalSpanWeeks = 52;
constexpr int kHarmonics = 2;
constexpr int kMinHoldoutScored = 2;

// One usable product-week: its group, week, ln units, ln price and τ.
struct Row {
  int group = 0;
  int week = 0;
  double log_units = 0;
  double log_price = 0;
  double tau = 0;
};

std::vector<double> Fourier(double tau) {
  std::vector<double> out;
  for (int k = 1; k <= kHarmonics; ++k) {
    out.push_back(std::sin(2 * std::numbers::pi * k * tau));
    out.push_back(std::cos(2 * std::numbers::pi * k * tau));
  }
  return out;
}

// Regressors of the model: ln price, then the Fourier terms when seasonal.
std::vector<double> Regressors(const Row& r, bool seasonal) {
  std::vector<double> x{r.log_price};
  if (seasonal) {
    for (double f : Fourier(r.tau)) x.push_back(f);
  }
  return x;
}

double Rmse(double sum_squares, int n) { return std::sqrt(sum_squares / n); }

// The mean of ln units (plus shift × ln price) per group over `rows`.
std::vector<double> GroupMeans(const std::vector<Row>& rows, int groups, double price_weight) {
  std::vector<double> sum(static_cast<size_t>(groups), 0.0);
  std::vector<int> count(static_cast<size_t>(groups), 0);
  for (const Row& r : rows) {
    sum[static_cast<size_t>(r.group)] += r.log_units + price_weight * r.log_price;
    ++count[static_cast<size_t>(r.group)];
  }
  for (size_t g = 0; g < sum.size(); ++g) {
    if (count[g] > 0) sum[g] /= count[g];
  }
  return sum;
}

// The model and both baselines fitted on the weeks before the holdout, scored on it.
absl::StatusOr<ElasticityHoldout> CheckHoldout(const std::vector<Row>& rows, int groups,
                                               bool seasonal, const ElasticityOptions& options) {
  const int first_held = options.window_weeks - options.holdout_weeks;
  std::vector<Row> train, held;
  for (const Row& r : rows) (r.week >= first_held ? held : train).push_back(r);
  std::vector<int> train_count(static_cast<size_t>(groups), 0);
  for (const Row& r : train) ++train_count[static_cast<size_t>(r.group)];
  std::erase_if(held, [&](const Row& r) { return train_count[static_cast<size_t>(r.group)] == 0; });
  if (static_cast<int>(held.size()) < kMinHoldoutScored) {
    return absl::FailedPreconditionError(
        absl::StrCat("fewer than ", kMinHoldoutScored, " weeks with sales in the last ",
                     options.holdout_weeks, " weeks (of products sold before them)"));
  }
  std::vector<double> y, y_unit;
  std::vector<std::vector<double>> x, x_season;
  std::vector<int> group;
  for (const Row& r : train) {
    y.push_back(r.log_units);
    y_unit.push_back(r.log_units + r.log_price);
    x.push_back(Regressors(r, seasonal));
    x_season.push_back(Fourier(r.tau));
    group.push_back(r.group);
  }
  absl::StatusOr<WithinOlsFit> model = FitWithinOls(y, x, group, groups);
  if (!model.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the model cannot be fitted on the weeks before the holdout (",
                     model.status().message(), ")"));
  }
  std::optional<WithinOlsFit> unit_season;
  if (seasonal) {
    absl::StatusOr<WithinOlsFit> fit = FitWithinOls(y_unit, x_season, group, groups);
    if (!fit.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the baseline cannot be fitted on the weeks before the holdout (",
                       fit.status().message(), ")"));
    }
    unit_season = *std::move(fit);
  }
  const std::vector<double> unit_means = GroupMeans(train, groups, 1.0);
  const std::vector<double> plain_means = GroupMeans(train, groups, 0.0);
  double model_ss = 0, unit_ss = 0, plain_ss = 0;
  for (const Row& r : held) {
    const double m = PredictWithin(*model, r.group, Regressors(r, seasonal));
    const double u = (unit_season.has_value() ? PredictWithin(*unit_season, r.group, Fourier(r.tau))
                                              : unit_means[static_cast<size_t>(r.group)]) -
                     r.log_price;
    const double p = plain_means[static_cast<size_t>(r.group)];
    model_ss += (r.log_units - m) * (r.log_units - m);
    unit_ss += (r.log_units - u) * (r.log_units - u);
    plain_ss += (r.log_units - p) * (r.log_units - p);
  }
  ElasticityHoldout out;
  out.weeks = static_cast<int>(held.size());
  out.model_rmse = Rmse(model_ss, out.weeks);
  out.unit_elastic_rmse = Rmse(unit_ss, out.weeks);
  out.no_change_rmse = Rmse(plain_ss, out.weeks);
  out.beats_baseline =
      out.model_rmse < out.unit_elastic_rmse && out.model_rmse < out.no_change_rmse;
  out.verdict = absl::StrFormat(
      "on the last %d weeks (%d product-weeks) the model's RMSE of ln weekly units is %.3f "
      "against %.3f for elasticity -1 and %.3f for no change: %s",
      options.holdout_weeks, out.weeks, out.model_rmse, out.unit_elastic_rmse, out.no_change_rmse,
      out.beats_baseline ? "the model beats both baselines"
                         : "the model does NOT beat the naive baselines; do not price by it");
  return out;
}

}  // namespace

absl::StatusOr<ElasticityEstimate> EstimateElasticity(const std::vector<PriceSeries>& series,
                                                      const ElasticityOptions& options) {
  if (options.window_weeks < 1 || options.holdout_weeks < 1 ||
      options.holdout_weeks >= options.window_weeks) {
    return absl::InvalidArgumentError(
        "options: window_weeks >= 1 and 1 <= holdout_weeks < window_weeks");
  }
  if (!(options.level > 0 && options.level < 1)) {
    return absl::InvalidArgumentError("options: level strictly between 0 and 1");
  }
  const ElasticityRule& rule = options.rule;
  std::vector<Row> rows;
  int groups = 0;
  int first_week = options.window_weeks;
  int last_week = -1;
  int weeks_off = 0;
  for (const PriceSeries& s : series) {
    std::vector<Row> mine;
    for (const PriceWeek& w : s.weeks) {
      if (w.units <= 0 || w.net_minor <= 0) continue;
      const double price = static_cast<double>(w.net_minor) / static_cast<double>(w.units);
      mine.push_back({groups, w.week, std::log(static_cast<double>(w.units)), std::log(price),
                      w.year_position});
    }
    if (mine.empty()) continue;
    std::vector<double> prices;
    for (const Row& r : mine) prices.push_back(r.log_price);
    std::sort(prices.begin(), prices.end());
    const size_t mid = prices.size() / 2;
    const double median =
        prices.size() % 2 == 1 ? prices[mid] : (prices[mid - 1] + prices[mid]) / 2;
    for (const Row& r : mine) {
      if (std::fabs(r.log_price - median) >= rule.off_usual_log_distance) ++weeks_off;
      first_week = std::min(first_week, r.week);
      last_week = std::max(last_week, r.week);
    }
    rows.insert(rows.end(), mine.begin(), mine.end());
    ++groups;
  }
  const int n = static_cast<int>(rows.size());
  if (n < rule.min_weeks) {
    return absl::FailedPreconditionError(
        absl::StrCat("too few weeks with sales: ", n, " (at least ", rule.min_weeks, ")"));
  }
  const bool seasonal = last_week - first_week + 1 >= kSeasonalSpanWeeks;
  const int k = seasonal ? 1 + 2 * kHarmonics : 1;
  std::vector<double> mean_price(static_cast<size_t>(groups), 0.0);
  std::vector<int> count(static_cast<size_t>(groups), 0);
  for (const Row& r : rows) {
    mean_price[static_cast<size_t>(r.group)] += r.log_price;
    ++count[static_cast<size_t>(r.group)];
  }
  double ss_price = 0;
  for (const Row& r : rows) {
    const double d = r.log_price -
                     mean_price[static_cast<size_t>(r.group)] / count[static_cast<size_t>(r.group)];
    ss_price += d * d;
  }
  const double log_price_sd = n > groups ? std::sqrt(ss_price / (n - groups)) : 0;
  if (log_price_sd < rule.min_log_price_sd) {
    return absl::FailedPreconditionError(
        absl::StrFormat("prices varied too little: sd of ln price %.4f (at least %.2f)",
                        log_price_sd, rule.min_log_price_sd));
  }
  if (weeks_off < rule.min_weeks_off_usual_price) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "prices left their usual level in too few weeks: %d weeks at least %.0f%% from the "
        "median price (at least %d)",
        weeks_off, 100 * rule.off_usual_log_distance, rule.min_weeks_off_usual_price));
  }
  if (n - groups - k < rule.min_degrees_of_freedom) {
    return absl::FailedPreconditionError(
        absl::StrCat("too few residual degrees of freedom: ", n - groups - k, " (at least ",
                     rule.min_degrees_of_freedom, ")"));
  }
  std::vector<double> y;
  std::vector<std::vector<double>> x;
  std::vector<int> group;
  for (const Row& r : rows) {
    y.push_back(r.log_units);
    x.push_back(Regressors(r, seasonal));
    group.push_back(r.group);
  }
  absl::StatusOr<WithinOlsFit> fit = FitWithinOls(y, x, group, groups);
  if (!fit.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("the regression cannot be fitted: ", fit.status().message()));
  }
  ElasticityEstimate out;
  out.elasticity = fit->coefficients[0];
  out.standard_error = fit->standard_errors[0];
  out.level = options.level;
  out.t_quantile = StudentTQuantile((1 + options.level) / 2, fit->degrees_of_freedom);
  out.lower = out.elasticity - out.t_quantile * out.standard_error;
  out.upper = out.elasticity + out.t_quantile * out.standard_error;
  out.r_squared = fit->r_squared;
  out.periods = n;
  out.products = groups;
  out.degrees_of_freedom = fit->degrees_of_freedom;
  out.log_price_sd = log_price_sd;
  out.weeks_off_usual_price = weeks_off;
  out.seasonal = seasonal;
  absl::StatusOr<ElasticityHoldout> holdout = CheckHoldout(rows, groups, seasonal, options);
  if (holdout.ok()) {
    out.holdout = *std::move(holdout);
  } else {
    out.holdout_note = std::string(holdout.status().message());
  }
  return out;
}

}  // namespace sales::analytics::domain
