// The next best action per customer: candidate actions from the customer's RFM segment,
// lifetime value and basket recommendations, each with its expected value (EV) in minor
// units and the figures behind it, ranked highest first; and per segment, the actions and
// their totals. The formulas (stated in protos/sales/analytics/v1/advice.proto too):
//   reward_champion  EV = reward_uplift x CLV                   (segment champions)
//   win_back         EV = win_back_rate x (1 - P(alive)) x CLV / P(alive)
//                    (segments at_risk and cant_lose, CLV >= the high-value threshold,
//                    P(alive) > 0)
//   re_engage        EV = response_rate x (1 - d)^e x (margin per order - d x order value)
//                    (segment hibernating; d the offer's discount depth, e the customer's
//                    price elasticity, taken as 0 when none is usable; offer_depth.h)
//   offer_product    EV = P(alive) x precision at rank k x margin of the product per order
//                    (the best of the customer's offers, listed by the recommendation
//                    method served: the winner of the recommender's holdout, basket.h
//                    ChooseRecommendationMethod)
// CLV and P(alive) come from BG/NBD + Gamma-Gamma (customer_value.h); the segment from the
// RFM grid (rfm.h); the offers and the precision at rank k from the recommender and its
// last-order holdout (ranked_offers.h). Each EV is computed in double and rounded half away
// from zero to a minor unit (std::llround). The top action is the first candidate with a
// positive EV; equal EVs keep the order of ActionKind.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "services/analytics/src/domain/basket.h"
#include "services/analytics/src/domain/offer_depth.h"
#include "services/analytics/src/domain/rfm.h"

namespace sales::analytics::domain {

enum class ActionKind { kRewardChampion, kWinBack, kReEngage, kOfferProduct };

inline constexpr std::array<ActionKind, 4> kAllActionKinds = {
    ActionKind::kRewardChampion, ActionKind::kWinBack, ActionKind::kReEngage,
    ActionKind::kOfferProduct};

// "reward_champion", "win_back", "re_engage", "offer_product".
std::string_view ActionKindName(ActionKind kind);
// The formula of a kind in words, as the file comment states it.
std::string_view ActionFormula(ActionKind kind);

// The assumptions the expected values rest on, with their stated defaults.
struct AdvicePolicy {
  double reward_uplift = 0.05;
  double win_back_rate = 0.10;
  double high_value_quantile = 0.75;
  double re_engage_response_rate = 0.05;
  double offer_discount = 0.10;  // the stated default when no price sensitivity is known
  // Whether offer_discount is the caller's (then used for every re-engagement offer rather
  // than the depth chosen from the customer's elasticity).
  bool offer_discount_requested = false;
  int product_offers = 3;  // recommendation ranks considered
};

// A product the recommender suggests for the customer, with what it is worth.
struct ProductOffer {
  std::string product;
  int rank = 0;                       // 0-based, in the customer's list by the method served
  double precision = 0;               // that method's holdout precision at that rank
  double margin_per_order_minor = 0;  // the product's margin per order holding it
};

// What is known of one customer.
struct CustomerSituation {
  std::string customer;
  RfmScore rfm;
  std::optional<double> probability_alive;      // absent without a lifetime-value model
  std::optional<int64_t> lifetime_value_minor;  // likewise
  int64_t orders = 0;                           // counted orders up to as_of
  int64_t net_minor = 0;                        // their gross - discount
  int64_t cost_minor = 0;                       // their cost
  std::vector<ProductOffer> offers;
  // The method `offers` were listed by (the one served at product_offers) and why.
  MethodChoice offer_method;
  // The price elasticity of the customer's products (offer_depth.h); absent when none of
  // them has a usable estimate. `elasticity_note` says what it is made of.
  std::optional<double> elasticity;
  std::string elasticity_note;
};

struct Action {
  ActionKind kind = ActionKind::kRewardChampion;
  int64_t expected_value_minor = 0;
  std::string formula;  // with the customer's figures
  std::string reason;   // the figures that made it
  std::string product;  // offer_product
  // offer_product: the method the product was listed by.
  std::optional<RecommendationMethod> recommendation_method;
  double discount = 0;  // re_engage
  // re_engage: the elasticity the EV used (absent: taken as 0), and where d came from.
  std::optional<double> elasticity;
  std::string discount_source;
};

// The customer's candidate actions, highest EV first (equal: ActionKind order).
// `high_value_threshold_minor`: the CLV from which a customer is of high value (absent
// without a lifetime-value model, when no win-back is proposed).
std::vector<Action> CandidateActions(const CustomerSituation& customer, const AdvicePolicy& policy,
                                     std::optional<int64_t> high_value_threshold_minor);

// The first action with a positive EV; none when there is none.
const Action* TopAction(const std::vector<Action>& actions);

struct ActionTotal {
  int64_t candidates = 0;
  int64_t candidate_value_minor = 0;
  int64_t top_customers = 0;
  int64_t top_value_minor = 0;
};

struct SegmentAdvice {
  RfmSegment segment = RfmSegment::kLost;
  int64_t customers = 0;
  int64_t customers_with_action = 0;
  int64_t top_value_minor = 0;
  std::array<ActionTotal, kAllActionKinds.size()> actions{};  // by ActionKind
};

// Adds a customer's candidate actions to the totals of their segment.
void AddToSegment(RfmSegment segment, const std::vector<Action>& actions,
                  std::array<SegmentAdvice, kRfmSegmentCount>& segments);

// Empty totals for every segment, in kAllRfmSegments order.
std::array<SegmentAdvice, kRfmSegmentCount> EmptySegmentAdvice();

}  // namespace sales::analytics::domain
