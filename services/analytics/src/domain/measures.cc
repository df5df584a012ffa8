#include "services/analytics/src/domain/measures.h"

namespace sales::analytics::domain {

const char* DimensionKey(Dimension dimension) {
  switch (dimension) {
    case Dimension::kAll:
      return "all";
    case Dimension::kChannel:
      return "channel";
    case Dimension::kRegion:
      return "region";
    case Dimension::kProduct:
      return "product";
    case Dimension::kCategory:
      return "category";
    case Dimension::kRep:
      return "rep";
    case Dimension::kTier:
      return "tier";
    case Dimension::kSegment:
      return "segment";
  }
  return "all";
}

}  // namespace sales::analytics::domain
