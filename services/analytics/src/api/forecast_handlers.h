// GetForecast, DetectAnomalies and GetPromotionLift: the daily rollup summed into a series
// of periods, the Holt-Winters models of the domain run over it, and every answer saying
// which periods, slice and products it covers.
#pragma once

#include <optional>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "sales/analytics/v1/forecast.pb.h"
#include "services/analytics/src/api/handler_context.h"

namespace sales::analytics::api {

// A forecast, or why the history gives none: what GetForecast answers, with a history too
// short for a model or its backtest kept apart from the errors of the request, so that a
// caller composing a report can say why instead of failing.
struct ForecastAnswer {
  std::optional<v1::Forecast> forecast;  // set when the history sufficed
  // Periods of history from the first non-zero value (0 when every value was 0).
  int history_periods = 0;
  // When forecast is unset: FAILED_PRECONDITION naming `history` and what is missing.
  absl::Status shortfall;
};

// The same for DetectAnomalies.
struct AnomalyAnswer {
  std::optional<v1::AnomalyReport> report;  // set when the history sufficed
  int history_periods = 0;                  // periods before first_day from the first sale
  absl::Status shortfall;                   // as ForecastAnswer::shortfall
};

class ForecastHandlers final {
 public:
  explicit ForecastHandlers(const HandlerContext& ctx) : ctx_(ctx) {}

  // GetForecast's request read and answered; errors of the request (INVALID_ARGUMENT) and of
  // the store are returned as errors, a history too short as ForecastAnswer::shortfall.
  absl::StatusOr<ForecastAnswer> Forecast(const v1::GetForecastRequest& req, absl::Time deadline);
  // DetectAnomalies' request read and answered, as Forecast.
  absl::StatusOr<AnomalyAnswer> Anomalies(const v1::DetectAnomaliesRequest& req,
                                          absl::Time deadline);

  absl::StatusOr<v1::Forecast> GetForecast(const v1::GetForecastRequest& req, absl::Time deadline);
  absl::StatusOr<v1::AnomalyReport> DetectAnomalies(const v1::DetectAnomaliesRequest& req,
                                                    absl::Time deadline);
  absl::StatusOr<v1::PromotionLift> GetPromotionLift(const v1::GetPromotionLiftRequest& req,
                                                     absl::Time deadline);

 private:
  const HandlerContext& ctx_;
};

}  // namespace sales::analytics::api
