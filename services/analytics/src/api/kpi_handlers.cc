#include "services/analytics/src/api/kpi_handlers.h"

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "common/status.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/kpi_mapping.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/domain/kpi_figures.h"
#include "services/analytics/src/store/rollup_store.h"

namespace sales::analytics::api {
namespace {

using domain::Period;

constexpr int kMaxTrendPoints = 1000;

domain::KpiFigures Figures(db::Transaction& tx, const store::RollupStore& rollup,
                           const domain::SliceKey& slice, const Period& period) {
  return domain::FiguresOf(rollup.SumDays(tx, slice, period.first_day, period.end_day));
}

}  // namespace

absl::StatusOr<v1::KpiReport> KpiHandlers::GetKpis(const v1::GetKpisRequest& req,
                                                   absl::Time deadline) {
  if (!req.has_period()) return absl::InvalidArgumentError("period: required");
  absl::StatusOr<Period> period = ReadPeriod(req.period(), ctx_.zone, absl::Now(), "period");
  if (!period.ok()) return period.status();
  absl::StatusOr<domain::SliceKey> slice = ReadSlice(req.slice(), "slice");
  if (!slice.ok()) return slice.status();
  const Period previous = domain::PreviousPeriod(*period, ctx_.zone);
  const Period year_before = domain::YearBefore(*period, ctx_.zone);

  v1::KpiReport report;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    // Freshness first: the sums include at least what it says.
    *report.mutable_freshness() = ReadFreshness(tx);
    const domain::KpiFigures current = Figures(tx, *ctx_.rollup, *slice, *period);
    *report.mutable_values() = ToProto(current);
    *report.mutable_vs_previous() = GrowthProto(
        current, Figures(tx, *ctx_.rollup, *slice, previous), ToProto(previous, ctx_.zone));
    *report.mutable_vs_year_before() = GrowthProto(
        current, Figures(tx, *ctx_.rollup, *slice, year_before), ToProto(year_before, ctx_.zone));
    return absl::OkStatus();
  }));
  *report.mutable_period() = ToProto(*period, ctx_.zone);
  *report.mutable_slice() = ToProto(*slice);
  report.set_currency_code(ctx_.currency);
  return report;
}

absl::Status KpiHandlers::Validate(const v1::PeriodSpec* period, const v1::Slice& slice) const {
  if (period == nullptr) return absl::InvalidArgumentError("period: required");
  RETURN_IF_ERROR(ReadPeriod(*period, ctx_.zone, absl::Now(), "period").status());
  return ReadSlice(slice, "slice").status();
}

absl::StatusOr<v1::KpiTrend> KpiHandlers::GetTrend(const v1::GetKpiTrendRequest& req,
                                                   absl::Time deadline) {
  absl::StatusOr<domain::Granularity> granularity =
      ReadCalendarGranularity(req.granularity(), "granularity");
  if (!granularity.ok()) return granularity.status();
  absl::StatusOr<absl::CivilDay> first_day = ReadDay(req.first_day(), "first_day");
  if (!first_day.ok()) return first_day.status();
  absl::StatusOr<absl::CivilDay> last_day = ReadDay(req.last_day(), "last_day");
  if (!last_day.ok()) return last_day.status();
  if (*last_day < *first_day) {
    return absl::InvalidArgumentError("last_day: must not be before first_day");
  }
  absl::StatusOr<domain::SliceKey> slice = ReadSlice(req.slice(), "slice");
  if (!slice.ok()) return slice.status();

  std::vector<Period> periods;
  for (Period p = domain::PeriodContaining(*granularity, absl::FromCivil(*first_day, ctx_.zone),
                                           ctx_.zone);
       p.first_day <= *last_day; p = domain::PeriodStartingOn(*granularity, p.end_day, ctx_.zone)) {
    if (static_cast<int>(periods.size()) == kMaxTrendPoints) {
      return absl::InvalidArgumentError(absl::StrCat("last_day: the range holds more than ",
                                                     kMaxTrendPoints, " periods of this size"));
    }
    periods.push_back(p);
  }

  v1::KpiTrend trend;
  std::vector<std::pair<absl::CivilDay, domain::Measures>> days;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *trend.mutable_freshness() = ReadFreshness(tx);
    days =
        ctx_.rollup->DailyMeasures(tx, *slice, periods.front().first_day, periods.back().end_day);
    return absl::OkStatus();
  }));
  // Days are sorted, and so are the periods: one pass buckets them.
  size_t d = 0;
  for (const Period& p : periods) {
    domain::Measures sums;
    for (; d < days.size() && days[d].first < p.end_day; ++d) sums += days[d].second;
    v1::KpiPoint* point = trend.add_points();
    *point->mutable_period() = ToProto(p, ctx_.zone);
    *point->mutable_values() = ToProto(domain::FiguresOf(sums));
  }
  *trend.mutable_slice() = ToProto(*slice);
  trend.set_currency_code(ctx_.currency);
  return trend;
}

}  // namespace sales::analytics::api
