#include "services/orders/src/domain/delivery_promise.h"

#include <algorithm>
#include <string>

#include "absl/strings/str_format.h"

namespace sales::orders::domain {

absl::StatusOr<std::optional<absl::CivilDay>> PromisedDate(std::string_view field,
                                                           DeliveryOption option,
                                                           absl::Time ordered_at,
                                                           std::optional<absl::CivilDay> scheduled,
                                                           const DeliveryRules& rules) {
  const absl::CivilDay order_day = absl::ToCivilDay(ordered_at, rules.zone);
  if (option != DeliveryOption::kScheduled && scheduled.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.scheduled_date: is only given with DELIVERY_OPTION_SCHEDULED", field));
  }
  switch (option) {
    case DeliveryOption::kNone:
      return std::optional<absl::CivilDay>();
    case DeliveryOption::kStandard:
      return std::optional<absl::CivilDay>(order_day + rules.standard_days);
    case DeliveryOption::kNextDay:
      return std::optional<absl::CivilDay>(order_day + 1);
    case DeliveryOption::kScheduled:
      break;
  }
  if (!scheduled.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.scheduled_date: is required with DELIVERY_OPTION_SCHEDULED", field));
  }
  if (*scheduled <= order_day || *scheduled - order_day > rules.max_schedule_days) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s.scheduled_date: must be after the order day %s and at most %d days ahead", field,
        FormatDate(order_day), rules.max_schedule_days));
  }
  return scheduled;
}

int64_t DaysLate(absl::CivilDay promised, absl::Time delivered_at, absl::TimeZone zone) {
  const absl::CivilDay delivered = absl::ToCivilDay(delivered_at, zone);
  return std::max<int64_t>(0, delivered - promised);
}

absl::StatusOr<absl::CivilDay> ParseDate(std::string_view field, std::string_view text) {
  absl::CivilDay day;
  if (text.size() != 10 || !absl::ParseCivilTime(std::string(text), &day) ||
      FormatDate(day) != text) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: must be a date \"YYYY-MM-DD\", got \"%s\"", field, text));
  }
  return day;
}

std::string FormatDate(absl::CivilDay day) { return absl::FormatCivilTime(day); }

}  // namespace sales::orders::domain
