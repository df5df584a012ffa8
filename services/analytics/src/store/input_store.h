// Analytics' own inputs per day (input_days): set for a period (replacing what was given
// for those days before), summed over periods, or per day.
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

// The inputs of `kinds` (for `key`, or every key when it is empty) summed over each of
// `ranges` ([from, to) days; they may overlap), in one statement: [k][r] is kinds[k] over
// ranges[r].
std::vector<std::vector<int64_t>> SumInputRanges(
    db::Transaction& tx, const std::vector<domain::InputKind>& kinds,
    const std::optional<std::string>& key,
    const std::vector<std::pair<absl::CivilDay, absl::CivilDay>>& ranges);

// The same per day over [from, to), days without input left out, oldest first.
std::vector<std::pair<absl::CivilDay, int64_t>> DailyInput(db::Transaction& tx,
                                                           domain::InputKind kind,
                                                           const std::optional<std::string>& key,
                                                           absl::CivilDay from, absl::CivilDay to);

}  // namespace sales::analytics::store
