// Prediction over gRPC against MariaDB: leads and interactions imported through the
// customers service and orders through the orders service, then GetRepActivity (counted
// exactly once, and the same after a rebuild), GetLeadScoringModel and ScoreLeads (the same
// model the analytics domain fits on the same leads, open leads paged by probability),
// GetProductAffinity (each answer taken once its freshness covers the events asserted on) and
// RecommendProducts on hand-counted baskets, the method served the one that wins the holdout
// on planted data (item-to-item, or the most popular products never already bought); bad
// input refused with the field named.
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <functional>
#include <map>
#include <set>

#include "services/analytics/src/domain/lead_scoring.h"
#include "tests/harness/rpc_error.h"
#include "tests/integration/analytics_fixture.h"

namespace sales::testing {
namespace {

using grpc::StatusCode;
namespace dom = ::sales::analytics::domain;

cv1::ExternalRef Ref(const std::string& id) {
  cv1::ExternalRef ref;
  ref.set_source_system("legacy-crm");
  ref.set_id(id);
  return ref;
}

const absl::Time kStart =
    absl::FromCivil(absl::CivilSecond(2025, 1, 1, 10, 0, 0), absl::UTCTimeZone());
absl::Time DayAt(double days) { return kStart + absl::Seconds(days * 86400.0); }

// The leads the tests import: 30 closed (their pattern below) and 3 open, each with its
// interactions; kept also as the domain's inputs, to fit the expected model.
struct LeadPlan {
  std::vector<cv1::ImportCustomerHistoryRequest> items;
  std::vector<dom::ScoredLeadInput> inputs;
  // Expected per rep: interactions by kind, and (won, won with an interaction).
  std::map<std::string, std::map<std::string, int64_t>> kinds;
  std::map<std::string, std::pair<int64_t, int64_t>> won;
};

LeadPlan PlanLeads() {
  LeadPlan plan;
  auto add_lead = [&](int i, bool open) {
    const std::string id = absl::StrCat("L", i);
    const absl::Time created = DayAt(i);
    const std::string owner = i % 2 == 1 ? "reps/ann" : "reps/bob";
    const bool web = i % 3 != 0;
    const int64_t amount = (i % 5 + 1) * 100000;
    const bool won = i % 3 == 0 || i % 4 == 1;
    const double close_days = 3 + i % 3;
    cv1::ImportCustomerHistoryRequest item;
    cv1::ImportedLead* l = item.mutable_lead();
    *l->mutable_external_ref() = Ref(id);
    l->set_display_name("Deal " + id);
    l->set_owner_rep(owner);
    l->set_acquisition_channel(web ? cv1::ACQUISITION_CHANNEL_WEB : cv1::ACQUISITION_CHANNEL_EVENT);
    l->mutable_expected_amount()->set_currency_code("CNY");
    l->mutable_expected_amount()->set_minor_units(amount);
    *l->mutable_create_time() = Ts(created);
    dom::ScoredLeadInput in;
    in.lead = id;
    in.create_time = created;
    in.owner_rep = owner;
    in.channel = web ? "ACQUISITION_CHANNEL_WEB" : "ACQUISITION_CHANNEL_EVENT";
    in.expected_minor = amount;
    in.stages.push_back({"LEAD_STAGE_LEAD", created});
    auto move = [&](cv1::LeadStage stage, const char* name, absl::Time at) {
      cv1::ImportedStageChange* c = l->add_stage_history();
      c->set_stage(stage);
      *c->mutable_change_time() = Ts(at);
      if (stage == cv1::LEAD_STAGE_LOST) c->set_lost_reason("price");
      in.stages.push_back({name, at});
    };
    move(cv1::LEAD_STAGE_QUALIFIED, "LEAD_STAGE_QUALIFIED", created + absl::Hours(24));
    if (!open || i % 2 == 0) {
      if (won || i % 4 != 0) {
        move(cv1::LEAD_STAGE_PROPOSAL, "LEAD_STAGE_PROPOSAL", created + absl::Hours(48));
      }
    }
    const absl::Time close = created + absl::Hours(24 * close_days);
    if (open) {
      in.outcome = dom::LeadOutcome::kOpen;
    } else if (won) {
      move(cv1::LEAD_STAGE_WON, "LEAD_STAGE_WON", close);
      in.outcome = dom::LeadOutcome::kWon;
    } else {
      move(cv1::LEAD_STAGE_LOST, "LEAD_STAGE_LOST", close);
      in.outcome = dom::LeadOutcome::kLost;
    }
    plan.items.push_back(item);
    // i % 4 interactions, every 6 hours from creation (before any close), by the owner.
    for (int j = 0; j < i % 4; ++j) {
      const absl::Time at = created + absl::Hours(6 * (j + 1));
      const bool call = j % 2 == 0;
      cv1::ImportCustomerHistoryRequest inter;
      cv1::ImportedInteraction* x = inter.mutable_interaction();
      *x->mutable_external_ref() = Ref(absl::StrCat(id, "-I", j));
      *x->mutable_lead_external_ref() = Ref(id);
      x->set_kind(call ? cv1::INTERACTION_KIND_CALL : cv1::INTERACTION_KIND_EMAIL);
      x->set_rep(owner);
      *x->mutable_occur_time() = Ts(at);
      plan.items.push_back(inter);
      in.interactions.push_back(at);
      ++plan.kinds[owner][call ? "INTERACTION_KIND_CALL" : "INTERACTION_KIND_EMAIL"];
    }
    if (in.outcome == dom::LeadOutcome::kWon) {
      ++plan.won[owner].first;
      if (i % 4 > 0) ++plan.won[owner].second;
    }
    plan.inputs.push_back(std::move(in));
  };
  for (int i = 0; i < 30; ++i) add_lead(i, false);
  for (int i = 30; i < 33; ++i) add_lead(i, true);
  return plan;
}

class AnalyticsPredictionTest : public AnalyticsTest {
 protected:
  void ImportHistory(const std::vector<cv1::ImportCustomerHistoryRequest>& items) {
    cv1::ImportCustomerHistoryResponse resp;
    auto ctx = CallCtx(std::chrono::seconds(60));
    auto writer = customers_->ImportCustomerHistory(ctx.get(), &resp);
    for (const auto& item : items) ASSERT_TRUE(writer->Write(item));
    writer->WritesDone();
    const grpc::Status status = writer->Finish();
    ASSERT_TRUE(status.ok()) << status.error_message();
    ASSERT_EQ(resp.errors_size(), 0) << resp.errors(0).DebugString();
    ASSERT_EQ(resp.imported(), static_cast<int64_t>(items.size()));
  }

  static ov1::ImportedOrder Basket(const std::string& ref, const std::string& customer,
                                   const std::vector<std::string>& products, absl::Time at,
                                   ov1::OrderStatus status = ov1::ORDER_STATUS_COMPLETED) {
    ov1::ImportedOrder o;
    o.set_external_ref(ref);
    o.set_customer(customer);
    o.set_channel(ov1::CHANNEL_WEB);
    o.set_region("south");
    for (const std::string& product : products) {
      ov1::OrderLine* line = o.add_lines();
      line->set_product(product);
      line->set_quantity(1);
      line->mutable_unit_price()->set_minor_units(1000);
      line->mutable_unit_cost()->set_minor_units(600);
    }
    o.set_status(status);
    *o.mutable_create_time() = Ts(at);
    *o.mutable_close_time() = Ts(at + absl::Hours(48));
    return o;
  }

  static av1::PeriodSpec Range(const std::string& first, const std::string& last) {
    av1::PeriodSpec p;
    p.set_granularity(av1::GRANULARITY_CUSTOM);
    p.set_first_day(first);
    p.set_last_day(last);
    return p;
  }

  // Waits until the KPIs of the month holding `at` show `condition`; returns the orders feed
  // position that answer included (its events and every earlier one), 0 when it never did.
  int64_t WaitForMonthKpis(absl::Time at,
                           const std::function<bool(const av1::KpiValues&)>& condition) {
    int64_t position = 0;
    const bool met = WaitFor(absl::Seconds(10), [&] {
      const av1::KpiReport k = Kpis(av1::GRANULARITY_MONTH, at);
      position = k.freshness().orders_position();
      return condition(k.values());
    });
    EXPECT_TRUE(met) << "the month's KPIs never met the condition";
    return met ? position : 0;
  }

  // The affinity answer to `req` once its counts include the orders feed up to `position`:
  // they are recounted in the background, so an answer may be one recount behind the feed,
  // and its freshness says which.
  av1::ProductAffinity AffinityCovering(const av1::GetProductAffinityRequest& req,
                                        int64_t position) {
    av1::ProductAffinity out;
    EXPECT_TRUE(WaitFor(absl::Seconds(10),
                        [&] {
                          return analytics_->GetProductAffinity(Ctx().get(), req, &out).ok() &&
                                 out.freshness().orders_position() >= position;
                        }))
        << "no affinity answer covered orders position " << position << "; last "
        << out.freshness().orders_position();
    return out;
  }

  av1::ProductRecommendations Recommend(const std::string& customer, int count) {
    av1::RecommendProductsRequest req;
    req.set_customer(customer);
    req.set_count(count);
    av1::ProductRecommendations out;
    const grpc::Status status = analytics_->RecommendProducts(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }

  av1::RepActivityReport Activity(const av1::PeriodSpec& period, const std::string& rep = "") {
    av1::GetRepActivityRequest req;
    *req.mutable_period() = period;
    req.set_rep(rep);
    av1::RepActivityReport out;
    const grpc::Status status = analytics_->GetRepActivity(Ctx().get(), req, &out);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return out;
  }
};

TEST_F(AnalyticsPredictionTest, RepActivityCountsEachInteractionOnceAlsoAfterARebuild) {
  const LeadPlan plan = PlanLeads();
  ImportHistory(plan.items);
  int64_t expected_total = 0;
  for (const auto& [rep, kinds] : plan.kinds) {
    for (const auto& [kind, n] : kinds) expected_total += n;
  }
  const av1::PeriodSpec all = Range("2024-12-01", "2025-12-31");
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    const av1::RepActivityReport r = Activity(all);
    return r.total().interactions() == expected_total &&
           r.total().leads_won() == plan.won.at("reps/ann").first + plan.won.at("reps/bob").first;
  }));
  const av1::RepActivityReport report = Activity(all);
  ASSERT_EQ(report.reps_size(), 2);
  for (const av1::RepActivity& rep : report.reps()) {
    SCOPED_TRACE(rep.rep());
    const auto& kinds = plan.kinds.at(rep.rep());
    int64_t interactions = 0;
    ASSERT_EQ(rep.by_kind_size(), static_cast<int>(kinds.size()));
    for (const av1::InteractionKindCount& k : rep.by_kind()) {
      EXPECT_EQ(k.interactions(), kinds.at(k.kind()));
      interactions += k.interactions();
    }
    EXPECT_EQ(rep.interactions(), interactions);
    EXPECT_EQ(rep.lead_interactions(), interactions);  // every one is about a lead
    const auto [won, with_interaction] = plan.won.at(rep.rep());
    EXPECT_EQ(rep.leads_won(), won);
    EXPECT_EQ(rep.won_leads_with_interaction(), with_interaction);
    EXPECT_DOUBLE_EQ(rep.leads_won_per_interaction(),
                     static_cast<double>(won) / static_cast<double>(interactions));
    EXPECT_DOUBLE_EQ(rep.won_with_interaction_share(),
                     static_cast<double>(with_interaction) / static_cast<double>(won));
  }
  // One rep only.
  const av1::RepActivityReport ann = Activity(all, "reps/ann");
  ASSERT_EQ(ann.reps_size(), 1);
  EXPECT_EQ(ann.reps(0).rep(), "reps/ann");
  EXPECT_EQ(ann.total().interactions(), ann.reps(0).interactions());

  // A live interaction about a customer today: counted once, as not about a lead.
  const std::string customer = NewCustomer("Cara's customer");
  cv1::CreateInteractionRequest create;
  create.mutable_interaction()->set_subject(customer);
  create.mutable_interaction()->set_kind(cv1::INTERACTION_KIND_VISIT);
  create.mutable_interaction()->set_rep("reps/cara");
  *create.mutable_interaction()->mutable_occur_time() = Ts(absl::Now());
  create.set_request_id("visit-1");
  cv1::Interaction logged;
  ASSERT_TRUE(customers_->CreateInteraction(Ctx().get(), create, &logged).ok());
  ASSERT_TRUE(customers_->CreateInteraction(Ctx().get(), create, &logged).ok());  // a retry
  av1::PeriodSpec today;
  today.set_granularity(av1::GRANULARITY_DAY);
  ASSERT_TRUE(WaitFor(absl::Seconds(10),
                      [&] { return Activity(today, "reps/cara").total().interactions() == 1; }));
  const av1::RepActivityReport cara = Activity(today, "reps/cara");
  EXPECT_EQ(cara.reps(0).lead_interactions(), 0);
  EXPECT_EQ(cara.reps(0).by_kind(0).kind(), "INTERACTION_KIND_VISIT");
  EXPECT_FALSE(cara.reps(0).has_won_with_interaction_share());

  // A rebuild replays the feed into fresh tables: the same answers.
  const av1::RepActivityReport before_all = Activity(all);
  av1::StartRebuildRequest start;
  start.set_request_id("rebuild-prediction");
  av1::Rebuild rebuild;
  ASSERT_TRUE(analytics_->StartRebuild(Ctx().get(), start, &rebuild).ok());
  ASSERT_TRUE(WaitFor(absl::Seconds(60), [&] {
    EXPECT_TRUE(analytics_->GetRebuild(Ctx().get(), av1::GetRebuildRequest(), &rebuild).ok());
    return rebuild.state() != av1::Rebuild::STATE_RUNNING;
  }));
  ASSERT_EQ(rebuild.state(), av1::Rebuild::STATE_SUCCEEDED) << rebuild.error();
  EXPECT_TRUE(google::protobuf::util::MessageDifferencer::Equals(Activity(all), before_all));
  EXPECT_EQ(Activity(today, "reps/cara").total().interactions(), 1);
}

TEST_F(AnalyticsPredictionTest, LeadScoringIsTheDomainsModelOnTheIngestedLeads) {
  const LeadPlan plan = PlanLeads();
  ImportHistory(plan.items);
  av1::GetLeadScoringModelRequest req;
  av1::LeadScoringModel model;
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    const grpc::Status status = analytics_->GetLeadScoringModel(Ctx().get(), req, &model);
    return status.ok() && model.closed_leads() == 30 &&
           Activity(Range("2024-12-01", "2025-12-31")).total().interactions() > 0;
  }));
  // Interactions may arrive after the leads, and the last lead (L32, open, without
  // interactions) after the last interaction: read again once everything is in.
  ASSERT_TRUE(WaitFor(absl::Seconds(10), [&] {
    int64_t expected = 0;
    for (const auto& in : plan.inputs) expected += static_cast<int64_t>(in.interactions.size());
    av1::ScoreLeadsResponse scores;
    return Activity(Range("2024-12-01", "2025-12-31")).total().interactions() == expected &&
           analytics_->ScoreLeads(Ctx().get(), av1::ScoreLeadsRequest(), &scores).ok() &&
           scores.total_open_leads() == 3;
  }));
  ASSERT_TRUE(analytics_->GetLeadScoringModel(Ctx().get(), req, &model).ok());

  const absl::StatusOr<dom::LeadScoringReport> expected =
      dom::FitLeadScoring(plan.inputs, 0.2, {.l2_penalty = 1.0});
  ASSERT_TRUE(expected.ok()) << expected.status();
  EXPECT_EQ(model.closed_leads(), expected->closed_leads);
  EXPECT_EQ(model.closed_won(), expected->closed_won);
  EXPECT_EQ(model.training_leads(), 24);
  EXPECT_EQ(model.holdout_leads(), 6);
  EXPECT_EQ(model.holdout_won(), expected->holdout_won);
  EXPECT_DOUBLE_EQ(model.l2_penalty(), 1.0);
  EXPECT_NEAR(model.model_accuracy().brier_score(), expected->model.brier, 1e-9);
  EXPECT_NEAR(model.baseline_accuracy().brier_score(), expected->baseline.brier, 1e-9);
  EXPECT_EQ(model.model_accuracy().has_auc(), expected->model.auc.has_value());
  if (expected->model.auc.has_value()) {
    EXPECT_NEAR(model.model_accuracy().auc(), *expected->model.auc, 1e-9);
  }
  EXPECT_EQ(model.beats_baseline(), expected->beats_baseline);
  EXPECT_NE(model.verdict().find(expected->beats_baseline ? "beats" : "does not beat"),
            std::string::npos);
  ASSERT_EQ(model.coefficients_size(),
            static_cast<int>(expected->final_model.coefficients().size()));
  for (int j = 0; j < model.coefficients_size(); ++j) {
    const dom::Coefficient& c = expected->final_model.coefficients()[static_cast<size_t>(j)];
    EXPECT_EQ(model.coefficients(j).feature(), c.feature);
    EXPECT_NEAR(model.coefficients(j).coefficient(), c.coefficient, 1e-6) << c.feature;
    EXPECT_NEAR(model.coefficients(j).standard_error(), c.standard_error, 1e-6) << c.feature;
  }
  EXPECT_TRUE(model.converged());
  int64_t staged = 0;
  for (const av1::StageProbability& s : model.stage_probabilities()) staged += s.leads();
  EXPECT_EQ(staged, 24);
  int64_t binned = 0;
  for (const av1::ReliabilityBin& b : model.model_accuracy().reliability()) binned += b.leads();
  EXPECT_EQ(binned, 6);

  // The three open leads, highest probability first, two to a page.
  av1::ScoreLeadsRequest score;
  score.set_page_size(2);
  av1::ScoreLeadsResponse page;
  ASSERT_TRUE(analytics_->ScoreLeads(Ctx().get(), score, &page).ok());
  EXPECT_EQ(page.total_open_leads(), 3);
  ASSERT_EQ(page.lead_scores_size(), 2);
  ASSERT_FALSE(page.next_page_token().empty());
  EXPECT_GE(page.lead_scores(0).probability(), page.lead_scores(1).probability());
  score.set_page_token(page.next_page_token());
  av1::ScoreLeadsResponse second;
  ASSERT_TRUE(analytics_->ScoreLeads(Ctx().get(), score, &second).ok());
  ASSERT_EQ(second.lead_scores_size(), 1);
  EXPECT_TRUE(second.next_page_token().empty());
  EXPECT_GE(page.lead_scores(1).probability(), second.lead_scores(0).probability());
  EXPECT_EQ(second.score_time().seconds(), page.score_time().seconds());  // as of page one
  std::set<std::string> names;
  for (const auto* p : {&page, &second}) {
    for (const av1::LeadScore& s : p->lead_scores()) {
      names.insert(s.lead());
      EXPECT_GT(s.probability(), 0.0);
      EXPECT_LT(s.probability(), 1.0);
      EXPECT_DOUBLE_EQ(s.stage_probability(), expected->final_baseline.Probability(s.stage()));
      EXPECT_LE(s.top_features_size(), 3);
      EXPECT_GE(s.top_features_size(), 1);
    }
  }
  EXPECT_EQ(names.size(), 3u);
  // One owner's open leads only (ann owns L31).
  score.Clear();
  score.set_owner_rep("reps/ann");
  ASSERT_TRUE(analytics_->ScoreLeads(Ctx().get(), score, &page).ok());
  ASSERT_EQ(page.lead_scores_size(), 1);
  EXPECT_EQ(page.lead_scores(0).owner_rep(), "reps/ann");
  EXPECT_EQ(page.lead_scores(0).stage(), "LEAD_STAGE_QUALIFIED");
}

TEST_F(AnalyticsPredictionTest, TooFewClosedLeadsIsAFailedPrecondition) {
  av1::LeadScoringModel model;
  const grpc::Status status =
      analytics_->GetLeadScoringModel(Ctx().get(), av1::GetLeadScoringModelRequest(), &model);
  EXPECT_EQ(status.error_code(), StatusCode::FAILED_PRECONDITION) << status.error_message();
  EXPECT_NE(status.error_message().find("closed leads"), std::string::npos);
}

TEST_F(AnalyticsPredictionTest, ProductAffinityAndRecommendationsFromHandCountedBaskets) {
  const std::string a = NewProduct("MB-A", 1000, 600, "tea");
  const std::string b = NewProduct("MB-B", 1000, 600, "tea");
  const std::string c = NewProduct("MB-C", 1000, 600, "cups");
  const absl::Time t = absl::FromCivil(absl::CivilSecond(2025, 3, 10, 12, 0, 0), Zone());
  // Nine counted orders: A in 5, B in 6, C in 3, A+B in 3, A+C in 2, B+C in 1; a cancelled
  // A+B order is not counted. customers/6 buys C, then A (their last order).
  ImportOrders({Basket("o1", "customers/1", {a, b}, t), Basket("o2", "customers/2", {a, b}, t),
                Basket("o3", "customers/3", {a, c}, t), Basket("o4", "customers/4", {b}, t),
                Basket("o5", "customers/5", {a, b, c, a}, t),
                Basket("o6", "customers/6", {c}, t + absl::Hours(1)),
                Basket("o7", "customers/6", {a}, t + absl::Hours(30)),
                Basket("o8", "customers/7", {b}, t), Basket("o9", "customers/8", {b}, t),
                Basket("o10", "customers/9", {a, b}, t, ov1::ORDER_STATUS_CANCELLED)});
  // o10's cancellation is the last event: once the KPIs show it, their freshness is a feed
  // position every answer below must include. The affinity counts are recounted in the
  // background (an answer may be one recount behind, e.g. with o10 placed and not yet
  // cancelled: ten orders), so each affinity answer is taken once its freshness covers it.
  const int64_t last = WaitForMonthKpis(
      t, [](const av1::KpiValues& v) { return v.cancelled_orders() == 1 && v.orders() == 9; });
  ASSERT_GT(last, 0);
  av1::GetProductAffinityRequest req;
  *req.mutable_period() = Range("2025-03-01", "2025-03-31");
  av1::ProductAffinity affinity = AffinityCovering(req, last);
  EXPECT_EQ(affinity.orders(), 9);
  ASSERT_EQ(affinity.pairs_size(), 2);  // B+C was bought together once only
  EXPECT_EQ(affinity.matching_pairs(), 2);
  // A+C: lift 9 x 2 / (5 x 3) = 1.2 comes before A+B: 9 x 3 / (5 x 6) = 0.9.
  const av1::ProductPair& ac = affinity.pairs(0);
  EXPECT_EQ(std::set<std::string>({ac.product_a(), ac.product_b()}), std::set<std::string>({a, c}));
  EXPECT_LT(ac.product_a(), ac.product_b());
  EXPECT_EQ(ac.orders_with_both(), 2);
  EXPECT_DOUBLE_EQ(ac.support(), 2.0 / 9.0);
  EXPECT_DOUBLE_EQ(ac.lift(), 1.2);
  const bool a_first = ac.product_a() == a;
  EXPECT_DOUBLE_EQ(a_first ? ac.confidence_a_to_b() : ac.confidence_b_to_a(), 2.0 / 5.0);
  EXPECT_DOUBLE_EQ(a_first ? ac.confidence_b_to_a() : ac.confidence_a_to_b(), 2.0 / 3.0);
  const av1::ProductPair& ab = affinity.pairs(1);
  EXPECT_EQ(ab.orders_with_both(), 3);
  EXPECT_EQ(ab.orders_with_a() + ab.orders_with_b(), 11);
  EXPECT_DOUBLE_EQ(ab.lift(), 0.9);
  EXPECT_DOUBLE_EQ(ab.support(), 3.0 / 9.0);
  // Filters: min_support above A+C's, one product, a period without orders.
  req.set_min_support(0.3);
  affinity = AffinityCovering(req, last);
  ASSERT_EQ(affinity.pairs_size(), 1);
  EXPECT_EQ(affinity.pairs(0).orders_with_both(), 3);
  req.set_min_support(0);
  req.set_product(c);
  affinity = AffinityCovering(req, last);
  ASSERT_EQ(affinity.pairs_size(), 1);
  req.set_product("");
  *req.mutable_period() = Range("2025-04-01", "2025-04-30");
  affinity = AffinityCovering(req, last);
  EXPECT_EQ(affinity.orders(), 0);
  EXPECT_EQ(affinity.pairs_size(), 0);

  // The holdout: customers/6's last order (A) hidden; from C, co-purchases suggest A (a
  // hit) while the most ordered product they lack is B (a miss). At one product item-to-item
  // beats the most popular products and is served.
  // customers/4 bought B: A (cosine 3 / sqrt(5 x 6), shrunk by 3 / (3 + 100) orders).
  av1::ProductRecommendations recs = Recommend("customers/4", 1);
  EXPECT_GE(recs.model_orders_position(), last);  // fitted once every event was in
  EXPECT_EQ(recs.products_bought(), 1);
  EXPECT_EQ(recs.holdout().count(), 1);
  EXPECT_EQ(recs.holdout().customers(), 1);
  EXPECT_DOUBLE_EQ(recs.holdout().hit_rate(), 1.0);
  EXPECT_DOUBLE_EQ(recs.holdout().popular_hit_rate(), 0.0);
  EXPECT_TRUE(recs.holdout().beats_baseline());
  EXPECT_EQ(recs.served_method(), av1::RECOMMENDATION_METHOD_ITEM_TO_ITEM);
  EXPECT_NE(recs.served_method_reason().find("beats"), std::string::npos)
      << recs.served_method_reason();
  ASSERT_EQ(recs.products_size(), 1);
  EXPECT_EQ(recs.products(0).product(), a);
  EXPECT_NEAR(recs.products(0).score(), 3.0 / std::sqrt(30.0) * 3.0 / 103.0, 1e-12);
  EXPECT_EQ(recs.products(0).reason(), "co_purchase");
  EXPECT_EQ(recs.products(0).because_of(0), b);
  EXPECT_EQ(recs.products(0).display_name(), "Product MB-A");
  ASSERT_EQ(recs.products(0).because_of_display_names_size(), 1);
  EXPECT_EQ(recs.products(0).because_of_display_names(0), "Product MB-B");
  // At two products both hit (the most popular products customers/6 lacks are B, then A): a
  // tie, which goes to the most popular products. customers/4 gets the two most ordered
  // products but B, which it bought: A (5 orders), C (3).
  recs = Recommend("customers/4", 2);
  EXPECT_EQ(recs.holdout().count(), 2);
  EXPECT_DOUBLE_EQ(recs.holdout().hit_rate(), 1.0);
  EXPECT_DOUBLE_EQ(recs.holdout().popular_hit_rate(), 1.0);
  EXPECT_FALSE(recs.holdout().beats_baseline());
  EXPECT_EQ(recs.served_method(), av1::RECOMMENDATION_METHOD_MOST_POPULAR);
  EXPECT_NE(recs.served_method_reason().find("tie"), std::string::npos)
      << recs.served_method_reason();
  ASSERT_EQ(recs.products_size(), 2);
  EXPECT_EQ(recs.products(0).product(), a);
  EXPECT_EQ(recs.products(1).product(), c);
  for (const av1::RecommendedProduct& p : recs.products()) {
    EXPECT_EQ(p.reason(), "popular");
    EXPECT_EQ(p.score(), 0.0);
    EXPECT_EQ(p.because_of_size(), 0);
  }
  // A customer without orders gets the most ordered products (item-to-item served at one
  // product, its list filled by popularity).
  recs = Recommend("customers/99", 1);
  EXPECT_EQ(recs.served_method(), av1::RECOMMENDATION_METHOD_ITEM_TO_ITEM);
  ASSERT_EQ(recs.products_size(), 1);
  EXPECT_EQ(recs.products(0).product(), b);
  EXPECT_EQ(recs.products(0).reason(), "popular");
}

// Planted so that co-purchases predict the next order and popularity does not: three pairs
// (X_k, Y_k) bought together by six customers each; P and Q, bought alone by 30 and 20
// customers, are the most ordered; six checked customers buy X_k, then Y_k last.
TEST_F(AnalyticsPredictionTest, ItemToItemIsServedWhenItBeatsTheMostPopularOnTheHoldout) {
  const std::string p = NewProduct("IT-P", 1000, 600, "tea");
  const std::string q = NewProduct("IT-Q", 1000, 600, "tea");
  std::vector<std::string> x, y;
  for (int k = 0; k < 3; ++k) {
    x.push_back(NewProduct(absl::StrCat("IT-X", k), 1000, 600, "cups"));
    y.push_back(NewProduct(absl::StrCat("IT-Y", k), 1000, 600, "cups"));
  }
  const absl::Time t = absl::FromCivil(absl::CivilSecond(2025, 3, 10, 12, 0, 0), Zone());
  std::vector<ov1::ImportedOrder> orders;
  int customer = 1;
  auto add = [&](int who, std::vector<std::string> products, absl::Time at) {
    orders.push_back(Basket(absl::StrCat("it", orders.size() + 1), absl::StrCat("customers/", who),
                            products, at));
  };
  for (int k = 0; k < 3; ++k) {
    for (int i = 0; i < 6; ++i) add(customer++, {x[k], y[k]}, t);
  }
  for (int i = 0; i < 30; ++i) add(customer++, {p}, t);
  for (int i = 0; i < 20; ++i) add(customer++, {q}, t);
  for (int k = 0; k < 3; ++k) {
    for (int i = 0; i < 2; ++i) {
      add(customer, {x[k]}, t + absl::Hours(1));
      add(customer++, {y[k]}, t + absl::Hours(30));
    }
  }
  add(500, {x[1]}, t);  // the customer asking: one order of X1
  ImportOrders(orders);
  const auto total = static_cast<int64_t>(orders.size());
  const int64_t last =
      WaitForMonthKpis(t, [&](const av1::KpiValues& v) { return v.orders() == total; });
  ASSERT_GT(last, 0);

  const av1::ProductRecommendations recs = Recommend("customers/500", 1);
  EXPECT_GE(recs.model_orders_position(), last);
  EXPECT_EQ(recs.model_orders(), total);
  EXPECT_EQ(recs.holdout().customers(), 6);
  EXPECT_DOUBLE_EQ(recs.holdout().hit_rate(), 1.0);          // each finds Y_k from X_k
  EXPECT_DOUBLE_EQ(recs.holdout().popular_hit_rate(), 0.0);  // P for every one of them
  EXPECT_TRUE(recs.holdout().beats_baseline());
  EXPECT_EQ(recs.served_method(), av1::RECOMMENDATION_METHOD_ITEM_TO_ITEM);
  EXPECT_EQ(recs.served_method_reason(),
            "item-to-item hit rate 100.0% beats the most popular products' 0.0% on the holdout "
            "of 6 customers at 1 product: item-to-item is served");
  EXPECT_NE(recs.method().find("item-to-item"), std::string::npos) << recs.method();
  ASSERT_EQ(recs.products_size(), 1);
  EXPECT_EQ(recs.products(0).product(), y[1]);
  EXPECT_EQ(recs.products(0).reason(), "co_purchase");
  ASSERT_EQ(recs.products(0).because_of_size(), 1);
  EXPECT_EQ(recs.products(0).because_of(0), x[1]);
}

// Planted so that popularity predicts the next order and co-purchases do not: P and Q,
// bought alone by 20 and 10 customers; pairs (X_k, Y_k) bought together by four customers
// each; six checked customers buy X_k, then P last. The customer asking bought P and X0.
TEST_F(AnalyticsPredictionTest, MostPopularIsServedWhenItemToItemDoesNotBeatItNeverABoughtProduct) {
  const std::string p = NewProduct("MP-P", 1000, 600, "tea");
  const std::string q = NewProduct("MP-Q", 1000, 600, "tea");
  std::vector<std::string> x, y;
  for (int k = 0; k < 2; ++k) {
    x.push_back(NewProduct(absl::StrCat("MP-X", k), 1000, 600, "cups"));
    y.push_back(NewProduct(absl::StrCat("MP-Y", k), 1000, 600, "cups"));
  }
  const absl::Time t = absl::FromCivil(absl::CivilSecond(2025, 3, 10, 12, 0, 0), Zone());
  std::vector<ov1::ImportedOrder> orders;
  int customer = 1;
  auto add = [&](int who, std::vector<std::string> products, absl::Time at) {
    orders.push_back(Basket(absl::StrCat("mp", orders.size() + 1), absl::StrCat("customers/", who),
                            products, at));
  };
  for (int i = 0; i < 20; ++i) add(customer++, {p}, t);
  for (int i = 0; i < 10; ++i) add(customer++, {q}, t);
  for (int k = 0; k < 2; ++k) {
    for (int i = 0; i < 4; ++i) add(customer++, {x[k], y[k]}, t);
  }
  for (int k = 0; k < 2; ++k) {
    for (int i = 0; i < 3; ++i) {
      add(customer, {x[k]}, t + absl::Hours(1));
      add(customer++, {p}, t + absl::Hours(30));
    }
  }
  const std::string asking = "customers/500";
  add(500, {p, x[0]}, t);  // one order: not checked by the holdout
  ImportOrders(orders);
  const auto total = static_cast<int64_t>(orders.size());
  const int64_t last =
      WaitForMonthKpis(t, [&](const av1::KpiValues& v) { return v.orders() == total; });
  ASSERT_GT(last, 0);

  // At one product: item-to-item suggests Y_k (a miss), popularity P (a hit).
  av1::ProductRecommendations recs = Recommend(asking, 1);
  EXPECT_GE(recs.model_orders_position(), last);
  EXPECT_EQ(recs.model_orders(), total);
  EXPECT_EQ(recs.holdout().customers(), 6);
  EXPECT_DOUBLE_EQ(recs.holdout().hit_rate(), 0.0);
  EXPECT_DOUBLE_EQ(recs.holdout().popular_hit_rate(), 1.0);
  EXPECT_FALSE(recs.holdout().beats_baseline());
  EXPECT_EQ(recs.served_method(), av1::RECOMMENDATION_METHOD_MOST_POPULAR);
  EXPECT_EQ(recs.served_method_reason(),
            "item-to-item hit rate 0.0% does not beat the most popular products' 100.0% on the "
            "holdout of 6 customers at 1 product: the most popular products are served");
  EXPECT_NE(recs.method().find("most popular"), std::string::npos) << recs.method();
  EXPECT_EQ(recs.products_bought(), 2);
  // P is the most ordered, but bought: Q (10 orders) instead.
  ASSERT_EQ(recs.products_size(), 1);
  EXPECT_EQ(recs.products(0).product(), q);
  EXPECT_EQ(recs.products(0).reason(), "popular");
  EXPECT_EQ(recs.products(0).score(), 0.0);
  // At every count the most popular products are served (at two, item-to-item's list ends
  // with P too: a tie), the same count of them, none bought: Q, then X1 (4 + 3 orders)
  // before the Ys (4 each); X0 is bought.
  for (int count = 2; count <= 6; ++count) {
    SCOPED_TRACE(count);
    recs = Recommend(asking, count);
    EXPECT_EQ(recs.served_method(), av1::RECOMMENDATION_METHOD_MOST_POPULAR)
        << recs.served_method_reason();
    ASSERT_EQ(recs.products_size(), std::min(count, 4));  // six products, two bought
    EXPECT_EQ(recs.products(0).product(), q);
    EXPECT_EQ(recs.products(1).product(), x[1]);
    for (const av1::RecommendedProduct& r : recs.products()) {
      EXPECT_NE(r.product(), p);
      EXPECT_NE(r.product(), x[0]);
      EXPECT_EQ(r.reason(), "popular");
    }
  }
}

TEST_F(AnalyticsPredictionTest, BadInputIsRefusedNamingTheField) {
  av1::RepActivityReport activity;
  EXPECT_RPC_ERROR(analytics_->GetRepActivity(Ctx().get(), av1::GetRepActivityRequest(), &activity),
                   StatusCode::INVALID_ARGUMENT, "period");
  av1::GetRepActivityRequest activity_req;
  activity_req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  activity_req.set_rep("ann");
  EXPECT_RPC_ERROR(analytics_->GetRepActivity(Ctx().get(), activity_req, &activity),
                   StatusCode::INVALID_ARGUMENT, "rep");

  av1::LeadScoringModel model;
  av1::GetLeadScoringModelRequest model_req;
  model_req.set_holdout_fraction(0.9);
  EXPECT_RPC_ERROR(analytics_->GetLeadScoringModel(Ctx().get(), model_req, &model),
                   StatusCode::INVALID_ARGUMENT, "holdout_fraction");
  model_req.set_holdout_fraction(0);
  model_req.set_l2_penalty(-1);
  EXPECT_RPC_ERROR(analytics_->GetLeadScoringModel(Ctx().get(), model_req, &model),
                   StatusCode::INVALID_ARGUMENT, "l2_penalty");

  av1::ScoreLeadsResponse scores;
  av1::ScoreLeadsRequest score_req;
  score_req.set_page_size(-1);
  EXPECT_RPC_ERROR(analytics_->ScoreLeads(Ctx().get(), score_req, &scores),
                   StatusCode::INVALID_ARGUMENT, "page_size");
  score_req.set_page_size(0);
  score_req.set_page_token("not-a-token");
  EXPECT_RPC_ERROR(analytics_->ScoreLeads(Ctx().get(), score_req, &scores),
                   StatusCode::INVALID_ARGUMENT, "page_token");
  score_req.set_page_token("");
  score_req.set_owner_rep("ann");
  EXPECT_RPC_ERROR(analytics_->ScoreLeads(Ctx().get(), score_req, &scores),
                   StatusCode::INVALID_ARGUMENT, "owner_rep");

  av1::ProductAffinity affinity;
  av1::GetProductAffinityRequest affinity_req;
  EXPECT_RPC_ERROR(analytics_->GetProductAffinity(Ctx().get(), affinity_req, &affinity),
                   StatusCode::INVALID_ARGUMENT, "period");
  affinity_req.mutable_period()->set_granularity(av1::GRANULARITY_MONTH);
  affinity_req.set_min_support(1.5);
  EXPECT_RPC_ERROR(analytics_->GetProductAffinity(Ctx().get(), affinity_req, &affinity),
                   StatusCode::INVALID_ARGUMENT, "min_support");
  affinity_req.set_min_support(0);
  affinity_req.set_max_pairs(-1);
  EXPECT_RPC_ERROR(analytics_->GetProductAffinity(Ctx().get(), affinity_req, &affinity),
                   StatusCode::INVALID_ARGUMENT, "max_pairs");
  affinity_req.set_max_pairs(0);
  affinity_req.set_product("tea");
  EXPECT_RPC_ERROR(analytics_->GetProductAffinity(Ctx().get(), affinity_req, &affinity),
                   StatusCode::INVALID_ARGUMENT, "product");

  av1::ProductRecommendations recs;
  av1::RecommendProductsRequest rec_req;
  EXPECT_RPC_ERROR(analytics_->RecommendProducts(Ctx().get(), rec_req, &recs),
                   StatusCode::INVALID_ARGUMENT, "customer");
  rec_req.set_customer("customers/1");
  rec_req.set_count(51);
  EXPECT_RPC_ERROR(analytics_->RecommendProducts(Ctx().get(), rec_req, &recs),
                   StatusCode::INVALID_ARGUMENT, "count");
}

}  // namespace
}  // namespace sales::testing
