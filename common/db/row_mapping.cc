#include "common/db/row_mapping.h"

#include <cppconn/exception.h>

#include "absl/strings/str_cat.h"
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

}  // namespace

uint32_t RowReader::Index(const char* column) const {
  const uint32_t index = rs_.findColumn(column);
  if (index == 0) Refuse(column, "is not in the result set");
  return index;
}

uint32_t RowReader::NotNull(const char* column) const {
  const uint32_t index = Index(column);
  if (rs_.isNull(index)) Refuse(column, "is NULL, but its reader is for a NOT NULL column");
  return index;
}

void RowReader::RefuseEnum(const char* column, int64_t number, std::string_view name) {
  Refuse(column, absl::StrCat("holds ", number, ", which is not a ", ToAbsl(name)));
}

int64_t RowReader::Int64(const char* column) const { return rs_.getInt64(NotNull(column)); }

int32_t RowReader::Int32(const char* column) const { return rs_.getInt(NotNull(column)); }

bool RowReader::Bool(const char* column) const { return rs_.getInt(NotNull(column)) != 0; }

std::string RowReader::String(const char* column) const { return rs_.getString(NotNull(column)); }

absl::Time RowReader::Time(const char* column) const { return TimeAt(column, NotNull(column)); }

absl::Time RowReader::TimeAt(const char* column, uint32_t index) const {
  const std::string text = rs_.getString(index);
  absl::Time t;
  std::string err;
  if (!absl::ParseTime("%Y-%m-%d %H:%M:%E*S", text, Utc(), &t, &err)) {
    Refuse(column, absl::StrCat("holds '", text, "', which is not a DATETIME: ", err));
  }
  return t;
}

bool RowReader::IsNull(const char* column) const { return rs_.isNull(Index(column)); }

int64_t RowReader::Int64OrZero(const char* column) const {
  const uint32_t index = Index(column);
  return rs_.isNull(index) ? 0 : rs_.getInt64(index);
}

std::string RowReader::StringOrEmpty(const char* column) const {
  const uint32_t index = Index(column);
  return rs_.isNull(index) ? std::string() : std::string(rs_.getString(index));
}

absl::Time RowReader::TimeOrUnset(const char* column) const {
  const uint32_t index = Index(column);
  return rs_.isNull(index) ? absl::InfinitePast() : TimeAt(column, index);
}

}  // namespace sales::db
