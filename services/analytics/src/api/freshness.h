// Where an answer stands in the feeds: the positions its figures include.
#pragma once

#include "common/db/transaction.h"
#include "sales/analytics/v1/kpi.pb.h"

namespace sales::analytics::api {

// Read first in an answer's transaction: the figures read after include at least these.
analytics::v1::Freshness ReadFreshness(db::Transaction& tx);

}  // namespace sales::analytics::api
