// KPI figures and growth into their proto messages.
#pragma once

#include "sales/analytics/v1/kpi.pb.h"
#include "services/analytics/src/domain/kpi_figures.h"

namespace sales::analytics::api {

namespace v1 = ::sales::analytics::v1;

v1::KpiValues ToProto(const domain::KpiFigures& f);

// Growth of `current` against `base`, whose period is `base_period`.
v1::Growth GrowthProto(const domain::KpiFigures& current, const domain::KpiFigures& base,
                       v1::Period base_period);

}  // namespace sales::analytics::api
