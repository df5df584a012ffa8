// Replenishment of one product in one warehouse: when to reorder and how much, from a
// forecast of daily demand, a supplier lead time L (days) and a cycle service level (the
// probability of no stock-out during a lead time).
//
// The forecast: the model of the daily units sold from the warehouse that
// daily_demand_model.h chooses (Croston's method for intermittent demand, else the
// Holt-Winters form chosen by AICc, season 7), its point forecasts f_0, f_1, ... for today
// and the days after (negative ones counted as 0), and its one-step-ahead error's standard
// deviation σ.
//
// Safety stock and reorder point (Silver, Pyke and Thomas, "Inventory and Production
// Management in Supply Chains", 4th ed., §6.7, and Chopra and Meindl, "Supply Chain
// Management", 6th ed., §12.3: ss = F_S⁻¹(CSL) σ_L with σ_L = √L σ_D for independent daily
// demand errors):
//   demand over the lead time  D_L = f_0 + ... + f_{L-1}
//   σ_L = σ √L,  z = Φ⁻¹(service level),  safety stock SS = ⌈z σ_L⌉ (whole units, rounded
//   up so that the service level is at least met; 0 when z σ_L <= 0)
//   reorder point ROP = ⌈D_L⌉ + SS
// With a variable lead time (its standard deviation σ_LT days > 0), the demand over the lead
// time has the variance L σ² + d² σ_LT² for independent daily demand and lead time, d the
// mean daily demand D_L / L (Silver, Pyke and Peterson, "Inventory Management and Production
// Planning and Scheduling", 3rd ed., ch. 7, where the lead time is also random):
//   σ_L = √(L σ² + d² σ_LT²),  SS = ⌈z σ_L⌉ (σ_LT = 0 gives σ √L as above).
// Stock on hand counts as `available` (on hand - reserved); goods already on order are the
// expected receipts (units due on day r from today; an overdue receipt, r < 0, counts as due
// today). R(t) = the units of the receipts due before day t.
//   Inventory position on day d: P_d = available - (f_0 + ... + f_{d-1}) + R(d + L), the
//   expected opening stock plus what is on order and due before an order placed that day
//   would arrive (receipts due later are not netted). P_0 = available + on order within the
//   lead time.
//   Reorder day: the first day d >= 0 whose P_d is at most the demand of the lead time from
//   it, f_d + ... + f_{d+L-1}, plus SS (d = 0 when P_0 <= ROP); none within the horizon when
//   it never is.
//   Reorder quantity at d (order-up-to, covering the lead time and `cover_days` after the
//   arrival): ⌈f_d + ... + f_{d+L+cover-1} + SS - P_d⌉, at least 0.
//   Stock-out day: the first day h >= 0 on which the expected demand so far exceeds the
//   available stock plus the receipts due by then (f_0 + ... + f_h > available + R(h + 1));
//   it runs out before stock ordered today could arrive (on day L) when h < L.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/src/domain/daily_demand_model.h"

namespace sales::analytics::domain {

struct ReplenishmentPolicy {
  int lead_time_days = 14;       // L >= 1
  double service_level = 0.95;   // strictly between 0 and 1
  int cover_days = 28;           // days of demand after the arrival an order covers, >= 0
  int horizon_days = 120;        // days looked ahead for the reorder and stock-out days
  double lead_time_sd_days = 0;  // σ_LT >= 0; 0: a fixed lead time
};

// Goods on order: `units` expected `in_days` days from today (negative: overdue).
struct ScheduledReceipt {
  int in_days = 0;
  int64_t units = 0;
};

struct ReplenishmentPlan {
  std::string model;                      // DailyDemandModel::name
  double mean_daily_forecast = 0;         // D_L / L
  double lead_time_demand = 0;            // D_L
  double sigma_daily = 0;                 // σ
  double sigma_lead_time = 0;             // σ_L: σ √L, or √(L σ² + d² σ_LT²)
  double z = 0;                           // Φ⁻¹(service level)
  int64_t safety_stock = 0;               // SS
  int64_t reorder_point = 0;              // ROP
  std::optional<int> reorder_in_days;     // d; unset: not within the horizon
  int64_t reorder_quantity = 0;           // at d (0 without a reorder day)
  std::optional<int> stockout_in_days;    // h; unset: not within the horizon
  bool runs_out_before_arrival = false;   // stock-out day < L
  int64_t on_order_within_lead_time = 0;  // R(L): receipts due before day L
  int64_t inventory_position = 0;         // P_0 = available + R(L)
};

// `daily_units`: the history, oldest first, ending the day before today, from the first day
// with a sale. INVALID_ARGUMENT naming the policy's field when out of range, `available`
// when negative, `receipts` when one has negative units; the forecast's errors
// (INVALID_ARGUMENT naming `series` for a history too short for any model) are passed on.
absl::StatusOr<ReplenishmentPlan> PlanReplenishment(
    const std::vector<double>& daily_units, int64_t available, const ReplenishmentPolicy& policy,
    const std::vector<ScheduledReceipt>& receipts = {});

// The same from a model already fitted on the history (FitDailyDemand): its forecasts over
// the policy's horizon and its σ. Errors as PlanFromForecast.
absl::StatusOr<ReplenishmentPlan> PlanWithModel(const DailyDemandModel& model, int64_t available,
                                                const ReplenishmentPolicy& policy,
                                                const std::vector<ScheduledReceipt>& receipts = {});

// The same from forecasts already made: `daily_forecast` for today and the days after (at
// least lead_time_days + cover_days of them; negative values count as 0), `sigma_daily` σ.
absl::StatusOr<ReplenishmentPlan> PlanFromForecast(
    const std::vector<double>& daily_forecast, double sigma_daily, int64_t available,
    const ReplenishmentPolicy& policy, const std::vector<ScheduledReceipt>& receipts = {});

}  // namespace sales::analytics::domain
