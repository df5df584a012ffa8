// Periods as people type them for analytics: a granularity by name ("month"), a period by
// its label ("2026-10-15", "2026-W42", "2026-10", "2026-Q3", "2026"), and days
// ("2026-10-15"). The labels are those the analytics service answers with, so a label
// typed with --at can be checked against the period the service cut.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/civil_time.h"
#include "sales/analytics/v1/kpi.pb.h"

namespace sales::salesctl {

namespace av1 = ::sales::analytics::v1;

// "day", "week", "month", "quarter" or "year" (any letter case) -> the calendar granularity;
// INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<av1::Granularity> ParseGranularity(absl::string_view field, absl::string_view text);
// "day", "week", ... for a calendar granularity; "custom" for GRANULARITY_CUSTOM.
std::string GranularityText(av1::Granularity granularity);

// "2026-10-15" (a real day) -> the day; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view field, absl::string_view text);
// "2026-10-15".
std::string DayText(absl::CivilDay day);

// A period named by its label, as days of the calendar.
struct PeriodLabel {
  av1::Granularity granularity = av1::GRANULARITY_UNSPECIFIED;
  // The label in the service's spelling ("2026-W42", "2026-Q3").
  std::string label;
  absl::CivilDay first_day;
  // Inclusive.
  absl::CivilDay last_day;
};

// One of "2026-10-15", "2026-W42" (ISO week 01..52, or 53 in a year that has it), "2026-10",
// "2026-Q3", "2026" (w and q in either case). INVALID_ARGUMENT naming `field` otherwise, e.g.
// for "2026-13" or "2026-W54".
absl::StatusOr<PeriodLabel> ParsePeriodLabel(absl::string_view field, absl::string_view text);

// The day in the middle of the label's days: the day itself, the Thursday of a week (ISO
// weeks belong to the year of their Thursday), the 15th of a month, the 15th of a quarter's
// middle month, 1 July of a year.
absl::CivilDay MiddleDay(const PeriodLabel& label);

// Whether a label of granularity `label` names exactly one period of granularity `period`:
// the same granularity, or a finer one nested in it (a day in any period, a month in its
// quarter or year, a quarter in its year; a week only as a week, since weeks straddle months).
bool LabelFitsPeriod(av1::Granularity label, av1::Granularity period);

}  // namespace sales::salesctl
