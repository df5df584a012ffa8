// salesctl segments: the RFM segments of the customers who bought in a window (customers and
// revenue per segment), one customer's scores (--customer), or how customers moved between
// segments from one scoring to another (--movements).
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
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

// What a movement list shows for "not scored" (bought nothing in that window).
constexpr char kNotScored[] = "(not scored)";

struct SegmentFlags final {
  std::string as_of, customer, from, to;
  int window_days = 0;
  bool movements = false;
};

// "" or a real day, as "YYYY-MM-DD".
absl::StatusOr<std::string> OptionalDay(const std::string& flag, const std::string& text) {
  if (text.empty()) return std::string();
  absl::StatusOr<absl::CivilDay> day = ParseDay(flag, text);
  if (!day.ok()) return day.status();
  return DayText(*day);
}

// Days from `first` to `last`, both included; 0 when either does not parse.
int64_t DaysIncluded(const std::string& first, const std::string& last) {
  absl::CivilDay a, b;
  if (!absl::ParseCivilTime(first, &a) || !absl::ParseCivilTime(last, &b)) return 0;
  return (b - a) + 1;
}

absl::Status RunSegments(CliContext& ctx, const SegmentFlags& f) {
  av1::GetRfmSegmentsRequest req;
  absl::StatusOr<std::string> as_of = OptionalDay("--as_of", f.as_of);
  if (!as_of.ok()) return as_of.status();
  req.set_as_of_day(*as_of);
  req.set_window_days(f.window_days);
  av1::RfmReport report;
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetRfmSegments, req, &report));
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(report) << "\n";
    return absl::OkStatus();
  }
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << "RFM segments of the " << report.customers_scored()
              << " customers who bought from " << report.window_first_day() << " to "
              << report.as_of_day() << " ("
              << DaysIncluded(report.window_first_day(), report.as_of_day()) << " days, "
              << report.time_zone() << "), revenue net of refunds in " << report.currency_code()
              << "; " << FeedsText(report.freshness()) << "\n";
  }
  const int exponent = ExponentOf(report.currency_code());
  TablePrinter table({{"SEGMENT"},
                      {"CUSTOMERS", TablePrinter::Align::kRight},
                      {"SHARE", TablePrinter::Align::kRight},
                      {"REVENUE", TablePrinter::Align::kRight},
                      {"REVENUE SHARE", TablePrinter::Align::kRight}});
  for (const av1::RfmSegmentSummary& s : report.segments()) {
    table.AddRow({SegmentText(s.segment()), absl::StrCat(s.customers()),
                  PercentText(s.customer_share()), FormatMinorUnits(s.revenue_minor(), exponent),
                  PercentText(s.revenue_share())});
  }
  table.Print(ctx.out());
  return absl::OkStatus();
}

absl::Status RunCustomerRfm(CliContext& ctx, const SegmentFlags& f) {
  av1::GetCustomerRfmRequest req;
  req.set_customer(ResourceName("customers", f.customer));
  absl::StatusOr<std::string> as_of = OptionalDay("--as_of", f.as_of);
  if (!as_of.ok()) return as_of.status();
  req.set_as_of_day(*as_of);
  req.set_window_days(f.window_days);
  av1::CustomerRfm rfm;
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetCustomerRfm, req, &rfm));
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(rfm) << "\n";
    return absl::OkStatus();
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    ctx.out() << rfm.segment() << "\n";
    return absl::OkStatus();
  }
  ctx.out() << rfm.customer() << " against everyone who bought from " << rfm.window_first_day()
            << " to " << rfm.as_of_day() << "; scores 1-5 by quintiles (5 best), money in "
            << rfm.currency_code() << "\n";
  TablePrinter table({{"SEGMENT"},
                      {"R", TablePrinter::Align::kRight},
                      {"F", TablePrinter::Align::kRight},
                      {"M", TablePrinter::Align::kRight},
                      {"FM", TablePrinter::Align::kRight},
                      {"DAYS SINCE LAST", TablePrinter::Align::kRight},
                      {"PURCHASE DAYS", TablePrinter::Align::kRight},
                      {"SPENT", TablePrinter::Align::kRight}});
  table.AddRow({SegmentText(rfm.segment()), absl::StrCat(rfm.recency_score()),
                absl::StrCat(rfm.frequency_score()), absl::StrCat(rfm.monetary_score()),
                absl::StrCat(rfm.fm_score()), absl::StrCat(rfm.recency_days()),
                absl::StrCat(rfm.frequency()),
                FormatMinorUnits(rfm.monetary_minor(), ExponentOf(rfm.currency_code()))});
  table.Print(ctx.out());
  return absl::OkStatus();
}

absl::Status RunMovements(CliContext& ctx, const SegmentFlags& f) {
  if (f.from.empty()) return InvalidField("--from", "is required with --movements");
  if (f.to.empty()) return InvalidField("--to", "is required with --movements");
  av1::GetRfmMovementsRequest req;
  absl::StatusOr<std::string> from = OptionalDay("--from", f.from);
  if (!from.ok()) return from.status();
  absl::StatusOr<std::string> to = OptionalDay("--to", f.to);
  if (!to.ok()) return to.status();
  if (*to <= *from) return InvalidField("--to", "must be after --from");
  req.set_from_as_of_day(*from);
  req.set_to_as_of_day(*to);
  req.set_window_days(f.window_days);
  av1::RfmMovements movements;
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetRfmMovements, req, &movements));
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(movements) << "\n";
    return absl::OkStatus();
  }
  if (ctx.mode() == OutputMode::kTable) {
    int64_t entered = 0, left = 0;
    for (const av1::RfmSegmentCount& c : movements.entered()) entered += c.customers();
    for (const av1::RfmSegmentCount& c : movements.left()) left += c.customers();
    ctx.out() << "RFM movements from the scoring as of " << movements.from_as_of_day()
              << " to the one as of " << movements.to_as_of_day() << " (windows of "
              << movements.window_days() << " days): " << movements.in_both()
              << " customers scored in both, " << entered << " only in the later, " << left
              << " only in the earlier\n";
  }
  TablePrinter table({{"FROM"}, {"TO"}, {"CUSTOMERS", TablePrinter::Align::kRight}});
  for (const av1::RfmMovement& m : movements.movements()) {
    table.AddRow(
        {SegmentText(m.from_segment()), SegmentText(m.to_segment()), absl::StrCat(m.customers())});
  }
  for (const av1::RfmSegmentCount& c : movements.entered()) {
    table.AddRow({kNotScored, SegmentText(c.segment()), absl::StrCat(c.customers())});
  }
  for (const av1::RfmSegmentCount& c : movements.left()) {
    table.AddRow({SegmentText(c.segment()), kNotScored, absl::StrCat(c.customers())});
  }
  table.Print(ctx.out());
  return absl::OkStatus();
}

}  // namespace

void RegisterSegmentCommands(CLI::App& app, CliContext& ctx) {
  auto f = std::make_shared<SegmentFlags>();
  CLI::App* cmd = AddCommand(
      app, ctx, "segments",
      "RFM segments of the customers who bought in a window (default: the 365 days to today): "
      "customers and revenue per segment; one customer's scores with --customer; moves "
      "between segments from one scoring to another with --movements",
      "salesctl segments --as_of 2026-10-31\n"
      "  salesctl segments --customer customers/12\n"
      "  salesctl segments --movements --from 2026-09-30 --to 2026-10-31 --window_days 180",
      [&ctx, f]() -> absl::Status {
        if (f->movements) {
          if (!f->customer.empty()) {
            return InvalidField("--customer", "does not go with --movements");
          }
          if (!f->as_of.empty()) {
            return InvalidField("--as_of", "does not go with --movements (use --from and --to)");
          }
          return RunMovements(ctx, *f);
        }
        if (!f->from.empty()) return InvalidField("--from", "goes only with --movements");
        if (!f->to.empty()) return InvalidField("--to", "goes only with --movements");
        if (!f->customer.empty()) return RunCustomerRfm(ctx, *f);
        return RunSegments(ctx, *f);
      });
  cmd->add_option("--as_of", f->as_of,
                  "last day of the window, YYYY-MM-DD in the business time zone (default: today)");
  cmd->add_option("--window_days", f->window_days,
                  "the window's length in days, ending with --as_of (default 365; at most 3660)");
  cmd->add_option("--customer", f->customer, "one customer's scores and segment, customers/{id}");
  cmd->add_flag("--movements", f->movements,
                "how customers moved between the scoring as of --from and the one as of --to");
  cmd->add_option("--from", f->from, "with --movements: the earlier scoring's as-of day");
  cmd->add_option("--to", f->to, "with --movements: the later scoring's as-of day");
}

}  // namespace sales::salesctl
