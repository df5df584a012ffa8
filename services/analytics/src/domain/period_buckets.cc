#include "services/analytics/src/domain/period_buckets.h"

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace sales::analytics::domain {

absl::StatusOr<std::vector<Period>> PeriodsCovering(Granularity granularity,
                                                    absl::CivilDay first_day,
                                                    absl::CivilDay last_day,
                                                    const absl::TimeZone& zone, int max_periods,
                                                    std::string_view field) {
  std::vector<Period> periods;
  for (Period p = PeriodContaining(granularity, absl::FromCivil(first_day, zone), zone);
       p.first_day <= last_day; p = PeriodStartingOn(granularity, p.end_day, zone)) {
    if (static_cast<int>(periods.size()) == max_periods) {
      return absl::InvalidArgumentError(absl::StrCat(ToAbsl(field), ": the range holds more than ",
                                                     max_periods, " periods of this size"));
    }
    periods.push_back(p);
  }
  return periods;
}

std::vector<Period> PeriodsEndingBy(Granularity granularity, absl::CivilDay last_day, int count,
                                    const absl::TimeZone& zone) {
  Period last = PeriodContaining(granularity, absl::FromCivil(last_day, zone), zone);
  if (last.end_day - 1 > last_day) last = PreviousPeriod(last, zone);
  std::vector<Period> periods(static_cast<size_t>(count));
  periods.back() = last;
  for (size_t i = periods.size() - 1; i > 0; --i) periods[i - 1] = PreviousPeriod(periods[i], zone);
  return periods;
}

std::vector<Period> PeriodsAfter(const Period& period, int count, const absl::TimeZone& zone) {
  std::vector<Period> periods;
  periods.reserve(static_cast<size_t>(count));
  Period p = period;
  for (int i = 0; i < count; ++i) {
    p = PeriodStartingOn(p.granularity, p.end_day, zone);
    periods.push_back(p);
  }
  return periods;
}

std::vector<Measures> SumPerPeriod(const std::vector<Period>& periods,
                                   const std::vector<std::pair<absl::CivilDay, Measures>>& days) {
  std::vector<Measures> sums(periods.size());
  size_t d = 0;
  for (size_t i = 0; i < periods.size(); ++i) {
    while (d < days.size() && days[d].first < periods[i].first_day) ++d;
    for (; d < days.size() && days[d].first < periods[i].end_day; ++d) sums[i] += days[d].second;
  }
  return sums;
}

}  // namespace sales::analytics::domain
