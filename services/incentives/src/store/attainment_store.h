// What attainment, leaderboards and honours read (inside the caller's transaction): credits
// summed per rep (and per day and kind, for the team tally), the targets of owners, every
// rep and every membership span. Plain reads, no locks.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/incentives/src/domain/attainment.h"
#include "services/incentives/src/store/rows.h"

namespace sales::incentives::store {

// Credits with their day in [first, end), summed per rep, day and kind.
std::vector<domain::DayCredit> ListDayCredits(db::Transaction& tx, absl::CivilDay first,
                                              absl::CivilDay end);
// Every credit (revenue and overlay) with its day in [first, end), summed per rep.
std::map<std::string, domain::CreditSum> SumByRep(db::Transaction& tx, absl::CivilDay first,
                                                  absl::CivilDay end);
// The same for the listed reps only.
std::map<std::string, domain::CreditSum> SumForReps(db::Transaction& tx,
                                                    const std::vector<std::string>& rep_ids,
                                                    absl::CivilDay first, absl::CivilDay end);

// A target as attainment uses it.
struct TargetRef {
  int64_t id = 0;
  int64_t amount = 0;
};
// The owner's target of (metric, period), if any (not locked).
std::optional<TargetRef> FindOwnerTarget(db::Transaction& tx, domain::Metric metric,
                                         const domain::Period& period, const domain::Owner& owner);
// The targets of (metric, period) of every owner of `kind`, by owner key (the rep id, the
// team id in decimal).
std::map<std::string, TargetRef> ListOwnerTargets(db::Transaction& tx, domain::Metric metric,
                                                  const domain::Period& period,
                                                  domain::OwnerKind kind);

// Every rep, in creation order.
std::vector<RepRow> ListAllReps(db::Transaction& tx);
// Every membership span, per rep, oldest first.
std::map<std::string, std::vector<domain::MembershipSpan>> ListAllSpans(db::Transaction& tx);

}  // namespace sales::incentives::store
