// The demo company's calendar: the days it covers, how much it sells on each (trend, day of
// the week, season, holidays of the Chinese retail year) and the holiday campaigns.
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace sales::demo {

// The days the demo covers: history (imported) then the live window (orders placed now
// through their lifecycle). Both are inclusive ranges of business days.
struct DemoPeriod {
  absl::CivilDay first;       // first day of the history
  absl::CivilDay live_first;  // first day of the live window (after the history)
  absl::CivilDay last;        // the last day (--end, by default today)
  absl::TimeZone zone;        // the business time zone

  int64_t days() const { return last - first + 1; }
  bool InHistory(absl::CivilDay d) const { return d >= first && d < live_first; }
  // The instant of `seconds` after midnight of day d in the business time zone.
  absl::Time At(absl::CivilDay d, int64_t seconds) const;
};

// Spring Festival (Chinese New Year's day) of `year` from a table of lunar dates
// (2020-2035); false outside it.
bool SpringFestival(int year, absl::CivilDay* day);

// A shopping festival with a campaign: its peak day and the days its promotion runs.
struct Holiday {
  std::string key;                // "spring-festival", "618", "double-11", "double-12"
  std::string title;              // "Spring Festival 2025"
  int year = 0;                   // the festival's year
  absl::CivilDay peak;            // the festival day itself
  absl::CivilDay campaign_first;  // the campaign's first day
  absl::CivilDay campaign_last;   // its last day (inclusive)
};

// Every festival whose campaign overlaps [first, last], in date order.
std::vector<Holiday> HolidaysBetween(absl::CivilDay first, absl::CivilDay last);

// Relative demand of day d (1.0 = an ordinary Thursday at the start of the history):
// growth of `growth_per_year` (0.3 = +30% a year), busier weekends, a mild yearly wave, the
// run-up to Spring Festival and the quiet festival week, 618, Double 11, Double 12 and the
// National Day golden week.
double DemandWeight(absl::CivilDay d, absl::CivilDay first, double growth_per_year);

// Extra demand of day d for a category because of the season (tea and food gifts before
// Spring Festival, electronics at 618 and Double 11); 1.0 when nothing special.
double CategoryLift(absl::CivilDay d, const std::string& category);

// A time of day in seconds for an order taken through `channel_index` (0 store, 1 web,
// 2 phone, 3 partner), from an hourly profile (stores 10-21 h, the web shop into the night).
class Random;
int64_t OrderSecondOfDay(Random& rng, int channel_index);

}  // namespace sales::demo
