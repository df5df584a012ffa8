#include "services/analytics/src/domain/holt_winters.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sales::analytics::domain {
namespace {

constexpr ModelForm kAAN{TrendKind::kAdditive, SeasonKind::kNone};
constexpr ModelForm kAAA{TrendKind::kAdditive, SeasonKind::kAdditive};
constexpr ModelForm kANM{TrendKind::kNone, SeasonKind::kMultiplicative};

const std::vector<double> kTen = {12, 15, 14, 18, 17, 21, 20, 24, 23, 27};

// austourists (fpp2): international tourist visitor nights in Australia, quarterly
// 1999Q1-2015Q4, millions.
const std::vector<double> kAustourists = {
    30.05251300, 19.14849600, 25.31769200, 27.59143700, 32.07645600, 23.48796100, 28.47594000,
    35.12375300, 36.83848500, 25.00701700, 30.72223000, 28.69375900, 36.64098600, 23.82460900,
    29.31168300, 31.77030900, 35.17787700, 19.77524400, 29.60175000, 34.53884200, 41.27359900,
    26.65586200, 28.27985900, 35.19115300, 42.20566386, 24.64917133, 32.66733514, 37.25735401,
    45.24246027, 29.35048127, 36.34420728, 41.78208136, 49.27659843, 31.27540139, 37.85062549,
    38.83704413, 51.23690034, 31.83855162, 41.32342126, 42.79900337, 55.70835836, 33.40714492,
    42.31663797, 45.15712257, 59.57607996, 34.83733016, 44.84168072, 46.97124960, 60.01903094,
    38.37117851, 46.97586413, 50.73379646, 61.64687319, 39.29956937, 52.67120908, 54.33231689,
    66.83435838, 40.87118847, 51.82853579, 57.49190993, 65.25146985, 43.06120822, 54.76075713,
    59.83447494, 73.25702747, 47.69662373, 61.09776802, 66.05576122};

TEST(HoltWintersTest, NormalQuantileMatchesTables) {
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963984540054, 1e-13);
  EXPECT_NEAR(NormalQuantile(0.9), 1.2815515655446004, 1e-13);
  EXPECT_NEAR(NormalQuantile(0.5), 0.0, 1e-15);
  EXPECT_NEAR(NormalQuantile(0.001), -3.090232306167813, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.02), -2.053748910631823, 1e-12);
}

TEST(HoltWintersTest, ModelNamesFollowEts) {
  EXPECT_EQ(ModelName({}), "A,N,N");
  EXPECT_EQ(ModelName(kAAA), "A,A,A");
  EXPECT_EQ(ModelName({TrendKind::kAdditiveDamped, SeasonKind::kMultiplicative}), "A,Ad,M");
}

// Holt's linear method, α = 0.5, β = 0.1 (β* = 0.2), l0 = 10, b0 = 2, by hand
// (μ = l + b, e = y - μ, l' = μ + α e, b' = b + β e):
//   t  y   μ          e          l          b
//   1  12  12         0          12         2
//   2  15  14         1          14.5       2.1
//   3  14  16.6      -2.6        15.3       1.84
//   4  18  17.14      0.86       17.57      1.926
//   5  17  19.496    -2.496      18.248     1.6764
//   6  21  19.9244    1.0756     20.4622    1.78396
//   7  20  22.24616  -2.24616    21.12308   1.559344
//   8  24  22.682424  1.317576   23.341212  1.6911016
//   9  23  25.0323136 -2.0323136 24.0161568 1.48787024
//  10  27  25.50402704 1.49597296 26.25201352 1.637467536
// SSE = 29.036006287..., forecasts l + h b = 27.889481056, 29.526948592, 31.164416128.
// statsmodels 0.13.5 ExponentialSmoothing(trend="add", initialization_method="known",
// initial_level=10, initial_trend=2).fit(smoothing_level=0.5, smoothing_trend=0.2,
// optimized=False) prints the same SSE and forecasts.
TEST(HoltWintersTest, FixedParametersMatchAHandComputation) {
  HoltWintersParams p;
  p.alpha = 0.5;
  p.beta = 0.1;
  p.initial_level = 10;
  p.initial_trend = 2;
  absl::StatusOr<HoltWintersModel> model = RunHoltWinters(kTen, 1, kAAN, p);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_NEAR(model->sse, 29.03600628717212, 1e-10);
  EXPECT_NEAR(model->fitted[2], 16.6, 1e-12);
  EXPECT_NEAR(model->level, 26.25201352, 1e-9);
  EXPECT_NEAR(model->trend, 1.637467536, 1e-9);
  EXPECT_EQ(model->parameter_count, 4);
  // AICc = 10 ln(SSE/10) + 2·4 + 2·6·7/(10-4-3); statsmodels prints 46.65951562958769.
  EXPECT_NEAR(model->aicc, 46.65951562958769, 1e-9);
  absl::StatusOr<Forecast> f = ForecastHoltWinters(*model, 3, 0.95);
  ASSERT_TRUE(f.ok()) << f.status();
  EXPECT_NEAR(f->point[0], 27.889481056, 1e-9);
  EXPECT_NEAR(f->point[1], 29.526948592, 1e-9);
  EXPECT_NEAR(f->point[2], 31.164416128, 1e-9);
  // σ² = SSE / (n - k) = 29.036 / 6; variance factors 1, 1 + (α+β)² = 1.36,
  // 1.36 + (α+2β)² = 1.85 (Hyndman et al. 2008 ch. 6, class 1, ETS(A,A,N)).
  const double sigma = std::sqrt(29.03600628717212 / 6);
  const double z = 1.959963984540054;
  EXPECT_NEAR(f->upper[0] - f->point[0], z * sigma, 1e-9);
  EXPECT_NEAR(f->upper[1] - f->point[1], z * sigma * std::sqrt(1.36), 1e-9);
  EXPECT_NEAR(f->point[2] - f->lower[2], z * sigma * std::sqrt(1.85), 1e-9);
}

// Additive Holt-Winters, m = 4, α = 0.4, β = 0.08 (β* = 0.2), γ = 0.3, l0 = 11, b0 = 1.5,
// s = (-1, 2, -2, 1): SSE 3.8011487581056524 and forecasts computed step by step as above.
// statsmodels 0.13.5 with initialization_method="known" prints the same SSE and the same
// forecasts at h = 1, 2, 3, 5, but 32.980992 at h = 4: it forgets the last seasonal state
// when forecasting a multiple of m ahead (statsmodels issue #9538, fixed by PR #10230);
// FPP3's ŷ_{T+h} = l_T + h b_T + s_{T+h-m(k+1)} uses the state of period T = 10 here.
TEST(HoltWintersTest, FixedSeasonalParametersMatchAHandComputation) {
  HoltWintersParams p;
  p.alpha = 0.4;
  p.beta = 0.08;
  p.gamma = 0.3;
  p.initial_level = 11;
  p.initial_trend = 1.5;
  p.initial_season = {-1, 2, -2, 1};
  absl::StatusOr<HoltWintersModel> model = RunHoltWinters(kTen, 4, kAAA, p);
  ASSERT_TRUE(model.ok()) << model.status();
  EXPECT_NEAR(model->sse, 3.8011487581056524, 1e-10);
  absl::StatusOr<Forecast> f = ForecastHoltWinters(*model, 5, 0.8);
  ASSERT_TRUE(f.ok()) << f.status();
  const double expected[] = {25.552443658807448, 29.597852374213577, 28.846570763888536,
                             32.90514954914289, 31.381750755611982};
  for (int h = 0; h < 5; ++h) EXPECT_NEAR(f->point[h], expected[h], 1e-9) << h;
  // Class 1 variance with c_j = α + β j + γ [j mod 4 = 0]: the 5-step factor is
  // 1 + 0.48² + 0.56² + 0.64² + (0.72 + 0.3)².
  const double sigma = std::sqrt(3.8011487581056524 / (10 - 8));
  const double factor = 1 + 0.48 * 0.48 + 0.56 * 0.56 + 0.64 * 0.64 + 1.02 * 1.02;
  EXPECT_NEAR(f->upper[4] - f->point[4], NormalQuantile(0.9) * sigma * std::sqrt(factor), 1e-9);
}

// The heuristic by hand. m = 3 (a centred 3-term moving average), y = 1 5 3 4 8 6: MA at
// t = 2..5 (1-based) 3 4 5 6, detrended 2 -1 -1 2 at season positions 2 3 1 2, so the
// positions average -1, 2, -1 (sum 0 already); seasonally adjusted 2 3 4 5 6 7, a line
// with intercept 1 and slope 1 at t = 1..6.
// m = 2 (a 2×2 moving average, weights 1/4 1/2 1/4), y = 10 20 12 22 14 24: MA at t = 2..5
// 15.5 16.5 17.5 18.5, detrended 4.5 -4.5 4.5 -4.5, seeds -4.5 4.5, adjusted 14.5 15.5 ...
// 19.5: intercept 13.5, slope 1. Multiplicatively, y = 2 6 4 6 18 12 (m = 3): MA 4 16/3
// 28/3 12, ratios 1.5 0.75 0.642857 1.5, position means 0.642857 1.5 0.75 (mean 0.964286)
// normalised to 0.666667 1.555556 0.777778.
TEST(HoltWintersTest, HeuristicInitialStatesMatchAHandComputation) {
  absl::StatusOr<HoltWintersParams> odd = HeuristicInitialStates({1, 5, 3, 4, 8, 6}, 3, kAAA);
  ASSERT_TRUE(odd.ok()) << odd.status();
  EXPECT_NEAR(odd->initial_season[0], -1, 1e-12);
  EXPECT_NEAR(odd->initial_season[1], 2, 1e-12);
  EXPECT_NEAR(odd->initial_season[2], -1, 1e-12);
  EXPECT_NEAR(odd->initial_level, 1, 1e-12);
  EXPECT_NEAR(odd->initial_trend, 1, 1e-12);
  absl::StatusOr<HoltWintersParams> even =
      HeuristicInitialStates({10, 20, 12, 22, 14, 24}, 2, kAAA);
  ASSERT_TRUE(even.ok()) << even.status();
  EXPECT_NEAR(even->initial_season[0], -4.5, 1e-12);
  EXPECT_NEAR(even->initial_season[1], 4.5, 1e-12);
  EXPECT_NEAR(even->initial_level, 13.5, 1e-12);
  EXPECT_NEAR(even->initial_trend, 1, 1e-12);
  absl::StatusOr<HoltWintersParams> ratio = HeuristicInitialStates({2, 6, 4, 6, 18, 12}, 3, kANM);
  ASSERT_TRUE(ratio.ok()) << ratio.status();
  const double mean = (9.0 / 14 + 1.5 + 0.75) / 3;
  EXPECT_NEAR(ratio->initial_season[0], 9.0 / 14 / mean, 1e-12);
  EXPECT_NEAR(ratio->initial_season[1], 1.5 / mean, 1e-12);
  EXPECT_NEAR(ratio->initial_season[2], 0.75 / mean, 1e-12);
}

// Relative difference, for "continues the pattern to 1e-6".
double Relative(double got, double want) { return std::abs(got - want) / std::abs(want); }

TEST(HoltWintersTest, AnExactTrendAndSeasonAreRecoveredAndChosen) {
  const double season[] = {-20, 5, 10, 15, 8, -6, -12};  // sums to 0
  auto value = [&](int t) { return 100 + 0.5 * t + season[t % 7]; };
  std::vector<double> y;
  for (int t = 0; t < 70; ++t) y.push_back(value(t));
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(y, 7);
  ASSERT_TRUE(selection.ok()) << selection.status();
  EXPECT_EQ(ModelName(selection->best.form), "A,A,A");
  EXPECT_FALSE(selection->seasonal_skipped);
  EXPECT_EQ(selection->candidates.size(), 9u);
  absl::StatusOr<Forecast> f = ForecastHoltWinters(selection->best, 14, 0.95);
  ASSERT_TRUE(f.ok()) << f.status();
  for (int h = 1; h <= 14; ++h) EXPECT_LT(Relative(f->point[h - 1], value(69 + h)), 1e-6) << h;
}

TEST(HoltWintersTest, AnExactLineIsRecoveredAndTheUndampedTrendChosen) {
  std::vector<double> y;
  for (int t = 0; t < 40; ++t) y.push_back(50 + 2.0 * t);
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(y, 1);
  ASSERT_TRUE(selection.ok()) << selection.status();
  EXPECT_EQ(ModelName(selection->best.form), "A,A,N");
  EXPECT_EQ(selection->candidates.size(), 3u);
  absl::StatusOr<Forecast> f = ForecastHoltWinters(selection->best, 10, 0.8);
  ASSERT_TRUE(f.ok()) << f.status();
  for (int h = 1; h <= 10; ++h) {
    EXPECT_LT(Relative(f->point[h - 1], 50 + 2.0 * (39 + h)), 1e-6) << h;
  }
}

TEST(HoltWintersTest, AnExactMultiplicativeSeasonIsRecovered) {
  const double season[] = {0.6, 1.3, 1.1, 1.0};  // averages 1
  std::vector<double> y;
  for (int t = 0; t < 24; ++t) y.push_back(200 * season[t % 4]);
  absl::StatusOr<HoltWintersModel> model = FitHoltWinters(y, 4, kANM);
  ASSERT_TRUE(model.ok()) << model.status();
  absl::StatusOr<Forecast> f = ForecastHoltWinters(*model, 8, 0.95);
  ASSERT_TRUE(f.ok()) << f.status();
  for (int h = 1; h <= 8; ++h) {
    EXPECT_LT(Relative(f->point[h - 1], 200 * season[(23 + h) % 4]), 1e-6) << h;
  }
}

// y_t from ETS(form) with the given parameters and Gaussian errors of standard deviation
// sigma: n values.
std::vector<double> Simulate(ModelForm form, const HoltWintersParams& p, int m, int n, double sigma,
                             std::mt19937_64& random) {
  std::normal_distribution<double> noise(0.0, sigma);
  double level = p.initial_level, slope = p.initial_trend;
  std::vector<double> season = p.initial_season;
  std::vector<double> y;
  for (int t = 0; t < n; ++t) {
    const double base = level + slope;
    const double e = noise(random);
    if (form.season == SeasonKind::kMultiplicative) {
      double& s = season[t % m];
      y.push_back(base * s + e);
      level = base + p.alpha * e / s;
      slope += p.beta * e / s;
      s += p.gamma * e / base;
    } else {
      double s_value = form.season == SeasonKind::kAdditive ? season[t % m] : 0.0;
      y.push_back(base + s_value + e);
      level = base + p.alpha * e;
      slope += p.beta * e;
      if (form.season == SeasonKind::kAdditive) season[t % m] += p.gamma * e;
    }
  }
  return y;
}

// Coverage of the intervals over `repetitions` series simulated from `form`, each fitted on
// its first `fitted` values (the true form, parameters estimated) and checked on the next 6.
// Estimated parameters make intervals a little narrow (their uncertainty is not in the
// formula): with 96 values the additive model's 80% interval covered 76%, with 200 78%.
void ExpectCoverage(ModelForm form, const HoltWintersParams& truth, int m, int repetitions,
                    int fitted, double sigma) {
  const int kFitted = fitted, kAhead = 6;
  std::mt19937_64 random(7);
  int inside80 = 0, inside95 = 0, total = 0;
  for (int r = 0; r < repetitions; ++r) {
    const std::vector<double> all = Simulate(form, truth, m, kFitted + kAhead, sigma, random);
    const std::vector<double> train(all.begin(), all.begin() + kFitted);
    absl::StatusOr<HoltWintersModel> model = FitHoltWinters(train, m, form);
    ASSERT_TRUE(model.ok()) << model.status();
    absl::StatusOr<Forecast> f80 = ForecastHoltWinters(*model, kAhead, 0.8);
    absl::StatusOr<Forecast> f95 = ForecastHoltWinters(*model, kAhead, 0.95);
    ASSERT_TRUE(f80.ok() && f95.ok());
    for (int h = 0; h < kAhead; ++h) {
      const double actual = all[kFitted + h];
      inside80 += f80->lower[h] <= actual && actual <= f80->upper[h];
      inside95 += f95->lower[h] <= actual && actual <= f95->upper[h];
      ++total;
    }
  }
  EXPECT_NEAR(100.0 * inside80 / total, 80.0, 5.0);
  EXPECT_NEAR(100.0 * inside95 / total, 95.0, 5.0);
}

TEST(HoltWintersTest, AdditiveIntervalsCoverAtTheirRate) {
  HoltWintersParams truth;
  truth.alpha = 0.3;
  truth.beta = 0.05;
  truth.gamma = 0.2;
  truth.initial_level = 100;
  truth.initial_trend = 0.5;
  truth.initial_season = {-8, 4, 10, -6};
  ExpectCoverage(kAAA, truth, 4, 300, 200, 3.0);
}

TEST(HoltWintersTest, SimulatedMultiplicativeIntervalsCoverAtTheirRate) {
  HoltWintersParams truth;
  truth.alpha = 0.3;
  truth.gamma = 0.1;
  truth.initial_level = 100;
  truth.initial_season = {0.7, 1.2, 1.3, 0.8};
  ExpectCoverage(kANM, truth, 4, 300, 96, 3.0);
}

TEST(HoltWintersTest, AiccPrefersTheSeasonalModelOnASeasonalSeries) {
  std::mt19937_64 random(11);
  std::normal_distribution<double> noise(0.0, 2.0);
  const double season[] = {-9, 3, 7, 12, 4, -5, -12};
  std::vector<double> y;
  for (int t = 0; t < 84; ++t) y.push_back(60 + season[t % 7] + noise(random));
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(y, 7);
  ASSERT_TRUE(selection.ok()) << selection.status();
  EXPECT_NE(selection->best.form.season, SeasonKind::kNone) << ModelName(selection->best.form);
  for (const CandidateScore& c : selection->candidates) {
    EXPECT_GE(c.aicc, selection->best.aicc) << c.model;
  }
}

TEST(HoltWintersTest, AiccPrefersSimpleSmoothingOnWhiteNoise) {
  std::mt19937_64 random(12);
  std::normal_distribution<double> noise(0.0, 5.0);
  std::vector<double> y;
  for (int t = 0; t < 84; ++t) y.push_back(80 + noise(random));
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(y, 7);
  ASSERT_TRUE(selection.ok()) << selection.status();
  EXPECT_EQ(ModelName(selection->best.form), "A,N,N");
}

TEST(HoltWintersTest, AiccPrefersAMultiplicativeSeasonWhoseSwingGrowsWithTheLevel) {
  std::mt19937_64 random(13);
  std::normal_distribution<double> noise(0.0, 1.0);
  const double season[] = {0.5, 1.5, 1.2, 0.8};
  std::vector<double> y;
  for (int t = 0; t < 80; ++t) y.push_back((20 + 2.0 * t) * season[t % 4] + noise(random));
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(y, 4);
  ASSERT_TRUE(selection.ok()) << selection.status();
  EXPECT_EQ(selection->best.form.season, SeasonKind::kMultiplicative)
      << ModelName(selection->best.form);
}

TEST(HoltWintersTest, AShortSeriesFallsBackToNonSeasonalModelsAndSaysSo) {
  const std::vector<double> y = {5, 7, 6, 8, 7, 9, 8, 10, 9, 11};
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(y, 7);
  ASSERT_TRUE(selection.ok()) << selection.status();
  EXPECT_TRUE(selection->seasonal_skipped);
  EXPECT_NE(selection->note.find("two full seasons"), std::string::npos) << selection->note;
  EXPECT_EQ(selection->best.form.season, SeasonKind::kNone);
  for (const CandidateScore& c : selection->candidates) EXPECT_EQ(c.form.season, SeasonKind::kNone);
}

// A cross-check against statsmodels 0.13.5 (Debian's python3-statsmodels) on FPP's
// austourists series. statsmodels estimates all m seasonal seeds where FitHoltWinters keeps
// the heuristic's, so its seasonal seeds were fixed to ours (HeuristicInitialStates printed
// them) and its bounds set to ours:
//   mod = ExponentialSmoothing(y, trend="add", seasonal=S, seasonal_periods=4,
//       damped_trend=D, initialization_method="estimated",
//       bounds={"smoothing_level": (1e-4, 0.9999), "smoothing_trend": (1e-4, 0.9999),
//               "damping_trend": (0.8, 0.98)})
//   with mod.fix_params({"initial_seasonal.0": s0, ...}): r = mod.fit()   # L-BFGS-B
// It printed SSE 333.9116308254 (α 0.30232619, γ 0.41246049, l0 24.2573926) for A,A,A,
// 298.1318572637 (α 0.31493607, γ 0.13752348) for A,A,M and 355.6717259840 (α 0.33747661,
// β* 0.07693073, γ 0.39826479, φ 0.98) for A,Ad,A.
TEST(HoltWintersTest, AustouristsFitsMatchStatsmodelsWithTheSameSeeds) {
  struct Case {
    ModelForm form;
    std::vector<double> seeds;
    double sse, alpha, gamma;
  };
  const Case cases[] = {
      {kAAA,
       {5.7848122109, -6.7259142578, -0.6085363516, 1.5496383984},
       333.9116308254,
       0.30232619,
       0.41246049},
      {{TrendKind::kAdditive, SeasonKind::kMultiplicative},
       {1.1962826477, 0.7732367715, 0.9788529657, 1.0516276152},
       298.1318572637,
       0.31493607,
       0.13752348},
      {{TrendKind::kAdditiveDamped, SeasonKind::kAdditive},
       {5.7848122109, -6.7259142578, -0.6085363516, 1.5496383984},
       355.6717259840,
       0.33747661,
       0.39826479},
  };
  for (const Case& c : cases) {
    absl::StatusOr<HoltWintersParams> seeds = HeuristicInitialStates(kAustourists, 4, c.form);
    ASSERT_TRUE(seeds.ok()) << seeds.status();
    for (int j = 0; j < 4; ++j) EXPECT_NEAR(seeds->initial_season[j], c.seeds[j], 1e-9);
    absl::StatusOr<HoltWintersModel> model = FitHoltWinters(kAustourists, 4, c.form);
    ASSERT_TRUE(model.ok()) << model.status();
    EXPECT_NEAR(model->sse, c.sse, 1e-6 * c.sse) << ModelName(c.form);
    EXPECT_NEAR(model->params.alpha, c.alpha, 1e-3) << ModelName(c.form);
    EXPECT_NEAR(model->params.gamma, c.gamma, 1e-3) << ModelName(c.form);
  }
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(kAustourists, 4);
  ASSERT_TRUE(selection.ok()) << selection.status();
  // The seasonal swing grows with the level (from 11 in 1999 to 26 in 2015): the
  // multiplicative season has the lowest AICc (120.37; A,A,A 128.07).
  EXPECT_EQ(ModelName(selection->best.form), "A,A,M");
}

TEST(HoltWintersTest, AConstantSeriesIsForecastAsItselfWithNoSpread) {
  for (double value : {0.0, 42.0}) {
    const std::vector<double> y(30, value);
    absl::StatusOr<ModelSelection> selection = SelectHoltWinters(y, 7);
    ASSERT_TRUE(selection.ok()) << selection.status();
    EXPECT_EQ(ModelName(selection->best.form), "A,N,N");
    absl::StatusOr<Forecast> f = ForecastHoltWinters(selection->best, 3, 0.95);
    ASSERT_TRUE(f.ok()) << f.status();
    for (int h = 0; h < 3; ++h) {
      EXPECT_NEAR(f->point[h], value, 1e-9);
      EXPECT_NEAR(f->upper[h] - f->lower[h], 0.0, 1e-6);
    }
  }
}

TEST(HoltWintersTest, BadInputIsRefusedNamingTheField) {
  auto starts_with = [](const absl::Status& s, const std::string& field) {
    return s.code() == absl::StatusCode::kInvalidArgument &&
           std::string(s.message()).rfind(field, 0) == 0;
  };
  EXPECT_TRUE(starts_with(SelectHoltWinters({}, 7).status(), "series"));
  EXPECT_TRUE(starts_with(SelectHoltWinters({1, 2, 3}, 1).status(), "series"));
  EXPECT_TRUE(starts_with(SelectHoltWinters({1, 2, std::nan(""), 4, 5, 6}, 1).status(), "series"));
  EXPECT_TRUE(starts_with(SelectHoltWinters(kTen, 0).status(), "season_length"));
  EXPECT_TRUE(starts_with(FitHoltWinters({1, 2, -3, 4, 5, 6, 7, 8}, 2, kANM).status(), "series"));
  EXPECT_TRUE(starts_with(FitHoltWinters(kTen, 7, kAAA).status(), "series"));
  absl::StatusOr<HoltWintersModel> model = FitHoltWinters(kTen, 1, kAAN);
  ASSERT_TRUE(model.ok());
  EXPECT_TRUE(starts_with(ForecastHoltWinters(*model, 0, 0.9).status(), "horizon"));
  EXPECT_TRUE(starts_with(ForecastHoltWinters(*model, 3, 1.0).status(), "level"));
  EXPECT_TRUE(starts_with(ForecastHoltWinters(*model, 3, 0).status(), "level"));
  HoltWintersModel without_states;
  without_states.form = kAAA;
  without_states.season_length = 4;
  EXPECT_TRUE(starts_with(PointForecasts(without_states, 3).status(), "model"));
}

}  // namespace
}  // namespace sales::analytics::domain
