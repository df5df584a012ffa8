#include "services/analytics/src/domain/periods.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/absl_compat.h"

namespace sales::analytics::domain {
namespace {

// The first moment of a civil day in `zone`: FromCivil answers the transition time when
// midnight is skipped and the earlier moment when it is repeated.
absl::Time StartOf(absl::CivilDay day, const absl::TimeZone& zone) {
  return absl::FromCivil(absl::CivilSecond(day), zone);
}

absl::CivilDay MondayOf(absl::CivilDay day) {
  return absl::GetWeekday(day) == absl::Weekday::monday
             ? day
             : absl::PrevWeekday(day, absl::Weekday::monday);
}

// The first day of the period of `granularity` holding `day`.
absl::CivilDay FirstDay(Granularity granularity, absl::CivilDay day) {
  switch (granularity) {
    case Granularity::kDay:
      return day;
    case Granularity::kIsoWeek:
      return MondayOf(day);
    case Granularity::kMonth:
      return absl::CivilDay(absl::CivilMonth(day));
    case Granularity::kQuarter: {
      const int first_month = (day.month() - 1) / 3 * 3 + 1;
      return absl::CivilDay(day.year(), first_month, 1);
    }
    case Granularity::kYear:
      return absl::CivilDay(absl::CivilYear(day));
    case Granularity::kCustom:
      break;  // a custom range has no calendar: its caller gives both ends
  }
  return day;
}

// The first day of the next period after the one starting on `first`.
absl::CivilDay NextFirstDay(Granularity granularity, absl::CivilDay first) {
  switch (granularity) {
    case Granularity::kDay:
      return first + 1;
    case Granularity::kIsoWeek:
      return first + 7;
    case Granularity::kMonth:
      return absl::CivilDay(absl::CivilMonth(first) + 1);
    case Granularity::kQuarter:
      return absl::CivilDay(absl::CivilMonth(first) + 3);
    case Granularity::kYear:
      return absl::CivilDay(absl::CivilYear(first) + 1);
    case Granularity::kCustom:
      break;  // a custom range has no calendar: its caller gives both ends
  }
  return first + 1;
}

// The Monday of ISO week `week` of ISO year `year`: week 1 holds 4 January.
absl::CivilDay IsoWeekMonday(int64_t year, int week) {
  return MondayOf(absl::CivilDay(year, 1, 4)) + 7 * (week - 1);
}

// 28 December is always in the last ISO week of its year.
int IsoWeeksIn(int64_t year) { return IsoWeekOf(absl::CivilDay(year, 12, 28)).week; }

// The same calendar date a year before; 29 February gives 28 February (CivilDay would carry
// it into 1 March of a common year).
absl::CivilDay SameDateYearBefore(absl::CivilDay day) {
  const absl::CivilDay same(day.year() - 1, day.month(), day.day());
  return same.month() == day.month() ? same : same - same.day();
}

}  // namespace

Period PeriodStartingOn(Granularity granularity, absl::CivilDay first_day,
                        const absl::TimeZone& zone) {
  const absl::CivilDay end_day = NextFirstDay(granularity, first_day);
  return Period{StartOf(first_day, zone), StartOf(end_day, zone), first_day, end_day, granularity};
}

Period PeriodContaining(Granularity granularity, absl::Time t, const absl::TimeZone& zone) {
  const absl::CivilDay day = absl::ToCivilDay(t, zone);
  return PeriodStartingOn(granularity, FirstDay(granularity, day), zone);
}

Period PreviousPeriod(const Period& period, const absl::TimeZone& zone) {
  if (period.granularity == Granularity::kCustom) {
    // As many days, ending where the range starts.
    const absl::CivilDay from = period.first_day - period.Days();
    return Period{StartOf(from, zone), period.start, from, period.first_day, Granularity::kCustom};
  }
  return PeriodStartingOn(period.granularity, FirstDay(period.granularity, period.first_day - 1),
                          zone);
}

Period YearBefore(const Period& period, const absl::TimeZone& zone) {
  const absl::CivilDay first = period.first_day;
  switch (period.granularity) {
    case Granularity::kDay:
    case Granularity::kMonth:
    case Granularity::kQuarter:
    case Granularity::kYear:
      return PeriodStartingOn(period.granularity, SameDateYearBefore(first), zone);
    case Granularity::kIsoWeek: {
      const int64_t year = IsoWeekOf(first).year - 1;
      return PeriodStartingOn(
          Granularity::kIsoWeek,
          IsoWeekMonday(year, std::min(IsoWeekOf(first).week, IsoWeeksIn(year))), zone);
    }
    case Granularity::kCustom: {
      const absl::CivilDay from = SameDateYearBefore(first);
      const absl::CivilDay to = SameDateYearBefore(period.end_day);
      return Period{StartOf(from, zone), StartOf(to, zone), from, to, Granularity::kCustom};
    }
  }
  return period;
}

IsoWeek IsoWeekOf(absl::CivilDay day) {
  // The Thursday of the day's week (Monday-first) is in the ISO year the week belongs to.
  const absl::CivilDay thursday = MondayOf(day) + 3;
  const int64_t year = thursday.year();
  const int week = static_cast<int>((thursday - IsoWeekMonday(year, 1)) / 7) + 1;
  return {year, week};
}

std::string PeriodLabel(const Period& period) {
  const absl::CivilDay d = period.first_day;
  switch (period.granularity) {
    case Granularity::kDay:
      return absl::StrFormat("%04d-%02d-%02d", d.year(), d.month(), d.day());
    case Granularity::kIsoWeek: {
      const IsoWeek week = IsoWeekOf(d);
      return absl::StrFormat("%04d-W%02d", week.year, week.week);
    }
    case Granularity::kMonth:
      return absl::StrFormat("%04d-%02d", d.year(), d.month());
    case Granularity::kQuarter:
      return absl::StrFormat("%04d-Q%d", d.year(), (d.month() - 1) / 3 + 1);
    case Granularity::kYear:
      return absl::StrFormat("%04d", d.year());
    case Granularity::kCustom: {
      const absl::CivilDay last = period.end_day - 1;
      return absl::StrFormat("%04d-%02d-%02d..%04d-%02d-%02d", d.year(), d.month(), d.day(),
                             last.year(), last.month(), last.day());
    }
  }
  return "";
}

absl::StatusOr<Period> CustomPeriod(absl::CivilDay from, absl::CivilDay to,
                                    const absl::TimeZone& zone, std::string_view field) {
  if (to <= from) {
    return absl::InvalidArgumentError(
        absl::StrCat(ToAbsl(field), ": the range ends on or before it starts (",
                     absl::FormatCivilTime(from), " to ", absl::FormatCivilTime(to), ")"));
  }
  return Period{StartOf(from, zone), StartOf(to, zone), from, to, Granularity::kCustom};
}

}  // namespace sales::analytics::domain
