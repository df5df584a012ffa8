#include "tools/salesctl/period_text.h"

#include <cstdint>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"
#include "tools/salesctl/errors.h"

namespace sales::salesctl {
namespace {

constexpr const char* kLabelForms = "2026-10-15, 2026-W42, 2026-10, 2026-Q3 or 2026";

// A number of exactly `width` digits.
bool Digits(absl::string_view text, size_t width, int* out) {
  if (text.size() != width) return false;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return absl::SimpleAtoi(text, out);
}

// The Monday of ISO week 1 of `year`: the week holding 4 January.
absl::CivilDay FirstIsoMonday(int64_t year) {
  const absl::CivilDay jan4(year, 1, 4);
  const int since_monday =
      static_cast<int>(absl::GetWeekday(jan4)) - static_cast<int>(absl::Weekday::monday);
  return jan4 - since_monday;
}

absl::CivilDay LastDayOfMonth(int64_t year, int month) {
  return absl::CivilDay(absl::CivilMonth(year, month) + 1) - 1;
}

}  // namespace

absl::StatusOr<av1::Granularity> ParseGranularity(absl::string_view field, absl::string_view text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "day") return av1::GRANULARITY_DAY;
  if (lower == "week") return av1::GRANULARITY_ISO_WEEK;
  if (lower == "month") return av1::GRANULARITY_MONTH;
  if (lower == "quarter") return av1::GRANULARITY_QUARTER;
  if (lower == "year") return av1::GRANULARITY_YEAR;
  return InvalidField(field,
                      absl::StrCat("'", text, "' is none of day, week, month, quarter, year"));
}

std::string GranularityText(av1::Granularity granularity) {
  switch (granularity) {
    case av1::GRANULARITY_DAY:
      return "day";
    case av1::GRANULARITY_ISO_WEEK:
      return "week";
    case av1::GRANULARITY_MONTH:
      return "month";
    case av1::GRANULARITY_QUARTER:
      return "quarter";
    case av1::GRANULARITY_YEAR:
      return "year";
    case av1::GRANULARITY_CUSTOM:
      return "custom";
    default:
      return "";
  }
}

absl::StatusOr<absl::CivilDay> ParseDay(absl::string_view field, absl::string_view text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(text, &day) || DayText(day) != text) {
    return InvalidField(field, absl::StrCat("'", text,
                                            "' is not a day; expected YYYY-MM-DD, e.g. "
                                            "2026-10-15"));
  }
  return day;
}

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::StatusOr<PeriodLabel> ParsePeriodLabel(absl::string_view field, absl::string_view text) {
  const auto bad = [&](absl::string_view why) {
    return InvalidField(field, absl::StrCat("'", text, "' ", why, "; expected ", kLabelForms));
  };
  const std::vector<absl::string_view> parts = absl::StrSplit(text, '-');
  int year = 0;
  if (parts.empty() || !Digits(parts[0], 4, &year) || year < 1) {
    return bad("does not start with a year of four digits");
  }
  PeriodLabel out;
  if (parts.size() == 1) {
    out.granularity = av1::GRANULARITY_YEAR;
    out.label = absl::StrFormat("%04d", year);
    out.first_day = absl::CivilDay(year, 1, 1);
    out.last_day = absl::CivilDay(year, 12, 31);
    return out;
  }
  if (parts.size() == 3) {
    absl::StatusOr<absl::CivilDay> day = ParseDay(field, text);
    if (!day.ok()) return bad("is not a real day");
    out.granularity = av1::GRANULARITY_DAY;
    out.label = DayText(*day);
    out.first_day = out.last_day = *day;
    return out;
  }
  if (parts.size() != 2 || parts[1].empty()) return bad("is not a period");
  const char kind = absl::ascii_toupper(parts[1][0]);
  int number = 0;
  if (kind == 'Q') {
    if (!Digits(parts[1].substr(1), 1, &number) || number < 1 || number > 4) {
      return bad("names no quarter (Q1 to Q4)");
    }
    out.granularity = av1::GRANULARITY_QUARTER;
    out.label = absl::StrFormat("%04d-Q%d", year, number);
    out.first_day = absl::CivilDay(year, 3 * number - 2, 1);
    out.last_day = LastDayOfMonth(year, 3 * number);
    return out;
  }
  if (kind == 'W') {
    const absl::CivilDay monday = FirstIsoMonday(year);
    const int weeks = static_cast<int>((FirstIsoMonday(year + 1) - monday) / 7);
    if (!Digits(parts[1].substr(1), 2, &number) || number < 1 || number > weeks) {
      return bad(absl::StrCat("names no ISO week of ", year, " (W01 to W", weeks, ")"));
    }
    out.granularity = av1::GRANULARITY_ISO_WEEK;
    out.label = absl::StrFormat("%04d-W%02d", year, number);
    out.first_day = monday + 7 * (number - 1);
    out.last_day = out.first_day + 6;
    return out;
  }
  if (!Digits(parts[1], 2, &number) || number < 1 || number > 12) {
    return bad("names no month (01 to 12)");
  }
  out.granularity = av1::GRANULARITY_MONTH;
  out.label = absl::StrFormat("%04d-%02d", year, number);
  out.first_day = absl::CivilDay(year, number, 1);
  out.last_day = LastDayOfMonth(year, number);
  return out;
}

absl::CivilDay MiddleDay(const PeriodLabel& label) {
  switch (label.granularity) {
    case av1::GRANULARITY_ISO_WEEK:
      return label.first_day + 3;
    case av1::GRANULARITY_MONTH:
      return absl::CivilDay(label.first_day.year(), label.first_day.month(), 15);
    case av1::GRANULARITY_QUARTER:
      return absl::CivilDay(label.first_day.year(), label.first_day.month() + 1, 15);
    case av1::GRANULARITY_YEAR:
      return absl::CivilDay(label.first_day.year(), 7, 1);
    default:
      return label.first_day;
  }
}

bool LabelFitsPeriod(av1::Granularity label, av1::Granularity period) {
  if (label == period) return true;
  return label != av1::GRANULARITY_ISO_WEEK && period != av1::GRANULARITY_CUSTOM &&
         static_cast<int>(period) > static_cast<int>(label);
}

}  // namespace sales::salesctl
