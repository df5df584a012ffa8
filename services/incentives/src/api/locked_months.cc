#include "services/incentives/src/api/locked_months.h"

#include <string>

#include "services/incentives/src/store/statement_store.h"

namespace sales::incentives::api {

std::vector<domain::Period> LockedMonths(db::Transaction& tx) {
  std::vector<domain::Period> months;
  for (const std::string& label :
       store::ListLockedPeriodsGuarded(tx, store::PeriodGuard::kShared)) {
    absl::StatusOr<domain::Period> month = domain::ParsePeriod("period", label);
    if (month.ok()) months.push_back(*month);
  }
  return months;
}

std::optional<absl::CivilDay> FirstOpenDay(db::Transaction& tx) {
  const std::vector<domain::Period> locked = LockedMonths(tx);
  if (locked.empty()) return std::nullopt;
  return locked.back().EndDay();
}

}  // namespace sales::incentives::api
