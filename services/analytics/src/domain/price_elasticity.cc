#include "services/analytics/src/domain/price_elasticity.h"

#include <algorithm>
#include <cmath>
#include <numbers>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/analytics/src/domain/price_elasticity_within.h"
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
// The weeks before the holdout (train) and the holdout's rows of groups sold in them (held).
struct HoldoutSplit {
  std::vector<Row> train;
  std::vector<Row> held;
};

// FAILED_PRECONDITION when fewer than kMinHoldoutScored rows can be scored.
absl::StatusOr<HoldoutSplit> SplitHoldout(const std::vector<Row>& rows, int groups,
                                          const ElasticityOptions& options) {
  const int first_held = options.window_weeks - options.holdout_weeks;
  HoldoutSplit out;
  for (const Row& r : rows) (r.week >= first_held ? out.held : out.train).push_back(r);
  std::vector<int> train_count(static_cast<size_t>(groups), 0);
  for (const Row& r : out.train) ++train_count[static_cast<size_t>(r.group)];
  std::erase_if(out.held,
                [&](const Row& r) { return train_count[static_cast<size_t>(r.group)] == 0; });
  if (static_cast<int>(out.held.size()) < kMinHoldoutScored) {
    return absl::FailedPreconditionError(
        absl::StrCat("fewer than ", kMinHoldoutScored, " weeks with sales in the last ",
                     options.holdout_weeks, " weeks (of products sold before them)"));
  }
  return out;
}

// The holdout's verdict from the squared errors summed over its `weeks` product-weeks of the
// model and of the two baselines; `model` describes how the model was fitted.
ElasticityHoldout SummariseHoldout(int holdout_weeks, int weeks, double model_ss, double unit_ss,
                                   double plain_ss, const std::string& model) {
  ElasticityHoldout out;
  out.weeks = weeks;
  out.model_rmse = Rmse(model_ss, out.weeks);
  out.unit_elastic_rmse = Rmse(unit_ss, out.weeks);
  out.no_change_rmse = Rmse(plain_ss, out.weeks);
  out.beats_baseline =
      out.model_rmse < out.unit_elastic_rmse && out.model_rmse < out.no_change_rmse;
  out.verdict = absl::StrFormat(
      "on the last %d weeks (%d product-weeks) the model's RMSE of ln weekly units%s is %.3f "
      "against %.3f for elasticity -1 and %.3f for no change: %s",
      holdout_weeks, out.weeks, model, out.model_rmse, out.unit_elastic_rmse, out.no_change_rmse,
      out.beats_baseline ? "the model beats both baselines"
                         : "the model does NOT beat the naive baselines; do not price by it");
  return out;
}

absl::StatusOr<ElasticityHoldout> CheckHoldout(const std::vector<Row>& rows, int groups,
                                               bool seasonal, const ElasticityOptions& options) {
  absl::StatusOr<HoldoutSplit> split = SplitHoldout(rows, groups, options);
  if (!split.ok()) return split.status();
  const std::vector<Row>& train = split->train;
  const std::vector<Row>& held = split->held;
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
  return SummariseHoldout(options.holdout_weeks, static_cast<int>(held.size()), model_ss, unit_ss,
                          plain_ss, "");
}

// The usable weeks of `s` (units > 0 and net > 0) as rows of group `group`.
std::vector<Row> UsableRows(const PriceSeries& s, int group) {
  std::vector<Row> out;
  for (const PriceWeek& w : s.weeks) {
    if (w.units <= 0 || w.net_minor <= 0) continue;
    const double price = static_cast<double>(w.net_minor) / static_cast<double>(w.units);
    out.push_back(
        {group, w.week, std::log(static_cast<double>(w.units)), std::log(price), w.year_position});
  }
  return out;
}

// Weeks of `rows` (one product's) whose ln price is at least `distance` from their median.
int WeeksOffMedian(const std::vector<Row>& rows, double distance) {
  if (rows.empty()) return 0;
  std::vector<double> prices;
  for (const Row& r : rows) prices.push_back(r.log_price);
  std::sort(prices.begin(), prices.end());
  const size_t mid = prices.size() / 2;
  const double median = prices.size() % 2 == 1 ? prices[mid] : (prices[mid - 1] + prices[mid]) / 2;
  int off = 0;
  for (const Row& r : rows) {
    if (std::fabs(r.log_price - median) >= distance) ++off;
  }
  return off;
}

// Whether the weeks of `rows` span enough for the Fourier terms.
bool SpansSeason(const std::vector<Row>& rows) {
  int first = 0, last = -1;
  for (const Row& r : rows) {
    first = last < first ? r.week : std::min(first, r.week);
    last = std::max(last, r.week);
  }
  return last - first + 1 >= kSeasonalSpanWeeks;
}

// The holdout check of an elasticity fixed at `elasticity` (estimated on the weeks before
// the holdout): the intercepts (and the Fourier terms when `seasonal`) fitted around it on
// those weeks, against the same with -1 and against each group's mean.
absl::StatusOr<ElasticityHoldout> CheckHoldoutAt(const std::vector<Row>& rows, int groups,
                                                 bool seasonal, double elasticity,
                                                 const ElasticityOptions& options) {
  absl::StatusOr<HoldoutSplit> split = SplitHoldout(rows, groups, options);
  if (!split.ok()) return split.status();
  const std::vector<Row>& train = split->train;
  const std::vector<Row>& held = split->held;
  // ln units - e ln price on the training weeks, then its prediction per held-out row.
  auto predictor = [&](double e) -> absl::StatusOr<std::vector<double>> {
    std::vector<double> out;
    if (!seasonal) {
      const std::vector<double> means = GroupMeans(train, groups, -e);
      for (const Row& r : held)
        out.push_back(means[static_cast<size_t>(r.group)] + e * r.log_price);
      return out;
    }
    std::vector<double> y;
    std::vector<std::vector<double>> x;
    std::vector<int> group;
    for (const Row& r : train) {
      y.push_back(r.log_units - e * r.log_price);
      x.push_back(Fourier(r.tau));
      group.push_back(r.group);
    }
    absl::StatusOr<WithinOlsFit> fit = FitWithinOls(y, x, group, groups);
    if (!fit.ok()) {
      return absl::FailedPreconditionError(
          absl::StrCat("the model cannot be fitted on the weeks before the holdout (",
                       fit.status().message(), ")"));
    }
    for (const Row& r : held)
      out.push_back(PredictWithin(*fit, r.group, Fourier(r.tau)) + e * r.log_price);
    return out;
  };
  absl::StatusOr<std::vector<double>> model = predictor(elasticity);
  if (!model.ok()) return model.status();
  absl::StatusOr<std::vector<double>> unit = predictor(-1.0);
  if (!unit.ok()) return unit.status();
  const std::vector<double> plain_means = GroupMeans(train, groups, 0.0);
  double model_ss = 0, unit_ss = 0, plain_ss = 0;
  for (size_t i = 0; i < held.size(); ++i) {
    const Row& r = held[i];
    const double p = plain_means[static_cast<size_t>(r.group)];
    model_ss += (r.log_units - (*model)[i]) * (r.log_units - (*model)[i]);
    unit_ss += (r.log_units - (*unit)[i]) * (r.log_units - (*unit)[i]);
    plain_ss += (r.log_units - p) * (r.log_units - p);
  }
  return SummariseHoldout(
      options.holdout_weeks, static_cast<int>(held.size()), model_ss, unit_ss, plain_ss,
      absl::StrCat(" (its elasticity estimated with category-week effects on the weeks before, "
                   "intercepts",
                   seasonal ? " and season" : "", " fitted around it)"));
}

absl::Status CheckOptions(const ElasticityOptions& options) {
  if (options.window_weeks < 1 || options.holdout_weeks < 1 ||
      options.holdout_weeks >= options.window_weeks) {
    return absl::InvalidArgumentError(
        "options: window_weeks >= 1 and 1 <= holdout_weeks < window_weeks");
  }
  if (!(options.level > 0 && options.level < 1)) {
    return absl::InvalidArgumentError("options: level strictly between 0 and 1");
  }
  return absl::OkStatus();
}

// Rows of several products, each row's group its product's index.
struct Panel {
  std::vector<Row> rows;
  int products = 0;
  int weeks = 0;
};

// The product-week panel of `rows` (groups and weeks as they are) and the fit of ln units on
// the columns: one per product of `slopes` (its ln price on its rows, 0 elsewhere) or, with
// `slopes` empty, ln price pooled.
absl::StatusOr<TwoWayFit> FitPanel(const Panel& panel, const std::vector<int>& slopes) {
  TwoWayPanel p;
  p.units = panel.products;
  p.periods = panel.weeks;
  std::vector<double> y;
  std::vector<std::vector<double>> x(slopes.empty() ? 1 : slopes.size());
  std::vector<int> column_of(static_cast<size_t>(panel.products), -1);
  for (size_t j = 0; j < slopes.size(); ++j)
    column_of[static_cast<size_t>(slopes[j])] = static_cast<int>(j);
  for (const Row& r : panel.rows) {
    p.unit.push_back(r.group);
    p.period.push_back(r.week);
    y.push_back(r.log_units);
    if (slopes.empty()) {
      x[0].push_back(r.log_price);
      continue;
    }
    for (size_t j = 0; j < x.size(); ++j) {
      x[j].push_back(column_of[static_cast<size_t>(r.group)] == static_cast<int>(j) ? r.log_price
                                                                                    : 0.0);
    }
  }
  return FitTwoWayWithin(p, y, x);
}

// `panel` less its singletons (weeks with one product, products with one week).
Panel WithoutSingletons(Panel panel) {
  TwoWayPanel p;
  p.units = panel.products;
  p.periods = panel.weeks;
  for (const Row& r : panel.rows) {
    p.unit.push_back(r.group);
    p.period.push_back(r.week);
  }
  const std::vector<bool> keep = NonSingletonRows(p);
  std::vector<Row> kept;
  for (size_t i = 0; i < keep.size(); ++i) {
    if (keep[i]) kept.push_back(panel.rows[i]);
  }
  panel.rows = std::move(kept);
  return panel;
}

// The products of `panel` whose ln price moved (a slope each).
std::vector<int> PricesThatMoved(const Panel& panel) {
  std::vector<double> low(static_cast<size_t>(panel.products), 1e300);
  std::vector<double> high(static_cast<size_t>(panel.products), -1e300);
  for (const Row& r : panel.rows) {
    low[static_cast<size_t>(r.group)] = std::min(low[static_cast<size_t>(r.group)], r.log_price);
    high[static_cast<size_t>(r.group)] = std::max(high[static_cast<size_t>(r.group)], r.log_price);
  }
  std::vector<int> out;
  for (int g = 0; g < panel.products; ++g) {
    if (high[static_cast<size_t>(g)] - low[static_cast<size_t>(g)] > 1e-9) out.push_back(g);
  }
  return out;
}

// The rule's checks on rows of `groups` products with `degrees_of_freedom` left (the sd of
// ln price around each product's mean, divisor n - groups).
absl::Status CheckRule(const std::vector<Row>& rows, int groups, int weeks_off,
                       int degrees_of_freedom, const ElasticityRule& rule, double& log_price_sd) {
  const int n = static_cast<int>(rows.size());
  if (n < rule.min_weeks) {
    return absl::FailedPreconditionError(
        absl::StrCat("too few weeks with sales: ", n, " (at least ", rule.min_weeks, ")"));
  }
  std::vector<double> sum(static_cast<size_t>(groups), 0.0);
  std::vector<int> count(static_cast<size_t>(groups), 0);
  for (const Row& r : rows) {
    sum[static_cast<size_t>(r.group)] += r.log_price;
    ++count[static_cast<size_t>(r.group)];
  }
  int present = 0;
  for (int c : count) present += c > 0 ? 1 : 0;
  double ss = 0;
  for (const Row& r : rows) {
    const double d =
        r.log_price - sum[static_cast<size_t>(r.group)] / count[static_cast<size_t>(r.group)];
    ss += d * d;
  }
  log_price_sd = n > present ? std::sqrt(ss / (n - present)) : 0;
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
  if (degrees_of_freedom < rule.min_degrees_of_freedom) {
    return absl::FailedPreconditionError(
        absl::StrCat("too few residual degrees of freedom: ", degrees_of_freedom, " (at least ",
                     rule.min_degrees_of_freedom, ")"));
  }
  return absl::OkStatus();
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

CategoryElasticities EstimateCategoryElasticities(const std::vector<PriceSeries>& products,
                                                  const ElasticityOptions& options) {
  CategoryElasticities out;
  if (absl::Status valid = CheckOptions(options); !valid.ok()) {
    out.products.assign(products.size(), valid);
    out.category = valid;
    return out;
  }
  const ElasticityRule& rule = options.rule;
  Panel all;
  all.products = static_cast<int>(products.size());
  all.weeks = options.window_weeks;
  for (size_t i = 0; i < products.size(); ++i) {
    for (const Row& r : UsableRows(products[i], static_cast<int>(i))) {
      if (r.week < 0) continue;
      all.weeks = std::max(all.weeks, r.week + 1);
      all.rows.push_back(r);
    }
  }
  const Panel panel = WithoutSingletons(all);
  std::vector<std::vector<Row>> own(products.size());
  for (const Row& r : panel.rows) own[static_cast<size_t>(r.group)].push_back(r);
  int sharing = 0;
  for (const std::vector<Row>& rows : own) sharing += rows.empty() ? 0 : 1;
  // Alone in the category, or never in a week with another of its products: the
  // per-product model.
  if (sharing < 2) {
    for (const PriceSeries& s : products) out.products.push_back(EstimateElasticity({s}, options));
    out.category = EstimateElasticity(products, options);
    return out;
  }
  // The fits on every week and on the weeks before the holdout (for its check).
  const int first_held = options.window_weeks - options.holdout_weeks;
  Panel train = panel;
  std::erase_if(train.rows, [&](const Row& r) { return r.week >= first_held; });
  train = WithoutSingletons(std::move(train));
  const std::vector<int> slopes = PricesThatMoved(panel);
  const std::vector<int> train_slopes = PricesThatMoved(train);
  const absl::StatusOr<TwoWayFit> fit = FitPanel(panel, slopes);
  absl::StatusOr<TwoWayFit> train_fit = absl::FailedPreconditionError("no week before the holdout");
  if (!train_slopes.empty()) train_fit = FitPanel(train, train_slopes);

  auto estimate = [&](double e, double se, const TwoWayFit& f) {
    ElasticityEstimate est;
    est.elasticity = e;
    est.standard_error = se;
    est.level = options.level;
    est.t_quantile = StudentTQuantile((1 + options.level) / 2, f.degrees_of_freedom);
    est.lower = e - est.t_quantile * se;
    est.upper = e + est.t_quantile * se;
    est.r_squared = f.r_squared;
    est.degrees_of_freedom = f.degrees_of_freedom;
    est.category_week_effects = true;
    return est;
  };
  auto holdout = [&](ElasticityEstimate& est, const std::vector<Row>& rows, int groups,
                     std::optional<double> trained) {
    if (!trained.has_value()) {
      est.holdout_note =
          "the elasticity cannot be estimated with category-week effects on the weeks before "
          "the holdout";
      return;
    }
    absl::StatusOr<ElasticityHoldout> h =
        CheckHoldoutAt(rows, groups, est.seasonal, *trained, options);
    if (h.ok()) {
      est.holdout = *std::move(h);
    } else {
      est.holdout_note = std::string(h.status().message());
    }
  };

  for (size_t i = 0; i < products.size(); ++i) {
    if (own[i].empty()) {
      out.products.push_back(EstimateElasticity({products[i]}, options));
      continue;
    }
    // The product's rows as group 0.
    std::vector<Row> rows = own[i];
    for (Row& r : rows) r.group = 0;
    if (!fit.ok()) {
      out.products.push_back(absl::FailedPreconditionError(
          absl::StrCat("the regression cannot be fitted: ", fit.status().message())));
      continue;
    }
    double sd = 0;
    const int weeks_off = WeeksOffMedian(rows, rule.off_usual_log_distance);
    if (absl::Status ok = CheckRule(rows, 1, weeks_off, fit->degrees_of_freedom, rule, sd);
        !ok.ok()) {
      out.products.push_back(ok);
      continue;
    }
    const auto column = std::find(slopes.begin(), slopes.end(), static_cast<int>(i));
    const size_t j = static_cast<size_t>(column - slopes.begin());
    if (column == slopes.end() || !fit->identified[j]) {
      out.products.push_back(absl::FailedPreconditionError(
          "prices did not move apart from the category's: the price effect is not identified "
          "beside the category-week effects"));
      continue;
    }
    ElasticityEstimate est = estimate(fit->coefficients[j], fit->standard_errors[j], *fit);
    est.periods = static_cast<int>(rows.size());
    est.products = 1;
    est.log_price_sd = sd;
    est.weeks_off_usual_price = weeks_off;
    est.seasonal = SpansSeason(rows);
    std::optional<double> trained;
    if (train_fit.ok()) {
      const auto c = std::find(train_slopes.begin(), train_slopes.end(), static_cast<int>(i));
      const size_t m = static_cast<size_t>(c - train_slopes.begin());
      if (c != train_slopes.end() && train_fit->identified[m]) trained = train_fit->coefficients[m];
    }
    holdout(est, rows, 1, trained);
    out.products.push_back(std::move(est));
  }

  // The category: one ε for its products.
  const absl::StatusOr<TwoWayFit> pooled = FitPanel(panel, {});
  if (!pooled.ok()) {
    out.category = absl::FailedPreconditionError(
        absl::StrCat("the regression cannot be fitted: ", pooled.status().message()));
    return out;
  }
  int weeks_off = 0;
  for (const std::vector<Row>& rows : own)
    weeks_off += WeeksOffMedian(rows, rule.off_usual_log_distance);
  double sd = 0;
  if (absl::Status ok =
          CheckRule(panel.rows, panel.products, weeks_off, pooled->degrees_of_freedom, rule, sd);
      !ok.ok()) {
    out.category = ok;
    return out;
  }
  ElasticityEstimate est = estimate(pooled->coefficients[0], pooled->standard_errors[0], *pooled);
  est.periods = static_cast<int>(panel.rows.size());
  est.products = sharing;
  est.log_price_sd = sd;
  est.weeks_off_usual_price = weeks_off;
  est.seasonal = SpansSeason(panel.rows);
  std::optional<double> trained;
  if (!train.rows.empty()) {
    const absl::StatusOr<TwoWayFit> t = FitPanel(train, {});
    if (t.ok()) trained = t->coefficients[0];
  }
  holdout(est, panel.rows, panel.products, trained);
  out.category = std::move(est);
  return out;
}

}  // namespace sales::analytics::domain
