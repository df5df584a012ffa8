#include "services/analytics/src/api/forecast_handlers.h"

#include <algorithm>
#include <map>
#include <set>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "services/analytics/src/api/fact_slices.h"
#include "services/analytics/src/api/forecast_mapping.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/domain/anomalies.h"
#include "services/analytics/src/domain/backtest.h"
#include "services/analytics/src/domain/forecast_series.h"
#include "services/analytics/src/domain/period_buckets.h"
#include "services/analytics/src/domain/promotion_lift.h"
#include "services/analytics/src/store/promotion_store.h"
#include "services/analytics/src/store/promotion_use_store.h"

namespace sales::analytics::api {
namespace {

using domain::Granularity;
using domain::Period;
using domain::SeriesMeasure;

constexpr int kMaxHorizon = 366;
constexpr int kMaxHistoryPeriods = 1000;
constexpr int kMaxAnomalyPeriods = 366;
constexpr int kDefaultLiftHistoryDays = 56;
constexpr int kMinLiftHistoryDays = 21;
constexpr int kMaxLiftHistoryDays = 730;
constexpr int kMaxLiftProducts = 200;
// Days in the season of a daily baseline.
constexpr int kWeekDays = 7;

const char* GranularityWord(Granularity granularity) {
  switch (granularity) {
    case Granularity::kDay:
      return "days";
    case Granularity::kIsoWeek:
      return "ISO weeks";
    case Granularity::kMonth:
      return "months";
    default:
      return "periods";
  }
}

// A domain error about a series that is too short for a model or its backtest becomes the
// caller's missing history, FAILED_PRECONDITION naming what is missing.
absl::Status HistoryError(const absl::Status& status, size_t values, Granularity granularity,
                          const std::string& what) {
  if (status.code() != absl::StatusCode::kInvalidArgument ||
      !absl::StartsWith(status.message(), "series:")) {
    return status;
  }
  return absl::FailedPreconditionError(
      absl::StrCat("history: ", values, " ", GranularityWord(granularity), " of ", what,
                   " from the first sale are too few (", status.message().substr(8),
                   "); ask for a longer history or a coarser granularity"));
}

std::string MeasureWord(SeriesMeasure measure) {
  return measure == SeriesMeasure::kUnits ? "units" : "revenue";
}

// The history's sums per period, read with the feed positions they include.
struct History {
  std::vector<domain::Measures> sums;
  v1::Freshness freshness;
};

absl::StatusOr<History> ReadSeries(const HandlerContext& ctx, absl::Time deadline,
                                   const domain::SliceKey& slice,
                                   const std::vector<Period>& periods) {
  History history;
  std::vector<std::pair<absl::CivilDay, domain::Measures>> days;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx.pool, deadline, [&](db::Transaction& tx) {
    history.freshness = ReadFreshness(tx);
    days = ctx.rollup->DailyMeasures(tx, slice, periods.front().first_day, periods.back().end_day);
    return absl::OkStatus();
  }));
  history.sums = domain::SumPerPeriod(periods, days);
  return history;
}

absl::StatusOr<int> ReadHistoryPeriods(int32_t periods, Granularity granularity,
                                       const std::string& field) {
  if (periods < 0 || periods > kMaxHistoryPeriods) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": must be between 0 and ", kMaxHistoryPeriods, ", got ", periods));
  }
  return periods == 0 ? domain::DefaultHistoryPeriods(granularity) : periods;
}

absl::CivilDay Today(const HandlerContext& ctx) { return absl::ToCivilDay(ctx.Now(), ctx.zone); }

// The slice of a forecast: series come from the daily rollup, which does not keep the
// slices measured from the facts at query time (tier, RFM segment).
absl::StatusOr<domain::SliceKey> ReadSeriesSlice(const v1::Slice& proto) {
  ASSIGN_OR_RETURN(domain::SliceKey slice, ReadSlice(proto, "slice"));
  if (MeasuredFromFacts(slice.dimension)) {
    return absl::InvalidArgumentError(
        "slice.dimension: tier and RFM segment slices are counted from the facts per period, "
        "not kept as daily series, so they cannot be forecast; use the company, channel, "
        "region, product, category or rep");
  }
  return slice;
}

}  // namespace

absl::StatusOr<v1::Forecast> ForecastHandlers::GetForecast(const v1::GetForecastRequest& req,
                                                           absl::Time deadline) {
  ASSIGN_OR_RETURN(ForecastAnswer answer, Forecast(req, deadline));
  if (!answer.forecast.has_value()) return answer.shortfall;
  return *std::move(answer.forecast);
}

absl::StatusOr<v1::AnomalyReport> ForecastHandlers::DetectAnomalies(
    const v1::DetectAnomaliesRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(AnomalyAnswer answer, Anomalies(req, deadline));
  if (!answer.report.has_value()) return answer.shortfall;
  return *std::move(answer.report);
}

absl::StatusOr<ForecastAnswer> ForecastHandlers::Forecast(const v1::GetForecastRequest& req,
                                                          absl::Time deadline) {
  ASSIGN_OR_RETURN(const SeriesMeasure measure, ReadMeasure(req.measure(), "measure"));
  ASSIGN_OR_RETURN(const domain::SliceKey slice, ReadSeriesSlice(req.slice()));
  ASSIGN_OR_RETURN(const Granularity granularity,
                   ReadForecastGranularity(req.granularity(), "granularity"));
  if (req.horizon() < 1 || req.horizon() > kMaxHorizon) {
    return absl::InvalidArgumentError(absl::StrCat("horizon: must be between 1 and ", kMaxHorizon,
                                                   " periods, got ", req.horizon()));
  }
  ASSIGN_OR_RETURN(const double level, ReadLevel(req.level(), "level"));
  absl::CivilDay last_day = Today(ctx_) - 1;
  if (!req.history().last_day().empty()) {
    ASSIGN_OR_RETURN(last_day, ReadDay(req.history().last_day(), "history.last_day"));
  }
  ASSIGN_OR_RETURN(const int count,
                   ReadHistoryPeriods(req.history().periods(), granularity, "history.periods"));

  std::vector<Period> periods = domain::PeriodsEndingBy(granularity, last_day, count, ctx_.zone);
  ASSIGN_OR_RETURN(History history, ReadSeries(ctx_, deadline, slice, periods));
  std::vector<double> series = domain::SeriesOf(measure, history.sums);
  const size_t first = domain::FirstNonZero(series);
  series.erase(series.begin(), series.begin() + static_cast<std::ptrdiff_t>(first));
  periods.erase(periods.begin(), periods.begin() + static_cast<std::ptrdiff_t>(first));

  ForecastAnswer answer;
  answer.history_periods = static_cast<int>(series.size());
  const int m = domain::SeasonLengthOf(granularity);
  absl::StatusOr<domain::ForecastReport> report =
      domain::ForecastWithBacktest(series, m, req.horizon(), level);
  if (!report.ok()) {
    answer.shortfall =
        HistoryError(report.status(), series.size(), granularity, MeasureWord(measure));
    if (answer.shortfall.code() != absl::StatusCode::kFailedPrecondition) return answer.shortfall;
    return answer;
  }

  v1::Forecast& out = answer.forecast.emplace();
  out.set_measure(req.measure());
  *out.mutable_slice() = ToProto(slice);
  out.set_granularity(req.granularity());
  if (measure == SeriesMeasure::kRevenue) out.set_currency_code(ctx_.currency);
  out.set_level(level);
  *out.mutable_model() = ToProto(report->selection);
  for (size_t i = 0; i < periods.size(); ++i) {
    v1::FittedPoint* point = out.add_history();
    *point->mutable_period() = ToProto(periods[i], ctx_.zone);
    point->set_actual(series[i]);
    point->set_fitted(report->selection.best.fitted[i]);
  }
  const std::vector<Period> ahead = domain::PeriodsAfter(periods.back(), req.horizon(), ctx_.zone);
  for (size_t h = 0; h < ahead.size(); ++h) {
    v1::ForecastPoint* point = out.add_points();
    *point->mutable_period() = ToProto(ahead[h], ctx_.zone);
    point->set_value(report->forecast.point[h]);
    point->set_lower(report->forecast.lower[h]);
    point->set_upper(report->forecast.upper[h]);
  }
  *out.mutable_backtest() = ToProto(report->backtest);
  *out.mutable_freshness() = history.freshness;
  return answer;
}

absl::StatusOr<AnomalyAnswer> ForecastHandlers::Anomalies(const v1::DetectAnomaliesRequest& req,
                                                          absl::Time deadline) {
  ASSIGN_OR_RETURN(const SeriesMeasure measure, ReadMeasure(req.measure(), "measure"));
  ASSIGN_OR_RETURN(const domain::SliceKey slice, ReadSeriesSlice(req.slice()));
  ASSIGN_OR_RETURN(const Granularity granularity,
                   ReadForecastGranularity(req.granularity(), "granularity"));
  ASSIGN_OR_RETURN(const absl::CivilDay first_day, ReadDay(req.first_day(), "first_day"));
  ASSIGN_OR_RETURN(const absl::CivilDay last_day, ReadDay(req.last_day(), "last_day"));
  if (last_day < first_day) {
    return absl::InvalidArgumentError("last_day: must not be before first_day");
  }
  ASSIGN_OR_RETURN(const double level, ReadLevel(req.level(), "level"));
  ASSIGN_OR_RETURN(const int count,
                   ReadHistoryPeriods(req.history_periods(), granularity, "history_periods"));
  ASSIGN_OR_RETURN(const std::vector<Period> range,
                   domain::PeriodsCovering(granularity, first_day, last_day, ctx_.zone,
                                           kMaxAnomalyPeriods, "last_day"));

  std::vector<Period> periods =
      domain::PeriodsEndingBy(granularity, range.front().first_day - 1, count, ctx_.zone);
  const size_t history_size = periods.size();
  periods.insert(periods.end(), range.begin(), range.end());
  ASSIGN_OR_RETURN(History read, ReadSeries(ctx_, deadline, slice, periods));
  const std::vector<double> all = domain::SeriesOf(measure, read.sums);
  const std::vector<double> actual(all.begin() + static_cast<std::ptrdiff_t>(history_size),
                                   all.end());
  std::vector<double> history(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(history_size));
  history.erase(history.begin(),
                history.begin() + static_cast<std::ptrdiff_t>(domain::FirstNonZero(history)));

  AnomalyAnswer answer;
  answer.history_periods = static_cast<int>(history.size());
  const int m = domain::SeasonLengthOf(granularity);
  absl::StatusOr<domain::ModelSelection> selection = domain::SelectHoltWinters(history, m);
  if (!selection.ok()) {
    answer.shortfall = HistoryError(selection.status(), history.size(), granularity,
                                    absl::StrCat(MeasureWord(measure), " before first_day"));
    if (answer.shortfall.code() != absl::StatusCode::kFailedPrecondition) return answer.shortfall;
    return answer;
  }
  // Each period against its one-step-ahead forecast, the model's states updated with the
  // actuals before it (FPP3 §5.8). A multiplicative season cannot take an actual <= 0 into
  // its states: then the range is checked against one forecast of all its periods from the
  // history, h steps ahead, as the model's interval widens with h.
  absl::StatusOr<domain::OneStepCheck> one_step =
      domain::CheckOneStepAhead(history, actual, selection->best, level);
  domain::OneStepCheck check;
  if (one_step.ok()) {
    check = std::move(*one_step);
  } else {
    ASSIGN_OR_RETURN(
        domain::Forecast forecast,
        domain::ForecastHoltWinters(selection->best, static_cast<int>(range.size()), level));
    ASSIGN_OR_RETURN(check.anomalies,
                     domain::FindAnomalies(actual, forecast.point, forecast.lower, forecast.upper));
    check.forecast = std::move(forecast.point);
    check.lower = std::move(forecast.lower);
    check.upper = std::move(forecast.upper);
  }

  v1::AnomalyReport& out = answer.report.emplace();
  out.set_measure(req.measure());
  *out.mutable_slice() = ToProto(slice);
  out.set_granularity(req.granularity());
  if (measure == SeriesMeasure::kRevenue) out.set_currency_code(ctx_.currency);
  out.set_level(level);
  *out.mutable_model() = ToProto(*selection);
  *out.mutable_first_period() = ToProto(range.front(), ctx_.zone);
  *out.mutable_last_period() = ToProto(range.back(), ctx_.zone);
  out.set_periods_checked(static_cast<int32_t>(range.size()));
  for (const domain::Anomaly& a : check.anomalies) {
    const size_t i = static_cast<size_t>(a.index);
    v1::AnomalyPoint* point = out.add_anomalies();
    *point->mutable_period() = ToProto(range[i], ctx_.zone);
    point->set_direction(ToProto(a.direction));
    point->set_actual(a.actual);
    point->set_expected(a.forecast);
    point->set_lower(check.lower[i]);
    point->set_upper(check.upper[i]);
    point->set_deviation(a.actual - a.forecast);
    if (a.relative_deviation.has_value()) {
      point->set_deviation_percent(100 * *a.relative_deviation);
    }
    point->set_excess(a.excess);
  }
  *out.mutable_freshness() = read.freshness;
  return answer;
}

absl::StatusOr<v1::PromotionLift> ForecastHandlers::GetPromotionLift(
    const v1::GetPromotionLiftRequest& req, absl::Time deadline) {
  RETURN_IF_ERROR(ParseCollectionName("promotion", "promotions", req.promotion()).status());
  const int history_days = req.history_days() == 0 ? kDefaultLiftHistoryDays : req.history_days();
  if (history_days < kMinLiftHistoryDays || history_days > kMaxLiftHistoryDays) {
    return absl::InvalidArgumentError(absl::StrCat("history_days: must be between ",
                                                   kMinLiftHistoryDays, " and ",
                                                   kMaxLiftHistoryDays, ", got ", history_days));
  }

  const store::PromotionStore promotions(store::TableSet::kLive);
  std::optional<store::PromotionRow> promotion;
  std::map<std::string, std::string> promoted;  // product -> category
  std::map<std::string, std::string> others;
  std::set<std::string> categories;
  // Daily measures per product over [history first day, window end).
  std::map<std::string, std::vector<std::pair<absl::CivilDay, domain::Measures>>> days;
  absl::CivilDay window_first, window_end, history_first;
  store::PromotionOrders used;  // the orders that used the promotion
  v1::Freshness freshness;
  RETURN_IF_ERROR(
      db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
        freshness = ReadFreshness(tx);
        promotion = promotions.Load(tx, req.promotion());
        if (!promotion.has_value()) {
          return absl::NotFoundError(
              absl::StrCat("promotion: ", req.promotion(),
                           " is not known to analytics (no promotion_changed "
                           "event of it has been ingested)"));
        }
        window_first = absl::ToCivilDay(promotion->start_time, ctx_.zone);
        // The end is exclusive: its last day is the one holding the moment before it.
        window_end =
            std::min(absl::ToCivilDay(promotion->end_time - absl::Nanoseconds(1), ctx_.zone) + 1,
                     Today(ctx_));
        if (window_end <= window_first) {
          return absl::FailedPreconditionError(absl::StrCat("promotion: its window starts on ",
                                                            DayString(window_first),
                                                            "; no whole day of it has passed yet"));
        }
        history_first = window_first - history_days;
        used = store::LoadPromotionOrders(tx, req.promotion(), window_first, window_end);
        std::vector<store::ProductCategory> in_scope;
        if (promotion->products.empty() && promotion->categories.empty()) {
          in_scope = promotions.AllProducts(tx);
        } else {
          in_scope = promotions.CategoriesOf(tx, promotion->products);
          const std::vector<store::ProductCategory> in_categories =
              promotions.ProductsIn(tx, promotion->categories);
          in_scope.insert(in_scope.end(), in_categories.begin(), in_categories.end());
        }
        for (const auto& [product, category] : in_scope) {
          promoted.emplace(product, category);
          categories.insert(category);
        }
        if (promoted.empty()) {
          return absl::FailedPreconditionError(
              absl::StrCat("promotion: none of the products of ", req.promotion(), " has sold"));
        }
        for (const auto& [product, category] : promotions.ProductsIn(
                 tx, std::vector<std::string>(categories.begin(), categories.end()))) {
          if (!promoted.contains(product)) others.emplace(product, category);
        }
        if (promoted.size() + others.size() > static_cast<size_t>(kMaxLiftProducts)) {
          return absl::FailedPreconditionError(absl::StrCat(
              "promotion: ", promoted.size(), " promoted products and ", others.size(),
              " others of their categories; lift assesses at most ", kMaxLiftProducts));
        }
        for (const auto* group : {&promoted, &others}) {
          for (const auto& entry : *group) {
            days[entry.first] = ctx_.rollup->DailyMeasures(
                tx, domain::SliceKey{domain::Dimension::kProduct, entry.first}, history_first,
                window_end);
          }
        }
        return absl::OkStatus();
      }));

  const int window_days = static_cast<int>(window_end - window_first);
  const int all_days = static_cast<int>(window_end - history_first);
  const size_t history_size = static_cast<size_t>(history_days);
  std::vector<domain::LiftLine> lines;
  v1::PromotionLift out;
  domain::SalesTotals used_actual;  // the promoted products' sales on the promotion's orders
  for (const auto* group : {&promoted, &others}) {
    for (const auto& [product, category] : *group) {
      std::vector<domain::Measures> daily(static_cast<size_t>(all_days));
      for (const auto& [day, measures] : days[product]) {
        daily[static_cast<size_t>(day - history_first)] = measures;
      }
      domain::LiftLine line;
      line.promoted = group == &promoted;
      domain::Measures during;
      for (size_t d = history_size; d < daily.size(); ++d) during += daily[d];
      line.actual_units = static_cast<int64_t>(domain::MeasureValue(SeriesMeasure::kUnits, during));
      line.actual_revenue_minor =
          static_cast<int64_t>(domain::MeasureValue(SeriesMeasure::kRevenue, during));
      line.actual_margin_minor =
          static_cast<int64_t>(domain::MeasureValue(SeriesMeasure::kMargin, during));
      const std::vector<domain::Measures> before(
          daily.begin(), daily.begin() + static_cast<std::ptrdiff_t>(history_size));
      std::string revenue_model;
      for (const SeriesMeasure measure :
           {SeriesMeasure::kUnits, SeriesMeasure::kRevenue, SeriesMeasure::kMargin}) {
        absl::StatusOr<domain::Baseline> baseline =
            domain::ForecastBaseline(domain::SeriesOf(measure, before), kWeekDays, window_days);
        if (!baseline.ok()) {
          return HistoryError(baseline.status(), history_size, Granularity::kDay,
                              absl::StrCat(product, " before the promotion"));
        }
        switch (measure) {
          case SeriesMeasure::kUnits:
            line.baseline_units = baseline->total;
            break;
          case SeriesMeasure::kRevenue:
            line.baseline_revenue_minor = baseline->total;
            revenue_model = baseline->model;
            break;
          case SeriesMeasure::kMargin:
            line.baseline_margin_minor = baseline->total;
            break;
        }
      }
      lines.push_back(line);
      v1::LiftLine* proto = out.add_lines();
      proto->set_product(product);
      proto->set_category(category);
      proto->set_promoted(line.promoted);
      proto->set_baseline_units(line.baseline_units);
      proto->set_baseline_revenue_minor(line.baseline_revenue_minor);
      proto->set_baseline_margin_minor(line.baseline_margin_minor);
      *proto->mutable_actual() = ToProto(domain::SalesTotals{
          line.actual_units, line.actual_revenue_minor, line.actual_margin_minor});
      proto->set_baseline_model(revenue_model);
      if (line.promoted) {
        out.add_promoted_products(product);
        if (const auto it = used.by_product.find(product); it != used.by_product.end()) {
          const domain::SalesTotals sold{it->second.units, it->second.revenue_minor,
                                         it->second.revenue_minor - it->second.cost_minor};
          *proto->mutable_promotion_orders_actual() = ToProto(sold);
          used_actual.units += sold.units;
          used_actual.revenue_minor += sold.revenue_minor;
          used_actual.margin_minor += sold.margin_minor;
        }
      }
    }
  }
  ASSIGN_OR_RETURN(const domain::PromotionLift lift, domain::AssessPromotion(lines));

  out.set_promotion(promotion->promotion);
  out.set_display_name(promotion->display_name);
  ASSIGN_OR_RETURN(const Period window,
                   domain::CustomPeriod(window_first, window_end, ctx_.zone, "window"));
  *out.mutable_window() = ToProto(window, ctx_.zone);
  ASSIGN_OR_RETURN(const Period before,
                   domain::CustomPeriod(history_first, window_first, ctx_.zone, "history"));
  *out.mutable_baseline_history() = ToProto(before, ctx_.zone);
  out.set_currency_code(ctx_.currency);
  for (const std::string& category : categories) out.add_categories(category);
  *out.mutable_promoted_baseline() = ToProto(lift.promoted_baseline);
  *out.mutable_promoted_actual() = ToProto(lift.promoted_actual);
  *out.mutable_incremental() = ToProto(lift.incremental);
  *out.mutable_category_baseline() = ToProto(lift.category_baseline);
  *out.mutable_category_actual() = ToProto(lift.category_actual);
  *out.mutable_cannibalised() = ToProto(lift.cannibalised);
  *out.mutable_net_incremental() = ToProto(lift.net_incremental);
  out.set_promotion_orders(used.orders);
  out.set_promotion_discount_minor(used.discount_minor);
  *out.mutable_promotion_orders_actual() = ToProto(used_actual);
  *out.mutable_other_orders_actual() =
      ToProto(domain::SalesTotals{lift.promoted_actual.units - used_actual.units,
                                  lift.promoted_actual.revenue_minor - used_actual.revenue_minor,
                                  lift.promoted_actual.margin_minor - used_actual.margin_minor});
  *out.mutable_freshness() = freshness;
  return out;
}

}  // namespace sales::analytics::api
