// The forecast, anomaly and promotion-lift requests read into domain values (INVALID_ARGUMENT
// naming the field), and the domain's models, backtests and lift totals written back.
#pragma once

#include <string>

#include "absl/status/statusor.h"
#include "sales/analytics/v1/forecast.pb.h"
#include "services/analytics/src/domain/anomalies.h"
#include "services/analytics/src/domain/backtest.h"
#include "services/analytics/src/domain/forecast_series.h"
#include "services/analytics/src/domain/holt_winters.h"
#include "services/analytics/src/domain/periods.h"
#include "services/analytics/src/domain/promotion_lift.h"

namespace sales::analytics::api {

namespace v1 = ::sales::analytics::v1;

// The interval level a request gets when it leaves `level` at 0.
inline constexpr double kDefaultLevel = 0.95;

// Revenue or units; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<domain::SeriesMeasure> ReadMeasure(v1::ForecastMeasure measure,
                                                  const std::string& field);

// Day, ISO week or month; INVALID_ARGUMENT naming `field` otherwise.
absl::StatusOr<domain::Granularity> ReadForecastGranularity(v1::Granularity granularity,
                                                            const std::string& field);

// kDefaultLevel for 0, else a level strictly between 0 and 1; INVALID_ARGUMENT naming
// `field` otherwise.
absl::StatusOr<double> ReadLevel(double level, const std::string& field);

// The chosen model with its parameters and every candidate's AICc.
v1::ForecastModel ToProto(const domain::ModelSelection& selection);

v1::Backtest ToProto(const domain::Backtest& backtest);

v1::LiftTotals ToProto(const domain::SalesTotals& totals);

v1::AnomalyDirection ToProto(domain::AnomalyDirection direction);

}  // namespace sales::analytics::api
