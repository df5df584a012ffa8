#include "services/analytics/src/api/forecast_adjustment_handlers.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "common/idempotency.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/analytics/src/api/fact_slices.h"
#include "services/analytics/src/api/forecast_mapping.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/domain/forecast_series.h"
#include "services/analytics/src/domain/forecast_value_added.h"
#include "services/analytics/src/domain/holt_winters.h"
#include "services/analytics/src/domain/period_buckets.h"
#include "services/analytics/src/store/forecast_adjustment_store.h"

namespace sales::analytics::api {
namespace {

using domain::Granularity;
using domain::Period;
using domain::SeriesMeasure;

constexpr int kMaxPeriodsAhead = 366;
constexpr int kMaxRangePeriods = 1000;
constexpr size_t kMaxAuthor = 100;
constexpr size_t kMaxReason = 1000;
// The level of the intervals the forecast is run with; only its point is kept.
constexpr double kLevel = 0.95;

const char* GranularityKey(Granularity granularity) {
  switch (granularity) {
    case Granularity::kDay:
      return "day";
    case Granularity::kIsoWeek:
      return "iso_week";
    case Granularity::kMonth:
      return "month";
    case Granularity::kQuarter:
      return "quarter";
    case Granularity::kYear:
      return "year";
    case Granularity::kCustom:
      return "custom";
  }
  return "day";
}

// The forecast a request names: measure, slice, granularity.
struct Which {
  SeriesMeasure measure = SeriesMeasure::kRevenue;
  domain::SliceKey slice;
  Granularity granularity = Granularity::kDay;
  store::ForecastKey key;
};

absl::StatusOr<Which> ReadWhich(v1::ForecastMeasure measure, const v1::Slice& slice,
                                v1::Granularity granularity) {
  Which w;
  ASSIGN_OR_RETURN(w.measure, ReadMeasure(measure, "measure"));
  ASSIGN_OR_RETURN(w.slice, ReadSlice(slice, "slice"));
  if (MeasuredFromFacts(w.slice.dimension)) {
    return absl::InvalidArgumentError(
        "slice.dimension: tier and RFM segment slices have no daily series to forecast; use "
        "the company, channel, region, product, category or rep");
  }
  ASSIGN_OR_RETURN(w.granularity, ReadForecastGranularity(granularity, "granularity"));
  w.key.measure = w.measure == SeriesMeasure::kUnits ? "units" : "revenue";
  w.key.granularity = GranularityKey(w.granularity);
  w.key.dim = domain::DimensionKey(w.slice.dimension);
  w.key.member = w.slice.member;
  return w;
}

absl::Status ValidateText(const std::string& text, size_t max, const char* field) {
  if (text.empty() || text.size() > max) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": required, 1 to ", max, " characters, got ", text.size()));
  }
  return absl::OkStatus();
}

// The statistical forecast of `target`: Holt-Winters chosen by AICc on the history of
// periods ending by `history_last_day` (leading periods before the first sale left out),
// run forward to the target.
struct Statistical {
  double value = 0;
  std::string model;
};

absl::StatusOr<Statistical> StatisticalForecast(const HandlerContext& ctx, absl::Time deadline,
                                                const Which& w, const Period& target,
                                                absl::CivilDay history_last_day) {
  const std::vector<Period> periods = domain::PeriodsEndingBy(
      w.granularity, history_last_day, domain::DefaultHistoryPeriods(w.granularity), ctx.zone);
  const std::vector<Period> ahead =
      domain::PeriodsAfter(periods.back(), kMaxPeriodsAhead, ctx.zone);
  const auto at = std::find_if(ahead.begin(), ahead.end(),
                               [&](const Period& p) { return p.first_day == target.first_day; });
  if (at == ahead.end()) {
    return absl::InvalidArgumentError(absl::StrCat("period_day: at most ", kMaxPeriodsAhead,
                                                   " periods after the last complete one"));
  }
  const int horizon = static_cast<int>(at - ahead.begin()) + 1;
  std::vector<std::pair<absl::CivilDay, domain::Measures>> days;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx.pool, deadline, [&](db::Transaction& tx) {
    days =
        ctx.rollup->DailyMeasures(tx, w.slice, periods.front().first_day, periods.back().end_day);
    return absl::OkStatus();
  }));
  std::vector<double> series = domain::SeriesOf(w.measure, domain::SumPerPeriod(periods, days));
  series.erase(series.begin(),
               series.begin() + static_cast<std::ptrdiff_t>(domain::FirstNonZero(series)));
  absl::StatusOr<domain::ModelSelection> selection =
      domain::SelectHoltWinters(series, domain::SeasonLengthOf(w.granularity));
  if (!selection.ok()) {
    return absl::FailedPreconditionError(
        absl::StrCat("period_day: the history before the period (", series.size(),
                     " periods from the first sale) is too short for a statistical forecast: ",
                     selection.status().message()));
  }
  ASSIGN_OR_RETURN(const domain::Forecast forecast,
                   domain::ForecastHoltWinters(selection->best, horizon, kLevel));
  return Statistical{forecast.point[static_cast<size_t>(horizon - 1)],
                     domain::ModelName(selection->best.form)};
}

v1::ForecastAdjustment AdjustmentToProto(const store::ForecastAdjustmentRow& row, const Which& w,
                                         v1::ForecastMeasure measure, const HandlerContext& ctx) {
  v1::ForecastAdjustment out;
  out.set_name(absl::StrCat("forecastAdjustments/", row.id));
  out.set_measure(measure);
  *out.mutable_slice() = ToProto(w.slice);
  *out.mutable_period() =
      ToProto(domain::PeriodStartingOn(w.granularity, row.period_first_day, ctx.zone), ctx.zone);
  out.set_statistical_value(row.statistical_value);
  out.set_statistical_model(row.statistical_model);
  out.set_statistical_history_last_day(DayString(row.history_last_day));
  out.set_adjusted_value(row.adjusted_value);
  out.set_author(row.author);
  out.set_reason(row.reason);
  *out.mutable_create_time() = ToProtoTime(row.create_time);
  if (w.measure == SeriesMeasure::kRevenue) out.set_currency_code(ctx.currency);
  return out;
}

}  // namespace

absl::StatusOr<v1::ForecastAdjustment> ForecastAdjustmentHandlers::RecordForecastAdjustment(
    const v1::RecordForecastAdjustmentRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ValidateRequestId(req.request_id()));
  ASSIGN_OR_RETURN(const Which w, ReadWhich(req.measure(), req.slice(), req.granularity()));
  ASSIGN_OR_RETURN(const absl::CivilDay day, ReadDay(req.period_day(), "period_day"));
  if (req.adjusted_value() < 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("adjusted_value: must not be negative, got ", req.adjusted_value()));
  }
  RETURN_IF_ERROR(ValidateText(req.author(), kMaxAuthor, "author"));
  RETURN_IF_ERROR(ValidateText(req.reason(), kMaxReason, "reason"));
  const Period target = domain::PeriodContaining(
      w.granularity, absl::FromCivil(absl::CivilSecond(day), ctx_.zone), ctx_.zone);
  // The history: the periods before the target, or, when the target has not begun by
  // yesterday, those complete by yesterday.
  const absl::Time now = absl::Now();
  const absl::CivilDay yesterday = absl::ToCivilDay(now, ctx_.zone) - 1;
  const absl::CivilDay history_last_day = std::min(target.first_day - 1, yesterday);
  ASSIGN_OR_RETURN(const Statistical statistical,
                   StatisticalForecast(ctx_, deadline, w, target, history_last_day));
  store::ForecastAdjustmentRow row;
  row.period_first_day = target.first_day;
  row.statistical_value = statistical.value;
  row.statistical_model = statistical.model;
  row.history_last_day = history_last_day;
  row.adjusted_value = req.adjusted_value();
  row.author = req.author();
  row.reason = req.reason();
  row.create_time = absl::FromUnixMicros(absl::ToUnixMicros(now));
  return RunIdempotent<v1::ForecastAdjustment>(
      *ctx_.pool, deadline, "RecordForecastAdjustment", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::ForecastAdjustment> {
        row.id = store::InsertForecastAdjustment(tx, w.key, row);
        return AdjustmentToProto(row, w, req.measure(), ctx_);
      });
}

absl::StatusOr<v1::ForecastValueAdded> ForecastAdjustmentHandlers::GetForecastValueAdded(
    const v1::GetForecastValueAddedRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const Which w, ReadWhich(req.measure(), req.slice(), req.granularity()));
  ASSIGN_OR_RETURN(const absl::CivilDay first_day, ReadDay(req.first_day(), "first_day"));
  ASSIGN_OR_RETURN(const absl::CivilDay last_day, ReadDay(req.last_day(), "last_day"));
  if (last_day < first_day) {
    return absl::InvalidArgumentError("last_day: must not be before first_day");
  }
  ASSIGN_OR_RETURN(const std::vector<Period> range,
                   domain::PeriodsCovering(w.granularity, first_day, last_day, ctx_.zone,
                                           kMaxRangePeriods, "last_day"));
  std::vector<store::ForecastAdjustmentRow> rows;
  std::vector<std::pair<absl::CivilDay, domain::Measures>> days;
  v1::ForecastValueAdded out;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *out.mutable_freshness() = ReadFreshness(tx);
    rows = store::LoadForecastAdjustments(tx, w.key, range.front().first_day, range.back().end_day);
    days = ctx_.rollup->DailyMeasures(tx, w.slice, range.front().first_day, range.back().end_day);
    return absl::OkStatus();
  }));
  const std::vector<double> actuals =
      domain::SeriesOf(w.measure, domain::SumPerPeriod(range, days));
  out.set_measure(req.measure());
  *out.mutable_slice() = ToProto(w.slice);
  out.set_granularity(req.granularity());
  *out.mutable_first_period() = ToProto(range.front(), ctx_.zone);
  *out.mutable_last_period() = ToProto(range.back(), ctx_.zone);
  if (w.measure == SeriesMeasure::kRevenue) out.set_currency_code(ctx_.currency);
  const absl::CivilDay today = absl::ToCivilDay(absl::Now(), ctx_.zone);
  std::vector<domain::AdjustedForecast> known;
  size_t next = 0;  // rows are by period then id
  for (size_t i = 0; i < range.size(); ++i) {
    const Period& p = range[i];
    while (next < rows.size() && rows[next].period_first_day < p.first_day) ++next;
    int count = 0;
    const store::ForecastAdjustmentRow* latest = nullptr;
    while (next < rows.size() && rows[next].period_first_day == p.first_day) {
      latest = &rows[next];
      ++count;
      ++next;
    }
    if (latest == nullptr) continue;
    v1::AdjustedPeriod* a = out.add_periods();
    *a->mutable_adjustment() = AdjustmentToProto(*latest, w, req.measure(), ctx_);
    a->set_adjustments(count);
    if (p.end_day > today) continue;  // not over: no actual yet
    const domain::AdjustedForecast f{latest->statistical_value,
                                     static_cast<double>(latest->adjusted_value), actuals[i]};
    const domain::ForecastErrors e = domain::ErrorsOf(f);
    a->set_actual_known(true);
    a->set_actual(std::llround(actuals[i]));
    a->set_statistical_absolute_error(e.statistical_absolute_error);
    a->set_adjusted_absolute_error(e.adjusted_absolute_error);
    if (e.statistical_ape.has_value()) {
      a->set_statistical_ape(*e.statistical_ape);
      a->set_adjusted_ape(*e.adjusted_ape);
      a->set_fva_ape(*e.fva_ape);
    }
    a->set_fva_absolute_error(e.fva_absolute_error);
    known.push_back(f);
  }
  const domain::ForecastValueAddedTotals t = domain::TotalsOf(known);
  v1::ForecastValueAddedTotals* totals = out.mutable_totals();
  totals->set_periods(t.periods);
  totals->set_statistical_mae(t.statistical_mae);
  totals->set_adjusted_mae(t.adjusted_mae);
  totals->set_fva_mae(t.fva_mae);
  totals->set_mape_periods(t.mape_periods);
  if (t.statistical_mape.has_value()) {
    totals->set_statistical_mape(*t.statistical_mape);
    totals->set_adjusted_mape(*t.adjusted_mape);
    totals->set_fva_mape(*t.fva_mape);
  }
  totals->set_periods_improved(t.improved);
  totals->set_periods_worsened(t.worsened);
  return out;
}

}  // namespace sales::analytics::api
