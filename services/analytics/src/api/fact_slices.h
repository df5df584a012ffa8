// Which order facts a KPI slice covers, for the figures counted from the facts at query
// time: the customer activity of every slice, and every measure of the tier and RFM segment
// slices (which the daily rollup does not keep).
#pragma once

#include "common/db/transaction.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/domain/periods.h"
#include "services/analytics/src/store/activity_store.h"

namespace sales::analytics::api {

// Whether `dimension`'s measures come from the facts rather than the daily rollup.
bool MeasuredFromFacts(domain::Dimension dimension);

// The facts `slice` covers in `period`. A tier slice also covers the customers who never
// changed tier when its member is the tier every customer starts in (store/tier_store.h);
// an RFM segment slice covers the customers in that segment as of the period's last day,
// scored over the kDefaultRfmWindowDays days up to it.
store::FactSlice FactSliceOf(db::Transaction& tx, const domain::SliceKey& slice,
                             const domain::Period& period);

}  // namespace sales::analytics::api
