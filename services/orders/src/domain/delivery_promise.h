// The delivery promise of an order: the option the customer chose (standard, next day, a
// scheduled date), the promised delivery date it gives, and how a delivery compares with it.
// Dates are civil days in the deployment's business time zone (--time_zone, e.g.
// Asia/Shanghai): an order placed at 23:30 local time is placed on that local day.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"

namespace sales::orders::domain {

// Values equal the proto DeliveryOption numbers.
enum class DeliveryOption { kNone = 0, kStandard = 1, kNextDay = 2, kScheduled = 3 };

// The deployment's delivery settings.
struct DeliveryRules {
  int64_t standard_days = 3;                  // --standard_delivery_days: days after the order day
  absl::TimeZone zone = absl::UTCTimeZone();  // the business time zone of the dates
  int64_t max_schedule_days = 365;            // a scheduled date at most this far ahead
};

// The promised delivery date of an order placed at `ordered_at`: the order's local day plus
// standard_days (standard) or plus one (next day), or `scheduled` (scheduled), which must be
// after the order's local day and at most max_schedule_days ahead (INVALID_ARGUMENT naming
// `field`.scheduled_date otherwise; a scheduled date given with another option is refused
// the same way). nullopt for kNone: no promise.
absl::StatusOr<std::optional<absl::CivilDay>> PromisedDate(std::string_view field,
                                                           DeliveryOption option,
                                                           absl::Time ordered_at,
                                                           std::optional<absl::CivilDay> scheduled,
                                                           const DeliveryRules& rules);

// Whole days a delivery at `delivered_at` came after the promised date, by local days: 0 on
// or before the promised day, N when it came N local days after it.
int64_t DaysLate(absl::CivilDay promised, absl::Time delivered_at, absl::TimeZone zone);

// "YYYY-MM-DD" -> the day; INVALID_ARGUMENT naming `field` for anything else.
absl::StatusOr<absl::CivilDay> ParseDate(std::string_view field, std::string_view text);
// The day as "YYYY-MM-DD".
std::string FormatDate(absl::CivilDay day);

}  // namespace sales::orders::domain
