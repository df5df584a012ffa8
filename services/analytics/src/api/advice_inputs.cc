#include "services/analytics/src/api/advice_inputs.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "common/db/transaction.h"
#include "common/status.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/rfm_scoring.h"
#include "services/analytics/src/domain/period_buckets.h"
#include "services/analytics/src/domain/ranked_offers.h"
#include "services/analytics/src/store/basket_store.h"
#include "services/analytics/src/store/price_history_store.h"
#include "services/analytics/src/store/purchase_store.h"

namespace sales::analytics::api {
namespace {

// GetPriceElasticity's defaults (pricing_handlers.cc): 104 ISO weeks, the last 8 held out,
// 95% intervals.
constexpr int kElasticityWeeks = 104;
constexpr int kElasticityHoldoutWeeks = 8;
constexpr double kElasticityLevel = 0.95;

}  // namespace

absl::StatusOr<std::shared_ptr<const AdviceInputs>> BuildAdviceInputs(
    const HandlerContext& ctx, const RecommenderCache& recommender, const AdviceKey& key,
    absl::Time deadline) {
  auto in = std::make_shared<AdviceInputs>();
  in->key = key;
  const std::shared_ptr<const FittedRecommender> kept = recommender.Peek();
  const absl::Time as_of_end = absl::FromCivil(key.as_of + 1, ctx.zone);
  const std::vector<domain::Period> weeks =
      domain::PeriodsEndingBy(domain::Granularity::kIsoWeek, key.as_of, kElasticityWeeks, ctx.zone);
  std::vector<store::OrderPurchase> purchases;
  std::vector<store::CustomerOrderTotals> totals;
  std::optional<store::BasketData> baskets;
  std::vector<store::ProductWeek> days;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx.pool, deadline, [&](db::Transaction& tx) {
    in->freshness = ReadFreshness(tx);
    in->scores = ScoreRfmWindow(tx, key.as_of, key.window_days);
    purchases = store::LoadPurchases(tx, absl::CivilDay(1970, 1, 1), key.as_of + 1);
    totals = store::LoadCustomerOrderTotals(tx, key.as_of + 1);
    if (kept == nullptr || kept->orders_position != in->freshness.orders_position() ||
        kept->last_order_time >= as_of_end) {
      baskets = store::LoadBaskets(tx, absl::CivilDay(1970, 1, 1), key.as_of + 1);
    }
    days = store::LoadProductWeeks(tx, weeks.front().first_day, weeks.back().end_day, "", "");
    return absl::OkStatus();
  }));
  in->lifetime = FitLifetimeValues(std::move(purchases), key.as_of, kLifetimeHorizonMonths);
  std::sort(in->lifetime.values.begin(), in->lifetime.values.end());
  in->totals.reserve(totals.size());
  for (store::CustomerOrderTotals& t : totals) {
    std::string name = t.customer;
    in->totals.emplace(std::move(name), std::move(t));
  }
  if (baskets.has_value()) {
    in->recommender = FitRecommenderOn(*std::move(baskets), in->freshness.orders_position());
  } else {
    in->recommender = kept;
    in->recommender_kept = true;
  }
  // Each customer's offers by each method: a product at rank k with the method's holdout
  // precision at k, worth the product's margin per order (a list's first n are the first n
  // of its longer lists, so the ranks below any product_offers are read from these).
  const FittedRecommender& model = *in->recommender;
  in->offers.resize(in->scores.size());
  for (size_t i = 0; i < in->scores.size(); ++i) {
    const std::vector<int32_t>& history = model.HistoryOf(in->scores[i].customer_id);
    for (const domain::RecommendationMethod method : domain::kAllRecommendationMethods) {
      for (const domain::RankedOffer& o :
           domain::RankedOffers(*model.recommender, model.holdout, method, history,
                                static_cast<size_t>(kMaxProductOffers))) {
        const auto product = static_cast<size_t>(o.product);
        if (model.product_orders[product] == 0) continue;
        in->offers[i][static_cast<size_t>(method)].push_back(
            {o.product, o.rank, o.precision,
             static_cast<double>(model.data.product_margin_minor[product]) /
                 static_cast<double>(model.product_orders[product])});
      }
    }
  }
  domain::ElasticityOptions options;
  options.window_weeks = kElasticityWeeks;
  options.holdout_weeks = kElasticityHoldoutWeeks;
  options.level = kElasticityLevel;
  ASSIGN_OR_RETURN(in->elasticities, EstimateAll(days, weeks, options));
  in->fit_time = absl::Now();
  return std::shared_ptr<const AdviceInputs>(std::move(in));
}

AdviceInputsCache::AdviceInputsCache(const HandlerContext& ctx, const RecommenderCache& recommender,
                                     absl::Duration max_age)
    : kept_([&ctx](absl::Time deadline) { return ReadOrdersPosition(*ctx.pool, deadline); },
            [&ctx, &recommender](const AdviceKey& key, absl::Time deadline) {
              return BuildAdviceInputs(ctx, recommender, key, deadline);
            },
            max_age, kMaxKeptAdviceInputs) {}

}  // namespace sales::analytics::api
