#include "services/analytics/src/domain/lead_scoring.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

constexpr char kWon[] = "LEAD_STAGE_WON";
constexpr char kLost[] = "LEAD_STAGE_LOST";
constexpr char kFirstStage[] = "LEAD_STAGE_LEAD";
constexpr const char* kNumeric[] = {"log_expected_amount", "log_age_days", "log_days_in_stage",
                                    "stage_moves", "log_interactions"};
constexpr int kNumericCount = 5;
constexpr const char* kCategorical[] = {"channel", "owner", "stage"};

bool Terminal(const std::string& stage) { return stage == kWon || stage == kLost; }

double Days(absl::Duration d) { return std::max(0.0, absl::ToDoubleHours(d) / 24.0); }

std::vector<StageEntry> Sorted(std::vector<StageEntry> stages) {
  std::stable_sort(stages.begin(), stages.end(),
                   [](const StageEntry& a, const StageEntry& b) { return a.entered < b.entered; });
  return stages;
}

// The numeric features after their transform, in kNumeric's order.
std::array<double, kNumericCount> NumericValues(const LeadFeatures& f) {
  return {std::log1p(std::max(0.0, f.expected_minor)), std::log1p(f.age_days),
          std::log1p(f.days_in_stage), f.stage_moves, std::log1p(f.interactions)};
}
// The same before the transform (what a contribution reports).
std::array<double, kNumericCount> RawValues(const LeadFeatures& f) {
  return {f.expected_minor, f.age_days, f.days_in_stage, f.stage_moves, f.interactions};
}

const std::string& CategoricalValue(const LeadFeatures& f, int variable) {
  switch (variable) {
    case 0:
      return f.channel;
    case 1:
      return f.owner_rep;
    default:
      return f.stage;
  }
}

}  // namespace

std::optional<absl::Time> CloseTime(const ScoredLeadInput& lead) {
  if (lead.outcome == LeadOutcome::kOpen) return std::nullopt;
  const char* stage = lead.outcome == LeadOutcome::kWon ? kWon : kLost;
  std::optional<absl::Time> close;
  for (const StageEntry& e : lead.stages) {
    if (e.stage == stage && (!close.has_value() || e.entered > *close)) close = e.entered;
  }
  return close;
}

LeadFeatures FeaturesAt(const ScoredLeadInput& lead, absl::Time at) {
  LeadFeatures f;
  f.channel = lead.channel;
  f.owner_rep = lead.owner_rep;
  f.expected_minor = static_cast<double>(lead.expected_minor);
  f.age_days = Days(at - lead.create_time);
  const std::vector<StageEntry> stages = Sorted(lead.stages);
  int before = 0;
  const StageEntry* open = nullptr;
  for (const StageEntry& e : stages) {
    if (e.entered >= at) break;
    ++before;
    if (!Terminal(e.stage)) open = &e;
  }
  f.stage = open != nullptr ? open->stage : kFirstStage;
  f.days_in_stage = Days(at - (open != nullptr ? open->entered : lead.create_time));
  f.stage_moves = std::max(0, before - 1);
  for (const absl::Time t : lead.interactions) {
    if (t < at) f.interactions += 1.0;
  }
  return f;
}

std::string LeadModel::Level(const std::string& variable, const std::string& value) const {
  const std::string level = value.empty() ? "none" : value;
  const std::string name = absl::StrCat(variable, "=", level);
  if (std::find(levels_.begin(), levels_.end(), name) != levels_.end()) return level;
  return "other";
}

int32_t LeadModel::Column(const std::string& variable, const std::string& value) const {
  const std::string name = absl::StrCat(variable, "=", Level(variable, value));
  const auto it = std::find(levels_.begin(), levels_.end(), name);
  if (it == levels_.end()) return -1;
  return static_cast<int32_t>(1 + kNumericCount + (it - levels_.begin()));
}

std::vector<SparseEntry> LeadModel::Row(const LeadFeatures& lead) const {
  std::vector<SparseEntry> row;
  row.reserve(1 + kNumericCount + 3);
  row.push_back({0, 1.0});
  const auto numeric = NumericValues(lead);
  for (int j = 0; j < kNumericCount; ++j) {
    const Coefficient& c = coefficients_[1 + j];
    row.push_back({1 + j, (numeric[j] - c.mean) / c.standard_deviation});
  }
  for (int v = 0; v < 3; ++v) {
    const int32_t column = Column(kCategorical[v], CategoricalValue(lead, v));
    if (column >= 0) row.push_back({column, 1.0 / coefficients_[column].standard_deviation});
  }
  return row;
}

LeadModel LeadModel::Fit(const std::vector<LeadFeatures>& training,
                         const std::vector<int>& outcomes, const LogisticOptions& options) {
  LeadModel model;
  // Levels: seen in at least kMinLevelLeads leads, else pooled as "other" (a column only
  // when some lead was pooled).
  for (int v = 0; v < 3; ++v) {
    std::map<std::string, int64_t> counts;
    for (const LeadFeatures& f : training) {
      const std::string& value = CategoricalValue(f, v);
      ++counts[value.empty() ? "none" : value];
    }
    bool pooled = false;
    for (const auto& [level, count] : counts) {
      if (count >= kMinLevelLeads) {
        model.levels_.push_back(absl::StrCat(kCategorical[v], "=", level));
      } else {
        pooled = true;
      }
    }
    if (pooled) model.levels_.push_back(absl::StrCat(kCategorical[v], "=other"));
  }
  const int columns = 1 + kNumericCount + static_cast<int>(model.levels_.size());
  model.coefficients_.resize(columns);
  model.coefficients_[0].feature = "intercept";
  for (int j = 0; j < kNumericCount; ++j) model.coefficients_[1 + j].feature = kNumeric[j];
  for (size_t k = 0; k < model.levels_.size(); ++k) {
    model.coefficients_[1 + kNumericCount + k].feature = model.levels_[k];
  }
  // Means and standard deviations of the raw encoded values.
  const double n = static_cast<double>(training.size());
  std::vector<double> sum(columns, 0.0);
  std::vector<double> sum_sq(columns, 0.0);
  for (const LeadFeatures& f : training) {
    const auto numeric = NumericValues(f);
    for (int j = 0; j < kNumericCount; ++j) {
      sum[1 + j] += numeric[j];
      sum_sq[1 + j] += numeric[j] * numeric[j];
    }
    for (int v = 0; v < 3; ++v) {
      const int32_t column = model.Column(kCategorical[v], CategoricalValue(f, v));
      if (column >= 0) {
        sum[column] += 1.0;
        sum_sq[column] += 1.0;
      }
    }
  }
  for (int j = 1; j < columns; ++j) {
    Coefficient& c = model.coefficients_[j];
    c.mean = n > 0 ? sum[j] / n : 0.0;
    const double variance = n > 0 ? std::max(0.0, sum_sq[j] / n - c.mean * c.mean) : 0.0;
    c.standard_deviation = variance > 1e-12 ? std::sqrt(variance) : 1.0;
  }
  model.coefficients_[0].mean = 0.0;
  model.coefficients_[0].standard_deviation = 1.0;
  SparseDesign design;
  design.columns = columns;
  design.rows.reserve(training.size());
  for (const LeadFeatures& f : training) design.rows.push_back(model.Row(f));
  model.fit_ = FitLogistic(design, outcomes, options);
  for (int j = 0; j < columns; ++j) {
    model.coefficients_[j].coefficient = model.fit_.coefficients[j];
    model.coefficients_[j].standard_error = model.fit_.standard_errors[j];
  }
  return model;
}

double LeadModel::Probability(const LeadFeatures& lead) const {
  return PredictLogistic(fit_.coefficients, Row(lead));
}

std::vector<Contribution> LeadModel::TopContributions(const LeadFeatures& lead,
                                                      size_t limit) const {
  std::vector<Contribution> out;
  const std::vector<SparseEntry> row = Row(lead);
  const auto raw = RawValues(lead);
  for (const SparseEntry& e : row) {
    if (e.column == 0) continue;
    const double value = e.column <= kNumericCount ? raw[e.column - 1] : 1.0;
    out.push_back({coefficients_[e.column].feature, value, fit_.coefficients[e.column] * e.value});
  }
  std::stable_sort(out.begin(), out.end(), [](const Contribution& a, const Contribution& b) {
    return std::abs(a.contribution) > std::abs(b.contribution);
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

double StageBaseline::Probability(const std::string& stage) const {
  for (const StageRate& r : stages) {
    if (r.stage == stage) return r.probability;
  }
  return overall;
}

StageBaseline FitStageBaseline(const std::vector<LeadFeatures>& training,
                               const std::vector<int>& outcomes) {
  std::map<std::string, std::pair<int64_t, int64_t>> counts;  // stage -> (leads, won)
  int64_t won = 0;
  for (size_t i = 0; i < training.size(); ++i) {
    auto& c = counts[training[i].stage];
    ++c.first;
    c.second += outcomes[i];
    won += outcomes[i];
  }
  StageBaseline baseline;
  baseline.overall =
      training.empty() ? 0.0 : static_cast<double>(won) / static_cast<double>(training.size());
  for (const auto& [stage, c] : counts) {
    baseline.stages.push_back(
        {stage, c.first, c.second, static_cast<double>(c.second) / static_cast<double>(c.first)});
  }
  return baseline;
}

Accuracy MeasureAccuracy(const std::vector<double>& predicted, const std::vector<int>& outcomes) {
  return {AreaUnderRoc(predicted, outcomes), BrierScore(predicted, outcomes),
          ReliabilityTable(predicted, outcomes, 10)};
}

bool BeatsBaseline(const Accuracy& model, const Accuracy& baseline) {
  if (!(model.brier < baseline.brier)) return false;
  if (model.auc.has_value() && baseline.auc.has_value()) return *model.auc >= *baseline.auc;
  return true;
}

absl::StatusOr<LeadScoringReport> FitLeadScoring(const std::vector<ScoredLeadInput>& leads,
                                                 double holdout_fraction,
                                                 const LogisticOptions& options) {
  struct Closed {
    absl::Time close;
    const ScoredLeadInput* lead;
  };
  std::vector<Closed> closed;
  for (const ScoredLeadInput& lead : leads) {
    if (const std::optional<absl::Time> t = CloseTime(lead); t.has_value()) {
      closed.push_back({*t, &lead});
    }
  }
  std::sort(closed.begin(), closed.end(), [](const Closed& a, const Closed& b) {
    return a.close != b.close ? a.close < b.close : a.lead->lead < b.lead->lead;
  });
  LeadScoringReport report;
  report.closed_leads = static_cast<int64_t>(closed.size());
  std::vector<LeadFeatures> features;
  std::vector<int> outcomes;
  for (const Closed& c : closed) {
    features.push_back(FeaturesAt(*c.lead, c.close));
    outcomes.push_back(c.lead->outcome == LeadOutcome::kWon ? 1 : 0);
    report.closed_won += outcomes.back();
  }
  const int64_t n = report.closed_leads;
  if (n < kMinClosedLeads) {
    return absl::FailedPreconditionError(absl::StrCat(
        "lead scoring needs at least ", kMinClosedLeads, " closed leads (won or lost); there are ",
        n, " (", report.closed_won, " won)"));
  }
  const int64_t holdout = std::clamp<int64_t>(
      static_cast<int64_t>(std::llround(holdout_fraction * static_cast<double>(n))), 1, n - 1);
  report.holdout_leads = holdout;
  report.training_leads = n - holdout;
  const size_t split = static_cast<size_t>(report.training_leads);
  const std::vector<LeadFeatures> train(features.begin(), features.begin() + split);
  const std::vector<int> train_y(outcomes.begin(), outcomes.begin() + split);
  int64_t train_won = 0;
  for (int y : train_y) train_won += y;
  if (train_won == 0 || train_won == report.training_leads) {
    return absl::FailedPreconditionError(absl::StrCat(
        "lead scoring needs won and lost leads among the ", report.training_leads,
        " earliest closed (the training leads); they are all ", train_won == 0 ? "lost" : "won"));
  }
  report.holdout_start = closed[split].close;
  const LeadModel model = LeadModel::Fit(train, train_y, options);
  report.stage_baseline = FitStageBaseline(train, train_y);
  std::vector<double> model_p;
  std::vector<double> baseline_p;
  std::vector<int> holdout_y;
  for (size_t i = split; i < features.size(); ++i) {
    model_p.push_back(model.Probability(features[i]));
    baseline_p.push_back(report.stage_baseline.Probability(features[i].stage));
    holdout_y.push_back(outcomes[i]);
    report.holdout_won += outcomes[i];
  }
  report.model = MeasureAccuracy(model_p, holdout_y);
  report.baseline = MeasureAccuracy(baseline_p, holdout_y);
  report.beats_baseline = BeatsBaseline(report.model, report.baseline);
  report.final_model = LeadModel::Fit(features, outcomes, options);
  report.final_baseline = FitStageBaseline(features, outcomes);
  return report;
}

}  // namespace sales::analytics::domain
