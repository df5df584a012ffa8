// Replenishment settings: which lead time, lead-time deviation, service level and cover days
// a product in a warehouse is planned with. Each parameter is taken, in this order, from the
// request (when it sets it), the settings recorded for the product in that warehouse, the
// settings recorded for the product in every warehouse, or the default; each source is
// reported. The limits every recorded or requested value must respect are here too.
#pragma once

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "services/analytics/src/domain/replenishment.h"

namespace sales::analytics::domain {

inline constexpr int kMinLeadTimeDays = 1;
inline constexpr int kMaxLeadTimeDays = 180;
inline constexpr double kMaxLeadTimeSdDays = 180;
inline constexpr double kMinServiceLevel = 0.5;
inline constexpr double kMaxServiceLevel = 0.999;
inline constexpr int kMaxCoverDays = 365;

inline constexpr int kDefaultLeadTimeDays = 14;
inline constexpr double kDefaultServiceLevel = 0.95;
inline constexpr int kDefaultCoverDays = 28;

// Parameters given for one plan; unset ones are not given.
struct ReplenishmentSettingValues {
  std::optional<int> lead_time_days;
  std::optional<double> lead_time_sd_days;
  std::optional<double> service_level;
  std::optional<int> cover_days;
};

enum class SettingSource { kRequest, kRecordedWarehouse, kRecordedProduct, kDefault };

struct ResolvedPolicy {
  ReplenishmentPolicy policy;  // horizon_days left as the default
  SettingSource lead_time = SettingSource::kDefault;
  SettingSource lead_time_sd = SettingSource::kDefault;  // kDefault: none (0)
  SettingSource service_level = SettingSource::kDefault;
  SettingSource cover_days = SettingSource::kDefault;
};

// INVALID_ARGUMENT naming `prefix` + the field ("settings.lead_time_days", ...) when a set
// value is out of its range; `lead_time_required` refuses an unset lead time.
absl::Status CheckSettingValues(const ReplenishmentSettingValues& values, const std::string& prefix,
                                bool lead_time_required);

// Each parameter from the first of `requested`, `warehouse` (recorded for the warehouse),
// `product` (recorded for every warehouse) that sets it, else the default; either recorded
// set may be null.
ResolvedPolicy ResolveSettings(const ReplenishmentSettingValues& requested,
                               const ReplenishmentSettingValues* warehouse,
                               const ReplenishmentSettingValues* product);

}  // namespace sales::analytics::domain
