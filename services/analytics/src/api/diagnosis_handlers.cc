#include "services/analytics/src/api/diagnosis_handlers.h"

#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "common/status.h"
#include "services/analytics/src/api/fact_slices.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/api/process_kpi_slices.h"
#include "services/analytics/src/domain/channel_efficiency.h"
#include "services/analytics/src/domain/contribution.h"
#include "services/analytics/src/domain/period_buckets.h"
#include "services/analytics/src/domain/process_kpis.h"
#include "services/analytics/src/store/activity_store.h"
#include "services/analytics/src/store/diagnosis_store.h"
#include "services/analytics/src/store/rollup_store.h"
#include "services/analytics/src/store/stock_history_store.h"

namespace sales::analytics::api {
namespace {

using domain::ContributionKpi;
using domain::Dimension;
using domain::KpiParts;
using domain::Measure;
using domain::Period;

constexpr int kDefaultContributionRows = 20;
constexpr int kMaxContributionRows = 1000;
constexpr int kMaxStockOutItems = 50;
constexpr int kMaxChannelPeriods = 120;

absl::StatusOr<ContributionKpi> ReadKpi(v1::ContributionKpi kpi) {
  switch (kpi) {
    case v1::CONTRIBUTION_KPI_REVENUE:
      return ContributionKpi::kRevenue;
    case v1::CONTRIBUTION_KPI_GROSS_MARGIN:
      return ContributionKpi::kGrossMargin;
    case v1::CONTRIBUTION_KPI_UNITS:
      return ContributionKpi::kUnits;
    case v1::CONTRIBUTION_KPI_ORDERS:
      return ContributionKpi::kOrders;
    case v1::CONTRIBUTION_KPI_AVERAGE_ORDER_VALUE:
      return ContributionKpi::kAverageOrderValue;
    case v1::CONTRIBUTION_KPI_GROSS_MARGIN_RATE:
      return ContributionKpi::kGrossMarginRate;
    case v1::CONTRIBUTION_KPI_LEAD_CONVERSION:
      return ContributionKpi::kLeadConversion;
    case v1::CONTRIBUTION_KPI_UNSPECIFIED:
      return absl::InvalidArgumentError("kpi: required");
    default:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat("kpi: unknown value ", static_cast<int>(kpi)));
}

const char* UnitOf(ContributionKpi kpi) {
  switch (kpi) {
    case ContributionKpi::kUnits:
      return "units";
    case ContributionKpi::kOrders:
      return "orders";
    case ContributionKpi::kGrossMarginRate:
    case ContributionKpi::kLeadConversion:
      return "basis_points";
    default:
      return "minor_units";
  }
}

// Whether `dimension` partitions `kpi` (diagnosis.proto, GetContributionRequest.dimensions);
// the reason in words when it does not.
std::optional<std::string> Unsupported(ContributionKpi kpi, Dimension dimension) {
  switch (dimension) {
    case Dimension::kTier:
    case Dimension::kSegment:
      return "a customer's tier or RFM segment changes between the periods; use channel, "
             "region, product, category or rep";
    case Dimension::kAll:
      return "must be set (SLICE_DIMENSION_UNSPECIFIED is the whole company)";
    default:
      break;
  }
  if (kpi == ContributionKpi::kLeadConversion) {
    if (dimension == Dimension::kChannel || dimension == Dimension::kRep) return std::nullopt;
    return "lead conversion is explained by the leads' channel or owner rep only";
  }
  if ((kpi == ContributionKpi::kOrders || kpi == ContributionKpi::kAverageOrderValue) &&
      (dimension == Dimension::kProduct || dimension == Dimension::kCategory)) {
    return "an order with lines of several products or categories is not a part of one; use "
           "channel, region or rep";
  }
  return std::nullopt;
}

absl::StatusOr<Dimension> ReadDimension(v1::SliceDimension d, const std::string& field) {
  switch (d) {
    case v1::SLICE_DIMENSION_CHANNEL:
      return Dimension::kChannel;
    case v1::SLICE_DIMENSION_REGION:
      return Dimension::kRegion;
    case v1::SLICE_DIMENSION_PRODUCT:
      return Dimension::kProduct;
    case v1::SLICE_DIMENSION_CATEGORY:
      return Dimension::kCategory;
    case v1::SLICE_DIMENSION_REP:
      return Dimension::kRep;
    case v1::SLICE_DIMENSION_TIER:
      return Dimension::kTier;
    case v1::SLICE_DIMENSION_RFM_SEGMENT:
      return Dimension::kSegment;
    case v1::SLICE_DIMENSION_UNSPECIFIED:
      return Dimension::kAll;
    default:
      break;
  }
  return absl::InvalidArgumentError(absl::StrCat(field, ": unknown value ", static_cast<int>(d)));
}

v1::SliceDimension ToProtoDimension(Dimension d) {
  const domain::SliceKey key{d, "x"};
  return api::ToProto(key).dimension();
}

// One slice's numerator and denominator in one period; `unattributed` for the part no
// member holds.
struct Part {
  bool unattributed = false;
  KpiParts parts;
};
using Parts = std::map<std::string, Part>;

// The key of the unattributed part in Parts (no member is empty: members are required).
constexpr char kUnattributedKey[] = "";

// The parts of each member of `dimension` in `period` for `kpi`.
Parts LoadParts(db::Transaction& tx, const store::RollupStore& rollup, ContributionKpi kpi,
                Dimension dimension, const Period& period) {
  Parts out;
  if (kpi == ContributionKpi::kLeadConversion) {
    for (const store::LeadCount& c : store::LoadLeadCounts(tx, period.start, period.end)) {
      const std::string& member = dimension == Dimension::kRep ? c.rep : c.channel;
      Part& p = out[member];
      p.unattributed = member.empty();  // a lead without a channel or owner
      p.parts.numerator += c.won;
      p.parts.denominator += c.created;
    }
    return out;
  }
  for (const auto& [member, m] :
       rollup.SumByMember(tx, dimension, period.first_day, period.end_day)) {
    out[member].parts = domain::PartsOf(kpi, m);
  }
  if (dimension != Dimension::kRep) return out;

  // Reps: money as the credit shares the rollup keeps; the company's rest unattributed.
  const domain::Measures all =
      rollup.SumRanges(tx, {Dimension::kAll, ""}, {{period.first_day, period.end_day}})[0];
  const KpiParts total = domain::PartsOf(kpi, all);
  const bool counts = kpi == ContributionKpi::kOrders || kpi == ContributionKpi::kUnits ||
                      kpi == ContributionKpi::kAverageOrderValue;
  if (counts) {
    // Orders and units are split over the reps by their credited basis points.
    const bool units = kpi == ContributionKpi::kUnits;
    const std::vector<store::RepCredit> credits =
        store::LoadRepCredits(tx, period.first_day, period.end_day);
    std::vector<int64_t> weights;
    for (const store::RepCredit& c : credits) weights.push_back(units ? c.unit_bp : c.order_bp);
    const int64_t count = all[units ? Measure::kUnits : Measure::kOrders];
    const std::vector<int64_t> split = domain::SplitCountOverReps(count, weights);
    for (auto& [member, p] : out) {
      if (kpi == ContributionKpi::kAverageOrderValue) {
        p.parts.denominator = 0;  // the rollup's rep orders count whole orders: replaced
      } else {
        p.parts.numerator = 0;
      }
    }
    for (size_t i = 0; i < credits.size(); ++i) {
      KpiParts& p = out[credits[i].rep].parts;
      if (kpi == ContributionKpi::kAverageOrderValue) {
        p.denominator = split[i];
      } else {
        p.numerator = split[i];
      }
    }
    KpiParts rest;
    if (kpi == ContributionKpi::kAverageOrderValue) {
      rest.denominator = split.back();
    } else {
      rest.numerator = split.back();
    }
    out[kUnattributedKey] = {true, rest};
    if (kpi != ContributionKpi::kAverageOrderValue) return out;
  }
  // The money no rep's share holds (orders without credits, shares short of 10000).
  Part& rest = out[kUnattributedKey];
  rest.unattributed = true;
  int64_t numerator = total.numerator, denominator = total.denominator;
  for (const auto& [member, p] : out) {
    if (p.unattributed) continue;
    numerator -= p.parts.numerator;
    if (kpi != ContributionKpi::kAverageOrderValue) denominator -= p.parts.denominator;
  }
  rest.parts.numerator = numerator;
  if (kpi != ContributionKpi::kAverageOrderValue) rest.parts.denominator = denominator;
  return out;
}

// The slices of both periods, members in name order, the unattributed part last.
std::vector<domain::SliceValues> Merge(const Parts& base, const Parts& current) {
  std::set<std::string> members;
  for (const auto& [m, p] : base) members.insert(m);
  for (const auto& [m, p] : current) members.insert(m);
  std::vector<domain::SliceValues> out;
  std::optional<domain::SliceValues> unattributed;
  for (const std::string& m : members) {
    domain::SliceValues v;
    v.member = m;
    if (auto it = base.find(m); it != base.end()) {
      v.unattributed = it->second.unattributed;
      v.base_value = it->second.parts.numerator;
      v.base_denominator = it->second.parts.denominator;
    }
    if (auto it = current.find(m); it != current.end()) {
      v.unattributed = v.unattributed || it->second.unattributed;
      v.current_value = it->second.parts.numerator;
      v.current_denominator = it->second.parts.denominator;
    }
    if (v.unattributed) {
      v.member.clear();
      unattributed = v;
    } else {
      out.push_back(std::move(v));
    }
  }
  if (unattributed.has_value()) out.push_back(*unattributed);
  return out;
}

v1::ContributionRowKind ToProto(domain::ContributionRow::Kind kind) {
  switch (kind) {
    case domain::ContributionRow::Kind::kMember:
      return v1::CONTRIBUTION_ROW_KIND_MEMBER;
    case domain::ContributionRow::Kind::kUnattributed:
      return v1::CONTRIBUTION_ROW_KIND_UNATTRIBUTED;
    case domain::ContributionRow::Kind::kOther:
      return v1::CONTRIBUTION_ROW_KIND_OTHER;
  }
  return v1::CONTRIBUTION_ROW_KIND_UNSPECIFIED;
}

v1::ChannelFigures ToProto(const std::string& channel, const domain::ChannelFigures& f) {
  v1::ChannelFigures out;
  out.set_channel(channel);
  out.set_revenue_minor(f.revenue_minor);
  out.set_gross_margin_minor(f.gross_margin_minor);
  out.set_orders(f.orders);
  out.set_new_customers(f.new_customers);
  out.set_leads_created(f.leads_created);
  out.set_leads_won(f.leads_won);
  if (f.lead_conversion.has_value()) out.set_lead_conversion(*f.lead_conversion);
  out.set_marketing_spend_minor(f.marketing_spend_minor);
  if (f.acquisition_cost_minor.has_value()) {
    out.set_acquisition_cost_minor(*f.acquisition_cost_minor);
  }
  if (f.return_on_spend.has_value()) out.set_return_on_spend(*f.return_on_spend);
  return out;
}

}  // namespace

absl::StatusOr<v1::ContributionAnalysis> DiagnosisHandlers::GetContribution(
    const v1::GetContributionRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const ContributionKpi kpi, ReadKpi(req.kpi()));
  if (!req.has_period()) return absl::InvalidArgumentError("period: required");
  ASSIGN_OR_RETURN(const Period period, ReadPeriod(req.period(), ctx_.zone, absl::Now(), "period"));
  Period base;
  switch (static_cast<int>(req.compare_to())) {
    case v1::COMPARE_TO_UNSPECIFIED:
    case v1::COMPARE_TO_PREVIOUS_PERIOD:
      base = domain::PreviousPeriod(period, ctx_.zone);
      break;
    case v1::COMPARE_TO_YEAR_BEFORE:
      base = domain::YearBefore(period, ctx_.zone);
      break;
    case v1::COMPARE_TO_EXPLICIT: {
      if (!req.has_base()) {
        return absl::InvalidArgumentError("base: required when compare_to is COMPARE_TO_EXPLICIT");
      }
      ASSIGN_OR_RETURN(base, ReadPeriod(req.base(), ctx_.zone, absl::Now(), "base"));
      break;
    }
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("compare_to: unknown value ", static_cast<int>(req.compare_to())));
  }
  if (req.has_base() && req.compare_to() != v1::COMPARE_TO_EXPLICIT) {
    return absl::InvalidArgumentError("base: only with compare_to COMPARE_TO_EXPLICIT");
  }
  std::vector<Dimension> dimensions;
  for (int i = 0; i < req.dimensions_size(); ++i) {
    const std::string field = absl::StrCat("dimensions[", i, "]");
    ASSIGN_OR_RETURN(const Dimension d, ReadDimension(req.dimensions(i), field));
    if (const std::optional<std::string> why = Unsupported(kpi, d)) {
      return absl::InvalidArgumentError(absl::StrCat(field, ": ", *why));
    }
    for (Dimension seen : dimensions) {
      if (seen == d) return absl::InvalidArgumentError(absl::StrCat(field, ": given twice"));
    }
    dimensions.push_back(d);
  }
  if (dimensions.empty()) {
    dimensions = {Dimension::kChannel};
    if (kpi != ContributionKpi::kLeadConversion) dimensions.push_back(Dimension::kRegion);
  }
  if (req.limit() < 0 || req.limit() > kMaxContributionRows) {
    return absl::InvalidArgumentError(absl::StrCat("limit: must be 0 to ", kMaxContributionRows,
                                                   " (0 for ", kDefaultContributionRows, ")"));
  }
  const int limit = req.limit() == 0 ? kDefaultContributionRows : req.limit();

  v1::ContributionAnalysis out;
  std::vector<std::pair<Parts, Parts>> loaded;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *out.mutable_freshness() = ReadFreshness(tx);
    loaded.clear();
    for (Dimension d : dimensions) {
      loaded.emplace_back(LoadParts(tx, *ctx_.rollup, kpi, d, base),
                          LoadParts(tx, *ctx_.rollup, kpi, d, period));
    }
    return absl::OkStatus();
  }));
  const bool ratio = domain::IsRatio(kpi);
  for (size_t i = 0; i < dimensions.size(); ++i) {
    const std::vector<domain::SliceValues> slices = Merge(loaded[i].first, loaded[i].second);
    domain::ContributionResult result;
    if (ratio) {
      ASSIGN_OR_RETURN(result, domain::ContributeRatio(slices, {domain::ScaleOf(kpi)}));
    } else {
      result = domain::ContributeAdditive(slices);
    }
    if (i == 0) {
      out.set_base_value(result.base_value);
      out.set_current_value(result.current_value);
      out.set_change(result.change);
    }
    v1::DimensionContribution* dc = out.add_dimensions();
    dc->set_dimension(ToProtoDimension(dimensions[i]));
    int members = 0;
    for (const domain::SliceContribution& c : result.slices)
      members += c.slice.unattributed ? 0 : 1;
    dc->set_total_members(members);
    for (const domain::ContributionRow& row : domain::RankContributions(result, limit)) {
      v1::ContributionRow* r = dc->add_rows();
      r->set_kind(ToProto(row.kind));
      if (row.kind == domain::ContributionRow::Kind::kMember) {
        r->set_member(row.figures.slice.member);
      }
      r->set_members(row.members);
      r->set_contribution(row.figures.contribution);
      r->set_base_value(row.figures.slice.base_value);
      r->set_current_value(row.figures.slice.current_value);
      if (ratio) {
        r->set_base_denominator(row.figures.slice.base_denominator);
        r->set_current_denominator(row.figures.slice.current_denominator);
        r->set_mix_effect(row.figures.mix_effect);
        r->set_rate_effect(row.figures.rate_effect);
      }
    }
  }
  out.set_kpi(req.kpi());
  *out.mutable_period() = ToProto(period, ctx_.zone);
  *out.mutable_base() = ToProto(base, ctx_.zone);
  out.set_currency_code(ctx_.currency);
  out.set_unit(UnitOf(kpi));
  out.set_ratio(ratio);
  return out;
}

absl::StatusOr<v1::ProcessKpis> DiagnosisHandlers::GetProcessKpis(
    const v1::GetProcessKpisRequest& req, absl::Time deadline) {
  if (!req.has_period()) return absl::InvalidArgumentError("period: required");
  ASSIGN_OR_RETURN(const Period period, ReadPeriod(req.period(), ctx_.zone, absl::Now(), "period"));
  const Period base = domain::PreviousPeriod(period, ctx_.zone);
  ASSIGN_OR_RETURN(const domain::SliceKey slice, ReadProcessSlice(req.slice()));
  const bool whole = slice.dimension == Dimension::kAll;
  // Open complaints are censored at their age now (process_kpi_slices.h).
  const absl::Time as_of = absl::Now();
  v1::ProcessKpis out;
  ComplaintDeliveryInputs complaints_delivery;
  std::vector<domain::WonLead> won;
  domain::CustomerActivity now, before;
  domain::Measures sums;
  std::vector<domain::StockMove> moves;
  std::vector<domain::ProductCost> costs;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *out.mutable_freshness() = ReadFreshness(tx);
    won = whole ? store::LoadWonLeads(tx, period.start, period.end)
                : LoadWonLeadsOfSlice(tx, slice, period);
    const store::FactSlice facts = FactSliceOf(tx, slice, period);
    now = store::LoadActivity(tx, facts, period, base);
    before = store::LoadActivity(tx, facts, base, domain::PreviousPeriod(base, ctx_.zone));
    complaints_delivery = LoadComplaintDeliveryInputs(tx, ctx_, slice, period);
    if (!whole) return absl::OkStatus();  // stock is of the whole company only
    sums =
        ctx_.rollup->SumRanges(tx, {Dimension::kAll, ""}, {{period.first_day, period.end_day}})[0];
    moves = store::LoadStockMoves(tx, period.end, ctx_.zone);
    costs = store::LoadProductCosts(tx, period.end);
    return absl::OkStatus();
  }));

  const domain::SalesCycle cycle = domain::SalesCycleOf(won);
  v1::SalesCycleLength* c = out.mutable_sales_cycle();
  c->set_won_leads(cycle.won_leads);
  if (cycle.median_days.has_value()) {
    c->set_median_days(*cycle.median_days);
    c->set_p90_days(*cycle.p90_days);
  } else {
    c->set_unavailable(slice.dimension == Dimension::kRegion ? v1::PROCESS_KPI_GAP_NOT_BY_SLICE
                                                             : v1::PROCESS_KPI_GAP_NO_WON_LEADS);
  }

  // Lapsed: active in the base period and not in this one (domain/customer_activity.h).
  const domain::ChurnRate churn = domain::ChurnRateOf(before.active, now.lapsed);
  v1::CustomerChurn* ch = out.mutable_churn();
  *ch->mutable_base() = ToProto(base, ctx_.zone);
  ch->set_active_base(churn.active_base);
  ch->set_churned(churn.churned);
  if (churn.rate.has_value()) {
    ch->set_rate(*churn.rate);
  } else {
    ch->set_unavailable(v1::PROCESS_KPI_GAP_NO_ACTIVE_CUSTOMERS);
  }

  SetComplaintDeliveryFigures(complaints_delivery, slice, as_of, out);
  *out.mutable_slice() = ToProto(slice);
  *out.mutable_period() = ToProto(period, ctx_.zone);
  out.set_currency_code(ctx_.currency);
  if (!whole) {
    out.mutable_inventory_turnover()->set_unavailable(v1::PROCESS_KPI_GAP_NOT_BY_SLICE);
    out.mutable_stock_outs()->set_unavailable(v1::PROCESS_KPI_GAP_NOT_BY_SLICE);
    return out;
  }
  const int64_t cogs = sums[Measure::kCostMinor] - sums[Measure::kRefundCostMinor];
  const domain::InventoryFigures inv =
      domain::InventoryOf(moves, costs, cogs, period.first_day, period.end_day);
  v1::InventoryTurnover* t = out.mutable_inventory_turnover();
  t->set_days(inv.days);
  t->set_stock_items(inv.stock_items);
  t->set_cost_of_goods_sold_minor(inv.cost_of_goods_sold_minor);
  t->set_products_without_cost(inv.products_without_cost);
  if (inv.average_inventory_minor.has_value()) {
    t->set_average_inventory_minor(*inv.average_inventory_minor);
  }
  if (inv.turnover.has_value()) {
    t->set_turnover(*inv.turnover);
  } else {
    t->set_unavailable(inv.stock_items == 0 ? v1::PROCESS_KPI_GAP_NO_STOCK_HISTORY
                                            : v1::PROCESS_KPI_GAP_NO_INVENTORY_VALUE);
  }
  v1::StockOutDays* so = out.mutable_stock_outs();
  so->set_stock_items(inv.stock_items);
  so->set_stock_out_days(inv.stock_out_days);
  if (inv.stock_items == 0) so->set_unavailable(v1::PROCESS_KPI_GAP_NO_STOCK_HISTORY);
  for (size_t i = 0; i < inv.stock_outs.size() && i < static_cast<size_t>(kMaxStockOutItems); ++i) {
    v1::StockOutItem* item = so->add_items();
    item->set_product(inv.stock_outs[i].product);
    item->set_warehouse(inv.stock_outs[i].warehouse);
    item->set_days(inv.stock_outs[i].days);
  }
  return out;
}

absl::StatusOr<v1::ChannelEfficiency> DiagnosisHandlers::GetChannelEfficiency(
    const v1::GetChannelEfficiencyRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const domain::Granularity granularity,
                   ReadCalendarGranularity(req.granularity(), "granularity"));
  ASSIGN_OR_RETURN(const absl::CivilDay first_day, ReadDay(req.first_day(), "first_day"));
  ASSIGN_OR_RETURN(const absl::CivilDay last_day, ReadDay(req.last_day(), "last_day"));
  if (last_day < first_day) {
    return absl::InvalidArgumentError("last_day: must not be before first_day");
  }
  ASSIGN_OR_RETURN(const std::vector<Period> periods,
                   domain::PeriodsCovering(granularity, first_day, last_day, ctx_.zone,
                                           kMaxChannelPeriods, "last_day"));
  v1::ChannelEfficiency out;
  // Per channel, its inputs in each period.
  std::map<std::string, std::vector<domain::ChannelInputs>> channels;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *out.mutable_freshness() = ReadFreshness(tx);
    channels.clear();
    auto at = [&](const std::string& channel, size_t i) -> domain::ChannelInputs& {
      std::vector<domain::ChannelInputs>& v = channels[channel];
      v.resize(periods.size());
      return v[i];
    };
    for (size_t i = 0; i < periods.size(); ++i) {
      const Period& p = periods[i];
      for (const auto& [channel, m] :
           ctx_.rollup->SumByMember(tx, Dimension::kChannel, p.first_day, p.end_day)) {
        at(channel, i).sums = m;
      }
      for (const auto& [channel, spend] : store::SumSpendByChannel(tx, p.first_day, p.end_day)) {
        at(channel, i).marketing_spend_minor = spend;
      }
      for (const store::LeadCount& c : store::LoadLeadCounts(tx, p.start, p.end)) {
        const std::optional<std::string> channel = domain::SalesChannelOfLead(c.channel);
        if (!channel.has_value()) continue;
        domain::ChannelInputs& in = at(*channel, i);
        in.leads_created += c.created;
        in.leads_won += c.won;
      }
    }
    return absl::OkStatus();
  }));
  for (auto& [channel, inputs] : channels) inputs.resize(periods.size());
  for (size_t i = 0; i < periods.size(); ++i) {
    v1::ChannelPeriod* cp = out.add_periods();
    *cp->mutable_period() = ToProto(periods[i], ctx_.zone);
    for (const auto& [channel, inputs] : channels) {
      *cp->add_channels() = ToProto(channel, domain::ChannelFiguresOf(inputs[i]));
    }
  }
  for (const auto& [channel, inputs] : channels) {
    domain::ChannelInputs total;
    for (const domain::ChannelInputs& in : inputs) total += in;
    *out.add_totals() = ToProto(channel, domain::ChannelFiguresOf(total));
  }
  out.set_granularity(req.granularity());
  out.set_currency_code(ctx_.currency);
  return out;
}

}  // namespace sales::analytics::api
