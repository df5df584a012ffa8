#include "services/analytics/src/api/report_handlers.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "common/status.h"
#include "services/analytics/src/api/freshness.h"
#include "services/analytics/src/api/period_mapping.h"
#include "services/analytics/src/domain/funnel_stats.h"
#include "services/analytics/src/domain/product_stats.h"
#include "services/analytics/src/domain/revenue_bridge.h"
#include "services/analytics/src/store/funnel_store.h"
#include "services/analytics/src/store/product_store.h"
#include "services/analytics/src/store/sales_cell_store.h"

namespace sales::analytics::api {
namespace {

using domain::Measure;
using domain::Period;

// The funnel's stages in order; LOST is an outcome, not a stage.
const std::vector<std::string>& FunnelStages() {
  static const auto* stages =
      new std::vector<std::string>{"LEAD_STAGE_LEAD", "LEAD_STAGE_QUALIFIED", "LEAD_STAGE_PROPOSAL",
                                   "LEAD_STAGE_NEGOTIATION", "LEAD_STAGE_WON"};
  return *stages;
}

google::protobuf::Duration ToProtoDuration(absl::Duration d) {
  google::protobuf::Duration out;
  const int64_t seconds = absl::IDivDuration(d, absl::Seconds(1), &d);
  out.set_seconds(seconds);
  out.set_nanos(static_cast<int32_t>(absl::ToInt64Nanoseconds(d)));
  return out;
}

constexpr int kDefaultHistoryPeriods = 8;
constexpr double kDefaultMoverZ = 2.0;
constexpr int kDefaultCoverDays = 28;
constexpr int kDefaultProducts = 100;
constexpr int kMaxProducts = 10000;

// The cells a bridge of `slice` covers; INVALID_ARGUMENT naming slice.dimension for the
// slices a bridge cannot be cut by.
absl::StatusOr<store::CellSlice> BridgeSliceOf(const domain::SliceKey& slice) {
  store::CellSlice out;
  out.member = slice.member;
  switch (slice.dimension) {
    case domain::Dimension::kAll:
      return out;
    case domain::Dimension::kChannel:
      out.kind = store::CellSlice::Kind::kChannel;
      return out;
    case domain::Dimension::kRegion:
      out.kind = store::CellSlice::Kind::kRegion;
      return out;
    case domain::Dimension::kProduct:
      out.kind = store::CellSlice::Kind::kProduct;
      return out;
    case domain::Dimension::kCategory:
      out.kind = store::CellSlice::Kind::kCategory;
      return out;
    case domain::Dimension::kRep:
      return absl::InvalidArgumentError(
          "slice.dimension: a rep's revenue is a credit share of whole orders, not of order "
          "lines, so it has no price, volume and mix by product; use the channel, region, "
          "product or category");
    case domain::Dimension::kTier:
    case domain::Dimension::kSegment:
      break;
  }
  return absl::InvalidArgumentError(
      "slice.dimension: a customer's tier or RFM segment changes between the two periods, "
      "which a bridge would count as new or lost customers; use the channel, region, product "
      "or category");
}

absl::StatusOr<Period> RequiredPeriod(bool has, const v1::PeriodSpec& spec,
                                      const absl::TimeZone& zone, const std::string& field) {
  if (!has) return absl::InvalidArgumentError(absl::StrCat(field, ": required"));
  return ReadPeriod(spec, zone, absl::Now(), field);
}

// Names to dense ids, for the domain's numbered customers and products.
class Numbering final {
 public:
  int64_t IdOf(const std::string& name) {
    auto [it, inserted] = ids_.emplace(name, static_cast<int64_t>(names_.size()));
    if (inserted) names_.push_back(name);
    return it->second;
  }
  const std::string& NameOf(int64_t id) const { return names_[static_cast<size_t>(id)]; }
  int64_t size() const { return static_cast<int64_t>(names_.size()); }

 private:
  std::map<std::string, int64_t> ids_;
  std::vector<std::string> names_;
};

std::vector<domain::SalesCell> Cells(const std::vector<store::NamedSalesCell>& named,
                                     Numbering& customers, Numbering& products) {
  std::vector<domain::SalesCell> out;
  out.reserve(named.size());
  for (const store::NamedSalesCell& c : named) {
    out.push_back({customers.IdOf(c.customer), products.IdOf(c.product), c.units, c.revenue_minor});
  }
  return out;
}

v1::FunnelFigures ToProto(const domain::Funnel& f) {
  v1::FunnelFigures out;
  out.set_leads(f.leads);
  out.set_won(f.won);
  out.set_lost(f.lost);
  if (f.lead_to_win.has_value()) out.set_lead_to_win(*f.lead_to_win);
  for (const domain::StageStats& s : f.stages) {
    v1::FunnelStage* stage = out.add_stages();
    stage->set_stage(s.stage);
    stage->set_reached(s.reached);
    if (s.conversion_to_next.has_value()) stage->set_conversion_to_next(*s.conversion_to_next);
    stage->set_left(s.left);
    if (s.median_time.has_value()) *stage->mutable_median_time() = ToProtoDuration(*s.median_time);
    if (s.p90_time.has_value()) *stage->mutable_p90_time() = ToProtoDuration(*s.p90_time);
  }
  return out;
}

v1::AbcClass ToProto(domain::AbcClass c) {
  switch (c) {
    case domain::AbcClass::kA:
      return v1::ABC_CLASS_A;
    case domain::AbcClass::kB:
      return v1::ABC_CLASS_B;
    case domain::AbcClass::kC:
      return v1::ABC_CLASS_C;
  }
  return v1::ABC_CLASS_UNSPECIFIED;
}

v1::Movement ToProto(domain::Movement m) {
  switch (m) {
    case domain::Movement::kNormal:
      return v1::MOVEMENT_NORMAL;
    case domain::Movement::kHot:
      return v1::MOVEMENT_HOT;
    case domain::Movement::kSlow:
      return v1::MOVEMENT_SLOW;
    case domain::Movement::kNoHistory:
      return v1::MOVEMENT_NO_HISTORY;
  }
  return v1::MOVEMENT_UNSPECIFIED;
}

}  // namespace

absl::StatusOr<v1::RevenueBridge> ReportHandlers::GetRevenueBridge(
    const v1::GetRevenueBridgeRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const Period period,
                   RequiredPeriod(req.has_period(), req.period(), ctx_.zone, "period"));
  Period base = domain::PreviousPeriod(period, ctx_.zone);
  if (req.has_base()) {
    ASSIGN_OR_RETURN(base, ReadPeriod(req.base(), ctx_.zone, absl::Now(), "base"));
  }
  ASSIGN_OR_RETURN(const domain::SliceKey slice, ReadSlice(req.slice(), "slice"));
  ASSIGN_OR_RETURN(const store::CellSlice cells, BridgeSliceOf(slice));
  v1::RevenueBridge out;
  std::vector<store::NamedSalesCell> base_cells, current_cells;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *out.mutable_freshness() = ReadFreshness(tx);
    base_cells = store::LoadSalesCells(tx, base.first_day, base.end_day, cells);
    current_cells = store::LoadSalesCells(tx, period.first_day, period.end_day, cells);
    return absl::OkStatus();
  }));
  Numbering customers, products;
  const domain::RevenueBridge b = domain::BridgeRevenue(Cells(base_cells, customers, products),
                                                        Cells(current_cells, customers, products));
  *out.mutable_period() = ToProto(period, ctx_.zone);
  *out.mutable_base() = ToProto(base, ctx_.zone);
  *out.mutable_slice() = ToProto(slice);
  out.set_currency_code(ctx_.currency);
  out.set_base_revenue_minor(b.base_revenue_minor);
  out.set_current_revenue_minor(b.current_revenue_minor);
  out.set_change_minor(b.change_minor);
  out.set_new_customers_minor(b.new_customers_minor);
  out.set_lost_customers_minor(b.lost_customers_minor);
  out.set_price_minor(b.price_minor);
  out.set_volume_minor(b.volume_minor);
  out.set_mix_minor(b.mix_minor);
  return out;
}

absl::StatusOr<v1::Funnel> ReportHandlers::GetFunnel(const v1::GetFunnelRequest& req,
                                                     absl::Time deadline) {
  ASSIGN_OR_RETURN(const Period period,
                   RequiredPeriod(req.has_period(), req.period(), ctx_.zone, "period"));
  v1::Funnel out;
  std::vector<domain::FunnelLead> leads;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *out.mutable_freshness() = ReadFreshness(tx);
    leads = store::LoadFunnelLeads(tx, period.start, period.end);
    return absl::OkStatus();
  }));
  const domain::FunnelReport report =
      domain::ComputeFunnel(leads, FunnelStages(), period.start, period.end);
  *out.mutable_period() = ToProto(period, ctx_.zone);
  *out.mutable_all() = ToProto(report.all);
  for (const auto& [channel, funnel] : report.by_channel) {
    v1::FunnelGroup* g = out.add_by_channel();
    g->set_key(channel);
    *g->mutable_funnel() = ToProto(funnel);
  }
  for (const auto& [rep, funnel] : report.by_rep) {
    v1::FunnelGroup* g = out.add_by_rep();
    g->set_key(rep);
    *g->mutable_funnel() = ToProto(funnel);
  }
  return out;
}

absl::StatusOr<v1::ProductReport> ReportHandlers::GetProductReport(
    const v1::GetProductReportRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const Period period,
                   RequiredPeriod(req.has_period(), req.period(), ctx_.zone, "period"));
  const int history = req.history_periods() == 0 ? kDefaultHistoryPeriods : req.history_periods();
  if (history < 2 || history > 52) {
    return absl::InvalidArgumentError("history_periods: must be 2 to 52 (0 for 8)");
  }
  if (!(req.mover_z() >= 0)) return absl::InvalidArgumentError("mover_z: must not be negative");
  domain::MoverParams mover;
  mover.hot_z = mover.slow_z = req.mover_z() == 0 ? kDefaultMoverZ : req.mover_z();
  const int cover_days = req.cover_window_days() == 0 ? kDefaultCoverDays : req.cover_window_days();
  if (cover_days < 1 || cover_days > 366) {
    return absl::InvalidArgumentError("cover_window_days: must be 1 to 366 (0 for 28)");
  }
  const int limit = req.limit() == 0 ? kDefaultProducts : req.limit();
  if (limit < 1 || limit > kMaxProducts) {
    return absl::InvalidArgumentError(
        absl::StrCat("limit: must be 1 to ", kMaxProducts, " (0 for ", kDefaultProducts, ")"));
  }

  using ByMember = std::vector<std::pair<std::string, domain::Measures>>;
  ByMember current, cover;
  std::vector<ByMember> previous;
  std::map<std::string, store::ProductStock> stock;
  v1::ProductReport out;
  RETURN_IF_ERROR(db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    *out.mutable_freshness() = ReadFreshness(tx);
    const domain::Dimension product = domain::Dimension::kProduct;
    current = ctx_.rollup->SumByMember(tx, product, period.first_day, period.end_day);
    cover = ctx_.rollup->SumByMember(tx, product, period.end_day - cover_days, period.end_day);
    previous.clear();
    Period p = period;
    for (int i = 0; i < history; ++i) {
      p = domain::PreviousPeriod(p, ctx_.zone);
      previous.push_back(ctx_.rollup->SumByMember(tx, product, p.first_day, p.end_day));
    }
    stock = store::LoadStock(tx);
    return absl::OkStatus();
  }));

  // Every product with a sale in the period or in its history, or stock now.
  Numbering numbering;
  std::map<int64_t, domain::Measures> now;
  std::map<int64_t, domain::ProductUnits> units;
  auto net_units = [](const domain::Measures& m) {
    return m[Measure::kUnits] - m[Measure::kReturnedUnits];
  };
  for (const auto& [name, m] : current) now[numbering.IdOf(name)] = m;
  for (const auto& [name, s] : stock) numbering.IdOf(name);
  for (size_t i = 0; i < previous.size(); ++i) {
    for (const auto& [name, m] : previous[i]) {
      domain::ProductUnits& u = units[numbering.IdOf(name)];
      u.previous_units.resize(previous.size(), 0);
      u.previous_units[i] = net_units(m);
    }
  }
  std::map<int64_t, int64_t> sold_in_cover;
  for (const auto& [name, m] : cover) sold_in_cover[numbering.IdOf(name)] = m[Measure::kUnits];

  std::vector<domain::ProductRevenue> revenues;
  for (const auto& [id, m] : now) {
    revenues.push_back({id, m[Measure::kNetMinor] - m[Measure::kRefundMinor]});
  }
  std::map<int64_t, domain::AbcEntry> abc;
  for (const domain::AbcEntry& e : domain::ClassifyAbc(revenues)) abc[e.product_id] = e;

  std::vector<v1::ProductFigures> figures;
  for (int64_t id = 0; id < numbering.size(); ++id) {
    const std::string& name = numbering.NameOf(id);
    const domain::Measures m = now.contains(id) ? now[id] : domain::Measures{};
    const store::ProductStock st = stock.contains(name) ? stock[name] : store::ProductStock{};
    if (m.IsZero() && st.on_hand == 0) continue;  // only history: not part of this period
    domain::ProductUnits u = units[id];
    u.product_id = id;
    u.current_units = net_units(m);
    u.previous_units.resize(static_cast<size_t>(history), 0);
    // The stock of the period is not kept, only the latest: stock now stands for it.
    u.had_stock = st.on_hand > 0;
    const domain::MoverResult mv = domain::ClassifyMover(u, mover);
    v1::ProductFigures f;
    f.set_product(name);
    f.set_revenue_minor(m[Measure::kNetMinor] - m[Measure::kRefundMinor]);
    f.set_units(m[Measure::kUnits]);
    f.set_returned_units(m[Measure::kReturnedUnits]);
    const auto a = abc.find(id);
    f.set_abc_class(a == abc.end() ? v1::ABC_CLASS_C : ToProto(a->second.abc_class));
    f.set_cumulative_share(a == abc.end() ? 1.0 : a->second.cumulative_share);
    f.set_movement(ToProto(mv.movement));
    if (mv.z.has_value() && std::isfinite(*mv.z)) f.set_z(*mv.z);
    f.set_history_mean(mv.history_mean);
    f.set_available_units(st.available);
    f.set_cover_window_units(sold_in_cover[id]);
    if (const std::optional<double> cover_days_left =
            domain::DaysOfStockCover(st.available, sold_in_cover[id], cover_days)) {
      f.set_days_of_cover(*cover_days_left);
    }
    if (const std::optional<double> st_ratio =
            domain::SellThrough(m[Measure::kUnits], st.on_hand)) {
      f.set_sell_through(*st_ratio);
    }
    figures.push_back(std::move(f));
  }
  std::sort(figures.begin(), figures.end(), [](const auto& x, const auto& y) {
    return x.revenue_minor() != y.revenue_minor() ? x.revenue_minor() > y.revenue_minor()
                                                  : x.product() < y.product();
  });
  out.set_total_products(static_cast<int64_t>(figures.size()));
  if (figures.size() > static_cast<size_t>(limit)) figures.resize(static_cast<size_t>(limit));
  for (v1::ProductFigures& f : figures) *out.add_products() = std::move(f);
  *out.mutable_period() = ToProto(period, ctx_.zone);
  out.set_currency_code(ctx_.currency);
  return out;
}

}  // namespace sales::analytics::api
