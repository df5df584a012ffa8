// salesctl clv: fits BG/NBD (repeat purchases) and Gamma-Gamma (spend) over a calibration
// window and shows the parameters, the fit, the frequency-spend correlation, the holdout
// check, and customers' lifetime value with P(alive) and expected purchases.
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "tools/salesctl/analytics_text.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/output.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

constexpr int kDefaultTop = 10;

struct ClvFlags final {
  std::string calibration_end, time_unit, holdout_end;
  int horizon_months = 0;
  double discount_rate = 0;
  int top = kDefaultTop;
  std::vector<std::string> customers;
};

absl::StatusOr<av1::FitCustomerValueRequest> ReadRequest(const ClvFlags& f) {
  av1::FitCustomerValueRequest req;
  absl::StatusOr<absl::CivilDay> end = ParseDay("--calibration_end", f.calibration_end);
  if (!end.ok()) return end.status();
  req.set_calibration_end_day(DayText(*end));
  if (!f.time_unit.empty()) {
    absl::StatusOr<av1::TimeUnit> unit = ParseEnum<av1::TimeUnit>("--time_unit", f.time_unit);
    if (!unit.ok()) return unit.status();
    req.set_time_unit(*unit);
  }
  if (f.horizon_months < 0) return InvalidField("--horizon_months", "must not be negative");
  req.set_horizon_months(f.horizon_months);
  if (f.discount_rate < 0) return InvalidField("--discount_rate", "must not be negative");
  req.set_monthly_discount_rate(f.discount_rate);
  if (!f.holdout_end.empty()) {
    absl::StatusOr<absl::CivilDay> holdout = ParseDay("--holdout_end", f.holdout_end);
    if (!holdout.ok()) return holdout.status();
    if (*holdout <= *end) return InvalidField("--holdout_end", "must be after --calibration_end");
    req.set_holdout_end_day(DayText(*holdout));
  }
  if (f.top < 0) return InvalidField("--top", "must not be negative");
  req.set_top(f.top);
  for (const std::string& customer : f.customers) {
    req.add_customers(ResourceName("customers", customer));
  }
  return req;
}

// "days" or "weeks": the unit alpha, recency and age count in.
std::string UnitText(av1::TimeUnit unit) { return unit == av1::TIME_UNIT_WEEK ? "weeks" : "days"; }

void PrintModels(CliContext& ctx, const av1::CustomerValueModel& model) {
  const av1::BgNbdParameters& bg = model.purchases();
  TablePrinter table({{"MODEL"},
                      {"OF"},
                      {"PARAMETERS"},
                      {"LOG-LIKELIHOOD", TablePrinter::Align::kRight},
                      {"CONVERGED"},
                      {"CUSTOMERS", TablePrinter::Align::kRight}});
  table.AddRow({"BG/NBD", "repeat purchases",
                absl::StrCat("r=", FigureText(bg.r()), " alpha=", FigureText(bg.alpha()), " (",
                             UnitText(model.time_unit()), ") a=", FigureText(bg.a()),
                             " b=", FigureText(bg.b())),
                absl::StrFormat("%.2f", bg.log_likelihood()), bg.converged() ? "yes" : "no",
                absl::StrCat(bg.customers())});
  if (model.has_spend()) {
    const av1::GammaGammaParameters& gg = model.spend();
    table.AddRow({"Gamma-Gamma", "spend per purchase",
                  absl::StrCat("p=", FigureText(gg.p()), " q=", FigureText(gg.q()),
                               " gamma=", FigureText(gg.gamma()), " (minor units)"),
                  absl::StrFormat("%.2f", gg.log_likelihood()), gg.converged() ? "yes" : "no",
                  absl::StrCat(gg.customers())});
  } else {
    table.AddRow({"Gamma-Gamma", "spend per purchase",
                  "not fitted: fewer than two customers with repeat purchases", kAbsent, kAbsent,
                  "0"});
  }
  table.Print(ctx.out());
  ctx.out() << "frequency-spend correlation: " << FigureText(model.frequency_spend_correlation(), 3)
            << " (Pearson, over customers with repeat purchases; Gamma-Gamma assumes 0)\n";
  if (model.has_holdout()) {
    const av1::HoldoutCheck& h = model.holdout();
    ctx.out() << "holdout " << h.first_day() << ".." << h.last_day() << ": predicted "
              << absl::StrFormat("%.1f", h.predicted_purchases()) << " purchase days, actual "
              << h.actual_purchases() << "; mean absolute error "
              << absl::StrFormat("%.3f", h.mean_absolute_error()) << " per customer\n";
  }
}

void PrintCustomers(CliContext& ctx, const av1::CustomerValueModel& model,
                    const google::protobuf::RepeatedPtrField<av1::CustomerValue>& customers) {
  const int exponent = ExponentOf(model.currency_code());
  const std::string unit = UnitText(model.time_unit());
  TablePrinter table({{"CUSTOMER"},
                      {"CLV", TablePrinter::Align::kRight},
                      {"P(ALIVE)", TablePrinter::Align::kRight},
                      {"CHURN RISK", TablePrinter::Align::kRight},
                      {"EXPECTED PURCHASES", TablePrinter::Align::kRight},
                      {"EXPECTED AMOUNT", TablePrinter::Align::kRight},
                      {"REPEAT DAYS", TablePrinter::Align::kRight},
                      {absl::StrCat("RECENCY (", unit, ")"), TablePrinter::Align::kRight},
                      {absl::StrCat("AGE (", unit, ")"), TablePrinter::Align::kRight}});
  for (const av1::CustomerValue& v : customers) {
    table.AddRow({v.customer(), FormatMinorUnits(v.lifetime_value_minor(), exponent),
                  PercentText(v.probability_alive()), PercentText(v.churn_risk()),
                  absl::StrFormat("%.2f", v.expected_purchases()),
                  MoneyFromDoubleText(v.expected_average_amount_minor(), exponent),
                  absl::StrCat(v.frequency()), absl::StrFormat("%.1f", v.recency()),
                  absl::StrFormat("%.1f", v.age())});
  }
  table.Print(ctx.out());
}

void PrintModel(CliContext& ctx, const av1::CustomerValueModel& model) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(model) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    for (const av1::CustomerValue& v : model.customers_requested())
      ctx.out() << v.customer() << "\n";
    for (const av1::CustomerValue& v : model.top()) ctx.out() << v.customer() << "\n";
    return;
  }
  ctx.out() << "customer value fitted on the " << model.customers()
            << " customers with purchases up to " << model.calibration_end_day() << " ("
            << model.time_zone() << "); time in " << UnitText(model.time_unit()) << "; horizon "
            << model.horizon_months() << " months of 30 days; discount "
            << absl::StrFormat("%.2f%%", model.monthly_discount_rate() * 100)
            << " a month; amounts in " << model.currency_code() << "; "
            << FeedsText(model.freshness()) << "\n";
  PrintModels(ctx, model);
  if (model.customers_requested_size() > 0) {
    ctx.out() << "\nthe customers asked for, value over the next " << model.horizon_months()
              << " months:\n";
    PrintCustomers(ctx, model, model.customers_requested());
  }
  if (model.top_size() > 0) {
    ctx.out() << "\ntop " << model.top_size() << " customers by lifetime value over the next "
              << model.horizon_months() << " months:\n";
    PrintCustomers(ctx, model, model.top());
  }
}

}  // namespace

void RegisterCustomerValueCommands(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<ClvFlags>();
  CLI::App* cmd = AddCommand(
      app, ctx, "clv",
      "Fit BG/NBD (repeat purchases) and Gamma-Gamma (spend) on the purchases up to a "
      "calibration day: parameters, log-likelihood, convergence, the frequency-spend "
      "correlation, a holdout check, and the customers with the highest lifetime value with "
      "P(alive) and expected purchases",
      "salesctl clv --calibration_end 2026-06-30 --holdout_end 2026-09-30 --time_unit week "
      "--discount_rate 0.01 --top 20\n"
      "  salesctl clv --calibration_end 2026-10-31 --customer 12 --customer 40 --top 0",
      [&ctx, f]() -> absl::Status {
        absl::StatusOr<av1::FitCustomerValueRequest> req = ReadRequest(*f);
        if (!req.ok()) return req.status();
        av1::CustomerValueModel model;
        RETURN_IF_ERROR(ctx.Invoke(&Stub::FitCustomerValue, *req, &model));
        PrintModel(ctx, model);
        return absl::OkStatus();
      });
  cmd->add_option("--calibration_end", f->calibration_end,
                  "last day of the calibration window, YYYY-MM-DD in the business time zone")
      ->required();
  cmd->add_option("--time_unit", f->time_unit,
                  "the unit the models count time in: day (default) or week");
  cmd->add_option("--horizon_months", f->horizon_months,
                  "months of 30 days the expected purchases and lifetime value cover (default "
                  "12; at most 120)");
  cmd->add_option("--discount_rate", f->discount_rate,
                  "discount rate per month of the lifetime value, e.g. 0.01 (default 0: none)");
  cmd->add_option("--holdout_end", f->holdout_end,
                  "check the model: predicted against actual purchases from the day after "
                  "--calibration_end to this day");
  cmd->add_option("--top", f->top, "the customers with the highest lifetime value, this many")
      ->capture_default_str();
  cmd->add_option("--customer", f->customers, "also this customer's value (repeatable)");
}

}  // namespace sales::salesctl
