// The population inputs of the next best actions for one as-of day and RFM window, read in
// one snapshot of the live facts and kept (kept_model.h), so that GetCustomerActions,
// GetActionSummary and every page of ListTopActions reuse them instead of scoring and
// fitting the whole population on each call:
// - every customer's RFM score of the window [as_of - window_days + 1, as_of];
// - the lifetime-value models (BG/NBD + Gamma-Gamma) calibrated up to as_of and every
//   calibrated customer's P(alive) and 12-month value;
// - each customer's counted orders up to as_of (re-engagement's margin per order);
// - the recommender behind the product offers over the counted orders up to as_of (the
//   process's kept recommender when it was fitted at the same orders feed position and
//   holds no order after as_of, otherwise one fitted on those orders for this as_of), and
//   each scored customer's offers from it by each recommendation method at every rank a
//   request may consider (the method served depends on the request's product_offers);
// - the price elasticities (GetPriceElasticity's defaults) of the 104 ISO weeks ending on
//   or before as_of, for the depth of the re-engagement offer.
// Kept per (as_of, window_days), at most kMaxKeptAdviceInputs of them, with the recommender's
// age rule: reused without asking while younger than the max age, then while the orders
// feed has not moved; rebuilt once when concurrent callers ask at the same time.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <tuple>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/kpi.pb.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/api/kept_model.h"
#include "services/analytics/src/api/lifetime_values.h"
#include "services/analytics/src/api/price_series.h"
#include "services/analytics/src/api/recommender_cache.h"
#include "services/analytics/src/domain/basket.h"
#include "services/analytics/src/domain/rfm.h"
#include "services/analytics/src/store/advice_store.h"

namespace sales::analytics::api {

// How many (as_of, window_days) inputs are kept at most (the least recently used is
// dropped): each holds every customer's figures.
inline constexpr size_t kMaxKeptAdviceInputs = 4;
// The lifetime value's horizon, months of 30 days.
inline constexpr int kLifetimeHorizonMonths = 12;
// The most recommendation ranks a request may consider for its product offers
// (AdvicePolicy.product_offers); the inputs keep the offers of every rank below it.
inline constexpr int kMaxProductOffers = 10;

// A product offer of a customer (domain::ProductOffer without the name): the product's id
// in the recommender's data.
struct KeptOffer {
  int32_t product = 0;
  int32_t rank = 0;  // 0-based
  double precision = 0;
  double margin_per_order_minor = 0;
};

// What the inputs depend on besides the facts.
struct AdviceKey {
  absl::CivilDay as_of;
  int window_days = 0;
  bool operator<(const AdviceKey& o) const {
    return std::tie(as_of, window_days) < std::tie(o.as_of, o.window_days);
  }
};

struct AdviceInputs {
  AdviceKey key;
  std::vector<domain::RfmScore> scores;  // every customer who bought in the window
  // Per score (same index) and recommendation method (indexed by its value): the offers at
  // ranks below kMaxProductOffers, in rank order (domain::RankedOffers).
  std::vector<std::array<std::vector<KeptOffer>, domain::kAllRecommendationMethods.size()>> offers;
  LifetimeValues lifetime;                                              // values sorted ascending
  absl::flat_hash_map<std::string, store::CustomerOrderTotals> totals;  // by customer
  std::shared_ptr<const FittedRecommender> recommender;                 // no order after as_of
  bool recommender_kept = false;  // the process's kept recommender (see above)
  Elasticities elasticities;
  v1::Freshness freshness;  // the feed positions the snapshot included
  absl::Time fit_time;      // when the inputs were complete

  // For KeptModel.
  int64_t FactsVersion() const { return freshness.orders_position(); }
  absl::Time FitTime() const { return fit_time; }
};

// Reads and fits the inputs of `key` from the live facts. `recommender`: its kept model is
// used when it covers the same facts (never fitted from here).
absl::StatusOr<std::shared_ptr<const AdviceInputs>> BuildAdviceInputs(
    const HandlerContext& ctx, const RecommenderCache& recommender, const AdviceKey& key,
    absl::Time deadline);

class AdviceInputsCache final {
 public:
  // `max_age`: as RecommenderCache's (the server's --recommender_max_age_seconds).
  AdviceInputsCache(const HandlerContext& ctx, const RecommenderCache& recommender,
                    absl::Duration max_age);

  absl::StatusOr<std::shared_ptr<const AdviceInputs>> Get(const AdviceKey& key,
                                                          absl::Time deadline) {
    return kept_.Get(key, deadline);
  }
  // Builds done so far.
  int64_t fits() const { return kept_.fits(); }

 private:
  KeptModel<AdviceKey, AdviceInputs> kept_;
};

}  // namespace sales::analytics::api
