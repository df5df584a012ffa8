#include "services/analytics/src/api/fact_slices.h"

#include <algorithm>

#include "services/analytics/src/api/rfm_scoring.h"
#include "services/analytics/src/domain/rfm.h"
#include "services/analytics/src/store/tier_store.h"

namespace sales::analytics::api {

using domain::Dimension;
using Kind = store::FactSlice::Kind;

bool MeasuredFromFacts(Dimension dimension) {
  return dimension == Dimension::kTier || dimension == Dimension::kSegment;
}

store::FactSlice FactSliceOf(db::Transaction& tx, const domain::SliceKey& slice,
                             const domain::Period& period) {
  store::FactSlice out;
  out.member = slice.member;
  switch (slice.dimension) {
    case Dimension::kAll:
      out.kind = Kind::kAll;
      break;
    case Dimension::kChannel:
      out.kind = Kind::kChannel;
      break;
    case Dimension::kRegion:
      out.kind = Kind::kRegion;
      break;
    case Dimension::kProduct:
      out.kind = Kind::kProduct;
      break;
    case Dimension::kCategory:
      out.kind = Kind::kCategory;
      break;
    case Dimension::kRep:
      out.kind = Kind::kRep;
      break;
    case Dimension::kTier:
      out.kind = Kind::kTier;
      out.starting_tier = store::LoadStartingTier(tx) == slice.member;
      break;
    case Dimension::kSegment: {
      out.kind = Kind::kCustomers;
      const std::optional<domain::RfmSegment> segment = domain::ParseRfmSegment(slice.member);
      for (domain::RfmScore& score :
           ScoreRfmWindow(tx, period.end_day - 1, kDefaultRfmWindowDays)) {
        if (score.segment == segment) out.customers.push_back(std::move(score.customer_id));
      }
      std::sort(out.customers.begin(), out.customers.end());
      break;
    }
  }
  return out;
}

}  // namespace sales::analytics::api
