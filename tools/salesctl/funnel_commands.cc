// salesctl funnel: the funnel of the leads created in a period: per stage the leads that
// reached it, the conversion to the next, and the time spent in it (median and p90),
// overall or by acquisition channel or owner rep.
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/analytics_text.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_flags.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

struct FunnelFlags final {
  PeriodFlags period;
  std::string by;
};

std::optional<double> OptionalOf(bool has, double value) {
  return has ? std::optional<double>(value) : std::nullopt;
}

// One row per stage of `funnel`, the group's key first when `group` is given.
void AddStageRows(TablePrinter& table, const av1::FunnelFigures& funnel,
                  const std::optional<std::string>& group) {
  for (const av1::FunnelStage& s : funnel.stages()) {
    std::vector<std::string> cells;
    if (group.has_value()) cells.push_back(*group);
    cells.insert(cells.end(),
                 {LeadStageText(s.stage()), absl::StrCat(s.reached()),
                  PercentText(OptionalOf(s.has_conversion_to_next(), s.conversion_to_next())),
                  absl::StrCat(s.left()), s.left() > 0 ? DurationText(s.median_time()) : kAbsent,
                  s.left() > 0 ? DurationText(s.p90_time()) : kAbsent});
    table.AddRow(std::move(cells));
  }
}

std::vector<TablePrinter::Column> StageColumns(const std::optional<std::string>& group) {
  std::vector<TablePrinter::Column> columns;
  if (group.has_value()) columns.push_back({*group});
  columns.insert(columns.end(), {{"STAGE"},
                                 {"REACHED", TablePrinter::Align::kRight},
                                 {"TO NEXT", TablePrinter::Align::kRight},
                                 {"LEFT", TablePrinter::Align::kRight},
                                 {"MEDIAN TIME", TablePrinter::Align::kRight},
                                 {"P90 TIME", TablePrinter::Align::kRight}});
  return columns;
}

std::string FiguresText(const av1::FunnelFigures& f) {
  return absl::StrCat(f.leads(), " leads, ", f.won(), " won, ", f.lost(), " lost, lead-to-win ",
                      PercentText(OptionalOf(f.has_lead_to_win(), f.lead_to_win())));
}

void PrintFunnel(CliContext& ctx, const av1::Funnel& funnel, const std::string& by) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(funnel) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << "funnel of the leads created in " << PeriodText(funnel.period()) << ": "
              << FiguresText(funnel.all())
              << "; a skipped stage counts as passed; time in stage over the leads that left "
                 "it; "
              << FeedsText(funnel.freshness()) << "\n";
  }
  if (by.empty()) {
    TablePrinter table(StageColumns(std::nullopt));
    AddStageRows(table, funnel.all(), std::nullopt);
    table.Print(ctx.out());
    return;
  }
  const auto& groups = by == "channel" ? funnel.by_channel() : funnel.by_rep();
  const std::string header = absl::AsciiStrToUpper(by);
  if (ctx.mode() == OutputMode::kTable) {
    TablePrinter totals({{header},
                         {"LEADS", TablePrinter::Align::kRight},
                         {"WON", TablePrinter::Align::kRight},
                         {"LOST", TablePrinter::Align::kRight},
                         {"LEAD-TO-WIN", TablePrinter::Align::kRight}});
    for (const av1::FunnelGroup& g : groups) {
      const av1::FunnelFigures& f = g.funnel();
      totals.AddRow({g.key().empty() ? "(unknown)" : g.key(), absl::StrCat(f.leads()),
                     absl::StrCat(f.won()), absl::StrCat(f.lost()),
                     PercentText(OptionalOf(f.has_lead_to_win(), f.lead_to_win()))});
    }
    totals.Print(ctx.out());
    ctx.out() << "\n";
  }
  TablePrinter table(StageColumns(header));
  for (const av1::FunnelGroup& g : groups) {
    AddStageRows(table, g.funnel(), g.key().empty() ? "(unknown)" : g.key());
  }
  table.Print(ctx.out());
}

}  // namespace

void RegisterFunnelCommands(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<FunnelFlags>();
  CLI::App* cmd = AddCommand(
      app, ctx, "funnel",
      "The funnel of the leads created in a period (default: this month): leads reaching each "
      "stage, conversion to the next, time in stage (median, p90); overall, or --by channel "
      "or rep",
      "salesctl funnel --at 2026-10\n"
      "  salesctl funnel --period quarter --at 2026-Q3 --by rep",
      [&ctx, f]() -> absl::Status {
        const std::string by = absl::AsciiStrToLower(f->by);
        if (!by.empty() && by != "channel" && by != "rep") {
          return InvalidField("--by", absl::StrCat("'", f->by, "' is neither channel nor rep"));
        }
        absl::StatusOr<RequestedPeriod> period = ReadPeriodFlags(f->period);
        if (!period.ok()) return period.status();
        av1::Funnel funnel;
        RETURN_IF_ERROR(
            InvokeForPeriod(ctx, &Stub::GetFunnel, av1::GetFunnelRequest(), *period, &funnel));
        PrintFunnel(ctx, funnel, by);
        return absl::OkStatus();
      });
  AddPeriodFlags(cmd, f->period, PeriodFlagNames{},
                 "when the leads were created (default: this month)");
  cmd->add_option("--by", f->by, "one funnel per acquisition channel or owner rep: channel, rep");
}

}  // namespace sales::salesctl
