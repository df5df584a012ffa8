// GetPriceElasticity and ProjectPriceChange: the net prices paid per product and ISO week
// read from the order facts, the log-log elasticity of the domain fitted per product and
// per category, and a proposed price projected from it.
//
// The fit of a window (every product's weeks read and every category fitted) is kept in
// memory, so that ProjectPriceChange and GetPriceElasticity after it cost one read of the
// feed position instead of reading the window's order lines again. Once the orders feed has
// moved, the kept fit still answers (its freshness says which positions it covers) while one
// refit runs in the background (KeptRefit::kInBackground); only a window's first caller waits.
// The server warms the default window at start (--warm_pricing) and again once it moves on to
// a new week (main.cc looks every few minutes), so that its first caller, after a restart or
// on a Monday, waits at most for the rest of that fit.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/pricing.pb.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/api/kept_model.h"
#include "services/analytics/src/api/price_series.h"
#include "services/analytics/src/domain/periods.h"
#include "services/analytics/src/store/price_history_store.h"

namespace sales::analytics::api {

// What changes a window's fit: its first day, its weeks and the weeks held out.
struct PricingKey {
  absl::CivilDay first_day;
  int weeks = 0;
  int holdout_weeks = 0;
  bool operator<(const PricingKey& o) const {
    return std::tie(first_day, weeks, holdout_weeks) <
           std::tie(o.first_day, o.weeks, o.holdout_weeks);
  }
};

// Every product's weeks of a window and every category's estimates (category-week effects).
struct FittedPrices {
  std::vector<store::ProductWeek> rows;                    // as read
  std::map<std::string, ProductHistory> products;          // by product, with its latest category
  std::vector<CategoryEstimates> categories;               // by category name
  std::map<std::string, std::pair<size_t, size_t>> index;  // product -> (category, position)
  v1::Freshness freshness;                                 // the feed positions the rows include
  absl::Time fit_time;

  // For KeptModel.
  int64_t FactsVersion() const { return freshness.orders_position(); }
  absl::Time FitTime() const { return fit_time; }
};

class PricingHandlers final {
 public:
  explicit PricingHandlers(const HandlerContext& ctx);

  absl::StatusOr<v1::PriceElasticityReport> GetPriceElasticity(
      const v1::GetPriceElasticityRequest& req, absl::Time deadline);
  absl::StatusOr<v1::PriceProjection> ProjectPriceChange(const v1::ProjectPriceChangeRequest& req,
                                                         absl::Time deadline);

  // Starts fitting the default window (the one a request without last_day, weeks and
  // holdout_weeks asks for: the 104 ISO weeks up to yesterday) in the background when there
  // are counted orders; returns at once, whether it started. A caller of that window while
  // it runs waits for it instead of fitting again. The window is that of the day of the call,
  // so a call after the window moved on (a new ISO week) warms the new one; one that finds
  // it kept or fitting changes nothing.
  absl::StatusOr<bool> WarmDefaultWindow(absl::Time deadline);

  // Window fits done so far (for tests).
  int64_t fits() const { return kept_.fits(); }

 private:
  const HandlerContext& ctx_;
  KeptModel<PricingKey, FittedPrices> kept_;
};

}  // namespace sales::analytics::api
