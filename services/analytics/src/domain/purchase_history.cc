#include "services/analytics/src/domain/purchase_history.h"

#include <algorithm>

namespace sales::analytics::domain {
namespace {

// The purchases on or before `last`, by customer and then day (sorting, rather than maps
// of maps, keeps this fast at millions of purchases).
std::vector<Purchase> SortedUpTo(const std::vector<Purchase>& purchases, absl::CivilDay last) {
  std::vector<Purchase> out;
  out.reserve(purchases.size());
  for (const Purchase& p : purchases) {
    if (p.day <= last) out.push_back(p);
  }
  std::sort(out.begin(), out.end(), [](const Purchase& a, const Purchase& b) {
    return a.customer_id != b.customer_id ? a.customer_id < b.customer_id : a.day < b.day;
  });
  return out;
}

// Calls `each(first, end)` for every customer's run [first, end) of `sorted`.
template <typename Each>
void ForEachCustomer(const std::vector<Purchase>& sorted, Each each) {
  for (size_t first = 0; first < sorted.size();) {
    size_t end = first;
    while (end < sorted.size() && sorted[end].customer_id == sorted[first].customer_id) ++end;
    each(first, end);
    first = end;
  }
}

}  // namespace

double DaysPerUnit(TimeUnit unit) { return unit == TimeUnit::kWeek ? 7.0 : 1.0; }

std::vector<PurchaseHistory> SummarizePurchases(const std::vector<Purchase>& purchases,
                                                absl::CivilDay calibration_end, TimeUnit unit) {
  const double per_unit = DaysPerUnit(unit);
  const std::vector<Purchase> sorted = SortedUpTo(purchases, calibration_end);
  std::vector<PurchaseHistory> out;
  ForEachCustomer(sorted, [&](size_t first, size_t end) {
    const absl::CivilDay first_day = sorted[first].day;
    const absl::CivilDay last_day = sorted[end - 1].day;
    PurchaseHistory h;
    h.customer_id = sorted[first].customer_id;
    int64_t repeat_total = 0;  // amounts of the days after the first
    for (size_t i = first; i < end; ++i) {
      if (i > first && sorted[i].day != sorted[i - 1].day) ++h.frequency;
      if (sorted[i].day != first_day) repeat_total += sorted[i].amount_minor;
    }
    h.recency = static_cast<double>(last_day - first_day) / per_unit;
    h.age = static_cast<double>(calibration_end - first_day) / per_unit;
    if (h.frequency > 0) {
      h.mean_repeat_amount_minor =
          static_cast<double>(repeat_total) / static_cast<double>(h.frequency);
    }
    out.push_back(h);
  });
  return out;
}

std::map<int64_t, int> HoldoutPurchaseDays(const std::vector<Purchase>& purchases,
                                           absl::CivilDay calibration_end,
                                           absl::CivilDay holdout_end) {
  const std::vector<Purchase> sorted = SortedUpTo(purchases, holdout_end);
  std::map<int64_t, int> out;
  ForEachCustomer(sorted, [&](size_t first, size_t end) {
    if (sorted[first].day > calibration_end) return;  // not a customer at calibration
    int days = 0;
    for (size_t i = first; i < end; ++i) {
      if (sorted[i].day > calibration_end && (i == first || sorted[i].day != sorted[i - 1].day)) {
        ++days;
      }
    }
    out.emplace_hint(out.end(), sorted[first].customer_id, days);
  });
  return out;
}

}  // namespace sales::analytics::domain
