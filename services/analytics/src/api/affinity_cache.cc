#include "services/analytics/src/api/affinity_cache.h"

#include <utility>

#include "common/db/transaction.h"
#include "common/status.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/store/basket_store.h"

namespace sales::analytics::api {
namespace {

// True when every order of `model` was placed on a day of `key` (a model without orders:
// the period has none either, at the same feed position). The facts' day is the order's
// creation day in the business time zone, as here.
bool Covers(const FittedRecommender& model, const AffinityKey& key, const absl::TimeZone& zone) {
  if (model.orders == 0) return true;
  return absl::ToCivilDay(model.first_order_time, zone) >= key.first_day &&
         absl::ToCivilDay(model.last_order_time, zone) < key.end_day;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const FittedAffinity>> FitAffinity(
    db::ConnectionPool& pool, const RecommenderCache& recommender, const absl::TimeZone& zone,
    const AffinityKey& key, absl::Time deadline) {
  auto fitted = std::make_shared<FittedAffinity>();
  const std::shared_ptr<const FittedRecommender> kept = recommender.Peek();
  store::ProductBaskets baskets;
  RETURN_IF_ERROR(db::RunSnapshotRead(pool, deadline, [&](db::Transaction& tx) {
    fitted->freshness = ReadFreshness(tx);
    fitted->orders_position = fitted->freshness.orders_position();
    fitted->from_recommender = kept != nullptr && kept->counts != nullptr &&
                               kept->orders_position == fitted->orders_position &&
                               Covers(*kept, key, zone);
    if (!fitted->from_recommender) {
      baskets = store::LoadProductBaskets(tx, key.first_day, key.end_day);
    }
    return absl::OkStatus();
  }));
  if (fitted->from_recommender) {
    fitted->products = kept->data.products;
    fitted->counts = kept->counts;
  } else {
    auto counts =
        std::make_shared<domain::CoPurchaseCounts>(static_cast<int32_t>(baskets.products.size()));
    for (const std::vector<int32_t>& b : baskets.baskets) counts->AddDistinct(b);
    fitted->products = std::move(baskets.products);
    fitted->counts = std::move(counts);
  }
  fitted->fit_time = absl::Now();
  return std::shared_ptr<const FittedAffinity>(std::move(fitted));
}

AffinityCache::AffinityCache(db::ConnectionPool& pool, const RecommenderCache& recommender,
                             const absl::TimeZone& zone)
    : kept_([&pool](absl::Time deadline) { return ReadOrdersPosition(pool, deadline); },
            [&pool, &recommender, zone](const AffinityKey& key, absl::Time deadline) {
              return FitAffinity(pool, recommender, zone, key, deadline);
            },
            absl::ZeroDuration(), kMaxKeptAffinities, [] { return absl::Now(); },
            KeptRefit::kInBackground) {}

}  // namespace sales::analytics::api
