// salesctl elasticity and price-projection: how sensitive each product's and category's
// demand is to the net price paid (with its 95% interval, the holdout check against the naive
// baselines, and the products refused with the reason), and what a proposed price would do to
// a product's weekly units, revenue and margin.
#include "tools/salesctl/pricing_commands.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "tools/salesctl/analytics_text.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/json_output.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/table_printer.h"

namespace sales::salesctl {
namespace {

using Stub = av1::AnalyticsService::Stub;

struct WindowFlags final {
  std::string last_day;
  int weeks = 0;
  int holdout_weeks = 0;
};

void AddWindowFlags(CLI::App* cmd, WindowFlags& f) {
  cmd->add_option("--last_day", f.last_day,
                  "the window's last ISO week ends on or before this day, YYYY-MM-DD (default: "
                  "the last week completed)");
  cmd->add_option("--weeks", f.weeks, "ISO weeks in the window, 26 to 260 (default 104)");
  cmd->add_option("--holdout_weeks", f.holdout_weeks,
                  "last weeks held out for the check, 4 to 26 (default 8)");
}

std::string HoldoutText(const av1::PriceElasticity& e) {
  if (!e.has_holdout()) return "not checked";
  return absl::StrFormat(
      "%s (rmse %s vs -1 %s, none %s)", e.holdout().beats_baseline() ? "beats" : "DOES NOT BEAT",
      FigureText(e.holdout().model_rmse(), 3), FigureText(e.holdout().unit_elastic_rmse(), 3),
      FigureText(e.holdout().no_change_rmse(), 3));
}

void PrintElasticity(CliContext& ctx, const av1::PriceElasticityReport& r) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(r) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    for (const av1::PriceElasticity& e : r.products()) ctx.out() << e.product() << "\n";
    return;
  }
  ctx.out() << "price elasticity of demand, ISO weeks " << r.first_week().label() << ".."
            << r.last_week().label() << " (" << r.first_week().time_zone() << "), "
            << absl::StrFormat("%.0f%%", 100 * r.level()) << " intervals; "
            << FeedsText(r.freshness()) << "\n";
  TablePrinter table({{"PRODUCT"},
                      {"NAME"},
                      {"CATEGORY"},
                      {"ELASTICITY", TablePrinter::Align::kRight},
                      {"95% INTERVAL", TablePrinter::Align::kRight},
                      {"SE", TablePrinter::Align::kRight},
                      {"R2", TablePrinter::Align::kRight},
                      {"WEEKS", TablePrinter::Align::kRight},
                      {"SD LN PRICE", TablePrinter::Align::kRight},
                      {"SEASON"},
                      {"HOLDOUT"}});
  auto row = [&](const av1::PriceElasticity& e) {
    table.AddRow({e.product().empty() ? absl::StrCat("(", e.products(), " products)") : e.product(),
                  e.display_name(), e.category(), absl::StrFormat("%.2f", e.elasticity()),
                  absl::StrFormat("[%.2f, %.2f]", e.lower(), e.upper()),
                  absl::StrFormat("%.3f", e.standard_error()),
                  absl::StrFormat("%.2f", e.r_squared()), absl::StrCat(e.periods()),
                  absl::StrFormat("%.3f", e.log_price_sd()), e.seasonality(), HoldoutText(e)});
  };
  for (const av1::PriceElasticity& e : r.products()) row(e);
  for (const av1::PriceElasticity& e : r.categories()) row(e);
  table.Print(ctx.out());
  if (r.refused_size() > 0) {
    ctx.out() << "\nnot reported (" << r.variation_rule() << "):\n";
    TablePrinter refused({{"PRODUCT"}, {"NAME"}, {"CATEGORY"}, {"REASON"}});
    for (const av1::ElasticityRefusal& x : r.refused()) {
      refused.AddRow({x.product().empty() ? "(category)" : x.product(), x.display_name(),
                      x.category(), x.reason()});
    }
    refused.Print(ctx.out());
  }
}

void PrintProjection(CliContext& ctx, const av1::PriceProjection& p) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(p) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    ctx.out() << p.product() << "\n";
    return;
  }
  const int exponent = ExponentOf(p.currency_code());
  const av1::PriceElasticity& e = p.elasticity();
  ctx.out() << p.product()
            << (p.display_name().empty() ? "" : absl::StrCat(" (", p.display_name(), ")"))
            << ": elasticity "
            << absl::StrFormat("%.2f [%.2f, %.2f]", e.elasticity(), e.lower(), e.upper())
            << ", holdout " << HoldoutText(e) << "\n"
            << "a week, amounts in " << p.currency_code() << "; current price and cost from "
            << p.base_weeks().first_day() << ".." << p.base_weeks().last_day() << "; "
            << FeedsText(p.freshness()) << "\n";
  TablePrinter table({{"CASE"},
                      {"PRICE", TablePrinter::Align::kRight},
                      {"UNITS", TablePrinter::Align::kRight},
                      {"REVENUE", TablePrinter::Align::kRight},
                      {"MARGIN", TablePrinter::Align::kRight}});
  auto row = [&](const std::string& name, int64_t price, const av1::ProjectedWeek& w) {
    table.AddRow({name, FormatMinorUnits(price, exponent), absl::StrFormat("%.1f", w.units()),
                  FormatMinorUnits(w.revenue_minor(), exponent),
                  FormatMinorUnits(w.margin_minor(), exponent)});
  };
  row("current", p.current_price_minor(), p.current());
  row("proposed", p.proposed_price_minor(), p.proposed());
  row("proposed, interval low", p.proposed_price_minor(), p.proposed_low());
  row("proposed, interval high", p.proposed_price_minor(), p.proposed_high());
  row("baseline: elasticity -1", p.proposed_price_minor(), p.unit_elastic());
  row("baseline: no change", p.proposed_price_minor(), p.no_change());
  table.Print(ctx.out());
  ctx.out() << "unit cost " << FormatMinorUnits(p.unit_cost_minor(), exponent) << "; " << p.note()
            << "\n";
}

}  // namespace

void RegisterPricingCommands(CLI::App& app, CliContext& ctx) {
  {
    struct Flags final {
      std::string product, category;
      WindowFlags window;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "elasticity",
        "Price elasticity of demand per product and category from the net prices paid (log-log "
        "regression with annual seasonality, 95% interval), where prices varied enough, with "
        "its holdout check against elasticity -1 and no change",
        "salesctl elasticity --category snacks\n  salesctl elasticity --product products/12 "
        "--weeks 156 --json",
        [&ctx, f]() -> absl::Status {
          av1::GetPriceElasticityRequest req;
          req.set_product(f->product);
          req.set_category(f->category);
          req.set_last_day(f->window.last_day);
          req.set_weeks(f->window.weeks);
          req.set_holdout_weeks(f->window.holdout_weeks);
          av1::PriceElasticityReport out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetPriceElasticity, req, &out));
          PrintElasticity(ctx, out);
          return absl::OkStatus();
        });
    cmd->add_option("--product", f->product, "only this product, products/{id}");
    cmd->add_option("--category", f->category, "only this category's products, and the category");
    AddWindowFlags(cmd, f->window);
  }
  {
    struct Flags final {
      std::string product, price;
      WindowFlags window;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "price-projection",
        "A product's expected weekly units, revenue and margin at a proposed net price against "
        "its current one, with the elasticity's interval and the naive baselines",
        "salesctl price-projection --product products/12 --price 11.50",
        [&ctx, f]() -> absl::Status {
          av1::ProjectPriceChangeRequest req;
          req.set_product(f->product);
          auto price = ctx.ParseMoney("--price", f->price);
          if (!price.ok()) return price.status();
          req.set_proposed_price_minor(price->minor_units());
          req.set_last_day(f->window.last_day);
          req.set_weeks(f->window.weeks);
          req.set_holdout_weeks(f->window.holdout_weeks);
          av1::PriceProjection out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::ProjectPriceChange, req, &out));
          PrintProjection(ctx, out);
          return absl::OkStatus();
        });
    cmd->add_option("--product", f->product, "products/{id}")->required();
    cmd->add_option("--price", f->price, "proposed net unit price, e.g. 11.50")->required();
    AddWindowFlags(cmd, f->window);
  }
}

}  // namespace sales::salesctl
