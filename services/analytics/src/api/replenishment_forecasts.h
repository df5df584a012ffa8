// The daily demand forecasts GetReplenishment plans from, one per product and warehouse,
// fitted from the live facts and kept (kept_model.h) per history window and filter, so that
// a repeated plan does not refit thousands of models:
// - a window's forecasts are reused while the orders feed has not moved (or, with a max age
//   above 0, while they are younger than it), and rebuilt once it has;
// - a rebuild reads the window's daily demand again but refits only the pairs whose daily
//   series changed: a pair whose series is the same, value for value, as in the window's
//   previous forecasts (or, for a request filtered to a product or warehouse, in the same
//   window's unfiltered ones) keeps its fitted model, since the fit depends on the series
//   alone;
// - the fits run in parallel on a fixed pool of threads (fit_pool.h, the server's
//   --replenishment_fit_threads).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/analytics/src/api/fit_pool.h"
#include "services/analytics/src/api/handler_context.h"
#include "services/analytics/src/api/kept_model.h"
#include "services/analytics/src/domain/daily_demand_model.h"

namespace sales::analytics::api {

// Product and warehouse pairs planned in one answer at most (each fits a forecast).
inline constexpr size_t kMaxReplenishmentPairs = 5000;
// Windows (with their filters) kept at most; the least recently used is dropped.
inline constexpr size_t kMaxKeptReplenishmentWindows = 4;

// What the forecasts depend on besides the facts: the history window [first_day, end_day)
// and the request's product and warehouse filters ("" for all).
struct ForecastWindow {
  absl::CivilDay first_day;
  absl::CivilDay end_day;
  std::string product;
  std::string warehouse;
  bool operator<(const ForecastWindow& o) const {
    return std::tie(first_day, end_day, product, warehouse) <
           std::tie(o.first_day, o.end_day, o.product, o.warehouse);
  }
};

// One product and warehouse with sales or restocked returns in the window.
struct PairDemand {
  bool sold = false;     // some sale in the window
  int64_t units = 0;     // sold, from the first sale
  int64_t returned = 0;  // restocked, from the first sale
  // Demand (sold - restocked) per day from the first sale to the window's end; empty
  // without a sale.
  std::vector<double> series;
  // The fit of `series` when it is long enough (kMinDaysSinceFirstSale); else null and
  // `fit_status` OK. A fit that failed: null and its error.
  std::shared_ptr<const domain::DailyDemandModel> model;
  absl::Status fit_status;
};

using PairKey = std::pair<std::string, std::string>;  // product, warehouse

struct WindowForecasts {
  ForecastWindow window;
  std::map<PairKey, PairDemand> pairs;
  int64_t orders_position = 0;  // the orders feed position the demand was read at
  absl::Time fit_time;          // when the forecasts were complete
  int64_t fitted = 0;           // fits this build ran (failed ones included)
  int64_t reused = 0;           // models taken from earlier forecasts (same series)

  // For KeptModel.
  int64_t FactsVersion() const { return orders_position; }
  absl::Time FitTime() const { return fit_time; }
};

// Two weekly seasons: the least a seasonal daily forecast is fitted on.
inline constexpr int kMinDaysSinceFirstSale = 14;

class ReplenishmentForecasts final {
 public:
  // `fit_threads`: the pool's size; `max_age`: see above (0: check the feed on every call).
  ReplenishmentForecasts(const HandlerContext& ctx, int fit_threads, absl::Duration max_age);

  // The window's forecasts, built first when there are none or they are stale.
  // FAILED_PRECONDITION naming `product` when the window holds more than
  // kMaxReplenishmentPairs pairs; DEADLINE_EXCEEDED when the fits outlast `deadline`.
  absl::StatusOr<std::shared_ptr<const WindowForecasts>> Get(const ForecastWindow& window,
                                                             absl::Time deadline) {
    return kept_.Get(window, deadline);
  }
  // Builds done so far.
  int64_t builds() const { return kept_.fits(); }

 private:
  absl::StatusOr<std::shared_ptr<const WindowForecasts>> Build(const ForecastWindow& window,
                                                               absl::Time deadline);

  const HandlerContext& ctx_;
  FitPool pool_;
  KeptModel<ForecastWindow, WindowForecasts> kept_;
};

}  // namespace sales::analytics::api
