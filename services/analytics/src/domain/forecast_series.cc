#include "services/analytics/src/domain/forecast_series.h"

#include "services/analytics/src/domain/holt_winters.h"
#include "services/analytics/src/domain/kpi_figures.h"

namespace sales::analytics::domain {

double MeasureValue(SeriesMeasure measure, const Measures& sums) {
  switch (measure) {
    case SeriesMeasure::kRevenue:
      return static_cast<double>(FiguresOf(sums).revenue_minor);
    case SeriesMeasure::kUnits:
      return static_cast<double>(sums[Measure::kUnits]);
    case SeriesMeasure::kMargin:
      return static_cast<double>(FiguresOf(sums).gross_margin_minor);
  }
  return 0;
}

std::vector<double> SeriesOf(SeriesMeasure measure, const std::vector<Measures>& sums) {
  std::vector<double> out;
  out.reserve(sums.size());
  for (const Measures& m : sums) out.push_back(MeasureValue(measure, m));
  return out;
}

int SeasonLengthOf(Granularity granularity) {
  switch (granularity) {
    case Granularity::kDay:
      return 7;
    case Granularity::kIsoWeek:
      return 52;
    case Granularity::kMonth:
      return 12;
    default:
      return 1;
  }
}

size_t FirstNonZero(const std::vector<double>& values) {
  size_t i = 0;
  while (i < values.size() && values[i] == 0) ++i;
  return i;
}

int DefaultHistoryPeriods(Granularity granularity) {
  switch (granularity) {
    case Granularity::kDay:
      return 364;
    case Granularity::kIsoWeek:
      return 156;
    case Granularity::kMonth:
      return 60;
    default:
      return 0;
  }
}

absl::StatusOr<Baseline> ForecastBaseline(const std::vector<double>& history, int season_length,
                                          int horizon) {
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(history, season_length);
  if (!selection.ok()) return selection.status();
  absl::StatusOr<std::vector<double>> points = PointForecasts(selection->best, horizon);
  if (!points.ok()) return points.status();
  Baseline baseline;
  for (double v : *points) baseline.total += v;
  baseline.model = ModelName(selection->best.form);
  return baseline;
}

}  // namespace sales::analytics::domain
