#include "services/analytics/src/api/kpi_handlers.h"

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "common/status.h"
#include "services/analytics/src/api/fact_slices.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/kpi_mapping.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/domain/kpi_figures.h"
#include "services/analytics/src/domain/period_buckets.h"
#include "services/analytics/src/store/activity_store.h"
#include "services/analytics/src/store/input_store.h"
#include "services/analytics/src/store/kpi_sums_store.h"
#include "services/analytics/src/store/rollup_store.h"

namespace sales::analytics::api {
namespace {

using domain::Period;

constexpr int kMaxTrendPoints = 1000;
// An RFM segment slice scores every customer of a year's window once per period (about a
// second per period at a million orders).
constexpr int kMaxSegmentTrendPoints = 24;

using domain::InputKind;
constexpr InputKind kInputKinds[] = {InputKind::kMarketingSpend, InputKind::kMarketSize,
                                     InputKind::kSiteVisits};

// Which keys of an input a slice reads: every key for the whole company, the slice's member
// for its own dimension (channels for spend and visits, regions for market size), and none
// for other slices (no value).
std::optional<std::optional<std::string>> InputKey(InputKind kind, const domain::SliceKey& slice) {
  if (slice.dimension == domain::Dimension::kAll) return std::optional<std::string>();
  const domain::Dimension own =
      kind == InputKind::kMarketSize ? domain::Dimension::kRegion : domain::Dimension::kChannel;
  if (slice.dimension == own) return std::optional<std::string>(slice.member);
  return std::nullopt;
}

void AddInput(domain::InputSums& sums, InputKind kind, int64_t amount) {
  switch (kind) {
    case InputKind::kMarketingSpend:
      sums.marketing_spend_minor += amount;
      break;
    case InputKind::kMarketSize:
      sums.market_size_minor += amount;
      break;
    case InputKind::kSiteVisits:
      sums.site_visits += amount;
      break;
  }
}

// The inputs a slice reads, and their key: all have the same key (none for the whole
// company, the member for the input's own dimension).
std::pair<std::vector<InputKind>, std::optional<std::string>> InputsOf(
    const domain::SliceKey& slice) {
  std::vector<InputKind> kinds;
  std::optional<std::string> key;
  for (InputKind kind : kInputKinds) {
    if (const auto k = InputKey(kind, slice)) {
      kinds.push_back(kind);
      key = *k;
    }
  }
  return {std::move(kinds), std::move(key)};
}

// The figures of `slice` over each of `periods` (a KPI answer's period, the one before and
// the year before), with the freshness they include: the positions, the rollup and the
// inputs in one statement, whatever the number of periods. `facts` (the orders the slice
// covers) is needed when `activity` (the customer activity, counted per period) is asked for
// or the slice is measured from the facts; those statements must then run in the same
// snapshot as the first.
std::vector<domain::KpiFigures> FiguresOf(db::Transaction& tx, const store::RollupStore& rollup,
                                          const domain::SliceKey& slice,
                                          const std::vector<Period>& periods,
                                          const absl::TimeZone& zone, const store::FactSlice* facts,
                                          bool activity, v1::Freshness& freshness) {
  std::vector<std::pair<absl::CivilDay, absl::CivilDay>> ranges;
  for (const Period& p : periods) ranges.emplace_back(p.first_day, p.end_day);
  const auto [kinds, key] = InputsOf(slice);
  // Every measure of a tier or segment from the facts, the others from the rollup.
  const bool from_facts = MeasuredFromFacts(slice.dimension);
  store::KpiSums sums =
      store::ReadKpiSums(tx, from_facts ? nullptr : &rollup, slice, kinds, key, ranges);
  freshness.set_orders_position(sums.orders_position);
  freshness.set_customers_position(sums.customers_position);
  if (from_facts) {
    for (const Period& p : periods) {
      sums.measures.push_back(store::SumFacts(tx, *facts, p.first_day, p.end_day));
    }
  }
  std::vector<domain::KpiFigures> out;
  for (size_t i = 0; i < periods.size(); ++i) {
    domain::InputSums inputs;
    for (size_t k = 0; k < kinds.size(); ++k) AddInput(inputs, kinds[k], sums.inputs[k][i]);
    std::optional<domain::CustomerActivity> customers;
    if (activity) {
      customers =
          store::LoadActivity(tx, *facts, periods[i], domain::PreviousPeriod(periods[i], zone));
    }
    out.push_back(domain::FiguresOf(sums.measures[i], inputs, customers));
  }
  return out;
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
  const bool needs_facts = req.customer_activity() || MeasuredFromFacts(slice->dimension);
  auto read = [&](db::Transaction& tx) {
    // The orders the slice covers, resolved once: the base periods of growth cover the same
    // tier, or the same customers of an RFM segment (as of this period's end), so that growth
    // compares like with like.
    std::optional<store::FactSlice> facts;
    if (needs_facts) facts = FactSliceOf(tx, *slice, *period);
    const store::FactSlice* from_facts = facts.has_value() ? &*facts : nullptr;
    const std::vector<domain::KpiFigures> figures =
        FiguresOf(tx, *ctx_.rollup, *slice, {*period, previous, year_before}, ctx_.zone, from_facts,
                  req.customer_activity(), *report.mutable_freshness());
    *report.mutable_values() = ToProto(figures[0]);
    *report.mutable_vs_previous() =
        GrowthProto(figures[0], figures[1], ToProto(previous, ctx_.zone));
    *report.mutable_vs_year_before() =
        GrowthProto(figures[0], figures[2], ToProto(year_before, ctx_.zone));
    return absl::OkStatus();
  };
  // A rollup slice is answered by one statement (ReadKpiSums), which sees one committed
  // state on its own; the facts take more statements, which must see the same one.
  RETURN_IF_ERROR(needs_facts ? db::RunSnapshotRead(*ctx_.pool, deadline, read)
                              : db::RunReadOnly(*ctx_.pool, deadline, read));
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

  absl::StatusOr<std::vector<Period>> covering = domain::PeriodsCovering(
      *granularity, *first_day, *last_day, ctx_.zone, kMaxTrendPoints, "last_day");
  if (!covering.ok()) return covering.status();
  const std::vector<Period>& periods = *covering;
  if (slice->dimension == domain::Dimension::kSegment &&
      static_cast<int>(periods.size()) > kMaxSegmentTrendPoints) {
    return absl::InvalidArgumentError(
        absl::StrCat("last_day: an RFM segment's trend holds at most ", kMaxSegmentTrendPoints,
                     " periods (each scores its customers again)"));
  }

  v1::KpiTrend trend;
  std::vector<std::pair<absl::CivilDay, domain::Measures>> days;
  std::vector<std::pair<InputKind, std::vector<std::pair<absl::CivilDay, int64_t>>>> input_days;
  // Per period: the customer activity, and for a tier or segment the measures, from the facts.
  std::vector<std::optional<domain::CustomerActivity>> activity(periods.size());
  std::vector<domain::Measures> fact_sums;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *trend.mutable_freshness() = ReadFreshness(tx);
    fact_sums.clear();
    if (req.customer_activity() || MeasuredFromFacts(slice->dimension)) {
      for (size_t i = 0; i < periods.size(); ++i) {
        const Period& p = periods[i];
        const store::FactSlice facts = FactSliceOf(tx, *slice, p);
        if (req.customer_activity()) {
          activity[i] = store::LoadActivity(tx, facts, p, domain::PreviousPeriod(p, ctx_.zone));
        }
        if (MeasuredFromFacts(slice->dimension)) {
          fact_sums.push_back(store::SumFacts(tx, facts, p.first_day, p.end_day));
        }
      }
    }
    days =
        ctx_.rollup->DailyMeasures(tx, *slice, periods.front().first_day, periods.back().end_day);
    input_days.clear();
    for (InputKind kind : kInputKinds) {
      if (const auto key = InputKey(kind, *slice)) {
        input_days.emplace_back(kind, store::DailyInput(tx, kind, *key, periods.front().first_day,
                                                        periods.back().end_day));
      }
    }
    return absl::OkStatus();
  }));
  const std::vector<domain::Measures> sums_per_period = domain::SumPerPeriod(periods, days);
  // Days are sorted, and so are the periods: one pass buckets the inputs.
  std::vector<size_t> input_at(input_days.size(), 0);
  for (size_t i = 0; i < periods.size(); ++i) {
    const Period& p = periods[i];
    const domain::Measures& sums = fact_sums.empty() ? sums_per_period[i] : fact_sums[i];
    domain::InputSums inputs;
    for (size_t k = 0; k < input_days.size(); ++k) {
      const auto& [kind, series] = input_days[k];
      for (size_t& i = input_at[k]; i < series.size() && series[i].first < p.end_day; ++i) {
        AddInput(inputs, kind, series[i].second);
      }
    }
    v1::KpiPoint* point = trend.add_points();
    *point->mutable_period() = ToProto(p, ctx_.zone);
    *point->mutable_values() = ToProto(domain::FiguresOf(sums, inputs, activity[i]));
  }
  *trend.mutable_slice() = ToProto(*slice);
  trend.set_currency_code(ctx_.currency);
  return trend;
}

}  // namespace sales::analytics::api
