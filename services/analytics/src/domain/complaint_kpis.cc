#include "services/analytics/src/domain/complaint_kpis.h"

#include <algorithm>
#include <map>

namespace sales::analytics::domain {
namespace {

// 1 - S(t) may miss q by rounding: 1 - 0.5 * 0.8 is not exactly 0.6.
constexpr double kTolerance = 1e-12;

bool OpenAt(const FeedbackItem& item, absl::Time as_of) {
  return !item.resolved.has_value() || *item.resolved > as_of;
}

}  // namespace

ComplaintRate ComplaintRateOf(int64_t complaints, int64_t orders) {
  ComplaintRate out;
  out.complaints = complaints;
  out.orders = orders;
  if (orders > 0) {
    out.per_100_orders = 100.0 * static_cast<double>(complaints) / static_cast<double>(orders);
  }
  return out;
}

std::optional<double> KaplanMeierQuantile(std::vector<SurvivalTime> times, double q) {
  // By time, events before censorings at the same time.
  std::sort(times.begin(), times.end(), [](const SurvivalTime& a, const SurvivalTime& b) {
    if (a.time != b.time) return a.time < b.time;
    return a.event && !b.event;
  });
  double survival = 1.0;
  size_t at = 0;
  while (at < times.size()) {
    const double t = times[at].time;
    const size_t at_risk = times.size() - at;
    size_t events = 0;
    size_t next = at;
    while (next < times.size() && times[next].time == t) {
      if (times[next].event) ++events;
      ++next;
    }
    if (events > 0) {
      survival *= 1.0 - static_cast<double>(events) / static_cast<double>(at_risk);
      if (1.0 - survival >= q - kTolerance) return t;
    }
    at = next;
  }
  return std::nullopt;
}

ResolutionTimes ResolutionTimesOf(const std::vector<FeedbackItem>& items, absl::Time as_of) {
  ResolutionTimes out;
  std::vector<SurvivalTime> times;
  for (const FeedbackItem& item : items) {
    if (!item.complaint) continue;
    ++out.complaints;
    const bool open = OpenAt(item, as_of);
    const absl::Time end = open ? as_of : *item.resolved;
    times.push_back({std::max(0.0, absl::ToDoubleHours(end - item.made)), !open});
    if (open) {
      ++out.open;
    } else {
      ++out.resolved;
    }
  }
  out.median_hours = KaplanMeierQuantile(times, 0.5);
  out.p90_hours = KaplanMeierQuantile(times, 0.9);
  return out;
}

std::vector<CategoryCount> ByCategory(const std::vector<FeedbackItem>& items, absl::Time as_of) {
  std::map<std::string, CategoryCount> by;
  for (const FeedbackItem& item : items) {
    CategoryCount& c = by[item.category];
    c.category = item.category;
    if (!item.category.empty()) ++c.feedback;
    if (item.complaint) {
      ++c.complaints;
      if (OpenAt(item, as_of)) ++c.open;
    }
  }
  std::vector<CategoryCount> out;
  for (auto& [name, count] : by) {
    if (count.complaints > 0 || count.feedback > 0) out.push_back(std::move(count));
  }
  return out;
}

}  // namespace sales::analytics::domain
