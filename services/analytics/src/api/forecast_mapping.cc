#include "services/analytics/src/api/forecast_mapping.h"

#include <cmath>

#include "absl/strings/str_cat.h"

namespace sales::analytics::api {

absl::StatusOr<domain::SeriesMeasure> ReadMeasure(v1::ForecastMeasure measure,
                                                  const std::string& field) {
  switch (measure) {
    case v1::FORECAST_MEASURE_REVENUE:
      return domain::SeriesMeasure::kRevenue;
    case v1::FORECAST_MEASURE_UNITS:
      return domain::SeriesMeasure::kUnits;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": required (FORECAST_MEASURE_REVENUE or _UNITS)"));
  }
}

absl::StatusOr<domain::Granularity> ReadForecastGranularity(v1::Granularity granularity,
                                                            const std::string& field) {
  switch (granularity) {
    case v1::GRANULARITY_DAY:
      return domain::Granularity::kDay;
    case v1::GRANULARITY_ISO_WEEK:
      return domain::Granularity::kIsoWeek;
    case v1::GRANULARITY_MONTH:
      return domain::Granularity::kMonth;
    default:
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": must be GRANULARITY_DAY, _ISO_WEEK or _MONTH"));
  }
}

absl::StatusOr<double> ReadLevel(double level, const std::string& field) {
  if (level == 0) return kDefaultLevel;
  if (!(level > 0 && level < 1)) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be strictly between 0 and 1 (0.95 = 95%), got ", level));
  }
  return level;
}

v1::ForecastModel ToProto(const domain::ModelSelection& selection) {
  const domain::HoltWintersModel& m = selection.best;
  v1::ForecastModel out;
  out.set_model(domain::ModelName(m.form));
  out.set_season_length(m.form.season == domain::SeasonKind::kNone ? 1 : m.season_length);
  out.set_alpha(m.params.alpha);
  out.set_beta(m.params.beta);
  out.set_gamma(m.params.gamma);
  out.set_phi(m.params.phi);
  out.set_initial_level(m.params.initial_level);
  out.set_initial_trend(m.params.initial_trend);
  for (double s : m.params.initial_season) out.add_initial_season(s);
  out.set_observations(m.observations);
  out.set_parameter_count(m.parameter_count);
  out.set_sse(m.sse);
  out.set_aicc(m.aicc);
  out.set_sigma2(m.sigma2);
  out.set_converged(m.converged);
  for (const domain::CandidateScore& c : selection.candidates) {
    v1::ForecastCandidate* candidate = out.add_candidates();
    candidate->set_model(c.model);
    candidate->set_sse(c.sse);
    candidate->set_aicc(c.aicc);
    candidate->set_converged(c.converged);
  }
  out.set_note(selection.note);
  return out;
}

v1::Backtest ToProto(const domain::Backtest& backtest) {
  v1::Backtest out;
  out.set_origins(backtest.origins);
  out.set_horizon(backtest.horizon);
  out.set_forecasts(backtest.accuracy.forecasts);
  if (std::isfinite(backtest.accuracy.mape)) out.set_mape(backtest.accuracy.mape);
  out.set_mape_skipped(backtest.accuracy.mape_skipped);
  out.set_smape(std::isfinite(backtest.accuracy.smape) ? backtest.accuracy.smape : 0);
  if (std::isfinite(backtest.accuracy.mase)) out.set_mase(backtest.accuracy.mase);
  out.set_mase_skipped(backtest.accuracy.mase_skipped);
  return out;
}

v1::LiftTotals ToProto(const domain::SalesTotals& totals) {
  v1::LiftTotals out;
  out.set_units(totals.units);
  out.set_revenue_minor(totals.revenue_minor);
  out.set_margin_minor(totals.margin_minor);
  return out;
}

v1::AnomalyDirection ToProto(domain::AnomalyDirection direction) {
  return direction == domain::AnomalyDirection::kAbove ? v1::ANOMALY_DIRECTION_ABOVE
                                                       : v1::ANOMALY_DIRECTION_BELOW;
}

}  // namespace sales::analytics::api
