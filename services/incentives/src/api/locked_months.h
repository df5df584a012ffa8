#pragma once

#include <optional>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/incentives/src/domain/period.h"

namespace sales::incentives::api {

// The locked months, read under the period guard held shared until the transaction ends
// (store::PeriodGuard): a write checked against them waits for a LockPeriod in flight and then
// sees its month locked, and LockPeriod waits for the write and then prices what it committed.
// For every write that changes what a locked month's statements were computed from: targets,
// published plan versions, plan assignments, team moves.
std::vector<domain::Period> LockedMonths(db::Transaction& tx);

// The first day after the last locked month (under the guard, as above), or nullopt when no
// month is locked.
std::optional<absl::CivilDay> FirstOpenDay(db::Transaction& tx);

}  // namespace sales::incentives::api
