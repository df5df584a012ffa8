// salesctl replenishment: per product and warehouse, the safety stock, reorder point, reorder
// date and quantity from the daily demand forecast, a lead time and a service level, and the
// products that will run out before stock ordered now could arrive.
#include "tools/salesctl/replenishment_commands.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "tools/salesctl/analytics_text.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/json_output.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/table_printer.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

std::string OrDash(const std::string& text) { return text.empty() ? "-" : text; }

// Where a line's parameter came from, in a word.
std::string SourceText(av1::SettingSource source) {
  switch (source) {
    case av1::SETTING_SOURCE_REQUEST:
      return "request";
    case av1::SETTING_SOURCE_RECORDED_WAREHOUSE:
      return "warehouse";
    case av1::SETTING_SOURCE_RECORDED_PRODUCT:
      return "product";
    case av1::SETTING_SOURCE_DEFAULT:
      return "default";
    default:
      return "-";
  }
}

// "21 (warehouse)", "14 +/- 3 (product)": the line's lead time and where it came from.
std::string LeadText(const av1::LinePolicy& p) {
  std::string text = absl::StrCat(p.lead_time_days());
  if (p.lead_time_sd_days() > 0)
    absl::StrAppend(&text, absl::StrFormat(" +/- %g", p.lead_time_sd_days()));
  return absl::StrCat(text, " (", SourceText(p.lead_time_source()), ")");
}

void PrintReplenishment(CliContext& ctx, const av1::ReplenishmentReport& r) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(r) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    for (const av1::StockAlert& a : r.alerts()) {
      ctx.out() << a.product() << " " << a.warehouse() << "\n";
    }
    return;
  }
  ctx.out() << "replenishment from " << r.first_day() << ": lead time " << r.lead_time_days()
            << " days, service level " << absl::StrFormat("%.1f%%", 100 * r.service_level())
            << " (z " << absl::StrFormat("%.3f", r.z()) << "), cover " << r.cover_days()
            << " days; demand fitted on " << r.history().first_day() << ".."
            << r.history().last_day() << " (units sold minus units restocked from returns)"
            << "; recorded settings of a product replace what the flags leave unset (LEAD DAYS "
               "says which), and ON ORDER is the open receipts due within the lead time; "
            << FeedsText(r.freshness()) << "\n";
  TablePrinter table({{"PRODUCT"},
                      {"NAME"},
                      {"WAREHOUSE"},
                      {"AVAILABLE", TablePrinter::Align::kRight},
                      {"LEAD DEMAND", TablePrinter::Align::kRight},
                      {"SAFETY", TablePrinter::Align::kRight},
                      {"REORDER POINT", TablePrinter::Align::kRight},
                      {"REORDER ON"},
                      {"QUANTITY", TablePrinter::Align::kRight},
                      {"RUNS OUT"},
                      {"MODEL"},
                      {"ON ORDER", TablePrinter::Align::kRight},
                      {"LEAD DAYS"}});
  for (const av1::ReplenishmentLine& l : r.lines()) {
    table.AddRow({l.product(), l.display_name(), l.warehouse(), absl::StrCat(l.available()),
                  absl::StrFormat("%.1f", l.lead_time_demand()), absl::StrCat(l.safety_stock()),
                  absl::StrCat(l.reorder_point()), OrDash(l.reorder_date()),
                  l.reorder_date().empty() ? "-" : absl::StrCat(l.reorder_quantity()),
                  absl::StrCat(OrDash(l.stockout_date()), l.runs_out_before_arrival() ? " !" : ""),
                  l.forecast_model(), absl::StrCat(l.on_order_within_lead_time()),
                  LeadText(l.policy())});
  }
  table.Print(ctx.out());
  if (r.alerts_size() > 0) {
    ctx.out() << "\nwill run out before stock ordered today could arrive:\n";
    TablePrinter alerts({{"PRODUCT"},
                         {"NAME"},
                         {"WAREHOUSE"},
                         {"AVAILABLE", TablePrinter::Align::kRight},
                         {"LEAD DEMAND", TablePrinter::Align::kRight},
                         {"RUNS OUT"},
                         {"ARRIVAL"}});
    for (const av1::StockAlert& a : r.alerts()) {
      alerts.AddRow({a.product(), a.display_name(), a.warehouse(), absl::StrCat(a.available()),
                     absl::StrFormat("%.1f", a.lead_time_demand()), a.stockout_date(),
                     a.arrival_date()});
    }
    alerts.Print(ctx.out());
  }
  if (r.skipped_size() > 0) {
    ctx.out() << "\nnot planned:\n";
    TablePrinter skipped({{"PRODUCT"}, {"NAME"}, {"WAREHOUSE"}, {"REASON"}});
    for (const av1::ReplenishmentSkip& s : r.skipped()) {
      skipped.AddRow({s.product(), s.display_name(), OrDash(s.warehouse()), s.reason()});
    }
    skipped.Print(ctx.out());
  }
}

}  // namespace

void RegisterReplenishmentCommands(CLI::App& app, CliContext& ctx) {
  struct Flags final {
    std::string product, warehouse, last_day;
    int lead_time_days = 0;
    double service_level = 0;
    int cover_days = -1;
    int history_days = 0;
    double lead_time_sd_days = 0;
    CLI::Option* lead_time_sd = nullptr;  // given or not
  };
  auto f = std::make_shared<Flags>();
  CLI::App* cmd = AddCommand(
      app, ctx, "replenishment",
      "Per product and warehouse: safety stock, reorder point, reorder date and quantity from "
      "the daily demand forecast, a lead time and a service level; and what runs out before "
      "an order placed today could arrive",
      "salesctl replenishment --lead_time_days 10 --service_level 0.98\n"
      "  salesctl replenishment --warehouse WH1 --json",
      [&ctx, f]() -> absl::Status {
        av1::GetReplenishmentRequest req;
        req.set_product(f->product);
        req.set_warehouse(f->warehouse);
        req.set_lead_time_days(f->lead_time_days);
        req.set_service_level(f->service_level);
        if (f->cover_days >= 0) req.set_cover_days(f->cover_days);
        req.set_history_days(f->history_days);
        if (f->lead_time_sd->count() > 0) req.set_lead_time_sd_days(f->lead_time_sd_days);
        req.set_last_day(f->last_day);
        av1::ReplenishmentReport out;
        RETURN_IF_ERROR(ctx.Invoke(&Stub::GetReplenishment, req, &out));
        PrintReplenishment(ctx, out);
        return absl::OkStatus();
      });
  cmd->add_option("--product", f->product, "only this product, products/{id}");
  cmd->add_option("--warehouse", f->warehouse, "only this warehouse code");
  cmd->add_option("--lead_time_days", f->lead_time_days,
                  "days from ordering to the goods being available, 1 to 180 (default: the "
                  "product's recorded setting, else 14)");
  f->lead_time_sd = cmd->add_option("--lead_time_sd_days", f->lead_time_sd_days,
                                    "standard deviation of the lead time, days (default: the "
                                    "recorded one, else none)");
  cmd->add_option("--service_level", f->service_level,
                  "probability of no stock-out during a lead time, 0.5 to 0.999 (default 0.95)");
  cmd->add_option("--cover_days", f->cover_days,
                  "days of demand after the arrival a reorder covers, 0 to 365 (default 28)");
  cmd->add_option("--history_days", f->history_days,
                  "days of sales the forecast is fitted on, 28 to 730 (default 182)");
  cmd->add_option("--last_day", f->last_day,
                  "the history's last day, YYYY-MM-DD; the plan starts the day after (default: "
                  "yesterday)");
}

}  // namespace sales::salesctl
