#include "services/analytics/src/api/replenishment_forecasts.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/status.h"
#include "services/analytics/src/api/recommender_cache.h"
#include "services/analytics/src/store/order_warehouse_store.h"

namespace sales::analytics::api {
namespace {

// Sold and restocked units of one pair by day, as read.
struct PairDays {
  std::map<absl::CivilDay, int64_t> units;
  std::map<absl::CivilDay, int64_t> returned;
};

// The kept fit of `key` with exactly `series`, or null.
std::shared_ptr<const domain::DailyDemandModel> KeptFit(const WindowForecasts* kept,
                                                        const PairKey& key,
                                                        const std::vector<double>& series) {
  if (kept == nullptr) return nullptr;
  const auto found = kept->pairs.find(key);
  if (found == kept->pairs.end() || found->second.series != series) return nullptr;
  return found->second.model;
}

}  // namespace

ReplenishmentForecasts::ReplenishmentForecasts(const HandlerContext& ctx, int fit_threads,
                                               absl::Duration max_age)
    : ctx_(ctx),
      pool_(fit_threads),
      kept_([&ctx](absl::Time deadline) { return ReadOrdersPosition(*ctx.pool, deadline); },
            [this](const ForecastWindow& window, absl::Time deadline) {
              return Build(window, deadline);
            },
            max_age, kMaxKeptReplenishmentWindows) {}

absl::StatusOr<std::shared_ptr<const WindowForecasts>> ReplenishmentForecasts::Build(
    const ForecastWindow& window, absl::Time deadline) {
  auto out = std::make_shared<WindowForecasts>();
  out->window = window;
  std::vector<store::WarehouseDay> demand;
  // The position and the demand in one snapshot.
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    out->orders_position = ReadOrdersPosition(tx);
    demand = store::LoadWarehouseDemand(tx, window.first_day, window.end_day, window.product,
                                        window.warehouse);
    return absl::OkStatus();
  }));
  std::map<PairKey, PairDays> days;
  for (const store::WarehouseDay& d : demand) {
    PairDays& p = days[{d.product, d.warehouse}];
    if (d.units != 0) p.units[d.day] += d.units;
    if (d.returned != 0) p.returned[d.day] += d.returned;
  }
  if (days.size() > kMaxReplenishmentPairs) {
    return absl::FailedPreconditionError(absl::StrCat(
        "product: ", days.size(), " products and warehouses to plan, at most ",
        kMaxReplenishmentPairs, " in one answer; ask for one product or one ", "warehouse"));
  }
  // Earlier fits to reuse: this window's, and for a filtered one the unfiltered window's.
  const std::shared_ptr<const WindowForecasts> previous = kept_.Peek(window);
  std::shared_ptr<const WindowForecasts> unfiltered;
  if (!window.product.empty() || !window.warehouse.empty()) {
    unfiltered = kept_.Peek(ForecastWindow{window.first_day, window.end_day, "", ""});
  }
  std::vector<std::pair<const PairKey*, PairDemand*>> to_fit;
  for (const auto& [key, p] : days) {
    PairDemand& pair = out->pairs[key];
    if (p.units.empty()) continue;  // restocked returns only
    pair.sold = true;
    // Demand = sold - restocked, per day from the first sale.
    const absl::CivilDay first_sale = p.units.begin()->first;
    pair.series.assign(static_cast<size_t>(window.end_day - first_sale), 0.0);
    for (const auto& [day, n] : p.units) {
      pair.series[static_cast<size_t>(day - first_sale)] += static_cast<double>(n);
      pair.units += n;
    }
    for (auto it = p.returned.lower_bound(first_sale); it != p.returned.end(); ++it) {
      pair.series[static_cast<size_t>(it->first - first_sale)] -= static_cast<double>(it->second);
      pair.returned += it->second;
    }
    if (static_cast<int>(pair.series.size()) < kMinDaysSinceFirstSale) continue;
    pair.model = KeptFit(previous.get(), key, pair.series);
    if (pair.model == nullptr) pair.model = KeptFit(unfiltered.get(), key, pair.series);
    if (pair.model != nullptr) {
      ++out->reused;
      continue;
    }
    to_fit.emplace_back(&key, &pair);
  }
  std::atomic<bool> late{false};
  pool_.ParallelFor(to_fit.size(), [&](size_t i) {
    if (late.load(std::memory_order_relaxed)) return;
    if (absl::Now() > deadline) {
      late.store(true, std::memory_order_relaxed);
      return;
    }
    PairDemand& pair = *to_fit[i].second;
    absl::StatusOr<domain::DailyDemandModel> fit = domain::FitDailyDemand(pair.series);
    if (fit.ok()) {
      pair.model = std::make_shared<const domain::DailyDemandModel>(*std::move(fit));
    } else {
      pair.fit_status = fit.status();
    }
  });
  if (late.load()) {
    return absl::DeadlineExceededError(absl::StrCat("the forecasts of ", to_fit.size(),
                                                    " products and warehouses were not "
                                                    "fitted before the deadline"));
  }
  out->fitted = static_cast<int64_t>(to_fit.size());
  out->fit_time = absl::Now();
  return std::shared_ptr<const WindowForecasts>(std::move(out));
}

}  // namespace sales::analytics::api
