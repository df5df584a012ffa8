// salesctl kpis, trend and analytics ...: the KPIs of one period and slice, a KPI trend over
// consecutive periods, and the rebuild of what analytics derived from the feeds.
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <thread>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/money.h"
#include "common/status.h"
#include "tools/salesctl/analytics_flags.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/kpi_text.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/progress_bar.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

// How often `analytics rebuild --wait` asks how the rebuild is going.
constexpr std::chrono::milliseconds kRebuildPollInterval{200};
// Cells of the bar `trend` draws on a terminal for its first KPI.
constexpr int kTrendBarWidth = 24;

google::protobuf::Timestamp ToTimestamp(absl::Time time) {
  google::protobuf::Timestamp out;
  out.set_seconds(absl::ToUnixSeconds(time));
  return out;
}

struct KpiFlags final {
  std::string period, at, from, to;
  SliceFlags slice;
};

// The PeriodSpec the flags ask for, and with --at the day that must lie inside the answer.
struct KpiPeriod final {
  av1::PeriodSpec spec;
  std::optional<absl::CivilDay> inside;
};

absl::StatusOr<KpiPeriod> ReadKpiPeriod(const KpiFlags& f) {
  KpiPeriod out;
  if (!f.from.empty() || !f.to.empty()) {
    if (f.to.empty()) return InvalidField("--to", "is required with --from (the last day)");
    if (f.from.empty()) return InvalidField("--from", "is required with --to (the first day)");
    if (!f.period.empty() || !f.at.empty()) {
      return InvalidField("--from", "a range of days takes neither --period nor --at");
    }
    absl::StatusOr<absl::CivilDay> first = ParseDay("--from", f.from);
    if (!first.ok()) return first.status();
    absl::StatusOr<absl::CivilDay> last = ParseDay("--to", f.to);
    if (!last.ok()) return last.status();
    if (*last < *first) return InvalidField("--to", "must not be before --from");
    out.spec.set_granularity(av1::GRANULARITY_CUSTOM);
    out.spec.set_first_day(DayText(*first));
    out.spec.set_last_day(DayText(*last));
    return out;
  }
  std::optional<PeriodLabel> label;
  if (!f.at.empty()) {
    absl::StatusOr<PeriodLabel> parsed = ParsePeriodLabel("--at", f.at);
    if (!parsed.ok()) return parsed.status();
    label = *parsed;
  }
  av1::Granularity granularity = av1::GRANULARITY_MONTH;
  if (!f.period.empty()) {
    absl::StatusOr<av1::Granularity> parsed = ParseGranularity("--period", f.period);
    if (!parsed.ok()) return parsed.status();
    granularity = *parsed;
  } else if (label.has_value()) {
    granularity = label->granularity;
  }
  out.spec.set_granularity(granularity);
  if (label.has_value()) {
    if (!LabelFitsPeriod(label->granularity, granularity)) {
      const std::string wanted = GranularityText(granularity);
      return InvalidField("--at",
                          absl::StrCat("'", f.at, "' is a ", GranularityText(label->granularity),
                                       ", not inside one ", wanted, "; give ",
                                       granularity == av1::GRANULARITY_DAY
                                           ? std::string("a day")
                                           : absl::StrCat("a ", wanted, " or a day")));
    }
    // The client does not know the business time zone the service cuts periods in. Noon UTC
    // of the middle day lies inside a week, month, quarter or year in every zone (UTC-12 to
    // UTC+14), and inside a day in zones from UTC-12 to UTC+11; RunGetKpis checks that the
    // answer holds the day and asks again at noon in the answer's zone if it does not.
    out.inside = MiddleDay(*label);
    *out.spec.mutable_time() = ToTimestamp(
        absl::FromCivil(absl::CivilSecond(*out.inside) + 12 * 3600, absl::UTCTimeZone()));
  }
  return out;
}

absl::StatusOr<av1::KpiReport> RunGetKpis(CliContext& ctx, const av1::GetKpisRequest& request,
                                          const std::optional<absl::CivilDay>& inside) {
  av1::KpiReport report;
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetKpis, request, &report));
  if (!inside.has_value()) return report;
  const std::string day = DayText(*inside);
  if (report.period().first_day() <= day && day <= report.period().last_day()) return report;
  absl::TimeZone zone;
  if (!absl::LoadTimeZone(report.period().time_zone(), &zone)) {
    return absl::FailedPreconditionError(
        absl::StrCat("--at: the service cuts days in ", report.period().time_zone(),
                     ", which this machine's time zone data does not know; use --from/--to"));
  }
  av1::GetKpisRequest again = request;
  *again.mutable_period()->mutable_time() =
      ToTimestamp(absl::FromCivil(absl::CivilSecond(*inside) + 12 * 3600, zone));
  report.Clear();
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetKpis, again, &report));
  return report;
}

void PrintKpiReport(CliContext& ctx, const av1::KpiReport& report) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(report) << "\n";
    return;
  }
  const av1::Period& p = report.period();
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << p.label() << ": " << p.first_day() << ".." << p.last_day() << " (" << p.time_zone()
              << "), " << SliceText(report.slice()) << ", amounts in " << report.currency_code()
              << "; growth vs " << report.vs_previous().base().label() << " and "
              << report.vs_year_before().base().label() << "; " << FeedsText(report.freshness())
              << "\n";
  }
  TablePrinter table({{"KPI"},
                      {"VALUE", TablePrinter::Align::kRight},
                      {"VS PREVIOUS", TablePrinter::Align::kRight},
                      {"VS YEAR BEFORE", TablePrinter::Align::kRight}});
  const int exponent = ExponentOf(report.currency_code());
  for (const KpiDef& kpi : AllKpis()) {
    table.AddRow({kpi.label, KpiValueText(kpi, report.values(), exponent),
                  GrowthText(kpi, report.vs_previous()), GrowthText(kpi, report.vs_year_before())});
  }
  table.Print(ctx.out());
}

struct TrendFlags final {
  std::string period, from, to;
  std::vector<std::string> kpis;
  SliceFlags slice;
};

void PrintTrend(CliContext& ctx, const av1::KpiTrend& trend,
                const std::vector<const KpiDef*>& kpis) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(trend) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << SliceText(trend.slice()) << ", amounts in " << trend.currency_code() << "; "
              << FeedsText(trend.freshness()) << "\n";
  }
  // The bar of the first KPI, only for a person at a terminal.
  const bool bar = ctx.mode() == OutputMode::kTable && isatty(STDOUT_FILENO) == 1;
  std::vector<TablePrinter::Column> columns = {{"PERIOD"}};
  for (const KpiDef* kpi : kpis) {
    columns.push_back({absl::AsciiStrToUpper(kpi->label), TablePrinter::Align::kRight});
  }
  if (bar) columns.push_back({""});
  double max = 0;
  for (const av1::KpiPoint& point : trend.points()) {
    max = std::max(max, KpiNumber(*kpis.front(), point.values()));
  }
  TablePrinter table(std::move(columns));
  const int exponent = ExponentOf(trend.currency_code());
  for (const av1::KpiPoint& point : trend.points()) {
    std::vector<std::string> cells = {point.period().label()};
    for (const KpiDef* kpi : kpis) cells.push_back(KpiValueText(*kpi, point.values(), exponent));
    if (bar) {
      cells.push_back(InlineBar(KpiNumber(*kpis.front(), point.values()), max, kTrendBarWidth));
    }
    table.AddRow(std::move(cells));
  }
  table.Print(ctx.out());
}

View<av1::Rebuild> RebuildView() {
  return {
      {"STATE", [](const av1::Rebuild& r) { return EnumText(r.state()); }},
      {"REQUEST_ID", [](const av1::Rebuild& r) { return r.request_id(); }},
      {"STARTED (UTC)", [](const av1::Rebuild& r) { return TimeText(r.start_time()); }},
      {"ENDED (UTC)", [](const av1::Rebuild& r) { return TimeText(r.end_time()); }},
      Right<av1::Rebuild>("ORDERS FEED",
                          [](const av1::Rebuild& r) {
                            return absl::StrCat(r.orders_position(), "/", r.orders_target());
                          }),
      Right<av1::Rebuild>("CUSTOMERS FEED",
                          [](const av1::Rebuild& r) {
                            return absl::StrCat(r.customers_position(), "/", r.customers_target());
                          }),
      {"ERROR", [](const av1::Rebuild& r) { return r.error(); }},
  };
}

void PrintRebuild(CliContext& ctx, const av1::Rebuild& rebuild) {
  if (ctx.mode() == OutputMode::kQuiet) {
    ctx.out() << rebuild.request_id() << "\n";
    return;
  }
  PrintItem(ctx, RebuildView(), rebuild);
}

// Polls GetRebuild until the rebuild started with `request_id` ends (within --timeout when
// given), drawing its progress on stderr when that is a terminal. FAILED is an error.
absl::StatusOr<av1::Rebuild> WaitForRebuild(CliContext& ctx, const std::string& request_id) {
  const bool draw = isatty(STDERR_FILENO) == 1;
  const absl::Time start = absl::Now();
  const absl::Time give_up = ctx.options().timeout_given
                                 ? start + absl::Seconds(ctx.options().timeout_seconds)
                                 : absl::InfiniteFuture();
  av1::Rebuild rebuild;
  while (true) {
    RETURN_IF_ERROR(ctx.Invoke(&Stub::GetRebuild, av1::GetRebuildRequest(), &rebuild));
    if (rebuild.request_id() != request_id) {
      return absl::AbortedError(absl::StrCat("rebuild ", request_id,
                                             " is no longer the server's last one (now ",
                                             rebuild.request_id(), "): the server restarted?"));
    }
    if (draw) {
      ctx.err() << "\r"
                << RenderProgress(rebuild.orders_position() + rebuild.customers_position(),
                                  rebuild.orders_target() + rebuild.customers_target(),
                                  absl::ToDoubleSeconds(absl::Now() - start), "events");
      ctx.err().flush();
    }
    if (rebuild.state() != av1::Rebuild::STATE_RUNNING) break;
    if (absl::Now() >= give_up) {
      if (draw) ctx.err() << "\n";
      return absl::DeadlineExceededError(
          absl::StrCat("rebuild ", request_id,
                       " still running after --timeout; "
                       "salesctl analytics rebuild-status follows it"));
    }
    std::this_thread::sleep_for(kRebuildPollInterval);
  }
  if (draw) ctx.err() << "\n";
  return rebuild;
}

}  // namespace

void RegisterAnalyticsCommands(CLI::App& app, CliContext& ctx) {
  {
    auto f = std::make_shared<KpiFlags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "kpis",
        "The KPIs of one period (default: this month) and slice, with growth against the "
        "previous period and the same period a year before",
        "salesctl kpis --period month --at 2026-10 --channel web\n"
        "  salesctl kpis --at 2026-W42\n"
        "  salesctl kpis --from 2026-10-01 --to 2026-10-15 --region north --json",
        [&ctx, f]() -> absl::Status {
          absl::StatusOr<KpiPeriod> period = ReadKpiPeriod(*f);
          if (!period.ok()) return period.status();
          av1::GetKpisRequest req;
          *req.mutable_period() = period->spec;
          absl::StatusOr<av1::Slice> slice = ReadSlice(f->slice);
          if (!slice.ok()) return slice.status();
          *req.mutable_slice() = *slice;
          absl::StatusOr<av1::KpiReport> report = RunGetKpis(ctx, req, period->inside);
          if (!report.ok()) return report.status();
          PrintKpiReport(ctx, *report);
          return absl::OkStatus();
        });
    cmd->add_option("--period", f->period,
                    "day, week (ISO), month, quarter or year (default: month, or the kind of "
                    "--at)");
    cmd->add_option("--at", f->at,
                    "which period, by label or by a day inside it: 2026-10-15, 2026-W42, "
                    "2026-10, 2026-Q3, 2026 (default: now)");
    cmd->add_option("--from", f->from, "first day of a custom range, YYYY-MM-DD (with --to)");
    cmd->add_option("--to", f->to, "last day of a custom range, inclusive (with --from)");
    AddSliceFlags(cmd, f->slice);
  }
  {
    auto f = std::make_shared<TrendFlags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "trend",
        "One row per period from --from to --to, no gap: the chosen KPIs (default: revenue, "
        "orders, units, average order value, gross margin %)",
        "salesctl trend --period week --from 2026-09-01 --to 2026-11-30 --kpi revenue,orders "
        "--category tea",
        [&ctx, f]() -> absl::Status {
          absl::StatusOr<av1::Granularity> granularity = ParseGranularity("--period", f->period);
          if (!granularity.ok()) return granularity.status();
          absl::StatusOr<absl::CivilDay> first = ParseDay("--from", f->from);
          if (!first.ok()) return first.status();
          absl::StatusOr<absl::CivilDay> last = ParseDay("--to", f->to);
          if (!last.ok()) return last.status();
          if (*last < *first) return InvalidField("--to", "must not be before --from");
          absl::StatusOr<std::vector<const KpiDef*>> kpis =
              ParseKpiKeys("--kpi", f->kpis.empty() ? DefaultTrendKpis() : f->kpis);
          if (!kpis.ok()) return kpis.status();
          absl::StatusOr<av1::Slice> slice = ReadSlice(f->slice);
          if (!slice.ok()) return slice.status();
          av1::GetKpiTrendRequest req;
          req.set_granularity(*granularity);
          req.set_first_day(DayText(*first));
          req.set_last_day(DayText(*last));
          *req.mutable_slice() = *slice;
          av1::KpiTrend trend;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetKpiTrend, req, &trend));
          PrintTrend(ctx, trend, *kpis);
          return absl::OkStatus();
        });
    cmd->add_option("--period", f->period, "day, week (ISO), month, quarter or year")->required();
    cmd->add_option("--from", f->from, "a day of the first period, YYYY-MM-DD")->required();
    cmd->add_option("--to", f->to, "a day of the last period, YYYY-MM-DD")->required();
    std::string keys;
    for (const KpiDef& kpi : AllKpis()) absl::StrAppend(&keys, keys.empty() ? "" : ", ", kpi.key);
    cmd->add_option("--kpi", f->kpis, "the KPIs to show, comma-separated: " + keys)->delimiter(',');
    AddSliceFlags(cmd, f->slice);
  }

  CLI::App* group = AddGroup(app, "analytics", "Analytics: rebuild what it derived from the feeds");
  {
    auto wait = std::make_shared<bool>(false);
    CLI::App* cmd = AddCommand(
        *group, ctx, "rebuild",
        "Replay the orders and customers feeds from position 0 into fresh tables, then switch "
        "to them (the current figures answer meanwhile)",
        "salesctl analytics rebuild --wait", [&ctx, wait]() -> absl::Status {
          av1::StartRebuildRequest req;
          req.set_request_id(ctx.RequestId());
          av1::Rebuild rebuild;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::StartRebuild, req, &rebuild));
          if (*wait) {
            absl::StatusOr<av1::Rebuild> ended = WaitForRebuild(ctx, req.request_id());
            if (!ended.ok()) return ended.status();
            rebuild = *ended;
          }
          PrintRebuild(ctx, rebuild);
          if (rebuild.state() == av1::Rebuild::STATE_FAILED) {
            return absl::InternalError(
                absl::StrCat("rebuild ", rebuild.request_id(), " failed: ", rebuild.error()));
          }
          return absl::OkStatus();
        });
    cmd->add_flag("--wait", *wait,
                  "follow it (progress on a terminal) until it ends; exit 1 if it failed");
  }
  AddCommand(*group, ctx, "rebuild-status", "Show the last rebuild the analytics server started",
             "salesctl analytics rebuild-status", [&ctx]() -> absl::Status {
               av1::Rebuild rebuild;
               RETURN_IF_ERROR(ctx.Invoke(&Stub::GetRebuild, av1::GetRebuildRequest(), &rebuild));
               if (rebuild.state() == av1::Rebuild::STATE_UNSPECIFIED &&
                   ctx.mode() == OutputMode::kTable) {
                 ctx.out() << "no rebuild since the analytics server started\n";
                 return absl::OkStatus();
               }
               PrintRebuild(ctx, rebuild);
               return absl::OkStatus();
             });
}

}  // namespace sales::salesctl
