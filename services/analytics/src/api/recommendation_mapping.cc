#include "services/analytics/src/api/recommendation_mapping.h"

namespace sales::analytics::api {

v1::RecommendationMethod ToProtoMethod(domain::RecommendationMethod method) {
  switch (method) {
    case domain::RecommendationMethod::kItemToItem:
      return v1::RECOMMENDATION_METHOD_ITEM_TO_ITEM;
    case domain::RecommendationMethod::kMostPopular:
      return v1::RECOMMENDATION_METHOD_MOST_POPULAR;
  }
  return v1::RECOMMENDATION_METHOD_UNSPECIFIED;
}

}  // namespace sales::analytics::api
