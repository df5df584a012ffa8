// salesctl contribution, process-kpis and channels: why a KPI changed (which slices explain
// the change, adding up exactly), how the sales process ran (sales cycle, churn, inventory
// turnover, stock-outs, complaints, on-time delivery, overdue orders), and what each sales
// channel returned for its spend, over time.
#include <map>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/status.h"
#include "tools/salesctl/analytics_text.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/json_output.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/table_printer.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

const std::map<std::string, av1::ContributionKpi>& KpiNames() {
  static const auto* names = new std::map<std::string, av1::ContributionKpi>{
      {"revenue", av1::CONTRIBUTION_KPI_REVENUE},
      {"gross_margin", av1::CONTRIBUTION_KPI_GROSS_MARGIN},
      {"units", av1::CONTRIBUTION_KPI_UNITS},
      {"orders", av1::CONTRIBUTION_KPI_ORDERS},
      {"average_order_value", av1::CONTRIBUTION_KPI_AVERAGE_ORDER_VALUE},
      {"gross_margin_rate", av1::CONTRIBUTION_KPI_GROSS_MARGIN_RATE},
      {"lead_conversion", av1::CONTRIBUTION_KPI_LEAD_CONVERSION},
  };
  return *names;
}

const std::map<std::string, av1::SliceDimension>& DimensionNames() {
  static const auto* names = new std::map<std::string, av1::SliceDimension>{
      {"channel", av1::SLICE_DIMENSION_CHANNEL}, {"region", av1::SLICE_DIMENSION_REGION},
      {"product", av1::SLICE_DIMENSION_PRODUCT}, {"category", av1::SLICE_DIMENSION_CATEGORY},
      {"rep", av1::SLICE_DIMENSION_REP},
  };
  return *names;
}

std::string Keys(const auto& names) {
  std::string out;
  for (const auto& [key, value] : names) absl::StrAppend(&out, out.empty() ? "" : ", ", key);
  return out;
}

struct ContributionFlags final {
  PeriodFlags current;
  std::string kpi = "revenue";
  std::string compare = "previous";
  PeriodFlags base;
  std::vector<std::string> by;
  int limit = 0;
};

const PeriodFlagNames& BaseNames() {
  static const PeriodFlagNames* const kNames =
      new PeriodFlagNames{"--base_period", "--base_at", "--base_from", "--base_to"};
  return *kNames;
}

// A value in the analysis's unit: money with the currency's decimals, basis points as a
// percentage, counts as they are.
std::string UnitText(const av1::ContributionAnalysis& a, int64_t v, bool sign) {
  if (a.unit() == "minor_units") {
    const int exponent = ExponentOf(a.currency_code());
    return sign ? SignedMoneyText(v, exponent) : FormatMinorUnits(v, exponent);
  }
  if (a.unit() == "basis_points") {
    const double points = static_cast<double>(v) / 100.0;
    return sign ? absl::StrFormat("%+.2f pp", points) : absl::StrFormat("%.2f%%", points);
  }
  return sign ? absl::StrFormat("%+d", v) : absl::StrCat(v);
}

void PrintContribution(CliContext& ctx, const av1::ContributionAnalysis& a) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(a) << "\n";
    return;
  }
  std::string kpi = av1::ContributionKpi_Name(a.kpi()).substr(sizeof("CONTRIBUTION_KPI_") - 1);
  kpi = absl::AsciiStrToLower(kpi);
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << kpi << " from " << PeriodText(a.base()) << " to " << PeriodText(a.period()) << ": "
              << UnitText(a, a.base_value(), false) << " -> "
              << UnitText(a, a.current_value(), false) << ", change "
              << UnitText(a, a.change(), true)
              << (a.ratio() ? " (a ratio: mix and rate by Kitagawa's decomposition)" : "") << "; "
              << FeedsText(a.freshness()) << "\n";
  }
  for (const av1::DimensionContribution& d : a.dimensions()) {
    if (ctx.mode() == OutputMode::kTable) {
      std::string dim =
          av1::SliceDimension_Name(d.dimension()).substr(sizeof("SLICE_DIMENSION_") - 1);
      ctx.out() << "\nby " << absl::AsciiStrToLower(dim) << " (" << d.total_members()
                << " members; the rows add up to the change)\n";
    }
    // Products are named as well.
    const bool named = d.dimension() == av1::SLICE_DIMENSION_PRODUCT;
    std::vector<TablePrinter::Column> columns = {{"SLICE"}};
    if (named) columns.push_back({"NAME"});
    columns.push_back({"CONTRIBUTION", TablePrinter::Align::kRight});
    if (a.ratio()) {
      columns.push_back({"MIX", TablePrinter::Align::kRight});
      columns.push_back({"RATE", TablePrinter::Align::kRight});
    } else {
      columns.push_back({"BASE", TablePrinter::Align::kRight});
      columns.push_back({"CURRENT", TablePrinter::Align::kRight});
    }
    TablePrinter table(columns);
    for (const av1::ContributionRow& r : d.rows()) {
      std::string slice = r.member();
      if (r.kind() == av1::CONTRIBUTION_ROW_KIND_UNATTRIBUTED) slice = "(unattributed)";
      if (r.kind() == av1::CONTRIBUTION_ROW_KIND_OTHER) {
        slice = absl::StrCat("(", r.members(), " others)");
      }
      std::vector<std::string> cells = {slice};
      if (named) cells.push_back(r.display_name());
      cells.push_back(UnitText(a, r.contribution(), true));
      if (a.ratio()) {
        cells.push_back(FigureText(r.mix_effect()));
        cells.push_back(FigureText(r.rate_effect()));
      } else {
        cells.push_back(UnitText(a, r.base_value(), false));
        cells.push_back(UnitText(a, r.current_value(), false));
      }
      table.AddRow(std::move(cells));
    }
    table.Print(ctx.out());
  }
}

std::string Optional(bool has, const std::string& text) { return has ? text : "-"; }

std::string GapText(av1::ProcessKpiGap gap) {
  switch (gap) {
    case av1::PROCESS_KPI_GAP_NO_WON_LEADS:
      return "no lead was won in the period";
    case av1::PROCESS_KPI_GAP_NO_ACTIVE_CUSTOMERS:
      return "no customer was active in the base period";
    case av1::PROCESS_KPI_GAP_NO_STOCK_HISTORY:
      return "no stock event before the period's end";
    case av1::PROCESS_KPI_GAP_NO_INVENTORY_VALUE:
      return "the inventory was valued at 0";
    case av1::PROCESS_KPI_GAP_NO_ORDERS:
      return "no order was placed in the period";
    case av1::PROCESS_KPI_GAP_NO_COMPLAINTS:
      return "no complaint was made in the period";
    case av1::PROCESS_KPI_GAP_TOO_MANY_OPEN:
      return "too many complaints still open";
    case av1::PROCESS_KPI_GAP_NO_PROMISED_DELIVERIES:
      return "no order with a promise was delivered";
    case av1::PROCESS_KPI_GAP_NO_LATE_DELIVERIES:
      return "no delivery was late";
    case av1::PROCESS_KPI_GAP_NOT_BY_SLICE:
      return "not kept for this slice";
    default:
      return "";
  }
}

// "channel CHANNEL_WEB", "rep reps/7".
std::string SliceText(const av1::Slice& slice) {
  for (const auto& [name, dimension] : DimensionNames()) {
    if (dimension == slice.dimension()) return absl::StrCat(name, " ", slice.member());
  }
  return slice.member();
}

// `text` when the figure is there, else the reason it is not.
std::string CoversOrGap(av1::ProcessKpiGap gap, const std::string& text) {
  return gap == av1::PROCESS_KPI_GAP_UNSPECIFIED ? text : GapText(gap);
}

// Complaint rate, time to resolve, on-time delivery, days late and overdue orders (issue 11).
void AddComplaintDeliveryRows(const av1::ProcessKpis& k, TablePrinter& table) {
  const av1::ComplaintRate& r = k.complaint_rate();
  table.AddRow({"complaints per 100 orders",
                Optional(r.has_per_100_orders(), FigureText(r.per_100_orders())),
                CoversOrGap(r.unavailable(), absl::StrCat(r.complaints(), " complaints / ",
                                                          r.orders(), " orders x 100"))});
  const av1::ComplaintResolutionTime& t = k.complaint_resolution();
  const std::string counted = absl::StrCat(t.complaints(), " complaints, ", t.resolved(),
                                           " resolved, ", t.still_open(), " still open");
  table.AddRow({"time to resolve median (hours)",
                Optional(t.has_median_hours(), FigureText(t.median_hours())),
                CoversOrGap(t.unavailable(), counted)});
  table.AddRow({"time to resolve p90 (hours)",
                Optional(t.has_p90_hours(), FigureText(t.p90_hours())),
                CoversOrGap(t.p90_unavailable(), "Kaplan-Meier, open ones censored")});
  const av1::OnTimeDelivery& d = k.on_time_delivery();
  table.AddRow(
      {"on-time delivery rate",
       Optional(d.has_rate(), PercentText(d.has_rate() ? std::optional(d.rate()) : std::nullopt)),
       CoversOrGap(d.unavailable(),
                   absl::StrCat(d.on_time(), " on time of ", d.promised(), " promised (",
                                d.delivered_orders(), " delivered)"))});
  table.AddRow({"average days late",
                Optional(d.has_average_days_late(), FigureText(d.average_days_late())),
                CoversOrGap(d.late_unavailable(), absl::StrCat(d.late(), " late deliveries"))});
  // Overdue, not yet delivered, in the HTML report's words (html_report.cc, OverdueUndelivered):
  // counted at overdue_as_of, whole company or the slice, not only orders placed in the period.
  const std::string as_of =
      absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixSeconds(d.overdue_as_of().seconds()),
                       absl::UTCTimeZone());
  table.AddRow({"open orders with a promise", absl::StrCat(d.open_promised()),
                absl::StrCat("overdue, not yet delivered: at ", as_of,
                             ", placed, neither cancelled nor wholly delivered")});
  table.AddRow({"of them past the promised date", absl::StrCat(d.overdue()),
                "promised day (business time zone) passed"});
  table.AddRow({"share overdue",
                Optional(d.has_overdue_share(),
                         PercentText(d.has_overdue_share() ? std::optional(d.overdue_share())
                                                           : std::nullopt)),
                d.has_overdue_share() ? absl::StrCat(d.overdue(), " of ", d.open_promised(),
                                                     " open orders with a promise")
                                      : "no open promised orders"});
}

void PrintFeedbackCategories(CliContext& ctx, const av1::ProcessKpis& k) {
  if (ctx.mode() != OutputMode::kTable || k.feedback_categories_size() == 0) return;
  ctx.out() << "\n";
  TablePrinter table({{"CATEGORY"},
                      {"COMPLAINTS", TablePrinter::Align::kRight},
                      {"STILL OPEN", TablePrinter::Align::kRight},
                      {"FEEDBACK", TablePrinter::Align::kRight}});
  for (const av1::FeedbackCategoryCount& c : k.feedback_categories()) {
    std::string category = c.category();
    if (absl::StartsWith(category, "FEEDBACK_CATEGORY_")) {
      category = absl::AsciiStrToLower(category.substr(sizeof("FEEDBACK_CATEGORY_") - 1));
    }
    table.AddRow({category.empty() ? "(none)" : category, absl::StrCat(c.complaints()),
                  absl::StrCat(c.still_open()), absl::StrCat(c.feedback())});
  }
  table.Print(ctx.out());
}

void PrintProcessKpis(CliContext& ctx, const av1::ProcessKpis& k) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(k) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << "process KPIs of " << PeriodText(k.period());
    if (k.slice().dimension() != av1::SLICE_DIMENSION_UNSPECIFIED) {
      ctx.out() << ", " << SliceText(k.slice());
    }
    ctx.out() << ", amounts in " << k.currency_code() << "; " << FeedsText(k.freshness()) << "\n";
  }
  const int exponent = ExponentOf(k.currency_code());
  TablePrinter table({{"KPI"}, {"VALUE", TablePrinter::Align::kRight}, {"COVERS"}});
  const av1::SalesCycleLength& c = k.sales_cycle();
  const std::string cycle_gap = GapText(c.unavailable());
  table.AddRow(
      {"sales cycle median (days)", Optional(c.has_median_days(), FigureText(c.median_days())),
       absl::StrCat(c.won_leads(), " leads won", cycle_gap.empty() ? "" : ": ", cycle_gap)});
  table.AddRow({"sales cycle p90 (days)", Optional(c.has_p90_days(), FigureText(c.p90_days())),
                "type-7 quantile"});
  const av1::CustomerChurn& ch = k.churn();
  table.AddRow({"customer churn rate",
                Optional(ch.has_rate(),
                         PercentText(ch.has_rate() ? std::optional(ch.rate()) : std::nullopt)),
                absl::StrCat(ch.churned(), " of ", ch.active_base(), " active in ",
                             ch.base().label(), " not active now")});
  const av1::InventoryTurnover& t = k.inventory_turnover();
  table.AddRow(
      {"inventory turnover", Optional(t.has_turnover(), FigureText(t.turnover())),
       t.has_turnover()
           ? absl::StrCat("COGS ", FormatMinorUnits(t.cost_of_goods_sold_minor(), exponent),
                          " / average inventory ",
                          FormatMinorUnits(t.average_inventory_minor(), exponent))
           : GapText(t.unavailable())});
  const av1::StockOutDays& s = k.stock_outs();
  table.AddRow({"stock-out days", absl::StrCat(s.stock_out_days()),
                s.unavailable() == av1::PROCESS_KPI_GAP_UNSPECIFIED
                    ? absl::StrCat(s.stock_items(), " products x warehouses")
                    : GapText(s.unavailable())});
  AddComplaintDeliveryRows(k, table);
  table.Print(ctx.out());
  PrintFeedbackCategories(ctx, k);
  if (ctx.mode() == OutputMode::kTable && s.items_size() > 0) {
    ctx.out() << "\n";
    TablePrinter items(
        {{"PRODUCT"}, {"NAME"}, {"WAREHOUSE"}, {"DAYS OUT", TablePrinter::Align::kRight}});
    for (const av1::StockOutItem& i : s.items()) {
      items.AddRow({i.product(), i.display_name(), i.warehouse(), absl::StrCat(i.days())});
    }
    items.Print(ctx.out());
  }
}

void PrintChannels(CliContext& ctx, const av1::ChannelEfficiency& e) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(e) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << "channel efficiency, amounts in " << e.currency_code() << "; "
              << FeedsText(e.freshness()) << "\n";
  }
  const int exponent = ExponentOf(e.currency_code());
  TablePrinter table({{"PERIOD"},
                      {"CHANNEL"},
                      {"REVENUE", TablePrinter::Align::kRight},
                      {"MARGIN", TablePrinter::Align::kRight},
                      {"ORDERS", TablePrinter::Align::kRight},
                      {"CONVERSION", TablePrinter::Align::kRight},
                      {"SPEND", TablePrinter::Align::kRight},
                      {"CAC", TablePrinter::Align::kRight},
                      {"RETURN ON SPEND", TablePrinter::Align::kRight}});
  auto row = [&](const std::string& period, const av1::ChannelFigures& f) {
    table.AddRow(
        {period, f.channel(), FormatMinorUnits(f.revenue_minor(), exponent),
         FormatMinorUnits(f.gross_margin_minor(), exponent), absl::StrCat(f.orders()),
         PercentText(f.has_lead_conversion() ? std::optional(f.lead_conversion()) : std::nullopt),
         FormatMinorUnits(f.marketing_spend_minor(), exponent),
         Optional(f.has_acquisition_cost_minor(),
                  FormatMinorUnits(f.acquisition_cost_minor(), exponent)),
         Optional(f.has_return_on_spend(), FigureText(f.return_on_spend()))});
  };
  for (const av1::ChannelPeriod& p : e.periods()) {
    for (const av1::ChannelFigures& f : p.channels()) row(p.period().label(), f);
  }
  for (const av1::ChannelFigures& f : e.totals()) row("total", f);
  table.Print(ctx.out());
}

}  // namespace

void RegisterDiagnosisCommands(CLI::App& app, CliContext& ctx) {
  {
    auto f = std::make_shared<ContributionFlags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "contribution",
        "Which channels, regions, products, categories or reps explain a KPI's change from a "
        "base period to a period, ranked, in parts that add up exactly to the change (ratios "
        "split into mix and rate)",
        "salesctl contribution --at 2026-10 --kpi revenue --by channel,rep\n"
        "  salesctl contribution --period quarter --at 2026-Q3 --compare year --kpi "
        "average_order_value --by region --json",
        [&ctx, f]() -> absl::Status {
          av1::GetContributionRequest req;
          const auto kpi = KpiNames().find(f->kpi);
          if (kpi == KpiNames().end()) {
            return InvalidField("--kpi", absl::StrCat("must be one of ", Keys(KpiNames())));
          }
          req.set_kpi(kpi->second);
          for (const std::string& by : f->by) {
            const auto d = DimensionNames().find(by);
            if (d == DimensionNames().end()) {
              return InvalidField("--by", absl::StrCat("must be among ", Keys(DimensionNames())));
            }
            req.add_dimensions(d->second);
          }
          req.set_limit(f->limit);
          ASSIGN_OR_RETURN(const RequestedPeriod current, ReadPeriodFlags(f->current));
          if (f->compare == "previous") {
            req.set_compare_to(av1::COMPARE_TO_PREVIOUS_PERIOD);
          } else if (f->compare == "year") {
            req.set_compare_to(av1::COMPARE_TO_YEAR_BEFORE);
          } else if (f->compare == "explicit") {
            req.set_compare_to(av1::COMPARE_TO_EXPLICIT);
            PeriodFlags typed = f->base;
            if (typed.period.empty() && typed.from.empty() && typed.to.empty() &&
                current.spec.granularity() != av1::GRANULARITY_CUSTOM) {
              typed.period = GranularityText(current.spec.granularity());
            }
            ASSIGN_OR_RETURN(const RequestedPeriod base,
                             ReadPeriodFlags(typed, BaseNames(), current.spec.granularity()));
            if (!base.spec.has_time() && base.spec.granularity() != av1::GRANULARITY_CUSTOM) {
              return InvalidField("--base_at", "is required with --compare explicit");
            }
            *req.mutable_base() = base.spec;
          } else {
            return InvalidField("--compare", "must be previous, year or explicit");
          }
          av1::ContributionAnalysis out;
          RETURN_IF_ERROR(InvokeForPeriod(ctx, &Stub::GetContribution, req, current, &out));
          PrintContribution(ctx, out);
          return absl::OkStatus();
        });
    AddPeriodFlags(cmd, f->current, PeriodFlagNames{}, "the period (default: this month)");
    AddPeriodFlags(cmd, f->base, BaseNames(), "the base period with --compare explicit");
    cmd->add_option("--kpi", f->kpi, "the KPI: " + Keys(KpiNames()) + " (default: revenue)");
    cmd->add_option("--compare", f->compare,
                    "the base: previous (the period before, default), year (a year before) or "
                    "explicit (--base_at ...)");
    cmd->add_option("--by", f->by,
                    "dimensions, comma-separated: " + Keys(DimensionNames()) +
                        " (default: channel and region)")
        ->delimiter(',');
    cmd->add_option("--limit", f->limit, "rows per dimension before the rest is summed (20)");
  }
  {
    struct ProcessFlags final {
      PeriodFlags period;
      std::string by, member;
    };
    auto f = std::make_shared<ProcessFlags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "process-kpis",
        "Sales-cycle length (median, p90), customer churn against the period before, inventory "
        "turnover, stock-out days, complaints per 100 orders, time to resolve complaints "
        "(median, p90), complaints by category, on-time delivery of a period and the orders "
        "overdue, not yet delivered at its end, of the whole company or a channel, region or "
        "rep, each with what it covers",
        "salesctl process-kpis --period quarter --at 2026-Q3\n"
        "  salesctl process-kpis --at 2026-10 --by rep --member reps/7 --json",
        [&ctx, f]() -> absl::Status {
          ASSIGN_OR_RETURN(const RequestedPeriod period, ReadPeriodFlags(f->period));
          av1::GetProcessKpisRequest req;
          if (!f->by.empty()) {
            static const std::map<std::string, av1::SliceDimension> kBy = {
                {"channel", av1::SLICE_DIMENSION_CHANNEL},
                {"region", av1::SLICE_DIMENSION_REGION},
                {"rep", av1::SLICE_DIMENSION_REP}};
            const auto by = kBy.find(f->by);
            if (by == kBy.end()) return InvalidField("--by", "must be channel, region or rep");
            if (f->member.empty()) return InvalidField("--member", "is required with --by");
            req.mutable_slice()->set_dimension(by->second);
            req.mutable_slice()->set_member(f->member);
          } else if (!f->member.empty()) {
            return InvalidField("--member", "needs --by");
          }
          av1::ProcessKpis out;
          RETURN_IF_ERROR(InvokeForPeriod(ctx, &Stub::GetProcessKpis, req, period, &out));
          PrintProcessKpis(ctx, out);
          return absl::OkStatus();
        });
    AddPeriodFlags(cmd, f->period, PeriodFlagNames{}, "the period (default: this month)");
    cmd->add_option("--by", f->by, "a slice: channel, region or rep (default: the whole company)");
    cmd->add_option("--member", f->member,
                    "the slice's member, e.g. CHANNEL_WEB, north or reps/7 (with --by)");
  }
  {
    struct ChannelFlags final {
      std::string period = "month";
      std::string from, to;
    };
    auto f = std::make_shared<ChannelFlags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "channels",
        "Per sales channel and period from --from to --to: revenue, margin, orders, lead "
        "conversion, marketing spend, CAC and return on spend, and each channel's totals",
        "salesctl channels --period month --from 2026-07-01 --to 2026-10-31\n"
        "  salesctl channels --period quarter --from 2026-01-01 --to 2026-12-31 --json",
        [&ctx, f]() -> absl::Status {
          ASSIGN_OR_RETURN(const av1::Granularity granularity,
                           ParseGranularity("--period", f->period));
          ASSIGN_OR_RETURN(const absl::CivilDay first, ParseDay("--from", f->from));
          ASSIGN_OR_RETURN(const absl::CivilDay last, ParseDay("--to", f->to));
          if (last < first) return InvalidField("--to", "must not be before --from");
          av1::GetChannelEfficiencyRequest req;
          req.set_granularity(granularity);
          req.set_first_day(DayText(first));
          req.set_last_day(DayText(last));
          av1::ChannelEfficiency out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetChannelEfficiency, req, &out));
          PrintChannels(ctx, out);
          return absl::OkStatus();
        });
    cmd->add_option("--period", f->period, "day, week, month (default), quarter or year");
    cmd->add_option("--from", f->from, "a day of the first period, YYYY-MM-DD")->required();
    cmd->add_option("--to", f->to, "a day of the last period, YYYY-MM-DD")->required();
  }
}

}  // namespace sales::salesctl
