// Reporting periods in the business time zone: the day, ISO week, month, quarter or year that
// holds a moment, the one before it, and the same one a year before. Every KPI answer covers
// one of these (or a caller's custom range) and says which.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace sales::analytics::domain {

// kCustom: a caller's range of whole days (CustomPeriod).
enum class Granularity { kDay, kIsoWeek, kMonth, kQuarter, kYear, kCustom };

// A half-open interval [start, end) of time, with the calendar it was cut from.
struct Period {
  absl::Time start;
  absl::Time end;
  absl::CivilDay first_day;  // in the business time zone
  absl::CivilDay end_day;    // the day after the last one
  Granularity granularity = Granularity::kDay;

  bool Contains(absl::Time t) const { return start <= t && t < end; }
  // Its length in the time zone's days (a day is 23 or 25 hours across a daylight-saving
  // change, and still one day).
  int Days() const { return static_cast<int>(end_day - first_day); }
  friend bool operator==(const Period&, const Period&) = default;
};

// The period of `granularity` that holds `t` in `zone`. Days start at the first moment of the
// civil day (in a zone whose midnight is skipped by a daylight-saving change, the moment of
// the change); ISO weeks start on Monday (ISO 8601); quarters in January, April, July and
// October.
Period PeriodContaining(Granularity granularity, absl::Time t, const absl::TimeZone& zone);

// The period of `granularity` whose first day is `first_day` (which must start one: a
// Monday for ISO weeks, the 1st of a month...), in `zone`.
Period PeriodStartingOn(Granularity granularity, absl::CivilDay first_day,
                        const absl::TimeZone& zone);

// The period just before `period`, of the same granularity (for a custom range: as many
// days, ending where it starts).
Period PreviousPeriod(const Period& period, const absl::TimeZone& zone);

// The same period a year before, for growth against last year:
// - a day: the same calendar date a year before (29 February compares with 28 February);
// - an ISO week: the same week number of the previous ISO year (week 53 compares with week
//   52 when that year has no week 53);
// - a month, quarter or year: the same one of the previous year;
// - a custom range: the same dates a year before.
Period YearBefore(const Period& period, const absl::TimeZone& zone);

// ISO 8601 year and week number of a day (the week's Thursday decides the year).
struct IsoWeek {
  int64_t year = 0;
  int week = 0;  // 1-53
};
IsoWeek IsoWeekOf(absl::CivilDay day);

// How a period is named in answers and reports: "2026-11-30", "2026-W49", "2026-11",
// "2026-Q4", "2026", and a custom range by its first and last day, "2026-11-01..2026-11-15".
std::string PeriodLabel(const Period& period);

// A caller's custom range [from, to) of civil days in `zone`; INVALID_ARGUMENT naming
// `field` when it is empty or reversed.
absl::StatusOr<Period> CustomPeriod(absl::CivilDay from, absl::CivilDay to,
                                    const absl::TimeZone& zone, std::string_view field);

}  // namespace sales::analytics::domain
