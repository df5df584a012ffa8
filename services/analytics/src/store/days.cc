#include "services/analytics/src/store/days.h"

#include "absl/strings/str_format.h"

namespace sales::analytics::store {

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

absl::CivilDay ReadDay(sql::ResultSet& rs, int index) {
  const std::string text = rs.getString(index);
  absl::CivilDay day;
  // A DATE column always parses; a failure would be a schema change, left as 1970-01-01.
  (void)absl::ParseCivilTime(text, &day);
  return day;
}

}  // namespace sales::analytics::store
