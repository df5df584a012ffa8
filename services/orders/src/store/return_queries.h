// Reads of many returns at once (ListReturns), inside the caller's transaction.
#pragma once

#include <cstdint>
#include <vector>

#include "absl/time/time.h"
#include "common/db/transaction.h"
#include "common/paging.h"
#include "services/orders/src/store/rows.h"

namespace sales::orders::store {

struct ReturnFilter {
  int64_t order_id = 0;                              // 0: any
  int status = 0;                                    // ReturnStatus number; 0: any
  absl::Time created_from = absl::InfinitePast();    // inclusive; InfinitePast: open
  absl::Time created_before = absl::InfinitePast();  // exclusive; InfinitePast: open
};
// Oldest first, with lines: rows strictly after `after`, a (created_at, id) cursor, in
// (created_at, id) order. Two statements whatever the page size.
std::vector<ReturnRow> ListReturns(db::Transaction& tx, const ReturnFilter& filter,
                                   const KeysetCursor& after, int limit);

}  // namespace sales::orders::store
