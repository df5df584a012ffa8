#include "services/analytics/src/domain/lead_scoring.h"

#include <gtest/gtest.h>

#include <cmath>
#include <random>

namespace sales::analytics::domain {
namespace {

const absl::Time kT0 = absl::FromUnixSeconds(1'700'000'000);
absl::Time Day(double d) { return kT0 + absl::Seconds(d * 86400.0); }

TEST(LeadScoringTest, FeaturesOfAClosedLeadAreTakenJustBeforeItClosed) {
  ScoredLeadInput lead;
  lead.lead = "leads/1";
  lead.create_time = Day(0);
  lead.owner_rep = "reps/ann";
  lead.channel = "ACQUISITION_CHANNEL_WEB";
  lead.outcome = LeadOutcome::kWon;
  lead.expected_minor = 250000;
  lead.stages = {{"LEAD_STAGE_PROPOSAL", Day(5)},
                 {"LEAD_STAGE_LEAD", Day(0)},
                 {"LEAD_STAGE_QUALIFIED", Day(2)},
                 {"LEAD_STAGE_WON", Day(9)}};
  lead.interactions = {Day(1), Day(6), Day(10)};
  ASSERT_EQ(CloseTime(lead), Day(9));
  const LeadFeatures f = FeaturesAt(lead, *CloseTime(lead));
  EXPECT_EQ(f.stage, "LEAD_STAGE_PROPOSAL");
  EXPECT_DOUBLE_EQ(f.days_in_stage, 4.0);
  EXPECT_DOUBLE_EQ(f.stage_moves, 2.0);  // LEAD -> QUALIFIED -> PROPOSAL; WON not yet
  EXPECT_DOUBLE_EQ(f.age_days, 9.0);
  EXPECT_DOUBLE_EQ(f.interactions, 2.0);  // the one after the win is not known yet
  EXPECT_DOUBLE_EQ(f.expected_minor, 250000.0);
  EXPECT_EQ(f.owner_rep, "reps/ann");

  // Open, and a lost lead reopened: the close is the last entry into its outcome's stage.
  lead.outcome = LeadOutcome::kOpen;
  EXPECT_FALSE(CloseTime(lead).has_value());
  lead.outcome = LeadOutcome::kLost;
  lead.stages = {{"LEAD_STAGE_LEAD", Day(0)},
                 {"LEAD_STAGE_LOST", Day(3)},
                 {"LEAD_STAGE_QUALIFIED", Day(4)},
                 {"LEAD_STAGE_LOST", Day(8)}};
  EXPECT_EQ(CloseTime(lead), Day(8));
  const LeadFeatures g = FeaturesAt(lead, Day(8));
  EXPECT_EQ(g.stage, "LEAD_STAGE_QUALIFIED");
  EXPECT_DOUBLE_EQ(g.stage_moves, 2.0);
  EXPECT_DOUBLE_EQ(g.days_in_stage, 4.0);
}

// Leads whose win probability follows a known logistic function of the log of their
// interactions and their stage; the channel and owner are noise.
struct Simulation {
  std::vector<ScoredLeadInput> leads;
  double slope = 0.0;  // true coefficient of log(1 + interactions), per unit
};

Simulation Simulate(int n, uint32_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::poisson_distribution<int> interactions(3.0);
  const char* stages[] = {"LEAD_STAGE_LEAD", "LEAD_STAGE_QUALIFIED", "LEAD_STAGE_PROPOSAL"};
  const double stage_effect[] = {-1.0, 0.0, 0.7};
  const char* channels[] = {"ACQUISITION_CHANNEL_WEB", "ACQUISITION_CHANNEL_REFERRAL"};
  Simulation sim;
  sim.slope = 1.2;
  for (int i = 0; i < n; ++i) {
    ScoredLeadInput lead;
    lead.lead = "leads/" + std::to_string(i + 1);
    lead.create_time = Day(i * 0.1);
    lead.owner_rep = i % 3 == 0 ? "reps/a" : "reps/b";
    lead.channel = channels[i % 2];
    lead.expected_minor = 100000;
    const int stage = static_cast<int>(uniform(rng) * 3.0);
    lead.stages.push_back({"LEAD_STAGE_LEAD", lead.create_time});
    if (stage > 0) lead.stages.push_back({stages[1], lead.create_time + absl::Hours(24)});
    if (stage > 1) lead.stages.push_back({stages[2], lead.create_time + absl::Hours(48)});
    const int k = interactions(rng);
    for (int j = 0; j < k; ++j) lead.interactions.push_back(lead.create_time + absl::Hours(1 + j));
    const double p = Sigmoid(-1.5 + sim.slope * std::log1p(k) + stage_effect[stage]);
    const bool won = uniform(rng) < p;
    lead.outcome = won ? LeadOutcome::kWon : LeadOutcome::kLost;
    lead.stages.push_back(
        {won ? "LEAD_STAGE_WON" : "LEAD_STAGE_LOST", lead.create_time + absl::Hours(72)});
    sim.leads.push_back(std::move(lead));
  }
  return sim;
}

const Coefficient& Find(const LeadModel& model, const std::string& feature) {
  for (const Coefficient& c : model.coefficients()) {
    if (c.feature == feature) return c;
  }
  ADD_FAILURE() << "no feature " << feature;
  static const Coefficient kNone;
  return kNone;
}

TEST(LeadScoringTest, RecoversTheKnownEffectOfInteractionsAndBeatsTheStageBaseline) {
  const Simulation sim = Simulate(6000, 42);
  const absl::StatusOr<LeadScoringReport> report =
      FitLeadScoring(sim.leads, 0.2, {.l2_penalty = 1.0});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->closed_leads, 6000);
  EXPECT_EQ(report->training_leads, 4800);
  EXPECT_EQ(report->holdout_leads, 1200);
  EXPECT_TRUE(report->final_model.fit().converged);
  // The coefficient is per standard deviation of log(1 + interactions): divided by it, the
  // slope per unit, within three of its standard errors (on the same scale).
  const Coefficient& c = Find(report->final_model, "log_interactions");
  EXPECT_NEAR(c.coefficient / c.standard_deviation, sim.slope,
              3.0 * c.standard_error / c.standard_deviation);
  // The baseline knows only the stage; the model knows the interactions too.
  ASSERT_TRUE(report->model.auc.has_value());
  ASSERT_TRUE(report->baseline.auc.has_value());
  EXPECT_GT(*report->model.auc, *report->baseline.auc + 0.03);
  EXPECT_LT(report->model.brier, report->baseline.brier);
  EXPECT_TRUE(report->beats_baseline);
  // The baseline's stage rates are the training leads' win rates.
  int64_t leads = 0;
  for (const StageRate& r : report->stage_baseline.stages) {
    leads += r.leads;
    EXPECT_DOUBLE_EQ(r.probability, static_cast<double>(r.won) / static_cast<double>(r.leads));
  }
  EXPECT_EQ(leads, 4800);
  // Calibration: every decile's observed rate near its mean prediction (120 leads each).
  ASSERT_EQ(report->model.reliability.size(), 10u);
  for (const ReliabilityGroup& g : report->model.reliability) {
    EXPECT_NEAR(g.observed_rate, g.mean_predicted, 0.15);
  }
}

TEST(LeadScoringTest, TopContributionsAreTheLeadsOwnFeatures) {
  const Simulation sim = Simulate(2000, 7);
  const absl::StatusOr<LeadScoringReport> report =
      FitLeadScoring(sim.leads, 0.2, {.l2_penalty = 1.0});
  ASSERT_TRUE(report.ok()) << report.status();
  ScoredLeadInput open = sim.leads[0];
  open.outcome = LeadOutcome::kOpen;
  open.stages.pop_back();
  open.interactions.assign(30, open.create_time + absl::Hours(1));
  const LeadFeatures f = FeaturesAt(open, open.create_time + absl::Hours(72));
  const std::vector<Contribution> top = report->final_model.TopContributions(f, 3);
  ASSERT_EQ(top.size(), 3u);
  EXPECT_EQ(top[0].feature, "log_interactions");  // 30 interactions: far above the mean
  EXPECT_DOUBLE_EQ(top[0].value, 30.0);
  EXPECT_GT(top[0].contribution, 0.0);
  for (size_t i = 1; i < top.size(); ++i) {
    EXPECT_GE(std::abs(top[i - 1].contribution), std::abs(top[i].contribution));
  }
  const double p = report->final_model.Probability(f);
  EXPECT_GT(p, 0.0);
  EXPECT_LT(p, 1.0);
}

TEST(LeadScoringTest, RareLevelsArePooledAndUnseenOnesScoreAsOther) {
  std::vector<LeadFeatures> training;
  std::vector<int> outcomes;
  for (int i = 0; i < 40; ++i) {
    LeadFeatures f;
    f.channel = i < 3 ? "ACQUISITION_CHANNEL_EVENT" : "ACQUISITION_CHANNEL_WEB";
    f.owner_rep = i % 2 == 0 ? "reps/a" : "";
    f.stage = "LEAD_STAGE_LEAD";
    f.interactions = i % 5;
    training.push_back(f);
    outcomes.push_back(i % 3 == 0 ? 1 : 0);
  }
  const LeadModel model = LeadModel::Fit(training, outcomes, {.l2_penalty = 1.0});
  std::vector<std::string> features;
  for (const Coefficient& c : model.coefficients()) features.push_back(c.feature);
  EXPECT_NE(std::find(features.begin(), features.end(), "channel=other"), features.end());
  EXPECT_EQ(std::find(features.begin(), features.end(), "channel=ACQUISITION_CHANNEL_EVENT"),
            features.end());
  EXPECT_NE(std::find(features.begin(), features.end(), "owner=none"), features.end());
  LeadFeatures unseen = training[0];
  unseen.channel = "ACQUISITION_CHANNEL_PARTNER";
  LeadFeatures rare = training[0];  // EVENT, pooled
  EXPECT_DOUBLE_EQ(model.Probability(unseen), model.Probability(rare));
}

TEST(LeadScoringTest, TooFewClosedLeadsOrOneOutcomeIsAFailedPrecondition) {
  Simulation sim = Simulate(9, 1);
  absl::StatusOr<LeadScoringReport> report = FitLeadScoring(sim.leads, 0.2, {});
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_NE(report.status().message().find("9"), std::string::npos);
  sim = Simulate(30, 1);
  for (ScoredLeadInput& lead : sim.leads) {
    lead.outcome = LeadOutcome::kLost;
    lead.stages.back().stage = "LEAD_STAGE_LOST";
  }
  report = FitLeadScoring(sim.leads, 0.2, {});
  EXPECT_EQ(report.status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(LeadScoringTest, TheHoldoutIsTheLatestClosedLeads) {
  Simulation sim = Simulate(100, 3);
  const absl::StatusOr<LeadScoringReport> report = FitLeadScoring(sim.leads, 0.25, {});
  ASSERT_TRUE(report.ok()) << report.status();
  EXPECT_EQ(report->holdout_leads, 25);
  // Leads close 72 hours after creation, created 0.1 day apart: the 76th closes first.
  EXPECT_EQ(report->holdout_start, Day(75 * 0.1) + absl::Hours(72));
}

TEST(LeadScoringTest, BeatingTheBaselineNeedsALowerBrierAndNoLowerAuc) {
  Accuracy model{0.80, 0.15, {}};
  Accuracy baseline{0.75, 0.18, {}};
  EXPECT_TRUE(BeatsBaseline(model, baseline));
  model.brier = 0.19;
  EXPECT_FALSE(BeatsBaseline(model, baseline));
  model = {0.70, 0.15, {}};
  EXPECT_FALSE(BeatsBaseline(model, baseline));
  model = {std::nullopt, 0.15, {}};
  EXPECT_TRUE(BeatsBaseline(model, baseline));
}

}  // namespace
}  // namespace sales::analytics::domain
