#include "services/analytics/src/domain/replenishment_settings.h"

#include <tuple>
#include <utility>

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

// The first of the three sets that has `field`, with its source; nullopt when none has.
template <typename T>
std::optional<std::pair<T, SettingSource>> First(
    const ReplenishmentSettingValues& requested, const ReplenishmentSettingValues* warehouse,
    const ReplenishmentSettingValues* product,
    std::optional<T> ReplenishmentSettingValues::*field) {
  if ((requested.*field).has_value())
    return std::pair(*(requested.*field), SettingSource::kRequest);
  if (warehouse != nullptr && (warehouse->*field).has_value()) {
    return std::pair(*(warehouse->*field), SettingSource::kRecordedWarehouse);
  }
  if (product != nullptr && (product->*field).has_value()) {
    return std::pair(*(product->*field), SettingSource::kRecordedProduct);
  }
  return std::nullopt;
}

}  // namespace

absl::Status CheckSettingValues(const ReplenishmentSettingValues& v, const std::string& prefix,
                                bool lead_time_required) {
  if (!v.lead_time_days.has_value()) {
    if (lead_time_required) {
      return absl::InvalidArgumentError(absl::StrCat(prefix, "lead_time_days: required"));
    }
  } else if (*v.lead_time_days < kMinLeadTimeDays || *v.lead_time_days > kMaxLeadTimeDays) {
    return absl::InvalidArgumentError(absl::StrCat(prefix, "lead_time_days: must be between ",
                                                   kMinLeadTimeDays, " and ", kMaxLeadTimeDays,
                                                   ", got ", *v.lead_time_days));
  }
  if (v.lead_time_sd_days.has_value() &&
      !(*v.lead_time_sd_days >= 0 && *v.lead_time_sd_days <= kMaxLeadTimeSdDays)) {
    return absl::InvalidArgumentError(
        absl::StrCat(prefix, "lead_time_sd_days: must be between 0 and ", kMaxLeadTimeSdDays,
                     ", got ", *v.lead_time_sd_days));
  }
  if (v.service_level.has_value() &&
      !(*v.service_level >= kMinServiceLevel && *v.service_level <= kMaxServiceLevel)) {
    return absl::InvalidArgumentError(absl::StrCat(prefix, "service_level: must be between ",
                                                   kMinServiceLevel, " and ", kMaxServiceLevel,
                                                   ", got ", *v.service_level));
  }
  if (v.cover_days.has_value() && (*v.cover_days < 0 || *v.cover_days > kMaxCoverDays)) {
    return absl::InvalidArgumentError(absl::StrCat(prefix, "cover_days: must be between 0 and ",
                                                   kMaxCoverDays, ", got ", *v.cover_days));
  }
  return absl::OkStatus();
}

ResolvedPolicy ResolveSettings(const ReplenishmentSettingValues& requested,
                               const ReplenishmentSettingValues* warehouse,
                               const ReplenishmentSettingValues* product) {
  ResolvedPolicy out;
  out.policy.lead_time_days = kDefaultLeadTimeDays;
  out.policy.service_level = kDefaultServiceLevel;
  out.policy.cover_days = kDefaultCoverDays;
  out.policy.lead_time_sd_days = 0;
  if (auto v = First(requested, warehouse, product, &ReplenishmentSettingValues::lead_time_days)) {
    std::tie(out.policy.lead_time_days, out.lead_time) = *v;
  }
  if (auto v =
          First(requested, warehouse, product, &ReplenishmentSettingValues::lead_time_sd_days)) {
    std::tie(out.policy.lead_time_sd_days, out.lead_time_sd) = *v;
  }
  if (auto v = First(requested, warehouse, product, &ReplenishmentSettingValues::service_level)) {
    std::tie(out.policy.service_level, out.service_level) = *v;
  }
  if (auto v = First(requested, warehouse, product, &ReplenishmentSettingValues::cover_days)) {
    std::tie(out.policy.cover_days, out.cover_days) = *v;
  }
  return out;
}

}  // namespace sales::analytics::domain
