// salesctl forecast, anomalies and lift: a Holt-Winters forecast of revenue or units with
// its backtest, the periods that fell outside the forecast's interval, and a promotion's
// lift against the baseline forecast.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/kpi_text.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

absl::StatusOr<av1::ForecastMeasure> ParseMeasure(const std::string& text) {
  const std::string lower = absl::AsciiStrToLower(text);
  if (lower == "revenue") return av1::FORECAST_MEASURE_REVENUE;
  if (lower == "units") return av1::FORECAST_MEASURE_UNITS;
  return InvalidField("--measure", absl::StrCat("'", text, "' is not revenue or units"));
}

// day, week or month: the granularities a forecast takes.
absl::StatusOr<av1::Granularity> ParseForecastPeriod(const std::string& text) {
  absl::StatusOr<av1::Granularity> g = ParseGranularity("--period", text);
  if (!g.ok()) return g.status();
  if (*g != av1::GRANULARITY_DAY && *g != av1::GRANULARITY_ISO_WEEK &&
      *g != av1::GRANULARITY_MONTH) {
    return InvalidField("--period", absl::StrCat("'", text, "' is not day, week or month"));
  }
  return *g;
}

absl::Status CheckLevel(double level) {
  if (level == 0 || (level > 0 && level < 1)) return absl::OkStatus();
  return InvalidField("--level", "must be strictly between 0 and 1, e.g. 0.95");
}

std::string MeasureWord(av1::ForecastMeasure measure) {
  return measure == av1::FORECAST_MEASURE_UNITS ? "units" : "revenue";
}

// A forecast value: money rounded half away from zero to a minor unit, units to 0.1.
std::string ValueText(double value, const std::string& currency_code) {
  if (currency_code.empty()) return absl::StrFormat("%.1f", value);
  return FormatMinorUnits(std::llround(value), ExponentOf(currency_code));
}

std::string PercentText(double percent) { return absl::StrFormat("%.1f%%", percent); }

std::string BacktestText(const av1::Backtest& b) {
  return absl::StrCat("backtest over ", b.origins(), " origins x ", b.horizon(), " steps: MAPE ",
                      b.has_mape() ? PercentText(b.mape()) : "n/a", ", sMAPE ",
                      PercentText(b.smape()), ", MASE ",
                      b.has_mase() ? absl::StrFormat("%.3f", b.mase()) : "n/a");
}

std::string ModelText(const av1::ForecastModel& m) {
  std::vector<std::string> candidates;
  for (const av1::ForecastCandidate& c : m.candidates()) {
    candidates.push_back(absl::StrFormat("%s %.1f", c.model(), c.aicc()));
  }
  return absl::StrFormat("model %s (alpha %.4g, beta %.4g, gamma %.4g, phi %.4g; AICc of %s)",
                         m.model(), m.alpha(), m.beta(), m.gamma(), m.phi(),
                         absl::StrJoin(candidates, ", "));
}

std::string UnitsOf(const std::string& currency_code) {
  return currency_code.empty() ? "units" : absl::StrCat("amounts in ", currency_code);
}

void PrintForecast(CliContext& ctx, const av1::Forecast& f) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(f) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << MeasureWord(f.measure()) << " of " << SliceText(f.slice()) << " per "
              << GranularityText(f.granularity()) << ", " << UnitsOf(f.currency_code()) << ", "
              << f.history_size() << " periods of history; " << ModelText(f.model()) << "\n"
              << BacktestText(f.backtest()) << "; " << FeedsText(f.freshness()) << "\n";
  }
  const std::string level = absl::StrFormat("%g%%", 100 * f.level());
  TablePrinter table({{"PERIOD"},
                      {"FORECAST", TablePrinter::Align::kRight},
                      {"LOWER " + level, TablePrinter::Align::kRight},
                      {"UPPER " + level, TablePrinter::Align::kRight}});
  for (const av1::ForecastPoint& p : f.points()) {
    table.AddRow({p.period().label(), ValueText(p.value(), f.currency_code()),
                  ValueText(p.lower(), f.currency_code()),
                  ValueText(p.upper(), f.currency_code())});
  }
  table.Print(ctx.out());
}

void PrintAnomalies(CliContext& ctx, const av1::AnomalyReport& r) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(r) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << MeasureWord(r.measure()) << " of " << SliceText(r.slice()) << ", "
              << r.first_period().label() << ".." << r.last_period().label() << " ("
              << r.periods_checked() << " periods), " << UnitsOf(r.currency_code()) << ", "
              << absl::StrFormat("%g%%", 100 * r.level()) << " intervals of "
              << ModelText(r.model()) << "; " << r.anomalies_size() << " outside; "
              << FeedsText(r.freshness()) << "\n";
  }
  TablePrinter table({{"PERIOD"},
                      {"DIRECTION"},
                      {"ACTUAL", TablePrinter::Align::kRight},
                      {"EXPECTED", TablePrinter::Align::kRight},
                      {"LOWER", TablePrinter::Align::kRight},
                      {"UPPER", TablePrinter::Align::kRight},
                      {"DEVIATION", TablePrinter::Align::kRight},
                      {"DEVIATION %", TablePrinter::Align::kRight}});
  const std::string& cur = r.currency_code();
  for (const av1::AnomalyPoint& a : r.anomalies()) {
    table.AddRow(
        {a.period().label(), a.direction() == av1::ANOMALY_DIRECTION_ABOVE ? "above" : "below",
         ValueText(a.actual(), cur), ValueText(a.expected(), cur), ValueText(a.lower(), cur),
         ValueText(a.upper(), cur), ValueText(a.deviation(), cur),
         a.has_deviation_percent() ? PercentText(a.deviation_percent()) : "n/a"});
  }
  table.Print(ctx.out());
}

void PrintLift(CliContext& ctx, const av1::PromotionLift& lift) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(lift) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    ctx.out() << lift.promotion() << "\n";
    return;
  }
  ctx.out() << lift.promotion() << " \"" << lift.display_name() << "\", days "
            << lift.window().first_day() << ".." << lift.window().last_day() << " ("
            << lift.window().time_zone() << ") against daily baselines fitted on "
            << lift.baseline_history().first_day() << ".." << lift.baseline_history().last_day()
            << "; promoted: " << absl::StrJoin(lift.promoted_products(), ", ")
            << "; categories: " << absl::StrJoin(lift.categories(), ", ") << "; amounts in "
            << lift.currency_code() << "; " << FeedsText(lift.freshness()) << "\n";
  const int exponent = ExponentOf(lift.currency_code());
  TablePrinter totals({{"FIGURE"},
                       {"UNITS", TablePrinter::Align::kRight},
                       {"REVENUE", TablePrinter::Align::kRight},
                       {"MARGIN", TablePrinter::Align::kRight}});
  const std::pair<const char*, const av1::LiftTotals*> rows[] = {
      {"promoted baseline", &lift.promoted_baseline()},
      {"promoted actual", &lift.promoted_actual()},
      {"incremental", &lift.incremental()},
      {"category baseline (others)", &lift.category_baseline()},
      {"category actual (others)", &lift.category_actual()},
      {"cannibalised", &lift.cannibalised()},
      {"net incremental", &lift.net_incremental()},
      {"promoted, on its orders", &lift.promotion_orders_actual()},
      {"promoted, on other orders", &lift.other_orders_actual()}};
  for (const auto& [label, t] : rows) {
    totals.AddRow({label, absl::StrCat(t->units()), FormatMinorUnits(t->revenue_minor(), exponent),
                   FormatMinorUnits(t->margin_minor(), exponent)});
  }
  totals.Print(ctx.out());
  ctx.out() << "orders that used the promotion: " << lift.promotion_orders() << ", discount "
            << FormatMinorUnits(lift.promotion_discount_minor(), exponent)
            << " (the lift above is of all sales of the promoted products; \"on its orders\" is "
               "the part sold on the orders that used the promotion)\n\n";
  TablePrinter lines({{"PRODUCT"},
                      {"NAME"},
                      {"CATEGORY"},
                      {"PROMOTED"},
                      {"BASELINE UNITS", TablePrinter::Align::kRight},
                      {"UNITS", TablePrinter::Align::kRight},
                      {"BASELINE REVENUE", TablePrinter::Align::kRight},
                      {"REVENUE", TablePrinter::Align::kRight},
                      {"MODEL"}});
  for (const av1::LiftLine& l : lift.lines()) {
    lines.AddRow({l.product(), l.display_name(), l.category(), l.promoted() ? "yes" : "no",
                  absl::StrFormat("%.1f", l.baseline_units()), absl::StrCat(l.actual().units()),
                  FormatMinorUnits(std::llround(l.baseline_revenue_minor()), exponent),
                  FormatMinorUnits(l.actual().revenue_minor(), exponent), l.baseline_model()});
  }
  lines.Print(ctx.out());
}

struct ForecastFlags final {
  std::string measure = "revenue", period;
  int horizon = 0;
  double level = 0;
  std::string history_to;
  int history = 0;
  SliceFlags slice;
};

struct AnomalyFlags final {
  std::string measure = "revenue", period, from, to;
  double level = 0;
  int history = 0;
  SliceFlags slice;
};

struct LiftFlags final {
  std::string promotion;
  int history_days = 0;
};

}  // namespace

void RegisterForecastCommands(CLI::App& app, CliContext& ctx) {
  {
    auto f = std::make_shared<ForecastFlags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "forecast",
        "Forecast revenue or units per day, week or month (Holt-Winters, the form chosen by "
        "AICc) with prediction intervals and the rolling-origin backtest (MAPE, sMAPE, MASE)",
        "salesctl forecast --measure revenue --period week --horizon 8 --level 0.9 "
        "--category tea",
        [&ctx, f]() -> absl::Status {
          ASSIGN_OR_RETURN(const av1::ForecastMeasure measure, ParseMeasure(f->measure));
          ASSIGN_OR_RETURN(const av1::Granularity granularity, ParseForecastPeriod(f->period));
          if (f->horizon < 1) return InvalidField("--horizon", "must be at least 1 period");
          RETURN_IF_ERROR(CheckLevel(f->level));
          if (f->history < 0) return InvalidField("--history", "must not be negative");
          ASSIGN_OR_RETURN(const av1::Slice slice, ReadSlice(f->slice));
          av1::GetForecastRequest req;
          req.set_measure(measure);
          req.set_granularity(granularity);
          req.set_horizon(f->horizon);
          req.set_level(f->level);
          *req.mutable_slice() = slice;
          if (!f->history_to.empty()) {
            ASSIGN_OR_RETURN(const absl::CivilDay day, ParseDay("--history-to", f->history_to));
            req.mutable_history()->set_last_day(DayText(day));
          }
          req.mutable_history()->set_periods(f->history);
          av1::Forecast forecast;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetForecast, req, &forecast));
          PrintForecast(ctx, forecast);
          return absl::OkStatus();
        });
    cmd->add_option("--measure", f->measure, "revenue (default) or units");
    cmd->add_option("--period", f->period, "day, week (ISO) or month")->required();
    cmd->add_option("--horizon", f->horizon, "periods to forecast")->required();
    cmd->add_option("--level", f->level, "prediction interval level (default 0.95)");
    cmd->add_option("--history-to", f->history_to,
                    "last day of the history, YYYY-MM-DD (default: the periods before today)");
    cmd->add_option("--history", f->history,
                    "periods of history (default: 364 days, 156 weeks or 60 months)");
    AddSliceFlags(cmd, f->slice);
  }
  {
    auto f = std::make_shared<AnomalyFlags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "anomalies",
        "The periods from --from to --to whose actual fell outside the interval of the "
        "forecast made from the history before them, with size and direction",
        "salesctl anomalies --measure units --period day --from 2026-11-01 --to 2026-11-30",
        [&ctx, f]() -> absl::Status {
          ASSIGN_OR_RETURN(const av1::ForecastMeasure measure, ParseMeasure(f->measure));
          ASSIGN_OR_RETURN(const av1::Granularity granularity, ParseForecastPeriod(f->period));
          ASSIGN_OR_RETURN(const absl::CivilDay first, ParseDay("--from", f->from));
          ASSIGN_OR_RETURN(const absl::CivilDay last, ParseDay("--to", f->to));
          if (last < first) return InvalidField("--to", "must not be before --from");
          RETURN_IF_ERROR(CheckLevel(f->level));
          if (f->history < 0) return InvalidField("--history", "must not be negative");
          ASSIGN_OR_RETURN(const av1::Slice slice, ReadSlice(f->slice));
          av1::DetectAnomaliesRequest req;
          req.set_measure(measure);
          req.set_granularity(granularity);
          req.set_first_day(DayText(first));
          req.set_last_day(DayText(last));
          req.set_level(f->level);
          req.set_history_periods(f->history);
          *req.mutable_slice() = slice;
          av1::AnomalyReport report;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::DetectAnomalies, req, &report));
          PrintAnomalies(ctx, report);
          return absl::OkStatus();
        });
    cmd->add_option("--measure", f->measure, "revenue (default) or units");
    cmd->add_option("--period", f->period, "day, week (ISO) or month")->required();
    cmd->add_option("--from", f->from, "a day of the first period checked, YYYY-MM-DD")->required();
    cmd->add_option("--to", f->to, "a day of the last period checked, YYYY-MM-DD")->required();
    cmd->add_option("--level", f->level, "prediction interval level (default 0.95)");
    cmd->add_option("--history", f->history,
                    "periods before --from the model is fitted on (default: 364 days, 156 "
                    "weeks or 60 months)");
    AddSliceFlags(cmd, f->slice);
  }
  {
    auto f = std::make_shared<LiftFlags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "lift",
        "A promotion's lift: its products' units, revenue and margin during its days against "
        "the baseline forecast from before, and what other products of their categories lost",
        "salesctl lift --promotion promotions/12", [&ctx, f]() -> absl::Status {
          if (f->history_days < 0) return InvalidField("--history-days", "must not be negative");
          av1::GetPromotionLiftRequest req;
          req.set_promotion(ResourceName("promotions", f->promotion));
          req.set_history_days(f->history_days);
          av1::PromotionLift lift;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetPromotionLift, req, &lift));
          PrintLift(ctx, lift);
          return absl::OkStatus();
        });
    cmd->add_option("--promotion", f->promotion, "promotions/{id} or the id")->required();
    cmd->add_option("--history-days", f->history_days,
                    "days before the promotion the baselines are fitted on (default 56)");
  }
}

}  // namespace sales::salesctl
