// salesctl forecast-adjustments record and fva: a manager's adjustment of the statistical
// forecast of one period and slice (kept beside the statistical value), and the forecast
// value added of the adjusted periods once their actuals are in.
#include <cmath>
#include <memory>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/kpi_text.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

struct ForecastFlags final {
  std::string measure = "revenue";
  std::string period = "day";
  SliceFlags slice;
};

void AddForecastFlags(CLI::App* cmd, ForecastFlags& f) {
  cmd->add_option("--measure", f.measure, "revenue or units")->capture_default_str();
  cmd->add_option("--period", f.period, "day, week or month")->capture_default_str();
  AddSliceFlags(cmd, f.slice);
}

struct Which final {
  av1::ForecastMeasure measure = av1::FORECAST_MEASURE_UNSPECIFIED;
  av1::Granularity granularity = av1::GRANULARITY_UNSPECIFIED;
  av1::Slice slice;
};

absl::StatusOr<Which> ReadForecastFlags(const ForecastFlags& f) {
  Which w;
  const std::string measure = absl::AsciiStrToLower(f.measure);
  if (measure == "revenue") {
    w.measure = av1::FORECAST_MEASURE_REVENUE;
  } else if (measure == "units") {
    w.measure = av1::FORECAST_MEASURE_UNITS;
  } else {
    return InvalidField("--measure", absl::StrCat("'", f.measure, "' is not revenue or units"));
  }
  absl::StatusOr<av1::Granularity> g = ParseGranularity("--period", f.period);
  if (!g.ok()) return g.status();
  if (*g != av1::GRANULARITY_DAY && *g != av1::GRANULARITY_ISO_WEEK &&
      *g != av1::GRANULARITY_MONTH) {
    return InvalidField("--period", absl::StrCat("'", f.period, "' is not day, week or month"));
  }
  w.granularity = *g;
  absl::StatusOr<av1::Slice> slice = ReadSlice(f.slice);
  if (!slice.ok()) return slice.status();
  w.slice = *slice;
  return w;
}

// A value of the measure: money rounded half away from zero to a minor unit, units to 0.1.
std::string ValueText(double value, const std::string& currency_code) {
  if (currency_code.empty()) return absl::StrFormat("%.1f", value);
  return FormatMinorUnits(std::llround(value), ExponentOf(currency_code));
}

std::string Percent(bool has, double value) {
  return has ? absl::StrFormat("%.2f%%", value) : std::string("n/a");
}

void PrintAdjustment(CliContext& ctx, const av1::ForecastAdjustment& a) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(a) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    ctx.out() << a.name() << "\n";
    return;
  }
  const std::string& cur = a.currency_code();
  ctx.out() << a.name() << ": " << SliceText(a.slice()) << ", " << a.period().label() << " ("
            << PeriodText(a.period()) << ")\n"
            << "  statistical " << ValueText(a.statistical_value(), cur) << " (Holt-Winters "
            << a.statistical_model() << " on the history to " << a.statistical_history_last_day()
            << ")\n"
            << "  adjusted    " << ValueText(static_cast<double>(a.adjusted_value()), cur) << " by "
            << a.author() << ": " << a.reason() << "\n";
}

void PrintValueAdded(CliContext& ctx, const av1::ForecastValueAdded& v) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(v) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    for (const av1::AdjustedPeriod& p : v.periods()) ctx.out() << p.adjustment().name() << "\n";
    return;
  }
  const std::string& cur = v.currency_code();
  ctx.out() << (v.measure() == av1::FORECAST_MEASURE_UNITS ? "units" : "revenue") << " of "
            << SliceText(v.slice()) << ", " << v.first_period().label() << ".."
            << v.last_period().label() << ", "
            << (cur.empty() ? std::string("units") : absl::StrCat("amounts in ", cur))
            << "; errors: |actual - forecast| and APE = 100 |e| / |actual| (FPP3 5.8), FVA = "
               "statistical error - adjusted error (Gilliland): positive when the adjustment "
               "helped; "
            << FeedsText(v.freshness()) << "\n";
  TablePrinter table({{"PERIOD"},
                      {"STATISTICAL", TablePrinter::Align::kRight},
                      {"ADJUSTED", TablePrinter::Align::kRight},
                      {"ACTUAL", TablePrinter::Align::kRight},
                      {"STAT |E|", TablePrinter::Align::kRight},
                      {"ADJ |E|", TablePrinter::Align::kRight},
                      {"STAT APE", TablePrinter::Align::kRight},
                      {"ADJ APE", TablePrinter::Align::kRight},
                      {"FVA |E|", TablePrinter::Align::kRight},
                      {"FVA APE", TablePrinter::Align::kRight},
                      {"BY"}});
  for (const av1::AdjustedPeriod& p : v.periods()) {
    const av1::ForecastAdjustment& a = p.adjustment();
    if (!p.actual_known()) {
      table.AddRow({a.period().label(), ValueText(a.statistical_value(), cur),
                    ValueText(static_cast<double>(a.adjusted_value()), cur), "not over", "", "", "",
                    "", "", "", a.author()});
      continue;
    }
    table.AddRow({a.period().label(), ValueText(a.statistical_value(), cur),
                  ValueText(static_cast<double>(a.adjusted_value()), cur),
                  ValueText(static_cast<double>(p.actual()), cur),
                  ValueText(p.statistical_absolute_error(), cur),
                  ValueText(p.adjusted_absolute_error(), cur),
                  Percent(p.has_statistical_ape(), p.statistical_ape()),
                  Percent(p.has_adjusted_ape(), p.adjusted_ape()),
                  ValueText(p.fva_absolute_error(), cur), Percent(p.has_fva_ape(), p.fva_ape()),
                  a.author()});
  }
  table.Print(ctx.out());
  const av1::ForecastValueAddedTotals& t = v.totals();
  ctx.out() << "over " << t.periods() << " adjusted periods with actuals: MAE statistical "
            << ValueText(t.statistical_mae(), cur) << ", adjusted "
            << ValueText(t.adjusted_mae(), cur) << ", FVA " << ValueText(t.fva_mae(), cur)
            << "; MAPE (" << t.mape_periods() << " periods) statistical "
            << Percent(t.has_statistical_mape(), t.statistical_mape()) << ", adjusted "
            << Percent(t.has_adjusted_mape(), t.adjusted_mape()) << ", FVA "
            << Percent(t.has_fva_mape(), t.fva_mape()) << "; improved " << t.periods_improved()
            << ", worsened " << t.periods_worsened() << "\n";
}

}  // namespace

void RegisterForecastAdjustmentCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "forecast-adjustments",
                             "Managers' adjustments of the statistical forecast, and their "
                             "forecast value added once the actuals are in");

  auto which = std::make_shared<ForecastFlags>();
  auto day = std::make_shared<std::string>();
  auto value = std::make_shared<std::string>();
  auto author = std::make_shared<std::string>();
  auto reason = std::make_shared<std::string>();
  CLI::App* cmd = AddCommand(
      *group, ctx, "record",
      "Record an adjusted forecast for the period holding --day: kept beside the statistical "
      "forecast the service makes for that period now",
      "salesctl forecast-adjustments record --period month --day 2026-12-01 --value 1250000.00 "
      "--author reps/anna --reason \"year-end fair\"",
      [&ctx, which, day, value, author, reason]() -> absl::Status {
        absl::StatusOr<Which> w = ReadForecastFlags(*which);
        if (!w.ok()) return w.status();
        absl::StatusOr<absl::CivilDay> d = ParseDay("--day", *day);
        if (!d.ok()) return d.status();
        av1::RecordForecastAdjustmentRequest req;
        req.set_request_id(ctx.RequestId());
        req.set_measure(w->measure);
        *req.mutable_slice() = w->slice;
        req.set_granularity(w->granularity);
        req.set_period_day(DayText(*d));
        if (w->measure == av1::FORECAST_MEASURE_REVENUE) {
          absl::StatusOr<int64_t> minor = ParseMoneyText("--value", *value, ctx.options().currency);
          if (!minor.ok()) return minor.status();
          req.set_adjusted_value(*minor);
        } else {
          int64_t units = 0;
          if (!absl::SimpleAtoi(*value, &units)) {
            return InvalidField("--value", absl::StrCat("'", *value, "' is not whole units"));
          }
          req.set_adjusted_value(units);
        }
        req.set_author(*author);
        req.set_reason(*reason);
        av1::ForecastAdjustment out;
        RETURN_IF_ERROR(ctx.Invoke(&Stub::RecordForecastAdjustment, req, &out));
        PrintAdjustment(ctx, out);
        return absl::OkStatus();
      });
  AddForecastFlags(cmd, *which);
  cmd->add_option("--day", *day, "a day of the adjusted period, YYYY-MM-DD")->required();
  cmd->add_option("--value", *value,
                  "the adjusted forecast: money (e.g. 12500.00) for revenue, whole units")
      ->required();
  cmd->add_option("--author", *author, "who adjusts it")->required();
  cmd->add_option("--reason", *reason, "why")->required();

  auto fva = std::make_shared<ForecastFlags>();
  auto from = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  cmd = AddCommand(
      *group, ctx, "fva",
      "The adjusted periods from --from to --to: statistical and adjusted forecast, the actual "
      "once the period is over, absolute and percentage errors, forecast value added, totals",
      "salesctl forecast-adjustments fva --period month --from 2026-01-01 --to 2026-11-30",
      [&ctx, fva, from, to]() -> absl::Status {
        absl::StatusOr<Which> w = ReadForecastFlags(*fva);
        if (!w.ok()) return w.status();
        absl::StatusOr<absl::CivilDay> first = ParseDay("--from", *from);
        if (!first.ok()) return first.status();
        absl::StatusOr<absl::CivilDay> last = ParseDay("--to", *to);
        if (!last.ok()) return last.status();
        av1::GetForecastValueAddedRequest req;
        req.set_measure(w->measure);
        *req.mutable_slice() = w->slice;
        req.set_granularity(w->granularity);
        req.set_first_day(DayText(*first));
        req.set_last_day(DayText(*last));
        av1::ForecastValueAdded out;
        RETURN_IF_ERROR(ctx.Invoke(&Stub::GetForecastValueAdded, req, &out));
        PrintValueAdded(ctx, out);
        return absl::OkStatus();
      });
  AddForecastFlags(cmd, *fva);
  cmd->add_option("--from", *from, "first day, YYYY-MM-DD")->required();
  cmd->add_option("--to", *to, "last day, YYYY-MM-DD")->required();
}

}  // namespace sales::salesctl
