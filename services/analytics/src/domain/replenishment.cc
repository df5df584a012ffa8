#include "services/analytics/src/domain/replenishment.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

absl::Status CheckPolicy(const ReplenishmentPolicy& p) {
  if (p.lead_time_days < 1) return absl::InvalidArgumentError("lead_time_days: must be >= 1");
  if (!(p.service_level > 0 && p.service_level < 1)) {
    return absl::InvalidArgumentError("service_level: must be strictly between 0 and 1");
  }
  if (p.cover_days < 0) return absl::InvalidArgumentError("cover_days: must be >= 0");
  if (p.horizon_days < p.lead_time_days + p.cover_days) {
    return absl::InvalidArgumentError("horizon_days: must be >= lead_time_days + cover_days");
  }
  if (!(p.lead_time_sd_days >= 0)) {
    return absl::InvalidArgumentError("lead_time_sd_days: must be >= 0");
  }
  return absl::OkStatus();
}

absl::Status CheckReceipts(const std::vector<ScheduledReceipt>& receipts) {
  for (const ScheduledReceipt& r : receipts) {
    if (r.units < 0) return absl::InvalidArgumentError("receipts: units must be >= 0");
  }
  return absl::OkStatus();
}

int64_t CeilUnits(double value) {
  return value <= 0 ? 0 : static_cast<int64_t>(std::ceil(value - 1e-9));
}

}  // namespace

absl::StatusOr<ReplenishmentPlan> PlanFromForecast(const std::vector<double>& daily_forecast,
                                                   double sigma_daily, int64_t available,
                                                   const ReplenishmentPolicy& policy,
                                                   const std::vector<ScheduledReceipt>& receipts) {
  if (absl::Status s = CheckPolicy(policy); !s.ok()) return s;
  if (available < 0) return absl::InvalidArgumentError("available: must be >= 0");
  if (absl::Status s = CheckReceipts(receipts); !s.ok()) return s;
  const int lead = policy.lead_time_days;
  const size_t need = static_cast<size_t>(lead + policy.cover_days);
  if (daily_forecast.size() < need) {
    return absl::InvalidArgumentError(
        absl::StrCat("daily_forecast: at least ", need, " days (lead time + cover)"));
  }
  std::vector<double> f(daily_forecast.size());
  for (size_t i = 0; i < f.size(); ++i) f[i] = std::max(0.0, daily_forecast[i]);
  // prefix[i] = f_0 + ... + f_{i-1}
  std::vector<double> prefix(f.size() + 1, 0.0);
  for (size_t i = 0; i < f.size(); ++i) prefix[i + 1] = prefix[i] + f[i];
  auto sum = [&](size_t from, size_t to) {  // f_from + ... + f_{to-1}, clipped to the horizon
    return prefix[std::min(to, f.size())] - prefix[std::min(from, f.size())];
  };
  // due[t]: units of the receipts due on day t (overdue ones on day 0); received_before(t) =
  // R(t), the units due before day t.
  std::vector<int64_t> due(f.size() + static_cast<size_t>(lead) + 1, 0);
  for (const ScheduledReceipt& r : receipts) {
    const size_t day = static_cast<size_t>(std::max(0, r.in_days));
    if (day < due.size()) due[day] += r.units;
  }
  std::vector<int64_t> received_before(due.size() + 1, 0);
  for (size_t t = 0; t < due.size(); ++t) received_before[t + 1] = received_before[t] + due[t];

  ReplenishmentPlan plan;
  plan.lead_time_demand = sum(0, static_cast<size_t>(lead));
  plan.mean_daily_forecast = plan.lead_time_demand / lead;
  plan.sigma_daily = std::max(0.0, sigma_daily);
  // σ_L² = L σ² + d² σ_LT² (Silver, Pyke and Peterson, ch. 7); σ √L when σ_LT = 0.
  const double mean_daily = plan.mean_daily_forecast;
  const double sd_lead = policy.lead_time_sd_days;
  plan.sigma_lead_time = std::sqrt(static_cast<double>(lead) * plan.sigma_daily * plan.sigma_daily +
                                   mean_daily * mean_daily * sd_lead * sd_lead);
  plan.z = NormalQuantile(policy.service_level);
  plan.safety_stock = CeilUnits(plan.z * plan.sigma_lead_time);
  plan.reorder_point = CeilUnits(plan.lead_time_demand) + plan.safety_stock;
  plan.on_order_within_lead_time = received_before[static_cast<size_t>(lead)];
  plan.inventory_position = available + plan.on_order_within_lead_time;
  const double stock = static_cast<double>(available);
  // Days whose whole lead time (and cover) lies within the forecast.
  const size_t last_day = f.size() - need;
  for (size_t d = 0; d <= last_day; ++d) {
    const double position =
        stock - prefix[d] + static_cast<double>(received_before[d + static_cast<size_t>(lead)]);
    const double lead_demand = sum(d, d + static_cast<size_t>(lead));
    if (position <= lead_demand + static_cast<double>(plan.safety_stock) + 1e-9) {
      plan.reorder_in_days = static_cast<int>(d);
      plan.reorder_quantity =
          CeilUnits(sum(d, d + need) + static_cast<double>(plan.safety_stock) - position);
      break;
    }
  }
  for (size_t h = 0; h < f.size(); ++h) {
    if (prefix[h + 1] > stock + static_cast<double>(received_before[h + 1]) + 1e-9) {
      plan.stockout_in_days = static_cast<int>(h);
      break;
    }
  }
  plan.runs_out_before_arrival = plan.stockout_in_days.has_value() && *plan.stockout_in_days < lead;
  return plan;
}

absl::StatusOr<ReplenishmentPlan> PlanWithModel(const DailyDemandModel& model, int64_t available,
                                                const ReplenishmentPolicy& policy,
                                                const std::vector<ScheduledReceipt>& receipts) {
  if (absl::Status s = CheckPolicy(policy); !s.ok()) return s;
  absl::StatusOr<std::vector<double>> points = ForecastDailyDemand(model, policy.horizon_days);
  if (!points.ok()) return points.status();
  absl::StatusOr<ReplenishmentPlan> plan =
      PlanFromForecast(*points, model.sigma, available, policy, receipts);
  if (plan.ok()) plan->model = model.name;
  return plan;
}

absl::StatusOr<ReplenishmentPlan> PlanReplenishment(const std::vector<double>& daily_units,
                                                    int64_t available,
                                                    const ReplenishmentPolicy& policy,
                                                    const std::vector<ScheduledReceipt>& receipts) {
  if (absl::Status s = CheckPolicy(policy); !s.ok()) return s;
  absl::StatusOr<DailyDemandModel> model = FitDailyDemand(daily_units);
  if (!model.ok()) return model.status();
  return PlanWithModel(*model, available, policy, receipts);
}

}  // namespace sales::analytics::domain
