#include "services/incentives/src/domain/period.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "common/absl_compat.h"
#include "common/status.h"

namespace sales::incentives::domain {
namespace {

constexpr int64_t kMinYear = 1970;
constexpr int64_t kMaxYear = 9999;

// Exactly `len` ASCII digits.
bool Digits(std::string_view text, size_t len, int64_t& out) {
  if (text.size() != len) return false;
  out = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

}  // namespace

std::string Period::Label() const {
  switch (kind) {
    case PeriodKind::kMonth:
      return absl::StrFormat("%04d-%02d", year, number);
    case PeriodKind::kQuarter:
      return absl::StrFormat("%04d-Q%d", year, number);
    case PeriodKind::kYear:
      break;
  }
  return absl::StrFormat("%04d", year);
}

const char* Period::KindName() const {
  switch (kind) {
    case PeriodKind::kMonth:
      return "month";
    case PeriodKind::kQuarter:
      return "quarter";
    case PeriodKind::kYear:
      break;
  }
  return "year";
}

absl::CivilDay Period::FirstDay() const {
  switch (kind) {
    case PeriodKind::kMonth:
      return absl::CivilDay(year, number, 1);
    case PeriodKind::kQuarter:
      return absl::CivilDay(year, 3 * (number - 1) + 1, 1);
    case PeriodKind::kYear:
      break;
  }
  return absl::CivilDay(year, 1, 1);
}

absl::CivilDay Period::EndDay() const {
  switch (kind) {
    case PeriodKind::kMonth:
      return absl::CivilDay(absl::CivilMonth(year, number) + 1);
    case PeriodKind::kQuarter:
      return absl::CivilDay(absl::CivilMonth(year, 3 * (number - 1) + 1) + 3);
    case PeriodKind::kYear:
      break;
  }
  return absl::CivilDay(year + 1, 1, 1);
}

std::vector<Period> Period::Months() const {
  std::vector<Period> months;
  for (absl::CivilMonth m(FirstDay()); absl::CivilDay(m) < EndDay(); ++m) {
    months.push_back({PeriodKind::kMonth, m.year(), m.month()});
  }
  return months;
}

absl::StatusOr<Period> ParsePeriod(std::string_view field, std::string_view label) {
  if (label.empty()) return InvalidField(field, "is required");
  const auto bad = [&] {
    return InvalidField(field,
                        "must be a month YYYY-MM, a quarter YYYY-Qn or a year YYYY, with "
                        "the year 1970-9999");
  };
  int64_t year = 0;
  if (label.size() < 4 || !Digits(label.substr(0, 4), 4, year) || year < kMinYear ||
      year > kMaxYear) {
    return bad();
  }
  if (label.size() == 4) return Period{PeriodKind::kYear, year, 0};
  if (label.size() == 7 && label[4] == '-' && label[5] == 'Q') {
    int64_t quarter = 0;
    if (!Digits(label.substr(6), 1, quarter) || quarter < 1 || quarter > 4) return bad();
    return Period{PeriodKind::kQuarter, year, static_cast<int>(quarter)};
  }
  int64_t month = 0;
  if (label.size() == 7 && label[4] == '-' && Digits(label.substr(5), 2, month) && month >= 1 &&
      month <= 12) {
    return Period{PeriodKind::kMonth, year, static_cast<int>(month)};
  }
  return bad();
}

absl::StatusOr<absl::CivilDay> ParseDay(std::string_view field, std::string_view text) {
  if (text.empty()) return InvalidField(field, "is required");
  int64_t year = 0, month = 0, day = 0;
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      Digits(text.substr(0, 4), 4, year) && Digits(text.substr(5, 2), 2, month) &&
                      Digits(text.substr(8, 2), 2, day);
  // CivilDay normalises 2026-02-30 to 2026-03-02: a real date reads back unchanged.
  const absl::CivilDay parsed(year, static_cast<int>(month), static_cast<int>(day));
  if (!shaped || year < kMinYear || year > kMaxYear || parsed.month() != month ||
      parsed.day() != day) {
    return InvalidField(field, "must be a date YYYY-MM-DD with the year 1970-9999");
  }
  return parsed;
}

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::Time DayStart(absl::CivilDay day, const absl::TimeZone& zone) {
  // A midnight skipped by a daylight-saving change starts the day at the change.
  const absl::TimeZone::TimeInfo info = zone.At(absl::CivilSecond(day));
  return info.kind == absl::TimeZone::TimeInfo::SKIPPED ? info.trans : info.pre;
}

}  // namespace sales::incentives::domain
