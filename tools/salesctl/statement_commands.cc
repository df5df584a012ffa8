// salesctl statements ... and whatif: a rep's payout statement for a month with every line's
// trace (as tables, JSON, or a self-contained HTML page with --html), the month's statements,
// locking a month, and what a draft plan version would have paid over a past month.
#include <fstream>

#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/incentives_text.h"
#include "tools/salesctl/incentives_views.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"
#include "tools/salesctl/statement_html.h"

namespace sales::salesctl {
namespace {

using Stub = iv1::IncentivesService::Stub;

// The rounding rule, as plan.proto states it.
constexpr const char* kRounding =
    "every line's amount is rounded once, half away from zero, to a minor unit; the total is "
    "the sum of the lines";

void PrintStatement(CliContext& ctx, const iv1::Statement& s) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(s) << "\n";
    return;
  }
  if (ctx.mode() == OutputMode::kQuiet) {
    ctx.out() << s.name() << "\n";
    return;
  }
  const int exponent = ExponentOf(s.currency_code());
  std::ostream& out = ctx.out();
  out << s.name() << ": " << s.rep() << ", " << s.period() << ", plan version " << s.plan_version()
      << ", " << (s.locked() ? "locked " + TimeText(s.lock_time()) + " UTC" : "open (live)")
      << ", amounts in " << s.currency_code() << "\n";
  out << "target " << FormatMinorUnits(s.target(), exponent) << ", achieved "
      << FormatMinorUnits(s.achieved(), exponent) << ", attainment " << BpText(s.attainment_bp())
      << " (rounded down), " << s.plan_days() << " days on the plan; total "
      << FormatMinorUnits(s.total(), exponent);
  if (s.draw_balance() != 0) {
    out << ", draw still owed " << FormatMinorUnits(s.draw_balance(), exponent);
  }
  out << "\n" << kRounding << "\n\n";
  PrintTable(ctx, StatementLineView(s.currency_code()),
             std::vector<iv1::StatementLine>(s.lines().begin(), s.lines().end()));
  int index = 0;
  for (const iv1::StatementLine& l : s.lines()) {
    ++index;
    if (l.credits().empty()) continue;
    out << "\nline " << index << " (" << (l.component().empty() ? "-" : l.component()) << ", "
        << LineKindText(l.kind()) << ", " << FormatMinorUnits(l.amount(), exponent) << ")";
    if (!l.adjusts().empty()) out << " corrects " << l.adjusts();
    out << " comes from:\n";
    PrintTable(ctx, LineCreditView(s.currency_code()),
               std::vector<iv1::LineCredit>(l.credits().begin(), l.credits().end()));
  }
  out.flush();
}

absl::Status WriteStatementHtml(CliContext& ctx, const iv1::Statement& statement,
                                const std::string& path) {
  StatementHtmlInput input;
  input.statement = statement;
  iv1::GetRepRequest rep_req;
  rep_req.set_name(statement.rep());
  RETURN_IF_ERROR(ctx.Invoke(&Stub::GetRep, rep_req, &input.rep));
  const std::string page = RenderStatementHtml(input);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << page;
  out.close();
  if (!out) {
    return absl::FailedPreconditionError(absl::StrCat("--html: cannot write '", path, "'"));
  }
  return absl::OkStatus();
}

}  // namespace

void RegisterStatementCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "statements", "Payout statements of reps, per month");
  {
    struct Flags {
      std::string rep, period, html;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "get",
        "A rep's statement for a month, every line with its trace (stored once the month is "
        "locked, else live); --html also writes it as a page the rep can read",
        "salesctl statements get --rep reps/li --period 2026-10 --html li-2026-10.html",
        [&ctx, f]() -> absl::Status {
          iv1::GetStatementRequest req;
          req.set_rep(RepName(f->rep));
          ASSIGN_OR_RETURN(const std::string month,
                           ParseIncentivesPeriod("--period", f->period, /*months_only=*/true));
          req.set_period(month);
          iv1::Statement out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetStatement, req, &out));
          if (!f->html.empty()) RETURN_IF_ERROR(WriteStatementHtml(ctx, out, f->html));
          PrintStatement(ctx, out);
          if (!f->html.empty() && ctx.mode() == OutputMode::kTable) {
            ctx.err() << "wrote " << f->html << "\n";
          }
          return absl::OkStatus();
        });
    cmd->add_option("--rep", f->rep, "reps/{id}")->required();
    cmd->add_option("--period", f->period, "the month, YYYY-MM")->required();
    cmd->add_option("--html", f->html, "also write the statement as a self-contained HTML page");
  }
  {
    struct Flags {
      std::string period, team;
      bool full = false;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list",
        "The month's statements of every rep with a plan (or of a team's members), by rep",
        "salesctl statements list --period 2026-10 --team teams/3", [&ctx, f]() -> absl::Status {
          iv1::ListStatementsRequest req;
          ASSIGN_OR_RETURN(const std::string month,
                           ParseIncentivesPeriod("--period", f->period, /*months_only=*/true));
          req.set_period(month);
          if (!f->team.empty()) req.set_team(ResourceName("teams", f->team));
          req.set_view(f->full ? iv1::STATEMENT_VIEW_FULL : iv1::STATEMENT_VIEW_BASIC);
          return ListPages(ctx, &Stub::ListStatements, req,
                           &iv1::ListStatementsResponse::statements, StatementSummaryView());
        });
    cmd->add_option("--period", f->period, "the month, YYYY-MM")->required();
    cmd->add_option("--team", f->team, "only the reps in this team during the month, teams/{id}");
    cmd->add_flag("--full", f->full, "with --json: the lines' credits too");
  }
  {
    auto period = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "lock",
        "Lock a month: every statement is stored and never changes; later credits land as "
        "adjustments in the next open month",
        "salesctl statements lock --period 2026-10", [&ctx, period]() -> absl::Status {
          iv1::LockPeriodRequest req;
          ASSIGN_OR_RETURN(const std::string month,
                           ParseIncentivesPeriod("--period", *period, /*months_only=*/true));
          req.set_period(month);
          req.set_request_id(ctx.RequestId());
          iv1::LockPeriodResponse out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::LockPeriod, req, &out));
          if (ctx.mode() == OutputMode::kJson) {
            ctx.out() << JsonLine(out) << "\n";
          } else if (ctx.mode() == OutputMode::kQuiet) {
            ctx.out() << out.period() << "\n";
          } else {
            ctx.out() << "locked " << out.period() << ": " << out.statement_count()
                      << " statements, total "
                      << FormatMinorUnits(out.total(), ExponentOf(out.currency_code())) << " "
                      << out.currency_code() << "\n";
          }
          return absl::OkStatus();
        });
    cmd->add_option("--period", *period, "the month, YYYY-MM")->required();
  }
  {
    struct Flags {
      std::string version, period;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        app, ctx, "whatif",
        "Run a draft plan version over a month: per rep with that plan, the current total, the "
        "draft's and the difference (changes nothing)",
        "salesctl whatif --version plans/1/versions/3 --period 2026-09",
        [&ctx, f]() -> absl::Status {
          iv1::RunWhatIfRequest req;
          req.set_plan_version(f->version);
          ASSIGN_OR_RETURN(const std::string month,
                           ParseIncentivesPeriod("--period", f->period, /*months_only=*/true));
          req.set_period(month);
          iv1::RunWhatIfResponse out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::RunWhatIf, req, &out));
          if (ctx.mode() == OutputMode::kJson) {
            ctx.out() << JsonLine(out) << "\n";
            return absl::OkStatus();
          }
          if (ctx.mode() == OutputMode::kQuiet) {
            for (const iv1::WhatIfResult& r : out.results()) ctx.out() << r.rep() << "\n";
            return absl::OkStatus();
          }
          ctx.out() << "what-if of " << f->version << " over " << month << " (nothing changed), "
                    << "amounts in " << out.currency_code() << "; " << kRounding << "\n";
          iv1::WhatIfResult total;
          total.set_rep("total");
          total.set_current_total(out.current_total());
          total.set_draft_total(out.draft_total());
          total.set_difference(out.draft_total() - out.current_total());
          std::vector<iv1::WhatIfResult> rows(out.results().begin(), out.results().end());
          rows.push_back(total);
          PrintTable(ctx, WhatIfView(out.currency_code()), rows);
          return absl::OkStatus();
        });
    cmd->add_option("--version", f->version, "a draft version, plans/{id}/versions/{n}")
        ->required();
    cmd->add_option("--period", f->period, "the month, YYYY-MM")->required();
  }
}

}  // namespace sales::salesctl
