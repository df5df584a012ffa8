// The RFM scoring every answer about segments shares (GetRfmSegments, GetCustomerRfm,
// GetRfmMovements, the RFM segment slice of the KPIs): the purchases of a window of days
// loaded from the live facts and scored by domain/rfm.h.
#pragma once

#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/rfm.h"

namespace sales::analytics::api {

// The window a scoring looks back over when the caller does not say: a year of days.
inline constexpr int kDefaultRfmWindowDays = 365;

// The RFM scores of the window [as_of - days + 1, as_of].
std::vector<domain::RfmScore> ScoreRfmWindow(db::Transaction& tx, absl::CivilDay as_of, int days);

}  // namespace sales::analytics::api
