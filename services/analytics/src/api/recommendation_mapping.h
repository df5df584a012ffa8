// The domain's recommendation method as the proto names it, for RecommendProducts (the
// method served) and the next best actions (the method a product offer comes from).
#pragma once

#include "sales/analytics/v1/prediction.pb.h"
#include "services/analytics/src/domain/basket.h"

namespace sales::analytics::api {

namespace v1 = ::sales::analytics::v1;

v1::RecommendationMethod ToProtoMethod(domain::RecommendationMethod method);

}  // namespace sales::analytics::api
