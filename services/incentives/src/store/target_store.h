// Targets (inside the caller's transaction).
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "common/db/transaction.h"
#include "services/incentives/src/store/rows.h"

namespace sales::incentives::store {

// ALREADY_EXISTS naming target.owner when the owner has a target for the metric and period.
int64_t InsertTarget(db::Transaction& tx, const TargetRow& row);
std::optional<TargetRow> FindTarget(db::Transaction& tx, int64_t id, bool for_update = false);
// The target of (metric, period, owner), locked, if any.
std::optional<TargetRow> FindTargetOf(db::Transaction& tx, domain::Metric metric,
                                      const domain::Period& period, const domain::Owner& owner);
// The children of a target, by id, locked.
std::vector<TargetRow> ListChildTargets(db::Transaction& tx, int64_t parent_id);
// amount, deadline, parent_id, split_mode, updated_at.
void UpdateTarget(db::Transaction& tx, const TargetRow& row);
void DeleteTarget(db::Transaction& tx, int64_t id);

struct TargetFilter {
  std::optional<domain::Metric> metric;
  std::optional<domain::Period> period;
  std::optional<domain::Owner> owner;
  int64_t parent_id = 0;  // 0: any
};
std::vector<TargetRow> ListTargets(db::Transaction& tx, const TargetFilter& filter,
                                   int64_t after_id, int limit);

}  // namespace sales::incentives::store
