// Figures counted from the live order facts at query time, for any slice: the customer
// activity of a period (distinct customers, which the daily rollup cannot sum), and, for the
// slices the rollup does not keep (tier, RFM segment), the period's order, return and
// new-customer measures.
#pragma once

#include <string>
#include <vector>

#include "absl/time/civil_time.h"
#include "common/db/transaction.h"
#include "services/analytics/src/domain/customer_activity.h"
#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/domain/periods.h"

namespace sales::analytics::store {

// Which orders a figure read from the facts covers.
struct FactSlice {
  enum class Kind {
    kAll,
    kChannel,    // the order's channel is `member`
    kRegion,     // the order's region is `member`
    kProduct,    // the order has a line of product `member`
    kCategory,   // the order has a line of category `member`
    kRep,        // rep `member` has a credit share of the order
    kTier,       // the order's customer held tier `member` when it was placed
    kCustomers,  // the order's customer is one of `customers`
  };
  Kind kind = Kind::kAll;
  std::string member;
  // kTier: also the orders of customers without any tier change (member is the tier every
  // customer starts in).
  bool starting_tier = false;
  std::vector<std::string> customers;  // kCustomers
};

// Active, returning, lapsed and repeat customers of `period` in `slice`
// (domain/customer_activity.h), `previous` being the period before it (its end is
// `period`'s start).
domain::CustomerActivity LoadActivity(db::Transaction& tx, const FactSlice& slice,
                                      const domain::Period& period, const domain::Period& previous);

// The measures of `slice` over the days [from, to) as the daily rollup would hold them:
// orders, units and amounts of the counted orders placed on those days, cancelled orders
// placed on them, returns resolved on them (of the slice's orders) and first orders placed
// on them (new customers). Lead and survey measures are 0.
domain::Measures SumFacts(db::Transaction& tx, const FactSlice& slice, absl::CivilDay from,
                          absl::CivilDay to);

}  // namespace sales::analytics::store
