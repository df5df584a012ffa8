#include "services/analytics/src/domain/purchase_history.h"

#include <set>

namespace sales::analytics::domain {
namespace {

// Each customer's purchase days up to `last` (inclusive), with the day's summed amount.
std::map<int64_t, std::map<absl::CivilDay, int64_t>> DaysByCustomer(
    const std::vector<Purchase>& purchases, absl::CivilDay last) {
  std::map<int64_t, std::map<absl::CivilDay, int64_t>> days;
  for (const Purchase& p : purchases) {
    if (p.day <= last) days[p.customer_id][p.day] += p.amount_minor;
  }
  return days;
}

}  // namespace

double DaysPerUnit(TimeUnit unit) { return unit == TimeUnit::kWeek ? 7.0 : 1.0; }

std::vector<PurchaseHistory> SummarizePurchases(const std::vector<Purchase>& purchases,
                                                absl::CivilDay calibration_end, TimeUnit unit) {
  const double per_unit = DaysPerUnit(unit);
  std::vector<PurchaseHistory> out;
  for (const auto& [customer_id, days] : DaysByCustomer(purchases, calibration_end)) {
    const absl::CivilDay first = days.begin()->first;
    const absl::CivilDay last = days.rbegin()->first;
    PurchaseHistory h;
    h.customer_id = customer_id;
    h.frequency = static_cast<int>(days.size()) - 1;
    h.recency = static_cast<double>(last - first) / per_unit;
    h.age = static_cast<double>(calibration_end - first) / per_unit;
    if (h.frequency > 0) {
      int64_t repeat_total = 0;
      for (auto it = std::next(days.begin()); it != days.end(); ++it) repeat_total += it->second;
      h.mean_repeat_amount_minor =
          static_cast<double>(repeat_total) / static_cast<double>(h.frequency);
    }
    out.push_back(h);
  }
  return out;
}

std::map<int64_t, int> HoldoutPurchaseDays(const std::vector<Purchase>& purchases,
                                           absl::CivilDay calibration_end,
                                           absl::CivilDay holdout_end) {
  std::map<int64_t, int> out;
  for (const auto& [customer_id, days] : DaysByCustomer(purchases, calibration_end)) {
    out[customer_id] = 0;
  }
  std::map<int64_t, std::set<absl::CivilDay>> holdout_days;
  for (const Purchase& p : purchases) {
    if (p.day > calibration_end && p.day <= holdout_end && out.contains(p.customer_id)) {
      holdout_days[p.customer_id].insert(p.day);
    }
  }
  for (const auto& [customer_id, days] : holdout_days) {
    out[customer_id] = static_cast<int>(days.size());
  }
  return out;
}

}  // namespace sales::analytics::domain
