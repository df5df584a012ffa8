// salesctl report: the weekly, monthly or quarterly report of analytics (GetReport) as
// tables, as JSON, and with --html as one self-contained page with charts (the revenue trend
// from GetKpiTrend and the funnel from GetFunnel beside the report's own figures).
#include <cmath>
#include <fstream>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/money.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/html_report.h"
#include "tools/salesctl/kpi_text.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_text.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

// Periods the page's revenue trend shows, the report's the last: a quarter of weeks, a year
// of months, two years of quarters.
constexpr int kTrendWeeks = 13;
constexpr int kTrendMonths = 12;
constexpr int kTrendQuarters = 8;

struct ReportFlags final {
  std::string period = "month";
  std::string at;
  std::string lang = "en";
  std::string html;
};

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp out;
  out.set_seconds(absl::ToUnixSeconds(time));
  return out;
}

// The request the flags ask for, and with --at the day that must lie inside the answer.
struct ReportAsk final {
  av1::GetReportRequest request;
  std::optional<absl::CivilDay> inside;
};

absl::StatusOr<ReportAsk> ReadFlags(const ReportFlags& f) {
  ReportAsk out;
  ASSIGN_OR_RETURN(const av1::Granularity granularity, ParseGranularity("--period", f.period));
  if (granularity != av1::GRANULARITY_ISO_WEEK && granularity != av1::GRANULARITY_MONTH &&
      granularity != av1::GRANULARITY_QUARTER) {
    return InvalidField("--period",
                        absl::StrCat("must be week, month or quarter, got '", f.period, "'"));
  }
  out.request.set_granularity(granularity);
  const std::string lang = absl::AsciiStrToLower(f.lang);
  if (lang != "en" && lang != "zh") {
    return InvalidField("--lang", absl::StrCat("must be en or zh, got '", f.lang, "'"));
  }
  out.request.set_language_code(lang);
  if (!f.at.empty()) {
    ASSIGN_OR_RETURN(const PeriodLabel label, ParsePeriodLabel("--at", f.at));
    if (!LabelFitsPeriod(label.granularity, granularity)) {
      return InvalidField("--at",
                          absl::StrCat("'", f.at, "' is a ", GranularityText(label.granularity),
                                       ", not inside one ", GranularityText(granularity)));
    }
    // As `kpis --at`: noon UTC of the middle day lies inside the period in every zone; a
    // period that is still running is asked for at this moment (the service refuses the
    // future).
    out.inside = MiddleDay(label);
    absl::Time at =
        absl::FromCivil(absl::CivilSecond(*out.inside) + 12 * 3600, absl::UTCTimeZone());
    const absl::Time now = absl::Now();
    if (at > now) {
      if (absl::FromCivil(label.first_day, absl::UTCTimeZone()) > now + absl::Hours(14)) {
        return InvalidField("--at", absl::StrCat("'", f.at, "' has not begun yet"));
      }
      at = now;
      out.inside.reset();
    }
    *out.request.mutable_time() = ToTimestamp(at);
  }
  return out;
}

absl::StatusOr<av1::PeriodicReport> RunGetReport(CliContext& ctx, const ReportAsk& ask) {
  av1::PeriodicReport report;
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetReport, ask.request, &report));
  if (!ask.inside.has_value()) return report;
  const std::string day = DayText(*ask.inside);
  if (report.period().first_day() <= day && day <= report.period().last_day()) return report;
  // Asked at noon UTC, the service's zone put the moment in a neighbouring period: ask again
  // at noon in its zone.
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(report.period().time_zone(), &zone)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--at: the service cuts periods in ", report.period().time_zone(),
                     ", which this machine's time zone data does not know"));
  }
  av1::GetReportRequest again = ask.request;
  *again.mutable_time() =
      ToTimestamp(absl::FromCivil(absl::CivilSecond(*ask.inside) + 12 * 3600, zone));
  report.Clear();
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetReport, again, &report));
  return report;
}

// The first day of the trend: as many periods back from the report's first day as the
// trend shows, the report's included.
absl::StatusOr<absl::CivilDay> TrendFirstDay(const av1::PeriodicReport& report) {
  ASSIGN_OR_RETURN(const absl::CivilDay first,
                   ParseDay("period.first_day", report.period().first_day()));
  switch (report.period().granularity()) {
    case av1::GRANULARITY_ISO_WEEK:
      return first - 7 * (kTrendWeeks - 1);
    case av1::GRANULARITY_MONTH:
      return absl::CivilDay(absl::CivilMonth(first) - (kTrendMonths - 1));
    default:
      return absl::CivilDay(absl::CivilMonth(first) - 3 * (kTrendQuarters - 1));
  }
}

// Slices a contribution waterfall of the page shows before the rest is summed.
constexpr int kContributionRows = 8;
// Customers the "Top actions" section lists.
constexpr int kTopActionRows = 10;

absl::Status WriteHtml(CliContext& ctx, const av1::PeriodicReport& report,
                       const std::string& path) {
  HtmlReportInput input;
  input.report = report;
  av1::GetKpiTrendRequest trend_req;
  trend_req.set_granularity(report.period().granularity());
  ASSIGN_OR_RETURN(const absl::CivilDay first, TrendFirstDay(report));
  trend_req.set_first_day(DayText(first));
  trend_req.set_last_day(report.period().last_day());
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetKpiTrend, trend_req, &input.trend));
  av1::GetFunnelRequest funnel_req;
  funnel_req.mutable_period()->set_granularity(report.period().granularity());
  *funnel_req.mutable_period()->mutable_time() = report.period().start_time();
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetFunnel, funnel_req, &input.funnel));
  av1::GetKpiTrendRequest daily_req;
  daily_req.set_granularity(av1::GRANULARITY_DAY);
  daily_req.set_first_day(report.period().first_day());
  daily_req.set_last_day(report.period().last_day());
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetKpiTrend, daily_req, &input.daily));
  av1::GetContributionRequest contribution_req;
  contribution_req.set_kpi(av1::CONTRIBUTION_KPI_REVENUE);
  contribution_req.mutable_period()->set_granularity(report.period().granularity());
  *contribution_req.mutable_period()->mutable_time() = report.period().start_time();
  contribution_req.add_dimensions(av1::SLICE_DIMENSION_CHANNEL);
  contribution_req.add_dimensions(av1::SLICE_DIMENSION_CATEGORY);
  contribution_req.set_limit(kContributionRows);
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetContribution, contribution_req, &input.contribution));
  // Replenishment alerts as of today (stock is now); a failure leaves the section saying why.
  const absl::Status replenishment =
      ctx.Invoke(&Stub::GetReplenishment, av1::GetReplenishmentRequest(), &input.replenishment);
  if (!replenishment.ok()) input.replenishment_unavailable = std::string(replenishment.message());
  // The top actions as of the period's last day once it is over, else as of today.
  av1::ListTopActionsRequest actions_req;
  absl::TimeZone report_zone = absl::UTCTimeZone();
  absl::LoadTimeZone(report.period().time_zone(), &report_zone);
  if (report.period().last_day() < DayText(absl::ToCivilDay(absl::Now(), report_zone))) {
    actions_req.set_as_of_day(report.period().last_day());
  }
  actions_req.set_page_size(kTopActionRows);
  RETURN_IF_ERROR(ctx.Invoke(&Stub::ListTopActions, actions_req, &input.top_actions));
  // Complaints and on-time delivery of the report's period, whole company; a failure leaves
  // both sections saying why.
  av1::GetProcessKpisRequest process_req;
  process_req.mutable_period()->set_granularity(report.period().granularity());
  *process_req.mutable_period()->mutable_time() = report.period().start_time();
  const absl::Status process = ctx.Invoke(&Stub::GetProcessKpis, process_req, &input.process);
  if (!process.ok()) input.process_unavailable = std::string(process.message());

  const std::string page = RenderHtmlReport(input);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << page;
  out.close();
  if (!out) {
    return absl::FailedPreconditionError(absl::StrCat("--html: cannot write '", path, "'"));
  }
  return absl::OkStatus();
}

std::string GrowthOrEmpty(const av1::RankedMember& m) {
  return m.has_revenue_growth() ? absl::StrFormat("%+.1f%%", 100.0 * m.revenue_growth()) : "";
}

void PrintReport(CliContext& ctx, const av1::PeriodicReport& r) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(r) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    for (const av1::Finding& f : r.findings()) ctx.out() << f.text() << "\n";
    return;
  }
  absl::StatusOr<int> e = MinorUnitExponent(r.currency_code());
  const int exponent = e.ok() ? *e : 0;
  const av1::Period& p = r.period();
  std::ostream& out = ctx.out();
  out << "report " << p.label() << ": " << p.first_day() << ".." << p.last_day() << " ("
      << p.time_zone() << "), amounts in " << r.currency_code()
      << (r.period_complete() ? "" : ", partial (the period is not over)") << "; feeds: orders at "
      << r.freshness().orders_position() << ", customers at " << r.freshness().customers_position()
      << "\n\nFindings:\n";
  if (r.findings().empty()) out << "  (nothing stands out against the thresholds)\n";
  for (const av1::Finding& f : r.findings()) out << "  - " << f.text() << "\n";

  out << "\n";
  TablePrinter kpis({{"KPI"},
                     {"VALUE", TablePrinter::Align::kRight},
                     {"VS " + r.vs_previous().base().label(), TablePrinter::Align::kRight},
                     {"VS " + r.vs_year_before().base().label(), TablePrinter::Align::kRight}});
  for (const KpiDef& kpi : AllKpis()) {
    kpis.AddRow({kpi.label, KpiValueText(kpi, r.values(), exponent),
                 GrowthText(kpi, r.vs_previous()), GrowthText(kpi, r.vs_year_before())});
  }
  kpis.Print(out);

  const av1::RevenueBridge& b = r.bridge();
  out << "\nRevenue bridge from " << b.base().label() << ":\n";
  TablePrinter bridge({{"PART"}, {"AMOUNT", TablePrinter::Align::kRight}});
  const std::pair<const char*, int64_t> parts[] = {{"previous revenue", b.base_revenue_minor()},
                                                   {"new customers", b.new_customers_minor()},
                                                   {"lost customers", b.lost_customers_minor()},
                                                   {"price", b.price_minor()},
                                                   {"volume", b.volume_minor()},
                                                   {"mix", b.mix_minor()},
                                                   {"revenue", b.current_revenue_minor()}};
  for (const auto& [name, amount] : parts)
    bridge.AddRow({name, FormatMinorUnits(amount, exponent)});
  bridge.Print(out);

  const std::pair<const char*, const av1::Ranking*> rankings[] = {{"Products", &r.products()},
                                                                  {"Reps", &r.reps()},
                                                                  {"Channels", &r.channels()},
                                                                  {"Categories", &r.categories()},
                                                                  {"Regions", &r.regions()}};
  for (const auto& [name, ranking] : rankings) {
    out << "\n" << name << " (" << ranking->members() << "):\n";
    // Products are named as well.
    const bool named = ranking == &r.products();
    std::vector<TablePrinter::Column> columns = {{""}, {"MEMBER"}};
    if (named) columns.push_back({"NAME"});
    for (const char* figure : {"REVENUE", "UNITS", "PREVIOUS", "GROWTH"}) {
      columns.push_back({figure, TablePrinter::Align::kRight});
    }
    TablePrinter table(std::move(columns));
    for (const auto* list : {&ranking->top(), &ranking->bottom()}) {
      for (const av1::RankedMember& m : *list) {
        std::vector<std::string> cells = {list == &ranking->top() ? "top" : "bottom", m.member()};
        if (named) cells.push_back(m.display_name());
        for (std::string cell :
             {FormatMinorUnits(m.revenue_minor(), exponent), absl::StrCat(m.units()),
              FormatMinorUnits(m.previous_revenue_minor(), exponent), GrowthOrEmpty(m)}) {
          cells.push_back(std::move(cell));
        }
        table.AddRow(std::move(cells));
      }
    }
    table.Print(out);
  }

  const av1::ReportForecast& fc = r.forecast();
  out << "\nForecast of " << fc.period().label() << " (revenue, "
      << absl::StrFormat("%.0f%%", 100.0 * fc.level()) << " intervals):\n";
  if (fc.has_unavailable()) {
    out << "  " << fc.unavailable().text() << "\n";
  } else {
    TablePrinter points({{"PERIOD"},
                         {"FORECAST", TablePrinter::Align::kRight},
                         {"LOWER", TablePrinter::Align::kRight},
                         {"UPPER", TablePrinter::Align::kRight}});
    auto money = [&](double v) { return FormatMinorUnits(std::llround(v), exponent); };
    for (const av1::ForecastPoint& p : fc.points()) {
      points.AddRow({p.period().label(), money(p.value()), money(p.lower()), money(p.upper())});
    }
    if (fc.points_size() > 1)
      points.AddRow({fc.period().label() + " (sum)", money(fc.point_sum()), "", ""});
    points.Print(out);
    const av1::Backtest& b = fc.backtest();
    out << "model ETS(" << fc.model().model() << "), backtest " << b.origins() << " x "
        << b.horizon() << ": MAPE "
        << (b.has_mape() ? absl::StrFormat("%.1f%%", b.mape()) : std::string("-")) << ", sMAPE "
        << absl::StrFormat("%.1f%%", b.smape()) << ", MASE "
        << (b.has_mase() ? absl::StrFormat("%.2f", b.mase()) : std::string("-")) << "\n";
  }

  out << "\nAnomalies (days outside the forecast interval):\n";
  const av1::ReportAnomalies& an = r.anomalies();
  if (an.has_unavailable()) {
    out << "  " << an.unavailable().text() << "\n";
  } else if (an.report().anomalies().empty()) {
    out << "  (none of the " << an.report().periods_checked() << " days checked)\n";
  } else {
    TablePrinter days({{"DAY"},
                       {"DIRECTION"},
                       {"ACTUAL", TablePrinter::Align::kRight},
                       {"EXPECTED", TablePrinter::Align::kRight},
                       {"DEVIATION", TablePrinter::Align::kRight}});
    for (const av1::AnomalyPoint& a : an.report().anomalies()) {
      days.AddRow(
          {a.period().first_day(),
           a.direction() == av1::ANOMALY_DIRECTION_ABOVE ? "above" : "below",
           FormatMinorUnits(std::llround(a.actual()), exponent),
           FormatMinorUnits(std::llround(a.expected()), exponent),
           a.has_deviation_percent() ? absl::StrFormat("%+.1f%%", a.deviation_percent()) : ""});
    }
    days.Print(out);
  }

  const av1::ReportProducts& movers = r.product_movers();
  const std::pair<const char*, const google::protobuf::RepeatedPtrField<av1::ProductFigures>*>
      lists[] = {{"Hot products", &movers.hot()},
                 {"Slow products", &movers.slow()},
                 {"Low stock cover", &movers.low_cover()}};
  for (const auto& [name, list] : lists) {
    out << "\n" << name << ":\n";
    if (list->empty()) {
      out << "  (none)\n";
      continue;
    }
    TablePrinter table({{"PRODUCT"},
                        {"NAME"},
                        {"UNITS", TablePrinter::Align::kRight},
                        {"USUAL", TablePrinter::Align::kRight},
                        {"AVAILABLE", TablePrinter::Align::kRight},
                        {"DAYS OF COVER", TablePrinter::Align::kRight}});
    for (const av1::ProductFigures& p : *list) {
      table.AddRow({p.product(), p.display_name(), absl::StrCat(p.units() - p.returned_units()),
                    absl::StrFormat("%.1f", p.history_mean()), absl::StrCat(p.available_units()),
                    p.has_days_of_cover() ? absl::StrFormat("%.1f", p.days_of_cover()) : ""});
    }
    table.Print(out);
  }

  out << "\nRFM segments (" << r.segments().window_first_day() << ".." << r.segments().as_of_day()
      << ", " << r.segments().customers_scored() << " customers):\n";
  TablePrinter segments({{"SEGMENT"},
                         {"CUSTOMERS", TablePrinter::Align::kRight},
                         {"REVENUE", TablePrinter::Align::kRight}});
  for (const av1::RfmSegmentSummary& s : r.segments().segments()) {
    segments.AddRow(
        {s.segment(), absl::StrCat(s.customers()), FormatMinorUnits(s.revenue_minor(), exponent)});
  }
  segments.Print(out);
  out.flush();
}

}  // namespace

void RegisterReportCommand(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<ReportFlags>();
  CLI::App* cmd = AddCommand(
      app, ctx, "report",
      "The weekly, monthly or quarterly report (default: last month): headline KPIs with "
      "growth, the revenue bridge, top and bottom products, reps, channels, categories and "
      "regions, RFM segments, the next period's forecast with its backtest, the days outside the "
      "forecast interval, hot and slow products and low stock cover, and findings in plain "
      "words; --html writes it as one page with charts that works offline and prints to PDF",
      "salesctl report --period month --at 2026-10 --lang zh --html report.html\n"
      "  salesctl report --period week --json",
      [&ctx, f]() -> absl::Status {
        ASSIGN_OR_RETURN(const ReportAsk ask, ReadFlags(*f));
        ASSIGN_OR_RETURN(const av1::PeriodicReport report, RunGetReport(ctx, ask));
        if (!f->html.empty()) RETURN_IF_ERROR(WriteHtml(ctx, report, f->html));
        PrintReport(ctx, report);
        if (!f->html.empty() && ctx.mode() == OutputMode::kTable) {
          ctx.err() << "wrote " << f->html << "\n";
        }
        return absl::OkStatus();
      });
  cmd->add_option("--period", f->period, "week (ISO), month or quarter")->capture_default_str();
  cmd->add_option("--at", f->at,
                  "which period, by label or by a day inside it: 2026-W42, 2026-10, 2026-Q3, "
                  "2026-10-15 (default: the last complete one)");
  cmd->add_option("--lang", f->lang, "language of the findings and the page: en or zh")
      ->capture_default_str();
  cmd->add_option("--html", f->html, "also write the report as a self-contained HTML page here");
}

}  // namespace sales::salesctl
