// Calls to an incentives server that the incentives test fixtures share (IncentivesTest,
// IncentivesFeedTest, IncentivesOrdersFixture): the organisation, targets, a published plan,
// and reading credits, totals, attainment, statements and leaderboards back. Each call
// expects success (EXPECT, so a test goes on and shows every difference) and returns the
// answer.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "sales/incentives/v1/incentives_service.grpc.pb.h"

namespace sales::testing {

namespace iv1 = ::sales::incentives::v1;

using IncentivesStub = iv1::IncentivesService::Stub;

// A client context with a 10 s deadline.
inline std::unique_ptr<grpc::ClientContext> IncentivesCtx() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  return ctx;
}

// A new team's name ("teams/{id}"), under `parent` when given.
inline std::string CreateTeam(IncentivesStub& stub, const std::string& display_name,
                              const std::string& parent = "") {
  iv1::CreateTeamRequest req;
  req.mutable_team()->set_display_name(display_name);
  req.mutable_team()->set_parent(parent);
  iv1::Team out;
  const grpc::Status status = stub.CreateTeam(IncentivesCtx().get(), req, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out.name();
}

// Creates reps/{id} named `display_name`, in `team` from `day` when a team is given (no
// team: no membership).
inline iv1::Rep CreateRep(IncentivesStub& stub, const std::string& id,
                          const std::string& display_name, const std::string& team,
                          const std::string& day) {
  iv1::CreateRepRequest req;
  req.mutable_rep()->set_name("reps/" + id);
  req.mutable_rep()->set_display_name(display_name);
  req.set_team(team);
  if (!team.empty()) req.set_effective_day(day);
  iv1::Rep out;
  const grpc::Status status = stub.CreateRep(IncentivesCtx().get(), req, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

// A target of `metric` for `period` owned by `owner`, due at `deadline` (Unix seconds).
inline iv1::Target CreateTarget(IncentivesStub& stub, iv1::Metric metric, const std::string& period,
                                const std::string& owner, int64_t amount, int64_t deadline) {
  iv1::CreateTargetRequest req;
  iv1::Target* t = req.mutable_target();
  t->set_metric(metric);
  t->set_period(period);
  t->set_owner(owner);
  t->set_amount(amount);
  t->mutable_deadline()->set_seconds(deadline);
  iv1::Target out;
  const grpc::Status status = stub.CreateTarget(IncentivesCtx().get(), req, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

// Plan terms: attainment on revenue, a reversal lowers attainment and base, and counts in
// the period `reversal` says.
inline iv1::PlanVersion RevenueTerms(
    iv1::ReversalPeriod reversal = iv1::REVERSAL_PERIOD_RETURN,
    iv1::ClawbackPolicy clawback = iv1::CLAWBACK_POLICY_ATTAINMENT_AND_BASE) {
  iv1::PlanVersion v;
  v.set_attainment_basis(iv1::BASIS_REVENUE);
  v.set_clawback_policy(clawback);
  v.set_reversal_period(reversal);
  return v;
}

// Adds a commission on revenue at a flat `rate_ppm`.
inline iv1::Commission* AddFlatCommission(iv1::PlanVersion& v, const std::string& id,
                                          int64_t rate_ppm) {
  iv1::Component* c = v.add_components();
  c->set_id(id);
  iv1::Commission* m = c->mutable_commission();
  m->set_basis(iv1::BASIS_REVENUE);
  m->set_rate_ppm(rate_ppm);
  return m;
}

// Adds a commission on revenue with tiers (from_bp, rate_ppm) in `mode`.
inline iv1::Commission* AddTieredCommission(iv1::PlanVersion& v, const std::string& id,
                                            iv1::TierMode mode,
                                            const std::vector<std::pair<int64_t, int64_t>>& tiers) {
  iv1::Commission* m = AddFlatCommission(v, id, 0);
  m->set_tier_mode(mode);
  for (const auto& [from, rate] : tiers) {
    iv1::Tier* t = m->add_tiers();
    t->set_from_bp(from);
    t->set_rate_ppm(rate);
  }
  return m;
}

// Adds a bonus of `amount` at `attainment_bp` of the period of `frequency`.
inline void AddBonus(iv1::PlanVersion& v, const std::string& id, iv1::BonusFrequency frequency,
                     int64_t attainment_bp, int64_t amount) {
  iv1::Component* c = v.add_components();
  c->set_id(id);
  c->mutable_bonus()->set_frequency(frequency);
  iv1::BonusThreshold* threshold = c->mutable_bonus()->add_thresholds();
  threshold->set_attainment_bp(attainment_bp);
  threshold->set_amount(amount);
}

// A plan and its first version, published.
struct PublishedPlan {
  std::string plan;          // "plans/{id}"
  iv1::PlanVersion version;  // as published
};

// Creates plan `display_name` with `terms` as its first version, publishes it from
// `effective_month` and assigns the plan to each of `teams` since 2020-01-01.
inline PublishedPlan PublishPlan(IncentivesStub& stub, const std::string& display_name,
                                 const iv1::PlanVersion& terms, const std::string& effective_month,
                                 const std::vector<std::string>& teams) {
  PublishedPlan out;
  iv1::CreatePlanRequest plan_req;
  plan_req.mutable_plan()->set_display_name(display_name);
  iv1::Plan plan;
  grpc::Status status = stub.CreatePlan(IncentivesCtx().get(), plan_req, &plan);
  EXPECT_TRUE(status.ok()) << status.error_message();
  out.plan = plan.name();
  iv1::CreatePlanVersionRequest version_req;
  version_req.set_parent(plan.name());
  *version_req.mutable_version() = terms;
  iv1::PlanVersion created;
  status = stub.CreatePlanVersion(IncentivesCtx().get(), version_req, &created);
  EXPECT_TRUE(status.ok()) << status.error_message();
  iv1::PublishPlanVersionRequest publish;
  publish.set_name(created.name());
  publish.set_effective_month(effective_month);
  status = stub.PublishPlanVersion(IncentivesCtx().get(), publish, &out.version);
  EXPECT_TRUE(status.ok()) << status.error_message();
  for (const std::string& team : teams) {
    iv1::CreatePlanAssignmentRequest assign;
    assign.mutable_assignment()->set_plan(plan.name());
    assign.mutable_assignment()->set_assignee(team);
    assign.mutable_assignment()->set_first_day("2020-01-01");
    iv1::PlanAssignment assignment;
    status = stub.CreatePlanAssignment(IncentivesCtx().get(), assign, &assignment);
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  return out;
}

// The credits of `period`, filtered by `filter` (a rep, a team, unassigned).
inline std::vector<iv1::Credit> ListCredits(
    IncentivesStub& stub, const std::string& period,
    const std::function<void(iv1::ListCreditsRequest&)>& filter) {
  iv1::ListCreditsRequest req;
  req.set_period(period);
  filter(req);
  iv1::ListCreditsResponse resp;
  const grpc::Status status = stub.ListCredits(IncentivesCtx().get(), req, &resp);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return {resp.credits().begin(), resp.credits().end()};
}

inline iv1::CreditTotals CreditTotals(IncentivesStub& stub, const std::string& owner,
                                      const std::string& period) {
  iv1::GetCreditTotalsRequest req;
  req.set_owner(owner);
  req.set_period(period);
  iv1::CreditTotals out;
  const grpc::Status status = stub.GetCreditTotals(IncentivesCtx().get(), req, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

inline iv1::Attainment GetAttainment(IncentivesStub& stub, const std::string& owner,
                                     const std::string& period,
                                     iv1::Metric metric = iv1::METRIC_REVENUE) {
  iv1::GetAttainmentRequest req;
  req.set_owner(owner);
  req.set_period(period);
  req.set_metric(metric);
  iv1::Attainment out;
  const grpc::Status status = stub.GetAttainment(IncentivesCtx().get(), req, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

inline iv1::Statement GetStatement(IncentivesStub& stub, const std::string& rep,
                                   const std::string& period) {
  iv1::GetStatementRequest req;
  req.set_rep(rep);
  req.set_period(period);
  iv1::Statement out;
  const grpc::Status status = stub.GetStatement(IncentivesCtx().get(), req, &out);
  EXPECT_TRUE(status.ok()) << rep << " " << period << ": " << status.error_message();
  return out;
}

// The amounts of a statement's lines, in order.
inline std::vector<int64_t> Amounts(const iv1::Statement& s) {
  std::vector<int64_t> out;
  for (const iv1::StatementLine& l : s.lines()) out.push_back(l.amount());
  return out;
}

// Locks `month`; the response.
inline iv1::LockPeriodResponse LockMonth(IncentivesStub& stub, const std::string& month) {
  iv1::LockPeriodRequest req;
  req.set_period(month);
  iv1::LockPeriodResponse resp;
  const grpc::Status status = stub.LockPeriod(IncentivesCtx().get(), req, &resp);
  EXPECT_TRUE(status.ok()) << month << ": " << status.error_message();
  return resp;
}

// One page of the leaderboard of `period` by `by`, of `team`'s reps (every rep when empty).
inline iv1::Leaderboard GetLeaderboard(IncentivesStub& stub, const std::string& period,
                                       iv1::LeaderboardMeasure by, const std::string& team = "",
                                       int page_size = 0, const std::string& token = "") {
  iv1::GetLeaderboardRequest req;
  req.set_period(period);
  req.set_by(by);
  req.set_team(team);
  req.set_page_size(page_size);
  req.set_page_token(token);
  iv1::Leaderboard out;
  const grpc::Status status = stub.GetLeaderboard(IncentivesCtx().get(), req, &out);
  EXPECT_TRUE(status.ok()) << status.error_message();
  return out;
}

}  // namespace sales::testing
