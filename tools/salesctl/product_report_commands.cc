// salesctl products report: the products of a period by revenue: ABC class, hot and slow
// movers against their own history, days of stock cover and sell-through.
#include "absl/strings/ascii.h"
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

// The service's defaults and its largest limit (GetProductReportRequest).
constexpr int kDefaultHistoryPeriods = 8;
constexpr double kDefaultMoverZ = 2;
constexpr int kDefaultCoverDays = 28;
constexpr int kMaxProducts = 10000;

struct ProductFlags final {
  PeriodFlags period;
  int history_periods = 0;
  double mover_z = 0;
  int cover_days = 0;
};

std::optional<double> OptionalOf(bool has, double value) {
  return has ? std::optional<double>(value) : std::nullopt;
}

View<av1::ProductFigures> ProductView(int exponent) {
  using P = av1::ProductFigures;
  return {
      {"PRODUCT", [](const P& p) { return p.product(); }},
      {"SKU", [](const P& p) { return p.sku(); }},
      {"NAME", [](const P& p) { return p.display_name(); }},
      Right<P>("REVENUE",
               [exponent](const P& p) { return FormatMinorUnits(p.revenue_minor(), exponent); }),
      Right<P>("UNITS", [](const P& p) { return absl::StrCat(p.units()); }),
      Right<P>("RETURNED", [](const P& p) { return absl::StrCat(p.returned_units()); }),
      {"ABC", [](const P& p) { return absl::AsciiStrToUpper(EnumText(p.abc_class())); }},
      Right<P>("CUM. SHARE", [](const P& p) { return PercentText(p.cumulative_share()); }),
      {"MOVEMENT",
       [](const P& p) {
         std::string text = EnumText(p.movement());
         for (char& c : text) c = c == '_' ? ' ' : c;
         return text;
       }},
      Right<P>("Z",
               [](const P& p) {
                 return p.has_z() ? absl::StrFormat("%+.2f", p.z()) : std::string(kAbsent);
               }),
      Right<P>("HISTORY MEAN",
               [](const P& p) { return absl::StrFormat("%.2f", p.history_mean()); }),
      Right<P>("AVAILABLE", [](const P& p) { return absl::StrCat(p.available_units()); }),
      Right<P>("DAYS OF COVER",
               [](const P& p) {
                 return p.has_days_of_cover() ? absl::StrFormat("%.1f", p.days_of_cover())
                                              : std::string(kAbsent);
               }),
      Right<P>("SELL-THROUGH",
               [](const P& p) {
                 return PercentText(OptionalOf(p.has_sell_through(), p.sell_through()));
               }),
  };
}

void PrintReport(CliContext& ctx, const av1::ProductReport& report,
                 const av1::GetProductReportRequest& req) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(report) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    for (const av1::ProductFigures& p : report.products()) ctx.out() << p.product() << "\n";
    return;
  }
  const int history = req.history_periods() == 0 ? kDefaultHistoryPeriods : req.history_periods();
  const double z = req.mover_z() == 0 ? kDefaultMoverZ : req.mover_z();
  const int cover = req.cover_window_days() == 0 ? kDefaultCoverDays : req.cover_window_days();
  ctx.out() << "products of " << PeriodText(report.period()) << " by revenue (net of discounts "
            << "and refunds, in " << report.currency_code() << "), " << report.products_size()
            << " of " << report.total_products() << "; ABC by cumulative revenue share (A to 80%, "
            << "B to 95%); movers: units against the " << history << " previous "
            << (report.period().granularity() == av1::GRANULARITY_CUSTOM
                    ? std::string("periods")
                    : absl::StrCat(GranularityText(report.period().granularity()), "s"))
            << ", hot or slow at |z| >= " << absl::StrFormat("%g", z)
            << "; stock available now, cover from the sales of the "
            << "last " << cover << " days; " << FeedsText(report.freshness()) << "\n";
  PrintTable(ctx, ProductView(ExponentOf(report.currency_code())),
             std::vector<av1::ProductFigures>(report.products().begin(), report.products().end()));
  if (report.products_size() < report.total_products()) {
    ctx.err() << "(first " << report.products_size() << " of " << report.total_products()
              << " shown; --limit N for more, --limit 0 for all)\n";
  }
}

}  // namespace

void RegisterProductReportCommand(CLI::App& products_group, CliContext& ctx) {
  auto f = std::make_shared<ProductFlags>();
  CLI::App* cmd = AddCommand(
      products_group, ctx, "report",
      "The products of a period (default: this month) by revenue: ABC class, hot and slow "
      "movers against their own history, days of stock cover, sell-through (at most --limit "
      "products)",
      "salesctl products report --at 2026-10\n"
      "  salesctl products report --period week --at 2026-W42 --history_periods 12 --mover_z 1.5",
      [&ctx, f]() -> absl::Status {
        absl::StatusOr<RequestedPeriod> period = ReadPeriodFlags(f->period);
        if (!period.ok()) return period.status();
        av1::GetProductReportRequest req;
        req.set_history_periods(f->history_periods);
        if (f->mover_z < 0) return InvalidField("--mover_z", "must not be negative");
        req.set_mover_z(f->mover_z);
        req.set_cover_window_days(f->cover_days);
        const int limit = ctx.options().limit;
        req.set_limit(limit == 0 || limit > kMaxProducts ? kMaxProducts : limit);
        av1::ProductReport report;
        RETURN_IF_ERROR(InvokeForPeriod(ctx, &Stub::GetProductReport, req, *period, &report));
        PrintReport(ctx, report, req);
        return absl::OkStatus();
      });
  AddPeriodFlags(cmd, f->period, PeriodFlagNames{},
                 "the period of the report (default: this month)");
  cmd->add_option("--history_periods", f->history_periods,
                  "previous periods a product's units are compared with (default 8; 2 to 52)");
  cmd->add_option("--mover_z", f->mover_z, "|z| at which a product is hot or slow (default 2)");
  cmd->add_option("--cover_days", f->cover_days,
                  "days of sales, ending with the period, the stock cover is computed from "
                  "(default 28; 1 to 366)");
}

}  // namespace sales::salesctl
