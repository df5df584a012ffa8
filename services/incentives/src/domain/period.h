// Target periods (a month, a quarter or a year) and days, as civil dates of the business
// time zone: "2026-10", "2026-Q4", "2026", and days "2026-10-05".
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace sales::incentives::domain {

enum class PeriodKind { kMonth = 1, kQuarter = 2, kYear = 3 };

struct Period {
  PeriodKind kind = PeriodKind::kMonth;
  int64_t year = 0;
  int number = 0;  // month 1-12, quarter 1-4, 0 for a year

  // "2026-10", "2026-Q4", "2026".
  std::string Label() const;
  // "month", "quarter", "year".
  const char* KindName() const;
  absl::CivilDay FirstDay() const;
  // The day after the last one.
  absl::CivilDay EndDay() const;
  int Days() const { return static_cast<int>(EndDay() - FirstDay()); }
  // The months of the period, in order (a month's is itself).
  std::vector<Period> Months() const;
  // Whether `other` lies within this period (a month within its quarter and year...).
  bool Contains(const Period& other) const {
    return FirstDay() <= other.FirstDay() && other.EndDay() <= EndDay();
  }
  friend bool operator==(const Period&, const Period&) = default;
};

// A period label, years 1970-9999; INVALID_ARGUMENT naming `field` ("must be a month
// YYYY-MM, a quarter YYYY-Qn or a year YYYY").
absl::StatusOr<Period> ParsePeriod(std::string_view field, std::string_view label);

// A day "YYYY-MM-DD", years 1970-9999; INVALID_ARGUMENT naming `field`.
absl::StatusOr<absl::CivilDay> ParseDay(std::string_view field, std::string_view text);
// "YYYY-MM-DD".
std::string DayText(absl::CivilDay day);

// The first moment of `day` in `zone`.
absl::Time DayStart(absl::CivilDay day, const absl::TimeZone& zone);

}  // namespace sales::incentives::domain
