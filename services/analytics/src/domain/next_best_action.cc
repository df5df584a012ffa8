#include "services/analytics/src/domain/next_best_action.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sales::analytics::domain {
namespace {

// Half away from zero, as every money figure of analytics.
int64_t RoundMinor(double value) { return std::llround(value); }

std::string Scores(const RfmScore& s) {
  return absl::StrFormat("segment %s (R%d F%d M%d)", std::string(RfmSegmentName(s.segment)), s.r,
                         s.f, s.m);
}

bool WinBackSegment(RfmSegment segment) {
  return segment == RfmSegment::kAtRisk || segment == RfmSegment::kCantLose;
}

// Where an offered product came from and why that method, for the action's reason.
std::string OfferSource(const MethodChoice& m) {
  return absl::StrCat(m.method == RecommendationMethod::kItemToItem
                          ? "by item-to-item, from the co-purchases of the customer's products"
                          : "by most popular, one of the most ordered products the customer has "
                            "not bought",
                      m.reason.empty() ? "" : absl::StrCat(" (", m.reason, ")"));
}

}  // namespace

std::string_view ActionKindName(ActionKind kind) {
  switch (kind) {
    case ActionKind::kRewardChampion:
      return "reward_champion";
    case ActionKind::kWinBack:
      return "win_back";
    case ActionKind::kReEngage:
      return "re_engage";
    case ActionKind::kOfferProduct:
      return "offer_product";
  }
  return "";
}

std::string_view ActionFormula(ActionKind kind) {
  switch (kind) {
    case ActionKind::kRewardChampion:
      return "reward_champion: EV = reward_uplift x CLV (segment champions)";
    case ActionKind::kWinBack:
      return "win_back: EV = win_back_rate x (1 - P(alive)) x CLV / P(alive) (segments at_risk "
             "and cant_lose with CLV at least the high-value threshold)";
    case ActionKind::kReEngage:
      return "re_engage: EV = re_engage_response_rate x (1 - d)^e x (margin per order - d x "
             "order value) (segment hibernating; per order over the customer's counted orders, "
             "before refunds; e the mean price elasticity of the customer's products, taken as 0 "
             "when none is usable; d the request's offer_discount, else the depth of 0, 5, 10, "
             "15, 20% with the largest expected margin at e, else the default 0.10)";
    case ActionKind::kOfferProduct:
      return "offer_product: EV = P(alive) x precision at rank k x margin of the product per "
             "order (the product at rank k of the customer's list by the recommendation method "
             "that wins the recommender's holdout at product_offers products, item-to-item or "
             "most popular; the precision that method's on the holdout at rank k)";
  }
  return "";
}

std::vector<Action> CandidateActions(const CustomerSituation& c, const AdvicePolicy& policy,
                                     std::optional<int64_t> high_value_threshold_minor) {
  std::vector<Action> out;
  const RfmSegment segment = c.rfm.segment;
  if (segment == RfmSegment::kChampions && c.lifetime_value_minor.has_value()) {
    const int64_t clv = *c.lifetime_value_minor;
    Action a;
    a.kind = ActionKind::kRewardChampion;
    a.expected_value_minor = RoundMinor(policy.reward_uplift * static_cast<double>(clv));
    a.formula =
        absl::StrFormat("%g x CLV %d = %d", policy.reward_uplift, clv, a.expected_value_minor);
    a.reason = absl::StrCat(Scores(c.rfm), "; 12-month CLV ", clv);
    out.push_back(std::move(a));
  }
  if (WinBackSegment(segment) && c.lifetime_value_minor.has_value() &&
      c.probability_alive.has_value() && high_value_threshold_minor.has_value() &&
      *c.lifetime_value_minor >= *high_value_threshold_minor && *c.probability_alive > 0) {
    const int64_t clv = *c.lifetime_value_minor;
    const double alive = *c.probability_alive;
    Action a;
    a.kind = ActionKind::kWinBack;
    a.expected_value_minor =
        RoundMinor(policy.win_back_rate * (1.0 - alive) * static_cast<double>(clv) / alive);
    a.formula = absl::StrFormat("%g x (1 - %.4f) x CLV %d / %.4f = %d", policy.win_back_rate, alive,
                                clv, alive, a.expected_value_minor);
    a.reason = absl::StrFormat(
        "%s; 12-month CLV %d at or above the high-value threshold %d; "
        "P(alive) %.4f",
        Scores(c.rfm), clv, *high_value_threshold_minor, alive);
    out.push_back(std::move(a));
  }
  if (segment == RfmSegment::kHibernating && c.orders > 0) {
    const double orders = static_cast<double>(c.orders);
    const double order_value = static_cast<double>(c.net_minor) / orders;
    const double margin = static_cast<double>(c.net_minor - c.cost_minor) / orders;
    Action a;
    a.kind = ActionKind::kReEngage;
    if (policy.offer_discount_requested) {
      a.discount = policy.offer_discount;
      a.discount_source = "request";
    } else if (c.elasticity.has_value()) {
      a.discount = ChooseOfferDepth(*c.elasticity, order_value, margin).depth;
      a.discount_source = absl::StrFormat(
          "chosen: of 0, 5, 10, 15 and 20%% off, the depth with the largest expected margin "
          "(1 - d)^e x (margin - d x order value) at e %.4f, the mean elasticity of the customer's "
          "products: %s",
          *c.elasticity, c.elasticity_note);
    } else {
      a.discount = policy.offer_discount;
      a.discount_source = absl::StrFormat(
          "default: none of the customer's products has a usable price elasticity (%s), so "
          "the stated default %g with a take-up that does not answer the depth",
          c.elasticity_note.empty() ? std::string("no products") : c.elasticity_note,
          policy.offer_discount);
    }
    const double d = a.discount;
    if (c.elasticity.has_value()) {
      const double take_up = TakeUpMultiplier(*c.elasticity, d);
      a.elasticity = c.elasticity;
      a.expected_value_minor =
          RoundMinor(policy.re_engage_response_rate * take_up * (margin - d * order_value));
      a.formula = absl::StrFormat(
          "%g x (1 - %g)^%.4f x (margin per order %.2f - %g x order value %.2f) = %d",
          policy.re_engage_response_rate, d, *c.elasticity, margin, d, order_value,
          a.expected_value_minor);
    } else {
      a.expected_value_minor =
          RoundMinor(policy.re_engage_response_rate * (margin - d * order_value));
      a.formula = absl::StrFormat("%g x (margin per order %.2f - %g x order value %.2f) = %d",
                                  policy.re_engage_response_rate, margin, d, order_value,
                                  a.expected_value_minor);
    }
    a.reason = absl::StrFormat("%s; %d orders, net %d, cost %d; offer %g off", Scores(c.rfm),
                               c.orders, c.net_minor, c.cost_minor, d);
    out.push_back(std::move(a));
  }
  // The best of the product offers.
  const double alive = c.probability_alive.value_or(1.0);
  std::optional<Action> best_offer;
  for (const ProductOffer& offer : c.offers) {
    if (offer.rank >= policy.product_offers) continue;
    const int64_t ev = RoundMinor(alive * offer.precision * offer.margin_per_order_minor);
    if (best_offer.has_value() && ev <= best_offer->expected_value_minor) continue;
    Action a;
    a.kind = ActionKind::kOfferProduct;
    a.product = offer.product;
    a.recommendation_method = c.offer_method.method;
    a.expected_value_minor = ev;
    a.formula = absl::StrFormat("%.4f x %.4f x margin %.2f = %d", alive, offer.precision,
                                offer.margin_per_order_minor, ev);
    a.reason = absl::StrFormat(
        "%s recommended at rank %d %s; holdout precision at that rank %.4f; margin per order "
        "%.2f; P(alive) %s",
        offer.product, offer.rank + 1, OfferSource(c.offer_method), offer.precision,
        offer.margin_per_order_minor,
        c.probability_alive.has_value() ? absl::StrFormat("%.4f", alive)
                                        : std::string("taken as 1 (no lifetime-value model)"));
    best_offer = std::move(a);
  }
  if (best_offer.has_value()) out.push_back(*std::move(best_offer));
  std::stable_sort(out.begin(), out.end(), [](const Action& x, const Action& y) {
    return x.expected_value_minor > y.expected_value_minor;
  });
  return out;
}

const Action* TopAction(const std::vector<Action>& actions) {
  for (const Action& a : actions) {
    if (a.expected_value_minor > 0) return &a;
  }
  return nullptr;
}

std::array<SegmentAdvice, kRfmSegmentCount> EmptySegmentAdvice() {
  std::array<SegmentAdvice, kRfmSegmentCount> out{};
  for (size_t i = 0; i < out.size(); ++i) out[i].segment = kAllRfmSegments[i];
  return out;
}

void AddToSegment(RfmSegment segment, const std::vector<Action>& actions,
                  std::array<SegmentAdvice, kRfmSegmentCount>& segments) {
  SegmentAdvice& s = segments[static_cast<size_t>(segment)];
  ++s.customers;
  for (const Action& a : actions) {
    ActionTotal& t = s.actions[static_cast<size_t>(a.kind)];
    ++t.candidates;
    t.candidate_value_minor += a.expected_value_minor;
  }
  if (const Action* top = TopAction(actions); top != nullptr) {
    ++s.customers_with_action;
    s.top_value_minor += top->expected_value_minor;
    ActionTotal& t = s.actions[static_cast<size_t>(top->kind)];
    ++t.top_customers;
    t.top_value_minor += top->expected_value_minor;
  }
}

}  // namespace sales::analytics::domain
