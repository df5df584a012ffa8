#include "services/analytics/src/api/advice_handlers.h"

#include <algorithm>
#include <cmath>
#include <memory>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "common/paging.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/api/recommendation_mapping.h"
#include "services/analytics/src/api/rfm_scoring.h"
#include "services/analytics/src/domain/next_best_action.h"
#include "services/analytics/src/domain/offer_depth.h"
#include "services/analytics/src/domain/quantiles.h"

namespace sales::analytics::api {
namespace {

using absl::CivilDay;
using domain::Action;
using domain::ActionKind;
using domain::CustomerSituation;

constexpr int kMaxWindowDays = 3660;
constexpr char kCustomersPrefix[] = "customers/";
constexpr double kMaxOfferDiscount = 0.9;
constexpr char kPerCustomerDiscountSource[] =
    "per customer: of 0, 5, 10, 15 and 20% off, the depth with the largest expected margin at "
    "the mean price elasticity of the customer's products; the stated default 0.10 when none "
    "of them has a usable estimate (each action's discount_source says which)";

// A share in [0, max]; `fallback` when unset.
absl::StatusOr<double> ReadShare(bool has, double value, double fallback, double max,
                                 const char* field) {
  if (!has) return fallback;
  if (!(value >= 0.0 && value <= max)) {
    return absl::InvalidArgumentError(
        absl::StrCat("policy.", field, ": must be 0 to ", max, ", got ", value));
  }
  return value;
}

absl::StatusOr<domain::AdvicePolicy> ReadPolicy(const v1::AdvicePolicy& p) {
  domain::AdvicePolicy policy;
  ASSIGN_OR_RETURN(policy.reward_uplift, ReadShare(p.has_reward_uplift(), p.reward_uplift(),
                                                   policy.reward_uplift, 1.0, "reward_uplift"));
  ASSIGN_OR_RETURN(policy.win_back_rate, ReadShare(p.has_win_back_rate(), p.win_back_rate(),
                                                   policy.win_back_rate, 1.0, "win_back_rate"));
  ASSIGN_OR_RETURN(policy.high_value_quantile,
                   ReadShare(p.has_high_value_quantile(), p.high_value_quantile(),
                             policy.high_value_quantile, 1.0, "high_value_quantile"));
  ASSIGN_OR_RETURN(policy.re_engage_response_rate,
                   ReadShare(p.has_re_engage_response_rate(), p.re_engage_response_rate(),
                             policy.re_engage_response_rate, 1.0, "re_engage_response_rate"));
  ASSIGN_OR_RETURN(policy.offer_discount,
                   ReadShare(p.has_offer_discount(), p.offer_discount(), policy.offer_discount,
                             kMaxOfferDiscount, "offer_discount"));
  policy.offer_discount_requested = p.has_offer_discount();
  if (p.has_product_offers()) {
    if (p.product_offers() < 1 || p.product_offers() > kMaxProductOffers) {
      return absl::InvalidArgumentError(absl::StrCat(
          "policy.product_offers: must be 1 to ", kMaxProductOffers, ", got ", p.product_offers()));
    }
    policy.product_offers = p.product_offers();
  }
  return policy;
}

absl::StatusOr<int> ReadWindowDays(int32_t requested) {
  if (requested == 0) return kDefaultRfmWindowDays;
  if (requested < 0 || requested > kMaxWindowDays) {
    return absl::InvalidArgumentError(absl::StrCat("window_days: must be 1 to ", kMaxWindowDays,
                                                   " (0 for ", kDefaultRfmWindowDays, "), got ",
                                                   requested));
  }
  return requested;
}

v1::ActionKind ToProto(ActionKind kind) {
  switch (kind) {
    case ActionKind::kRewardChampion:
      return v1::ACTION_KIND_REWARD_CHAMPION;
    case ActionKind::kWinBack:
      return v1::ACTION_KIND_WIN_BACK;
    case ActionKind::kReEngage:
      return v1::ACTION_KIND_RE_ENGAGE;
    case ActionKind::kOfferProduct:
      return v1::ACTION_KIND_OFFER_PRODUCT;
  }
  return v1::ACTION_KIND_UNSPECIFIED;
}

v1::CustomerAction ToProto(const Action& a) {
  v1::CustomerAction out;
  out.set_kind(ToProto(a.kind));
  out.set_expected_value_minor(a.expected_value_minor);
  out.set_formula(a.formula);
  out.set_reason(a.reason);
  out.set_product(a.product);
  out.set_discount(a.discount);
  if (a.elasticity.has_value()) out.set_elasticity(*a.elasticity);
  out.set_discount_source(a.discount_source);
  if (a.recommendation_method.has_value()) {
    out.set_recommendation_method(ToProtoMethod(*a.recommendation_method));
  }
  return out;
}

std::string SegmentName(domain::RfmSegment segment) {
  return std::string(domain::RfmSegmentName(segment));
}

// One advised customer.
struct Advised {
  CustomerSituation situation;
  std::vector<Action> actions;
};

// Everything one answer is made of.
struct AdviceRun {
  std::vector<Advised> customers;  // every customer scored in the window, by name
  v1::AdviceAssumptions assumptions;
  v1::AdviceBasis basis;
};

v1::CustomerActions ToProto(const Advised& a) {
  v1::CustomerActions out;
  const CustomerSituation& s = a.situation;
  out.set_customer(s.customer);
  out.set_segment(SegmentName(s.rfm.segment));
  out.set_recency_score(s.rfm.r);
  out.set_frequency_score(s.rfm.f);
  out.set_monetary_score(s.rfm.m);
  if (s.probability_alive.has_value()) out.set_probability_alive(*s.probability_alive);
  if (s.lifetime_value_minor.has_value()) out.set_lifetime_value_minor(*s.lifetime_value_minor);
  for (const Action& action : a.actions) *out.add_actions() = ToProto(action);
  return out;
}

// The elasticity of a customer's products (offer_depth.h): each product's own estimate, else
// its category's.
void SetElasticity(const AdviceInputs& in, const std::vector<int32_t>& history,
                   CustomerSituation& s) {
  std::vector<double> values;
  int own = 0;
  for (const int32_t p : history) {
    bool is_own = false;
    const std::optional<double> e =
        in.elasticities.Of(in.recommender->data.products[static_cast<size_t>(p)], is_own);
    if (!e.has_value()) continue;
    values.push_back(*e);
    own += is_own ? 1 : 0;
  }
  s.elasticity = domain::MeanElasticity(values);
  s.elasticity_note = absl::StrFormat(
      "%d of the customer's %d products have a usable estimate (%d their own, %d their "
      "category's; ISO weeks %s)",
      values.size(), history.size(), own, static_cast<int>(values.size()) - own,
      in.elasticities.weeks);
}

// The RFM scores, lifetime values, order totals and offers of every customer who bought in
// the window [as_of - days + 1, as_of], and their actions, from the kept inputs of (as_of,
// days). `only`: just that customer's actions are worked out.
absl::StatusOr<AdviceRun> Advise(const HandlerContext& ctx, AdviceInputsCache& inputs,
                                 absl::Time deadline, CivilDay as_of, int days,
                                 const v1::AdvicePolicy& policy_proto,
                                 const std::string* only = nullptr) {
  ASSIGN_OR_RETURN(const domain::AdvicePolicy policy, ReadPolicy(policy_proto));
  ASSIGN_OR_RETURN(const std::shared_ptr<const AdviceInputs> in,
                   inputs.Get(AdviceKey{as_of, days}, deadline));
  const FittedRecommender& model = *in->recommender;
  // The offers come from the method RecommendProducts serves a list of product_offers
  // products: the winner of the recommender's holdout at that count.
  const auto offer_count = static_cast<size_t>(policy.product_offers);
  const domain::MethodChoice offer_method =
      domain::ChooseRecommendationMethod(model.holdout.At(offer_count), offer_count);
  AdviceRun run;
  std::optional<int64_t> threshold;
  if (!in->lifetime.values.empty()) {
    // Type 7 (Hyndman and Fan 1996), rounded half away from zero to a minor unit.
    threshold =
        std::llround(domain::QuantileOfSorted(in->lifetime.values, policy.high_value_quantile));
  }
  for (size_t i = 0; i < in->scores.size(); ++i) {
    const domain::RfmScore& score = in->scores[i];
    if (only != nullptr && score.customer_id != *only) continue;
    Advised a;
    CustomerSituation& s = a.situation;
    s.customer = score.customer_id;
    if (const auto v = in->lifetime.by_customer.find(s.customer);
        v != in->lifetime.by_customer.end()) {
      s.probability_alive = v->second.probability_alive;
      s.lifetime_value_minor = v->second.lifetime_value_minor;
    }
    if (const auto t = in->totals.find(s.customer); t != in->totals.end()) {
      s.orders = t->second.orders;
      s.net_minor = t->second.net_minor;
      s.cost_minor = t->second.cost_minor;
    }
    s.offer_method = offer_method;
    for (const KeptOffer& o : in->offers[i][static_cast<size_t>(offer_method.method)]) {
      if (o.rank >= policy.product_offers) break;  // in rank order
      s.offers.push_back({model.data.products[static_cast<size_t>(o.product)], o.rank, o.precision,
                          o.margin_per_order_minor});
    }
    if (score.segment == domain::RfmSegment::kHibernating && !policy.offer_discount_requested) {
      SetElasticity(*in, model.HistoryOf(s.customer), s);
    }
    s.rfm = score;
    a.actions = domain::CandidateActions(s, policy, threshold);
    run.customers.push_back(std::move(a));
  }
  std::sort(run.customers.begin(), run.customers.end(), [](const Advised& x, const Advised& y) {
    return x.situation.customer < y.situation.customer;
  });

  v1::AdviceAssumptions& as = run.assumptions;
  as.set_reward_uplift(policy.reward_uplift);
  as.set_win_back_rate(policy.win_back_rate);
  as.set_high_value_quantile(policy.high_value_quantile);
  as.set_re_engage_response_rate(policy.re_engage_response_rate);
  as.set_offer_discount(policy.offer_discount);
  as.set_offer_discount_source(policy.offer_discount_requested ? "request"
                                                               : kPerCustomerDiscountSource);
  for (const double d : domain::kOfferDepths) as.add_offer_depths(d);
  as.set_product_offers(policy.product_offers);
  if (threshold.has_value()) as.set_high_value_threshold_minor(*threshold);
  for (const ActionKind kind : domain::kAllActionKinds) {
    as.add_formulas(std::string(domain::ActionFormula(kind)));
  }
  v1::AdviceBasis& b = run.basis;
  *b.mutable_freshness() = in->freshness;
  b.set_as_of_day(DayString(as_of));
  b.set_window_first_day(DayString(as_of - (days - 1)));
  b.set_time_zone(ctx.zone.name());
  b.set_currency_code(ctx.currency);
  b.set_lifetime_value_fitted(in->lifetime.fitted);
  b.set_lifetime_value_note(in->lifetime.note);
  *b.mutable_recommender_fit_time() = ToProtoTime(model.fit_time);
  b.set_recommender_orders(model.orders);
  *b.mutable_inputs_time() = ToProtoTime(in->fit_time);
  b.set_recommender_orders_position(model.orders_position);
  if (model.orders > 0) {
    b.set_recommender_last_order_day(DayString(absl::ToCivilDay(model.last_order_time, ctx.zone)));
  }
  b.set_recommender_kept(in->recommender_kept);
  b.set_elasticity_weeks(in->elasticities.weeks);
  b.set_offer_method(ToProtoMethod(offer_method.method));
  b.set_offer_method_reason(offer_method.reason);
  return run;
}

absl::StatusOr<CivilDay> AsOfDay(const std::string& text, const absl::TimeZone& zone) {
  if (text.empty()) return absl::ToCivilDay(absl::Now(), zone);
  return ReadDay(text, "as_of_day");
}

// A page's row: a customer with a top action.
struct TopRow {
  int64_t id = 0;
  v1::TopAction top;
};

}  // namespace

absl::StatusOr<v1::CustomerAdvice> AdviceHandlers::GetCustomerActions(
    const v1::GetCustomerActionsRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ParseCollectionName("customer", "customers", req.customer()).status());
  ASSIGN_OR_RETURN(const CivilDay as_of, AsOfDay(req.as_of_day(), ctx_.zone));
  ASSIGN_OR_RETURN(const int days, ReadWindowDays(req.window_days()));
  ASSIGN_OR_RETURN(AdviceRun run,
                   Advise(ctx_, inputs_, deadline, as_of, days, req.policy(), &req.customer()));
  if (run.customers.empty()) {
    return absl::NotFoundError(absl::StrCat("customer: ", req.customer(), " bought nothing from ",
                                            run.basis.window_first_day(), " to ",
                                            run.basis.as_of_day(), ", so has no advice"));
  }
  v1::CustomerAdvice out;
  *out.mutable_customer_actions() = ToProto(run.customers.front());
  *out.mutable_assumptions() = std::move(run.assumptions);
  *out.mutable_basis() = std::move(run.basis);
  return out;
}

absl::StatusOr<v1::ActionSummary> AdviceHandlers::GetActionSummary(
    const v1::GetActionSummaryRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const CivilDay as_of, AsOfDay(req.as_of_day(), ctx_.zone));
  ASSIGN_OR_RETURN(const int days, ReadWindowDays(req.window_days()));
  ASSIGN_OR_RETURN(AdviceRun run, Advise(ctx_, inputs_, deadline, as_of, days, req.policy()));
  std::array<domain::SegmentAdvice, domain::kRfmSegmentCount> segments =
      domain::EmptySegmentAdvice();
  for (const Advised& a : run.customers) {
    domain::AddToSegment(a.situation.rfm.segment, a.actions, segments);
  }
  v1::ActionSummary out;
  for (const domain::SegmentAdvice& s : segments) {
    v1::SegmentActions* seg = out.add_segments();
    seg->set_segment(SegmentName(s.segment));
    seg->set_customers(s.customers);
    seg->set_customers_with_action(s.customers_with_action);
    seg->set_top_value_minor(s.top_value_minor);
    for (size_t k = 0; k < domain::kAllActionKinds.size(); ++k) {
      const domain::ActionTotal& t = s.actions[k];
      if (t.candidates == 0) continue;
      v1::SegmentActionTotal* total = seg->add_actions();
      total->set_kind(ToProto(domain::kAllActionKinds[k]));
      total->set_candidates(t.candidates);
      total->set_candidate_value_minor(t.candidate_value_minor);
      total->set_top_customers(t.top_customers);
      total->set_top_value_minor(t.top_value_minor);
    }
    out.set_customers(out.customers() + s.customers);
    out.set_customers_with_action(out.customers_with_action() + s.customers_with_action);
    out.set_top_value_minor(out.top_value_minor() + s.top_value_minor);
  }
  *out.mutable_assumptions() = std::move(run.assumptions);
  *out.mutable_basis() = std::move(run.basis);
  return out;
}

absl::StatusOr<v1::ListTopActionsResponse> AdviceHandlers::ListTopActions(
    const v1::ListTopActionsRequest& req, absl::Time deadline) {
  std::optional<domain::RfmSegment> segment;
  if (!req.segment().empty()) {
    segment = domain::ParseRfmSegment(req.segment());
    if (!segment.has_value()) {
      return absl::InvalidArgumentError(
          absl::StrCat("segment: not an RFM segment: '", req.segment(), "'"));
    }
  }
  if (!v1::ActionKind_IsValid(req.kind())) {
    return absl::InvalidArgumentError(absl::StrCat("kind: unknown value ", req.kind()));
  }
  ASSIGN_OR_RETURN(const int days, ReadWindowDays(req.window_days()));
  ASSIGN_OR_RETURN(const ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListTopActions", req, KeysetShape::kIdKey));
  // The cursor's key is "<as_of day>:<expected value>": later pages keep the first page's
  // day when the request left it empty.
  ASSIGN_OR_RETURN(CivilDay as_of, AsOfDay(req.as_of_day(), ctx_.zone));
  int64_t after_value = 0;
  if (!page.after().first_page()) {
    const std::vector<std::string> parts = absl::StrSplit(page.after().key, ':');
    if (parts.size() != 2 || !absl::ParseCivilTime(parts[0], &as_of) ||
        !absl::SimpleAtoi(parts[1], &after_value)) {
      return absl::InvalidArgumentError("page_token: malformed");
    }
  }
  ASSIGN_OR_RETURN(AdviceRun run, Advise(ctx_, inputs_, deadline, as_of, days, req.policy()));
  std::vector<TopRow> rows;
  for (const Advised& a : run.customers) {
    if (segment.has_value() && a.situation.rfm.segment != *segment) continue;
    const Action* top = domain::TopAction(a.actions);
    if (top == nullptr) continue;
    if (req.kind() != v1::ACTION_KIND_UNSPECIFIED && ToProto(top->kind) != req.kind()) continue;
    const std::string& name = a.situation.customer;
    if (name.rfind(kCustomersPrefix, 0) != 0) continue;
    const std::optional<int64_t> id =
        ParseResourceId(std::string_view(name).substr(sizeof(kCustomersPrefix) - 1));
    if (!id.has_value()) continue;  // not a customer name the customers service hands out
    TopRow row;
    row.id = *id;
    row.top.set_customer(a.situation.customer);
    row.top.set_segment(SegmentName(a.situation.rfm.segment));
    *row.top.mutable_action() = ToProto(*top);
    rows.push_back(std::move(row));
  }
  auto before = [](int64_t va, int64_t ia, int64_t vb, int64_t ib) {
    return va != vb ? va > vb : ia < ib;
  };
  std::sort(rows.begin(), rows.end(), [&](const TopRow& x, const TopRow& y) {
    return before(x.top.action().expected_value_minor(), x.id,
                  y.top.action().expected_value_minor(), y.id);
  });
  v1::ListTopActionsResponse out;
  out.set_total_size(static_cast<int64_t>(rows.size()));
  std::vector<TopRow> kept;
  for (TopRow& row : rows) {
    if (!page.after().first_page() &&
        !before(after_value, page.after().id, row.top.action().expected_value_minor(), row.id)) {
      continue;
    }
    kept.push_back(std::move(row));
    if (kept.size() >= static_cast<size_t>(page.fetch_limit())) break;
  }
  out.set_next_page_token(page.TakePage(kept, [&](const TopRow& r) {
    return KeysetCursor::IdKey(
        r.id, absl::StrCat(DayString(as_of), ":", r.top.action().expected_value_minor()));
  }));
  for (TopRow& row : kept) *out.add_top_actions() = std::move(row.top);
  *out.mutable_assumptions() = std::move(run.assumptions);
  *out.mutable_basis() = std::move(run.basis);
  return out;
}

}  // namespace sales::analytics::api
