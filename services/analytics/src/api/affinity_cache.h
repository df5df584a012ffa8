// The market basket (GetProductAffinity) kept fitted in memory, one per period asked for (at
// most kMaxKeptAffinities, the least recently used dropped): the order counts of every
// product and pair over the counted orders of the period, reused while the orders feed has
// not moved (its position is read on every call: no max age), recounted in the background
// once it has while the previous counts answer (kept_model.h, KeptRefit::kInBackground), so
// an answer lags the feed by one recount at most, and carries the feed positions its counts
// include (their freshness) to say so. The
// pairs are counted once for the basket and the recommender: a period holding every order
// of the recommender's kept model, at the feed position the basket reads, takes the
// recommender's counts instead of reading and counting the orders again.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "sales/analytics/v1/kpi.pb.h"
#include "services/analytics/src/api/kept_model.h"
#include "services/analytics/src/api/recommender_cache.h"
#include "services/analytics/src/domain/basket.h"

namespace sales::analytics::api {

// Periods whose counts are kept at most.
inline constexpr size_t kMaxKeptAffinities = 8;

// The days of a period (in the business time zone): [first_day, end_day).
struct AffinityKey {
  absl::CivilDay first_day;
  absl::CivilDay end_day;
  bool operator<(const AffinityKey& o) const {
    return std::tie(first_day, end_day) < std::tie(o.first_day, o.end_day);
  }
};

// The counts of one period.
struct FittedAffinity {
  std::vector<std::string> products;                       // by id, in name order
  std::shared_ptr<const domain::CoPurchaseCounts> counts;  // over the period's orders
  int64_t orders_position = 0;    // the orders feed position the facts included (at least)
  v1::Freshness freshness;        // both feeds' positions, read with the orders counted
  absl::Time fit_time;            // when the counts were complete
  bool from_recommender = false;  // the recommender's counts (the period holds its orders)

  // For KeptModel.
  int64_t FactsVersion() const { return orders_position; }
  absl::Time FitTime() const { return fit_time; }
};

// Counts the period's orders from the live facts, or takes `recommender`'s kept counts when
// they cover the same orders (see above; never fitted from here). `zone`: the business time
// zone, that of the facts' days.
absl::StatusOr<std::shared_ptr<const FittedAffinity>> FitAffinity(
    db::ConnectionPool& pool, const RecommenderCache& recommender, const absl::TimeZone& zone,
    const AffinityKey& key, absl::Time deadline);

class AffinityCache final {
 public:
  AffinityCache(db::ConnectionPool& pool, const RecommenderCache& recommender,
                const absl::TimeZone& zone);

  absl::StatusOr<std::shared_ptr<const FittedAffinity>> Get(const AffinityKey& key,
                                                            absl::Time deadline) {
    return kept_.Get(key, deadline);
  }
  // Fits done so far (for tests and metrics).
  int64_t fits() const { return kept_.fits(); }

 private:
  KeptModel<AffinityKey, FittedAffinity> kept_;
};

}  // namespace sales::analytics::api
