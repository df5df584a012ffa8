#include "services/analytics/src/domain/daily_demand_model.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/strings/str_cat.h"

namespace sales::analytics::domain {
namespace {

constexpr int kWeekDays = 7;

}  // namespace

DemandPattern ClassifyDemand(const std::vector<double>& daily_units) {
  DemandPattern p;
  p.days = static_cast<int>(daily_units.size());
  for (double v : daily_units) {
    if (v > 0) ++p.demand_days;
    if (v < 0) p.negative = true;
  }
  p.adi = p.demand_days > 0 ? static_cast<double>(p.days) / p.demand_days
                            : std::numeric_limits<double>::infinity();
  p.intermittent = p.demand_days > 0 && !p.negative && p.adi > kIntermittentAdi;
  return p;
}

absl::StatusOr<DailyDemandModel> FitDailyDemand(const std::vector<double>& daily_units) {
  DailyDemandModel model;
  model.pattern = ClassifyDemand(daily_units);
  if (model.pattern.intermittent) {
    absl::StatusOr<CrostonModel> croston = FitCroston(daily_units);
    if (!croston.ok()) return croston.status();
    model.method = DemandMethod::kCroston;
    model.name = "Croston";
    model.croston = *std::move(croston);
    const int errors = static_cast<int>(model.croston.fitted.size());
    model.sigma = errors > 0 ? std::sqrt(model.croston.sse / errors) : 0.0;
    model.croston.fitted.clear();
    model.candidates = 1;
    return model;
  }
  SelectionOptions options;
  options.multiplicative_season = false;
  absl::StatusOr<ModelSelection> selection = SelectHoltWinters(daily_units, kWeekDays, options);
  if (!selection.ok()) return selection.status();
  model.method = DemandMethod::kHoltWinters;
  model.holt_winters = std::move(selection->best);
  model.holt_winters.fitted.clear();
  model.holt_winters.fitted.shrink_to_fit();
  model.name = ModelName(model.holt_winters.form);
  model.sigma = std::sqrt(std::max(model.holt_winters.sigma2, 0.0));
  model.candidates = static_cast<int>(selection->candidates.size());
  return model;
}

absl::StatusOr<std::vector<double>> ForecastDailyDemand(const DailyDemandModel& model,
                                                        int horizon) {
  if (horizon < 1) {
    return absl::InvalidArgumentError(absl::StrCat("horizon: must be at least 1, got ", horizon));
  }
  switch (model.method) {
    case DemandMethod::kCroston:
      return std::vector<double>(static_cast<size_t>(horizon), model.croston.rate);
    case DemandMethod::kHoltWinters:
      return PointForecasts(model.holt_winters, horizon);
  }
  return absl::InternalError("model: unknown method");
}

}  // namespace sales::analytics::domain
