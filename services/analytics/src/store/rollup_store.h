// The daily rollup (kpi_days): deltas added as events arrive, and the sums every KPI answer
// reads, a year being at most 366 rows of one slice member.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::store {

// The rollup of one table set (the live table, or the twin a rebuild fills).
class RollupStore final {
 public:
  explicit RollupStore(TableSet set);

  // Adds `deltas` (one multi-row upsert; deltas of one day and slice merged first).
  void AddDeltas(db::Transaction& tx, const std::vector<domain::DayDelta>& deltas) const;

  // The measures of `slice` summed over the days [from, to).
  domain::Measures SumDays(db::Transaction& tx, const domain::SliceKey& slice, absl::CivilDay from,
                           absl::CivilDay to) const;

  // The measures of every member of `dimension` summed over the days [from, to), by member.
  std::vector<std::pair<std::string, domain::Measures>> SumByMember(db::Transaction& tx,
                                                                    domain::Dimension dimension,
                                                                    absl::CivilDay from,
                                                                    absl::CivilDay to) const;

  // The measures of `slice` per day over [from, to), days without a row left out, oldest
  // first.
  std::vector<std::pair<absl::CivilDay, domain::Measures>> DailyMeasures(
      db::Transaction& tx, const domain::SliceKey& slice, absl::CivilDay from,
      absl::CivilDay to) const;

 private:
  // Built once from the fixed column list and the table set, never from values.
  const std::string upsert_prefix_;
  const std::string upsert_suffix_;
  const std::string sum_sql_;
  const std::string by_member_sql_;
  const std::string daily_sql_;
};

}  // namespace sales::analytics::store
