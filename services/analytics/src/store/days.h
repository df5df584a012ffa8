// DATE columns: civil days of the business time zone, bound and read as "YYYY-MM-DD".
#pragma once

#include <cppconn/resultset.h>

#include <string>

#include "absl/time/civil_time.h"

namespace sales::analytics::store {

std::string DayText(absl::CivilDay day);
// The DATE in column `index` (1-based).
absl::CivilDay ReadDay(sql::ResultSet& rs, int index);

}  // namespace sales::analytics::store
