#include "common/db/row_mapping.h"

#include <cppconn/exception.h>

#include <optional>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/time/civil_time.h"
#include "common/absl_compat.h"

namespace sales::db {
namespace {

const absl::TimeZone& Utc() {
  static const absl::TimeZone utc = absl::UTCTimeZone();
  return utc;
}

[[noreturn]] void Refuse(const char* column, std::string_view why) {
  throw sql::SQLException(absl::StrCat("row mapping: column ", column, " ", ToAbsl(why)), "HY000",
                          kErrBadRowValue);
}

// Digits of `text` from `pos`, `n` of them, as a number; nullopt if one is not a digit.
std::optional<int> Digits(std::string_view text, size_t pos, size_t n) {
  int value = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    value = value * 10 + (text[i] - '0');
  }
  return value;
}

// The text MariaDB and MySQL send for a DATETIME(0-6), "YYYY-MM-DD hh:mm:ss[.f{1,6}]", read
// as UTC without absl::ParseTime's general format machinery (which was a visible share of
// a list's CPU); nullopt for any other shape or an impossible date, which the caller then
// refuses with ParseTime's reason.
std::optional<absl::Time> ParseDatetime(std::string_view text) {
  constexpr size_t kSecondsEnd = 19;  // "YYYY-MM-DD hh:mm:ss"
  if (text.size() < kSecondsEnd || text[4] != '-' || text[7] != '-' || text[10] != ' ' ||
      text[13] != ':' || text[16] != ':') {
    return std::nullopt;
  }
  const std::optional<int> year = Digits(text, 0, 4), month = Digits(text, 5, 2),
                           day = Digits(text, 8, 2), hour = Digits(text, 11, 2),
                           minute = Digits(text, 14, 2), second = Digits(text, 17, 2);
  if (!year || !month || !day || !hour || !minute || !second) return std::nullopt;
  int64_t micros = 0;
  if (text.size() > kSecondsEnd) {
    const size_t digits = text.size() - kSecondsEnd - 1;
    if (text[kSecondsEnd] != '.' || digits == 0 || digits > 6) return std::nullopt;
    const std::optional<int> fraction = Digits(text, kSecondsEnd + 1, digits);
    if (!fraction) return std::nullopt;
    micros = *fraction;
    for (size_t i = digits; i < 6; ++i) micros *= 10;
  }
  if (*hour > 23 || *minute > 59 || *second > 59) return std::nullopt;
  const absl::CivilSecond civil(*year, *month, *day, *hour, *minute, *second);
  // CivilSecond normalises out-of-range fields (Feb 30 becomes Mar 2): such a text is no date.
  if (civil.year() != *year || civil.month() != *month || civil.day() != *day) return std::nullopt;
  return absl::FromCivil(civil, Utc()) + absl::Microseconds(micros);
}

}  // namespace

uint32_t RowReader::Index(const char* column) const {
  for (const Column& known : columns_) {
    if (known.name == column) return known.index;
  }
  const uint32_t index = rs_->findColumn(column);
  if (index == 0) Refuse(column, "is not in the result set");
  columns_.push_back({column, index});
  return index;
}

uint32_t RowReader::NotNull(const char* column) const {
  const uint32_t index = Index(column);
  if (rs_->isNull(index)) Refuse(column, "is NULL, but its reader is for a NOT NULL column");
  return index;
}

void RowReader::RefuseEnum(const char* column, int64_t number, std::string_view name) {
  Refuse(column, absl::StrCat("holds ", number, ", which is not a ", ToAbsl(name)));
}

int64_t RowReader::Int64(const char* column) const { return rs_->getInt64(NotNull(column)); }

int32_t RowReader::Int32(const char* column) const { return rs_->getInt(NotNull(column)); }

bool RowReader::Bool(const char* column) const { return rs_->getInt(NotNull(column)) != 0; }

std::string RowReader::String(const char* column) const { return rs_->getString(NotNull(column)); }

absl::Time RowReader::Time(const char* column) const { return TimeAt(column, NotNull(column)); }

absl::Time RowReader::TimeAt(const char* column, uint32_t index) const {
  const std::string text = rs_->getString(index);
  if (const std::optional<absl::Time> t = ParseDatetime(text)) return *t;
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, Utc(), &t, &err)) {
    Refuse(column, absl::StrCat("holds '", text, "', which is not a DATETIME: ", err));
  }
  return t;
}

bool RowReader::IsNull(const char* column) const { return rs_->isNull(Index(column)); }

int64_t RowReader::Int64OrZero(const char* column) const {
  const uint32_t index = Index(column);
  return rs_->isNull(index) ? 0 : rs_->getInt64(index);
}

std::string RowReader::StringOrEmpty(const char* column) const {
  const uint32_t index = Index(column);
  return rs_->isNull(index) ? std::string() : std::string(rs_->getString(index));
}

absl::Time RowReader::TimeOrUnset(const char* column) const {
  const uint32_t index = Index(column);
  return rs_->isNull(index) ? absl::InfinitePast() : TimeAt(column, index);
}

}  // namespace sales::db
