#include "services/analytics/src/api/periodic_report.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "common/money.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/analytics/src/api/forecast_mapping.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/api/product_labels.h"
#include "services/analytics/src/domain/finding_text.h"
#include "services/analytics/src/domain/findings.h"
#include "services/analytics/src/domain/kpi_figures.h"
#include "services/analytics/src/domain/member_ranking.h"
#include "services/analytics/src/domain/periods.h"
#include "services/analytics/src/domain/rfm.h"
#include "services/analytics/src/domain/swot.h"

namespace sales::analytics::api {
namespace {

using domain::Dimension;
using domain::Measure;
using domain::Period;

// Members shown at the top and at the bottom of each ranking.
constexpr int kRankingLimit = 5;
// The RFM window of the report's segments and movements, in days (a year of purchases, the
// GetRfmSegments default).
constexpr int kRfmWindowDays = 365;
// Products the movers and stock cover are taken from: every product GetProductReport lists
// at most (by revenue), so that no hot or slow product is cut by a shorter list.
constexpr int kMoverProducts = 10000;
// Rows of each product list (hot, slow, low cover) in the report.
constexpr int kMoverRows = 10;
// Previous periods a product's units are compared with (GetProductReport's default).
constexpr int kMoverHistoryPeriods = 8;

struct RankedDimension {
  Dimension dimension;
  v1::SliceDimension proto;
  v1::Ranking* (v1::PeriodicReport::*field)();
};

const RankedDimension kRankedDimensions[] = {
    {Dimension::kProduct, v1::SLICE_DIMENSION_PRODUCT, &v1::PeriodicReport::mutable_products},
    {Dimension::kRep, v1::SLICE_DIMENSION_REP, &v1::PeriodicReport::mutable_reps},
    {Dimension::kChannel, v1::SLICE_DIMENSION_CHANNEL, &v1::PeriodicReport::mutable_channels},
    {Dimension::kCategory, v1::SLICE_DIMENSION_CATEGORY, &v1::PeriodicReport::mutable_categories},
    {Dimension::kRegion, v1::SLICE_DIMENSION_REGION, &v1::PeriodicReport::mutable_regions},
};

absl::StatusOr<domain::Granularity> ReadReportGranularity(v1::Granularity granularity) {
  switch (granularity) {
    case v1::GRANULARITY_ISO_WEEK:
      return domain::Granularity::kIsoWeek;
    case v1::GRANULARITY_MONTH:
      return domain::Granularity::kMonth;
    case v1::GRANULARITY_QUARTER:
      return domain::Granularity::kQuarter;
    default:
      return absl::InvalidArgumentError(
          "granularity: must be GRANULARITY_ISO_WEEK, GRANULARITY_MONTH or GRANULARITY_QUARTER");
  }
}

// A period spec naming `period` by its first moment.
v1::PeriodSpec SpecOf(const Period& period, v1::Granularity granularity) {
  v1::PeriodSpec spec;
  spec.set_granularity(granularity);
  *spec.mutable_time() = ToProtoTime(period.start);
  return spec;
}

domain::MemberRevenue MemberOf(const std::string& member, const domain::Measures& now,
                               const domain::Measures& before) {
  auto revenue = [](const domain::Measures& m) {
    return m[Measure::kNetMinor] - m[Measure::kRefundMinor];
  };
  auto units = [](const domain::Measures& m) {
    return m[Measure::kUnits] - m[Measure::kReturnedUnits];
  };
  return {member, revenue(now), units(now), revenue(before), units(before)};
}

v1::RankedMember ToProto(const domain::MemberRevenue& m, int64_t total_revenue_minor) {
  v1::RankedMember out;
  out.set_member(m.member);
  out.set_revenue_minor(m.revenue_minor);
  out.set_units(m.units);
  out.set_previous_revenue_minor(m.previous_revenue_minor);
  out.set_previous_units(m.previous_units);
  if (const auto growth = domain::GrowthOf(m.revenue_minor, m.previous_revenue_minor)) {
    out.set_revenue_growth(*growth);
  }
  if (const auto share = domain::RevenueShare(m.revenue_minor, total_revenue_minor)) {
    out.set_revenue_share(*share);
  }
  return out;
}

std::optional<domain::RfmSegment> SegmentNamed(const std::string& name) {
  for (domain::RfmSegment s : domain::kAllRfmSegments) {
    if (domain::RfmSegmentName(s) == name) return s;
  }
  return std::nullopt;
}

// Customers of each segment in the earlier scoring: those who moved from it (or stayed)
// plus those who left the scored customers.
std::vector<domain::SegmentMove> MovesOf(const v1::RfmMovements& m) {
  std::map<std::string, int64_t> before;
  for (const v1::RfmMovement& move : m.movements()) before[move.from_segment()] += move.customers();
  for (const v1::RfmSegmentCount& left : m.left()) before[left.segment()] += left.customers();
  std::vector<domain::SegmentMove> out;
  for (const v1::RfmMovement& move : m.movements()) {
    const auto from = SegmentNamed(move.from_segment());
    const auto to = SegmentNamed(move.to_segment());
    if (!from.has_value() || !to.has_value()) continue;
    out.push_back({*from, *to, move.customers(), before[move.from_segment()]});
  }
  return out;
}

v1::SliceDimension ToProto(Dimension d) {
  for (const RankedDimension& r : kRankedDimensions) {
    if (r.dimension == d) return r.proto;
  }
  return v1::SLICE_DIMENSION_UNSPECIFIED;
}

v1::FindingKind ToProto(domain::FindingKind k) {
  switch (k) {
    case domain::FindingKind::kRevenueChange:
      return v1::FINDING_KIND_REVENUE_CHANGE;
    case domain::FindingKind::kRevenueChangeYear:
      return v1::FINDING_KIND_REVENUE_CHANGE_YEAR;
    case domain::FindingKind::kMemberChange:
      return v1::FINDING_KIND_MEMBER_CHANGE;
    case domain::FindingKind::kMarginChange:
      return v1::FINDING_KIND_MARGIN_CHANGE;
    case domain::FindingKind::kSegmentMovement:
      return v1::FINDING_KIND_SEGMENT_MOVEMENT;
    case domain::FindingKind::kRevenueAnomaly:
      return v1::FINDING_KIND_REVENUE_ANOMALY;
    case domain::FindingKind::kHotProduct:
      return v1::FINDING_KIND_HOT_PRODUCT;
    case domain::FindingKind::kSlowProduct:
      return v1::FINDING_KIND_SLOW_PRODUCT;
    case domain::FindingKind::kLowStockCover:
      return v1::FINDING_KIND_LOW_STOCK_COVER;
  }
  return v1::FINDING_KIND_UNSPECIFIED;
}

v1::FindingDriver ToProto(domain::FindingDriver d) {
  switch (d) {
    case domain::FindingDriver::kVolume:
      return v1::FINDING_DRIVER_VOLUME;
    case domain::FindingDriver::kPrice:
      return v1::FINDING_DRIVER_PRICE;
    case domain::FindingDriver::kMix:
      return v1::FINDING_DRIVER_MIX;
    case domain::FindingDriver::kNewCustomers:
      return v1::FINDING_DRIVER_NEW_CUSTOMERS;
    case domain::FindingDriver::kLostCustomers:
      return v1::FINDING_DRIVER_LOST_CUSTOMERS;
    case domain::FindingDriver::kNone:
      break;
  }
  return v1::FINDING_DRIVER_UNSPECIFIED;
}

v1::FindingUnit ToProto(domain::FindingUnit u) {
  switch (u) {
    case domain::FindingUnit::kMinorUnits:
      return v1::FINDING_UNIT_MINOR_UNITS;
    case domain::FindingUnit::kBasisPoints:
      return v1::FINDING_UNIT_BASIS_POINTS;
    case domain::FindingUnit::kCustomers:
      return v1::FINDING_UNIT_CUSTOMERS;
    case domain::FindingUnit::kUnits:
      return v1::FINDING_UNIT_UNITS;
  }
  return v1::FINDING_UNIT_UNSPECIFIED;
}

v1::SwotClass ToProto(domain::SwotClass c) {
  switch (c) {
    case domain::SwotClass::kStrength:
      return v1::SWOT_CLASS_STRENGTH;
    case domain::SwotClass::kWeakness:
      return v1::SWOT_CLASS_WEAKNESS;
    case domain::SwotClass::kOpportunity:
      return v1::SWOT_CLASS_OPPORTUNITY;
    case domain::SwotClass::kThreat:
      return v1::SWOT_CLASS_THREAT;
  }
  return v1::SWOT_CLASS_UNSPECIFIED;
}

v1::Finding ToProto(const domain::Finding& f, const domain::TextContext& text) {
  v1::Finding out;
  out.set_kind(ToProto(f.kind));
  out.set_dimension(f.dimension == Dimension::kAll ? v1::SLICE_DIMENSION_UNSPECIFIED
                                                   : ToProto(f.dimension));
  out.set_subject(f.subject);
  out.set_display_name(f.subject_name);
  out.set_to_subject(f.to_subject);
  out.set_direction(f.up ? v1::FINDING_DIRECTION_UP : v1::FINDING_DIRECTION_DOWN);
  out.set_unit(ToProto(f.unit));
  out.set_base_value(f.base_value);
  out.set_current_value(f.current_value);
  if (f.change.has_value()) out.set_change(*f.change);
  out.set_driver(ToProto(f.driver));
  out.set_driver_value(f.driver_value);
  if (f.days_of_cover.has_value()) out.set_days_of_cover(*f.days_of_cover);
  out.set_text(domain::FindingText(f, text));
  const domain::SwotClass swot = domain::ClassifySwot(f);
  out.set_swot(ToProto(swot));
  out.set_swot_label(domain::SwotLabel(swot, text.language));
  return out;
}

v1::SectionUnavailableReason ToProto(domain::SectionGap gap) {
  switch (gap) {
    case domain::SectionGap::kNoSales:
      return v1::SECTION_UNAVAILABLE_REASON_NO_SALES;
    case domain::SectionGap::kHistoryTooShort:
      return v1::SECTION_UNAVAILABLE_REASON_HISTORY_TOO_SHORT;
    case domain::SectionGap::kPeriodIncomplete:
      return v1::SECTION_UNAVAILABLE_REASON_PERIOD_INCOMPLETE;
    case domain::SectionGap::kNoCompleteDay:
      return v1::SECTION_UNAVAILABLE_REASON_NO_COMPLETE_DAY;
  }
  return v1::SECTION_UNAVAILABLE_REASON_UNSPECIFIED;
}

v1::SectionUnavailable Unavailable(domain::Section section, domain::SectionGap gap,
                                   int history_periods, domain::Granularity history_granularity,
                                   const domain::TextContext& text) {
  v1::SectionUnavailable out;
  out.set_reason(ToProto(gap));
  out.set_history_periods(history_periods);
  out.set_text(domain::SectionGapText(section, gap, history_periods, history_granularity, text));
  return out;
}

// The history was too short (a shortfall) or held nothing at all.
domain::SectionGap GapOfShortfall(int history_periods) {
  return history_periods == 0 ? domain::SectionGap::kNoSales : domain::SectionGap::kHistoryTooShort;
}

// Units sold minus returned, as the movers count them.
int64_t NetUnits(const v1::ProductFigures& p) { return p.units() - p.returned_units(); }

// Units against the history's mean; +infinity for units above a mean of 0.
double RateOf(const v1::ProductFigures& p) {
  if (p.history_mean() > 0) return static_cast<double>(NetUnits(p)) / p.history_mean();
  return NetUnits(p) > 0 ? std::numeric_limits<double>::infinity() : 0;
}

// The first kMoverRows of `products` ordered by `before` (stable).
template <typename Before>
void AddRows(std::vector<v1::ProductFigures> products, Before before,
             google::protobuf::RepeatedPtrField<v1::ProductFigures>* rows) {
  std::stable_sort(products.begin(), products.end(), before);
  if (products.size() > static_cast<size_t>(kMoverRows)) {
    products.resize(static_cast<size_t>(kMoverRows));
  }
  for (v1::ProductFigures& p : products) *rows->Add() = std::move(p);
}

}  // namespace

absl::StatusOr<v1::PeriodicReport> PeriodicReports::GetReport(const v1::GetReportRequest& req,
                                                              absl::Time deadline) {
  ASSIGN_OR_RETURN(const domain::Granularity granularity, ReadReportGranularity(req.granularity()));
  const std::string language = req.language_code().empty() ? "en" : req.language_code();
  const std::optional<domain::Language> lang = domain::LanguageOf(language);
  if (!lang.has_value()) {
    return absl::InvalidArgumentError(
        absl::StrCat("language_code: must be \"en\" or \"zh\", got \"", req.language_code(), "\""));
  }
  const absl::Time now = absl::Now();
  Period period;
  if (req.has_time()) {
    const absl::Time at = FromProtoTime(req.time());
    if (at > now) return absl::InvalidArgumentError("time: must not be in the future");
    period = domain::PeriodContaining(granularity, at, ctx_.zone);
  } else {
    period =
        domain::PreviousPeriod(domain::PeriodContaining(granularity, now, ctx_.zone), ctx_.zone);
  }
  const Period previous = domain::PreviousPeriod(period, ctx_.zone);
  const v1::PeriodSpec spec = SpecOf(period, req.granularity());

  v1::PeriodicReport out;
  // Each part as its own RPC answers it, in-process.
  v1::GetKpisRequest kpis_req;
  *kpis_req.mutable_period() = spec;
  ASSIGN_OR_RETURN(v1::KpiReport headline, kpis_.GetKpis(kpis_req, deadline));
  v1::GetRevenueBridgeRequest bridge_req;
  *bridge_req.mutable_period() = spec;
  ASSIGN_OR_RETURN(*out.mutable_bridge(), reports_.GetRevenueBridge(bridge_req, deadline));
  v1::GetRfmSegmentsRequest segments_req;
  segments_req.set_as_of_day(DayString(period.end_day - 1));
  segments_req.set_window_days(kRfmWindowDays);
  ASSIGN_OR_RETURN(*out.mutable_segments(), customer_value_.GetRfmSegments(segments_req, deadline));
  v1::GetRfmMovementsRequest moves_req;
  moves_req.set_from_as_of_day(DayString(previous.end_day - 1));
  moves_req.set_to_as_of_day(DayString(period.end_day - 1));
  moves_req.set_window_days(kRfmWindowDays);
  ASSIGN_OR_RETURN(*out.mutable_segment_movements(),
                   customer_value_.GetRfmMovements(moves_req, deadline));

  // Every member of each dimension in both periods, from the rollup.
  using ByMember = std::vector<std::pair<std::string, domain::Measures>>;
  std::vector<std::pair<ByMember, ByMember>> sums;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    sums.clear();
    for (const RankedDimension& d : kRankedDimensions) {
      sums.emplace_back(
          ctx_.rollup->SumByMember(tx, d.dimension, period.first_day, period.end_day),
          ctx_.rollup->SumByMember(tx, d.dimension, previous.first_day, previous.end_day));
    }
    return absl::OkStatus();
  }));

  domain::ReportFigures figures;
  figures.revenue_minor = headline.values().revenue_minor();
  figures.previous_revenue_minor = headline.vs_previous().base_values().revenue_minor();
  figures.year_before_revenue_minor = headline.vs_year_before().base_values().revenue_minor();
  figures.gross_margin_minor = headline.values().gross_margin_minor();
  figures.previous_gross_margin_minor = headline.vs_previous().base_values().gross_margin_minor();
  const v1::RevenueBridge& b = out.bridge();
  figures.bridge = {b.new_customers_minor(), b.lost_customers_minor(), b.price_minor(),
                    b.volume_minor(), b.mix_minor()};
  for (size_t i = 0; i < sums.size(); ++i) {
    const RankedDimension& d = kRankedDimensions[i];
    std::map<std::string, std::pair<domain::Measures, domain::Measures>> members;
    for (const auto& [name, m] : sums[i].first) members[name].first = m;
    for (const auto& [name, m] : sums[i].second) members[name].second = m;
    std::vector<domain::MemberRevenue> revenues;
    for (const auto& [name, m] : members) {
      revenues.push_back(MemberOf(name, m.first, m.second));
      figures.members.push_back({d.dimension, revenues.back()});
    }
    const domain::MemberRanking ranking = domain::RankMembers(std::move(revenues), kRankingLimit);
    v1::Ranking* r = (out.*d.field)();
    r->set_dimension(d.proto);
    r->set_members(ranking.members);
    for (const auto& m : ranking.top) *r->add_top() = ToProto(m, ranking.total_revenue_minor);
    for (const auto& m : ranking.bottom) *r->add_bottom() = ToProto(m, ranking.total_revenue_minor);
  }
  figures.moves = MovesOf(out.segment_movements());

  domain::TextContext text;
  text.language = *lang;
  text.granularity = granularity;
  const absl::StatusOr<int> exponent = MinorUnitExponent(ctx_.currency);
  text.currency_exponent = exponent.ok() ? *exponent : 0;

  // The forecast of the period after this one, fitted on the history ending with it.
  const bool quarter = granularity == domain::Granularity::kQuarter;
  const domain::Granularity forecast_granularity =
      quarter ? domain::Granularity::kMonth : granularity;
  v1::ReportForecast* forecast = out.mutable_forecast();
  forecast->set_granularity(granularity == domain::Granularity::kIsoWeek ? v1::GRANULARITY_ISO_WEEK
                                                                         : v1::GRANULARITY_MONTH);
  *forecast->mutable_period() =
      ToProto(domain::PeriodStartingOn(granularity, period.end_day, ctx_.zone), ctx_.zone);
  forecast->set_level(kDefaultLevel);
  if (now < period.end) {
    *forecast->mutable_unavailable() =
        Unavailable(domain::Section::kForecast, domain::SectionGap::kPeriodIncomplete, 0,
                    forecast_granularity, text);
  } else {
    v1::GetForecastRequest forecast_req;
    forecast_req.set_measure(v1::FORECAST_MEASURE_REVENUE);
    forecast_req.set_granularity(forecast->granularity());
    forecast_req.set_horizon(quarter ? 3 : 1);
    forecast_req.set_level(kDefaultLevel);
    forecast_req.mutable_history()->set_last_day(DayString(period.end_day - 1));
    ASSIGN_OR_RETURN(ForecastAnswer answer, forecasts_.Forecast(forecast_req, deadline));
    forecast->set_history_periods(answer.history_periods);
    if (!answer.forecast.has_value()) {
      *forecast->mutable_unavailable() =
          Unavailable(domain::Section::kForecast, GapOfShortfall(answer.history_periods),
                      answer.history_periods, forecast_granularity, text);
    } else {
      double sum = 0;
      for (const v1::ForecastPoint& p : answer.forecast->points()) sum += p.value();
      *forecast->mutable_points() = answer.forecast->points();
      forecast->set_point_sum(sum);
      *forecast->mutable_model() = answer.forecast->model();
      *forecast->mutable_backtest() = answer.forecast->backtest();
    }
  }

  // The whole days of the period checked against the daily forecast's interval.
  v1::ReportAnomalies* anomalies = out.mutable_anomalies();
  const absl::CivilDay last_checked =
      std::min(period.end_day, absl::ToCivilDay(now, ctx_.zone)) - 1;
  if (last_checked < period.first_day) {
    *anomalies->mutable_unavailable() =
        Unavailable(domain::Section::kAnomalies, domain::SectionGap::kNoCompleteDay, 0,
                    domain::Granularity::kDay, text);
  } else {
    v1::DetectAnomaliesRequest anomalies_req;
    anomalies_req.set_measure(v1::FORECAST_MEASURE_REVENUE);
    anomalies_req.set_granularity(v1::GRANULARITY_DAY);
    anomalies_req.set_first_day(DayString(period.first_day));
    anomalies_req.set_last_day(DayString(last_checked));
    anomalies_req.set_level(kDefaultLevel);
    ASSIGN_OR_RETURN(AnomalyAnswer answer, forecasts_.Anomalies(anomalies_req, deadline));
    if (!answer.report.has_value()) {
      *anomalies->mutable_unavailable() =
          Unavailable(domain::Section::kAnomalies, GapOfShortfall(answer.history_periods),
                      answer.history_periods, domain::Granularity::kDay, text);
    } else {
      for (const v1::AnomalyPoint& a : answer.report->anomalies()) {
        figures.anomalies.push_back({a.period().first_day(), a.actual(), a.expected(),
                                     a.direction() == v1::ANOMALY_DIRECTION_ABOVE});
      }
      *anomalies->mutable_report() = *std::move(answer.report);
    }
  }

  // Hot and slow products and stock cover, as GetProductReport answers for the period.
  v1::GetProductReportRequest products_req;
  *products_req.mutable_period() = spec;
  products_req.set_cover_window_days(domain::kStockCoverWindowDays);
  products_req.set_limit(kMoverProducts);
  products_req.set_history_periods(kMoverHistoryPeriods);
  ASSIGN_OR_RETURN(const v1::ProductReport products,
                   reports_.GetProductReport(products_req, deadline));
  std::vector<v1::ProductFigures> hot, slow, low_cover;
  for (const v1::ProductFigures& p : products.products()) {
    if (p.movement() == v1::MOVEMENT_HOT || p.movement() == v1::MOVEMENT_SLOW) {
      const bool is_hot = p.movement() == v1::MOVEMENT_HOT;
      (is_hot ? hot : slow).push_back(p);
      figures.product_moves.push_back({p.product(), is_hot, NetUnits(p), p.history_mean()});
    }
    if (p.has_days_of_cover() && p.cover_window_units() > 0) {
      figures.stock_covers.push_back(
          {p.product(), p.available_units(), p.cover_window_units(), p.days_of_cover()});
      if (p.days_of_cover() < domain::kLowStockCoverDays) low_cover.push_back(p);
    }
  }
  v1::ReportProducts* movers = out.mutable_product_movers();
  movers->set_cover_window_days(domain::kStockCoverWindowDays);
  movers->set_history_periods(kMoverHistoryPeriods);
  AddRows(
      std::move(hot), [](const auto& a, const auto& b) { return RateOf(a) > RateOf(b); },
      movers->mutable_hot());
  AddRows(
      std::move(slow),
      [](const auto& a, const auto& b) {
        return a.history_mean() - static_cast<double>(NetUnits(a)) >
               b.history_mean() - static_cast<double>(NetUnits(b));
      },
      movers->mutable_slow());
  AddRows(
      std::move(low_cover),
      [](const auto& a, const auto& b) { return a.days_of_cover() < b.days_of_cover(); },
      movers->mutable_low_cover());

  // Products named by their display names: in the rankings, the movers and the findings
  // (whose text names a product by it when known), read together.
  std::vector<domain::Finding> findings = domain::DeriveFindings(figures);
  std::vector<std::string> finding_products;
  for (const domain::Finding& f : findings) {
    if (f.dimension == Dimension::kProduct) finding_products.push_back(f.subject);
  }
  ASSIGN_OR_RETURN(const ProductLabels labels,
                   NameProducts(*ctx_.pool, deadline, out, finding_products));
  for (domain::Finding& f : findings) {
    if (f.dimension == Dimension::kProduct) f.subject_name = labels.DisplayName(f.subject);
    *out.add_findings() = ToProto(f, text);
  }

  *out.mutable_period() = headline.period();
  out.set_language_code(language);
  out.set_currency_code(ctx_.currency);
  *out.mutable_create_time() = ToProtoTime(now);
  out.set_period_complete(now >= period.end);
  *out.mutable_freshness() = headline.freshness();
  *out.mutable_values() = headline.values();
  *out.mutable_vs_previous() = headline.vs_previous();
  *out.mutable_vs_year_before() = headline.vs_year_before();
  return out;
}

}  // namespace sales::analytics::api
