// Lead scoring: the probability that an open lead is won, by L2-regularised logistic
// regression (logistic_regression.h) on the closed leads, checked on the latest closed
// leads against the baseline "the stage's fixed probability".
//
// Features of a lead, taken as of a moment (for a closed lead just before the move that
// closed it, for an open lead the scoring time), so that nothing known only at closing
// leaks into the fit:
// - channel, owner rep and stage (the last open stage entered): one indicator per level seen
//   in at least kMinLevelLeads training leads, rarer levels pooled as "other", an empty
//   value as "none";
// - log(1 + expected amount in minor units), log(1 + age in days), log(1 + days in the
//   stage), the number of stage moves since creation, log(1 + interactions about the lead);
// numeric features centred and scaled by their training mean and standard deviation,
// indicators scaled by their standard deviation only (not centred, so that rows stay sparse:
// the intercept, which is not penalised, absorbs the difference), so that one penalty fits
// all and coefficients compare. The intercept is then the log-odds of a lead at the numeric
// means with no indicator set.
//
// Odoo's predictive lead scoring (crm.lead, "PLS") instead multiplies per-field win
// frequencies as a naive Bayes, which assumes the fields independent given the outcome and
// reports no holdout; logistic regression fits the fields jointly (a rep's leads coming
// mostly from one channel are not counted twice), uses numeric features as numbers, and
// here states its accuracy beside the stage baseline.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/analytics/src/domain/classification_metrics.h"
#include "services/analytics/src/domain/funnel_stats.h"
#include "services/analytics/src/domain/lead_outcome.h"
#include "services/analytics/src/domain/logistic_regression.h"

namespace sales::analytics::domain {

inline constexpr int kMinLevelLeads = 5;
// Closed leads needed to fit and check a model.
inline constexpr int kMinClosedLeads = 10;

// A lead with everything scoring reads.
struct ScoredLeadInput {
  std::string lead;
  absl::Time create_time;
  std::string owner_rep;
  std::string channel;
  LeadOutcome outcome = LeadOutcome::kOpen;
  int64_t expected_minor = 0;
  std::vector<StageEntry> stages;        // the creation's entry first; sorted here
  std::vector<absl::Time> interactions;  // about the lead, any order
};

// A lead's features as of a moment.
struct LeadFeatures {
  std::string channel;
  std::string owner_rep;
  std::string stage;  // last open stage entered
  double expected_minor = 0.0;
  double age_days = 0.0;
  double days_in_stage = 0.0;
  double stage_moves = 0.0;
  double interactions = 0.0;
};

// When a closed lead closed: its last entry into the stage of its outcome (WON or LOST);
// nullopt for an open lead or one without that entry.
std::optional<absl::Time> CloseTime(const ScoredLeadInput& lead);
// The features of `lead` as of `at` (entries and interactions strictly before `at`).
LeadFeatures FeaturesAt(const ScoredLeadInput& lead, absl::Time at);

struct Coefficient {
  std::string feature;
  double coefficient = 0.0;
  double standard_error = 0.0;
  double mean = 0.0;
  double standard_deviation = 1.0;
};

struct Contribution {
  std::string feature;
  double value = 0.0;
  double contribution = 0.0;
};

// The encoding learned from training leads and the coefficients fitted with it.
class LeadModel final {
 public:
  // Learns levels and standardisation from `training` and fits; `outcomes` 1 won, 0 lost.
  static LeadModel Fit(const std::vector<LeadFeatures>& training, const std::vector<int>& outcomes,
                       const LogisticOptions& options);

  double Probability(const LeadFeatures& lead) const;
  // The lead's own features (numeric ones and its indicators), by absolute contribution,
  // largest first, at most `limit`.
  std::vector<Contribution> TopContributions(const LeadFeatures& lead, size_t limit) const;

  const std::vector<Coefficient>& coefficients() const { return coefficients_; }
  const LogisticFit& fit() const { return fit_; }

 private:
  std::vector<SparseEntry> Row(const LeadFeatures& lead) const;
  // Column of an indicator, or -1.
  int32_t Column(const std::string& variable, const std::string& value) const;
  // The level a value is encoded as: itself, "other" or "none".
  std::string Level(const std::string& variable, const std::string& value) const;

  std::vector<Coefficient> coefficients_;  // column order; column 0 the intercept
  std::vector<std::string> levels_;        // "<variable>=<level>" per indicator column
  LogisticFit fit_;
};

// The baseline: the training win rate of each last open stage.
struct StageRate {
  std::string stage;
  int64_t leads = 0;
  int64_t won = 0;
  double probability = 0.0;
};

struct StageBaseline {
  std::vector<StageRate> stages;  // by stage name
  double overall = 0.0;           // training win rate, for a stage no training lead closed from
  double Probability(const std::string& stage) const;
};
StageBaseline FitStageBaseline(const std::vector<LeadFeatures>& training,
                               const std::vector<int>& outcomes);

struct Accuracy {
  std::optional<double> auc;
  double brier = 0.0;
  std::vector<ReliabilityGroup> reliability;
};
Accuracy MeasureAccuracy(const std::vector<double>& predicted, const std::vector<int>& outcomes);

// Whether the model beats the baseline: a lower Brier score and an AUC not lower (or
// undefined).
bool BeatsBaseline(const Accuracy& model, const Accuracy& baseline);

struct LeadScoringReport {
  int64_t closed_leads = 0;
  int64_t closed_won = 0;
  int64_t training_leads = 0;
  int64_t holdout_leads = 0;
  int64_t holdout_won = 0;
  absl::Time holdout_start;
  Accuracy model;
  Accuracy baseline;
  StageBaseline stage_baseline;  // from the training leads
  bool beats_baseline = false;
  LeadModel final_model;         // fitted on every closed lead
  StageBaseline final_baseline;  // from every closed lead
};

// Fits and checks: the closed leads ordered by close time (then name), the latest
// `holdout_fraction` (at least one) held out; the model and the baseline from the rest,
// measured on them; then both refitted on every closed lead. FAILED_PRECONDITION with the
// counts when fewer than kMinClosedLeads closed, or the training leads lack a won or a lost
// one.
absl::StatusOr<LeadScoringReport> FitLeadScoring(const std::vector<ScoredLeadInput>& leads,
                                                 double holdout_fraction,
                                                 const LogisticOptions& options);

}  // namespace sales::analytics::domain
