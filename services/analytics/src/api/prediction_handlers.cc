#include "services/analytics/src/api/prediction_handlers.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/db/transaction.h"
#include "common/paging.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/api/recommendation_mapping.h"
#include "services/analytics/src/domain/basket.h"
#include "services/analytics/src/domain/lead_scoring.h"
#include "services/analytics/src/domain/rep_activity.h"
#include "services/analytics/src/store/basket_store.h"
#include "services/analytics/src/store/interaction_store.h"

namespace sales::analytics::api {
namespace {

constexpr double kDefaultHoldoutFraction = 0.2;
constexpr double kMinHoldoutFraction = 0.05;
constexpr double kMaxHoldoutFraction = 0.5;
constexpr double kDefaultL2Penalty = 1.0;
constexpr double kMaxL2Penalty = 1000.0;
constexpr int kDefaultMaxPairs = 100;
constexpr int kMaxPairs = 1000;
constexpr int kDefaultRecommendations = 5;
constexpr int kMaxRecommendations = static_cast<int>(kMaxRecommendationCount);
constexpr size_t kTopFeatures = 3;

constexpr char kLeadScoringMethod[] =
    "L2-regularised logistic regression (Hastie, Tibshirani and Friedman, ESL 4.4) fitted by "
    "Newton-Raphson/IRLS on closed leads, features as of just before the closing move: "
    "indicators of channel, owner rep and last open stage (levels in fewer than 5 training "
    "leads pooled as other), log(1 + expected amount in minor units), log(1 + age in days), "
    "log(1 + days in stage), stage moves, log(1 + interactions about the lead); numeric "
    "features centred and scaled, indicators scaled, by the training leads. Checked on the "
    "latest closed leads (time-ordered holdout) against the stage's fixed probability (the "
    "training win rate of leads closing from that stage); the coefficients are then refitted "
    "on every closed lead.";
constexpr char kRecommenderMethod[] =
    "item-to-item collaborative filtering (Linden, Smith and York 2003): cosine similarity "
    "n(i,j)/sqrt(n(i) n(j)) over order counts of the whole counted history, shrunk by the "
    "orders behind it, sim(i,j) = n(i,j)/(n(i,j) + 100) x cosine (Koren 2008; significance "
    "weighting, Herlocker et al. 1999), each product's 50 most similar products kept; a "
    "candidate scores the sum of its similarities to the customer's products; products "
    "already bought are excluded; too few candidates are filled with the most ordered "
    "products";
constexpr char kMostPopularMethod[] =
    "the most popular products: the products in the most counted orders of the whole history "
    "(equal: by name), products the customer already bought excluded";

absl::StatusOr<domain::Period> RequiredPeriod(bool has, const v1::PeriodSpec& spec,
                                              const absl::TimeZone& zone) {
  if (!has) return absl::InvalidArgumentError("period: required");
  return ReadPeriod(spec, zone, absl::Now(), "period");
}

absl::StatusOr<double> ReadL2Penalty(bool has, double value) {
  if (!has) return kDefaultL2Penalty;
  if (!(value >= 0.0 && value <= kMaxL2Penalty)) {
    return absl::InvalidArgumentError(
        absl::StrCat("l2_penalty: must be 0 to ", kMaxL2Penalty, ", got ", value));
  }
  return value;
}

absl::StatusOr<double> ReadHoldoutFraction(double value) {
  if (value == 0.0) return kDefaultHoldoutFraction;
  if (!(value >= kMinHoldoutFraction && value <= kMaxHoldoutFraction)) {
    return absl::InvalidArgumentError(absl::StrCat("holdout_fraction: must be ",
                                                   kMinHoldoutFraction, " to ", kMaxHoldoutFraction,
                                                   " (0 for 0.2), got ", value));
  }
  return value;
}

v1::RepActivity ToProto(const domain::RepActivityFigures& f) {
  v1::RepActivity out;
  out.set_rep(f.rep);
  out.set_interactions(f.interactions);
  for (const auto& [kind, count] : f.by_kind) {
    v1::InteractionKindCount* k = out.add_by_kind();
    k->set_kind(kind);
    k->set_interactions(count);
  }
  out.set_lead_interactions(f.lead_interactions);
  out.set_leads_won(f.leads_won);
  out.set_won_leads_with_interaction(f.won_with_interaction);
  if (f.leads_won_per_interaction.has_value()) {
    out.set_leads_won_per_interaction(*f.leads_won_per_interaction);
  }
  if (f.won_with_interaction_share.has_value()) {
    out.set_won_with_interaction_share(*f.won_with_interaction_share);
  }
  return out;
}

v1::ScoringAccuracy ToProto(const domain::Accuracy& a) {
  v1::ScoringAccuracy out;
  if (a.auc.has_value()) out.set_auc(*a.auc);
  out.set_brier_score(a.brier);
  for (const domain::ReliabilityGroup& g : a.reliability) {
    v1::ReliabilityBin* bin = out.add_reliability();
    bin->set_leads(g.count);
    bin->set_mean_predicted(g.mean_predicted);
    bin->set_observed_rate(g.observed_rate);
  }
  return out;
}

std::string Verdict(const domain::LeadScoringReport& r) {
  auto auc = [](const std::optional<double>& v) {
    return v.has_value() ? absl::StrFormat("%.3f", *v) : std::string("undefined");
  };
  return absl::StrFormat(
      "On the %d latest closed leads the model %s the stage's fixed probability: Brier %.4f "
      "against %.4f, AUC %s against %s.",
      r.holdout_leads, r.beats_baseline ? "beats" : "does not beat", r.model.brier,
      r.baseline.brier, auc(r.model.auc), auc(r.baseline.auc));
}

v1::LeadScoringModel ToProto(const domain::LeadScoringReport& r, double l2_penalty) {
  v1::LeadScoringModel out;
  out.set_method(kLeadScoringMethod);
  for (const domain::Coefficient& c : r.final_model.coefficients()) {
    v1::LeadScoringCoefficient* p = out.add_coefficients();
    p->set_feature(c.feature);
    p->set_coefficient(c.coefficient);
    p->set_standard_error(c.standard_error);
    p->set_mean(c.mean);
    p->set_standard_deviation(c.standard_deviation);
  }
  out.set_l2_penalty(l2_penalty);
  out.set_closed_leads(r.closed_leads);
  out.set_closed_won(r.closed_won);
  out.set_training_leads(r.training_leads);
  out.set_holdout_leads(r.holdout_leads);
  out.set_holdout_won(r.holdout_won);
  *out.mutable_holdout_start_time() = ToProtoTime(r.holdout_start);
  *out.mutable_model_accuracy() = ToProto(r.model);
  *out.mutable_baseline_accuracy() = ToProto(r.baseline);
  for (const domain::StageRate& s : r.stage_baseline.stages) {
    v1::StageProbability* p = out.add_stage_probabilities();
    p->set_stage(s.stage);
    p->set_leads(s.leads);
    p->set_won(s.won);
    p->set_probability(s.probability);
  }
  out.set_beats_baseline(r.beats_baseline);
  out.set_verdict(Verdict(r));
  const domain::LogisticFit& fit = r.final_model.fit();
  out.set_converged(fit.converged);
  out.set_iterations(fit.iterations);
  out.set_log_likelihood(fit.log_likelihood);
  return out;
}

absl::StatusOr<domain::LeadScoringReport> FitFromFacts(
    const HandlerContext& ctx, absl::Time deadline, double holdout, double l2_penalty,
    std::vector<domain::ScoredLeadInput>& leads) {
  RETURN_IF_ERROR(db::RunReadOnly(*ctx.pool, deadline, [&](db::Transaction& tx) {
    leads = store::LoadScoringLeads(tx);
    return absl::OkStatus();
  }));
  domain::LogisticOptions options;
  options.l2_penalty = l2_penalty;
  return domain::FitLeadScoring(leads, holdout, options);
}

// An open lead scored, with its sort key.
struct ScoredOpenLead {
  int64_t id = 0;
  v1::LeadScore score;
};

}  // namespace

absl::StatusOr<v1::RepActivityReport> PredictionHandlers::GetRepActivity(
    const v1::GetRepActivityRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const domain::Period period,
                   RequiredPeriod(req.has_period(), req.period(), ctx_.zone));
  RETURN_IF_ERROR(ValidateOptionalRepName("rep", req.rep()));
  std::vector<domain::InteractionCount> counts;
  std::vector<domain::WonLeadOfRep> won;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    counts = store::LoadInteractionCounts(tx, period.start, period.end, req.rep());
    won = store::LoadWonLeads(tx, period.start, period.end, req.rep());
    return absl::OkStatus();
  }));
  const domain::RepActivitySummary summary = domain::SummariseRepActivity(counts, won);
  v1::RepActivityReport report;
  *report.mutable_period() = ToProto(period, ctx_.zone);
  for (const domain::RepActivityFigures& f : summary.reps) *report.add_reps() = ToProto(f);
  *report.mutable_total() = ToProto(summary.total);
  return report;
}

absl::StatusOr<v1::LeadScoringModel> PredictionHandlers::GetLeadScoringModel(
    const v1::GetLeadScoringModelRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const double holdout, ReadHoldoutFraction(req.holdout_fraction()));
  ASSIGN_OR_RETURN(const double l2, ReadL2Penalty(req.has_l2_penalty(), req.l2_penalty()));
  std::vector<domain::ScoredLeadInput> leads;
  ASSIGN_OR_RETURN(const domain::LeadScoringReport report,
                   FitFromFacts(ctx_, deadline, holdout, l2, leads));
  return ToProto(report, l2);
}

absl::StatusOr<v1::ScoreLeadsResponse> PredictionHandlers::ScoreLeads(
    const v1::ScoreLeadsRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateOptionalRepName("owner_rep", req.owner_rep()));
  ASSIGN_OR_RETURN(const double l2, ReadL2Penalty(req.has_l2_penalty(), req.l2_penalty()));
  ASSIGN_OR_RETURN(const ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ScoreLeads", req, KeysetShape::kIdKey));
  // The cursor's key is "<score time, unix microseconds>:<probability>": later pages score
  // as of the first page's time, so that every lead keeps its place.
  double after_probability = 2.0;  // above every probability: the first page
  absl::Time now = absl::FromUnixMicros(absl::ToUnixMicros(absl::Now()));
  if (!page.after().first_page()) {
    const std::vector<std::string> parts = absl::StrSplit(page.after().key, ':');
    int64_t micros = 0;
    if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &micros) ||
        !absl::SimpleAtod(parts[1], &after_probability)) {
      return absl::InvalidArgumentError("page_token: malformed");
    }
    now = absl::FromUnixMicros(micros);
  }
  std::vector<domain::ScoredLeadInput> leads;
  ASSIGN_OR_RETURN(const domain::LeadScoringReport report,
                   FitFromFacts(ctx_, deadline, kDefaultHoldoutFraction, l2, leads));
  std::vector<ScoredOpenLead> open;
  for (const domain::ScoredLeadInput& lead : leads) {
    if (lead.outcome != domain::LeadOutcome::kOpen) continue;
    if (!req.owner_rep().empty() && lead.owner_rep != req.owner_rep()) continue;
    const std::optional<int64_t> id = ParseResourceId(lead.lead.substr(lead.lead.find('/') + 1));
    if (!id.has_value()) continue;  // not a lead name the customers service hands out
    const domain::LeadFeatures f = domain::FeaturesAt(lead, now);
    ScoredOpenLead s;
    s.id = *id;
    v1::LeadScore& score = s.score;
    score.set_lead(lead.lead);
    score.set_probability(report.final_model.Probability(f));
    score.set_stage_probability(report.final_baseline.Probability(f.stage));
    score.set_stage(f.stage);
    score.set_owner_rep(lead.owner_rep);
    score.set_channel(lead.channel);
    score.set_age_days(f.age_days);
    for (const domain::Contribution& c : report.final_model.TopContributions(f, kTopFeatures)) {
      v1::FeatureContribution* fc = score.add_top_features();
      fc->set_feature(c.feature);
      fc->set_value(c.value);
      fc->set_contribution(c.contribution);
    }
    open.push_back(std::move(s));
  }
  auto before = [](double pa, int64_t ia, double pb, int64_t ib) {
    return pa != pb ? pa > pb : ia < ib;
  };
  std::sort(open.begin(), open.end(), [&](const ScoredOpenLead& a, const ScoredOpenLead& b) {
    return before(a.score.probability(), a.id, b.score.probability(), b.id);
  });
  v1::ScoreLeadsResponse response;
  response.set_total_open_leads(static_cast<int64_t>(open.size()));
  std::vector<ScoredOpenLead> rows;
  for (ScoredOpenLead& s : open) {
    if (!page.after().first_page() &&
        !before(after_probability, page.after().id, s.score.probability(), s.id)) {
      continue;
    }
    rows.push_back(std::move(s));
    if (rows.size() >= static_cast<size_t>(page.fetch_limit())) break;
  }
  response.set_next_page_token(page.TakePage(rows, [&](const ScoredOpenLead& s) {
    return KeysetCursor::IdKey(s.id, absl::StrCat(absl::ToUnixMicros(now), ":",
                                                  absl::StrFormat("%.17g", s.score.probability())));
  }));
  *response.mutable_score_time() = ToProtoTime(now);
  for (ScoredOpenLead& s : rows) *response.add_lead_scores() = std::move(s.score);
  *response.mutable_model() = ToProto(report, l2);
  return response;
}

absl::StatusOr<v1::ProductAffinity> PredictionHandlers::GetProductAffinity(
    const v1::GetProductAffinityRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const domain::Period period,
                   RequiredPeriod(req.has_period(), req.period(), ctx_.zone));
  if (!(req.min_support() >= 0.0 && req.min_support() <= 1.0)) {
    return absl::InvalidArgumentError(
        absl::StrCat("min_support: must be 0 to 1, got ", req.min_support()));
  }
  if (!req.product().empty()) {
    RETURN_IF_ERROR(ParseCollectionName("product", "products", req.product()).status());
  }
  if (req.max_pairs() < 0 || req.max_pairs() > kMaxPairs) {
    return absl::InvalidArgumentError(absl::StrCat("max_pairs: must be 0 to ", kMaxPairs,
                                                   " (0 for ", kDefaultMaxPairs, "), got ",
                                                   req.max_pairs()));
  }
  const size_t max_pairs = req.max_pairs() == 0 ? kDefaultMaxPairs : req.max_pairs();
  ASSIGN_OR_RETURN(const std::shared_ptr<const FittedAffinity> model,
                   affinity_.Get({period.first_day, period.end_day}, deadline));
  const domain::CoPurchaseCounts& counts = *model->counts;
  const std::vector<std::string>& products = model->products;
  std::optional<int32_t> product;
  v1::ProductAffinity out;
  *out.mutable_period() = ToProto(period, ctx_.zone);
  out.set_orders(counts.orders());
  *out.mutable_freshness() = model->freshness;
  if (!req.product().empty()) {
    const auto it = std::lower_bound(products.begin(), products.end(), req.product());
    if (it == products.end() || *it != req.product()) return out;  // never ordered
    product = static_cast<int32_t>(it - products.begin());
  }
  std::vector<int32_t> order_key(products.size());
  for (size_t k = 0; k < order_key.size(); ++k) order_key[k] = static_cast<int32_t>(k);
  const std::vector<domain::AssociationPair> pairs =
      domain::AssociationPairs(counts, req.min_support(), product, order_key);
  out.set_matching_pairs(static_cast<int64_t>(pairs.size()));
  for (size_t k = 0; k < pairs.size() && k < max_pairs; ++k) {
    const domain::AssociationPair& p = pairs[k];
    v1::ProductPair* pair = out.add_pairs();
    pair->set_product_a(products[static_cast<size_t>(p.a)]);
    pair->set_product_b(products[static_cast<size_t>(p.b)]);
    pair->set_orders_with_both(p.both);
    pair->set_orders_with_a(p.orders_a);
    pair->set_orders_with_b(p.orders_b);
    pair->set_support(p.support);
    pair->set_confidence_a_to_b(p.confidence_a_to_b);
    pair->set_confidence_b_to_a(p.confidence_b_to_a);
    pair->set_lift(p.lift);
  }
  return out;
}

absl::StatusOr<v1::ProductRecommendations> PredictionHandlers::RecommendProducts(
    const v1::RecommendProductsRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ParseCollectionName("customer", "customers", req.customer()).status());
  if (req.count() < 0 || req.count() > kMaxRecommendations) {
    return absl::InvalidArgumentError(absl::StrCat("count: must be 0 to ", kMaxRecommendations,
                                                   " (0 for ", kDefaultRecommendations, "), got ",
                                                   req.count()));
  }
  const size_t count = req.count() == 0 ? kDefaultRecommendations : req.count();
  ASSIGN_OR_RETURN(const std::shared_ptr<const FittedRecommender> model,
                   recommender_.Get(deadline));
  const std::vector<int32_t>& history = model->HistoryOf(req.customer());
  const store::BasketData& data = model->data;
  const domain::HoldoutResult holdout = model->holdout.At(count);
  const domain::ServedRecommendations served =
      domain::ServeRecommendations(*model->recommender, holdout, history, count);
  v1::ProductRecommendations out;
  out.set_customer(req.customer());
  out.set_method(served.choice.method == domain::RecommendationMethod::kItemToItem
                     ? kRecommenderMethod
                     : kMostPopularMethod);
  out.set_served_method(ToProtoMethod(served.choice.method));
  out.set_served_method_reason(served.choice.reason);
  out.set_products_bought(static_cast<int64_t>(history.size()));
  for (const domain::Recommendation& r : served.products) {
    v1::RecommendedProduct* p = out.add_products();
    p->set_product(data.products[static_cast<size_t>(r.product)]);
    p->set_score(r.score);
    p->set_reason(r.popular ? "popular" : "co_purchase");
    for (const int32_t b : r.because_of) p->add_because_of(data.products[static_cast<size_t>(b)]);
  }
  v1::RecommenderHoldout* h = out.mutable_holdout();
  h->set_count(static_cast<int32_t>(count));
  h->set_customers(holdout.customers);
  if (holdout.hit_rate.has_value()) h->set_hit_rate(*holdout.hit_rate);
  if (holdout.popular_hit_rate.has_value()) h->set_popular_hit_rate(*holdout.popular_hit_rate);
  h->set_beats_baseline(holdout.hit_rate.has_value() &&
                        *holdout.hit_rate > *holdout.popular_hit_rate);
  *out.mutable_model_fit_time() = ToProtoTime(model->fit_time);
  out.set_model_orders_position(model->orders_position);
  out.set_model_orders(model->orders);
  if (model->orders > 0) {
    *out.mutable_model_first_order_time() = ToProtoTime(model->first_order_time);
    *out.mutable_model_last_order_time() = ToProtoTime(model->last_order_time);
  }
  return out;
}

}  // namespace sales::analytics::api
