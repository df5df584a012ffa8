// Analytics' own inputs per day (input_days): set for a period (replacing what was given
// for those days before), or read per day (KPI answers sum them with ReadKpiSums).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/inputs.h"

namespace sales::analytics::store {

// Replaces the input of `kind` for `key` on the days [first, first + amounts.size()) with
// `amounts`, one per day.
void SetInputDays(db::Transaction& tx, domain::InputKind kind, const std::string& key,
                  absl::CivilDay first, const std::vector<int64_t>& amounts);

// The input of `kind` (for `key`, or every key when it is empty) per day over [from, to),
// days without input left out, oldest first (KPI answers sum inputs with ReadKpiSums).
std::vector<std::pair<absl::CivilDay, int64_t>> DailyInput(db::Transaction& tx,
                                                           domain::InputKind kind,
                                                           const std::optional<std::string>& key,
                                                           absl::CivilDay from, absl::CivilDay to);

}  // namespace sales::analytics::store
