// salesctl credits ...: the credits the orders feed gave reps (and the reversing credits of
// returns and cancellations after completion), and the totals of a rep, a team or the
// company in a period.
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/incentives_text.h"
#include "tools/salesctl/incentives_views.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {

using Stub = iv1::IncentivesService::Stub;

void RegisterCreditCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "credits", "Sales credits of reps from completed orders");
  {
    struct Flags {
      std::string period, rep, team;
      bool unassigned = false;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list",
        "List a period's credits and reversals (by id) of a rep, of a team's members, or those "
        "unassigned",
        "salesctl credits list --rep reps/li --period 2026-10", [&ctx, f]() -> absl::Status {
          iv1::ListCreditsRequest req;
          ASSIGN_OR_RETURN(const std::string period, ParseIncentivesPeriod("--period", f->period));
          req.set_period(period);
          const int given = !f->rep.empty() + !f->team.empty() + f->unassigned;
          if (given != 1) {
            return InvalidField("--rep", "give exactly one of --rep, --team and --unassigned");
          }
          if (!f->rep.empty()) req.set_rep(RepName(f->rep));
          if (!f->team.empty()) req.set_team(ResourceName("teams", f->team));
          req.set_unassigned(f->unassigned);
          return ListPages(ctx, &Stub::ListCredits, req, &iv1::ListCreditsResponse::credits,
                           CreditView());
        });
    cmd->add_option("--period", f->period, "YYYY-MM, YYYY-Qn or YYYY (credits whose day is in it)")
        ->required();
    cmd->add_option("--rep", f->rep, "the rep's credits, reps/{id}");
    cmd->add_option("--team", f->team, "the credits of the team's members on each credit's day");
    cmd->add_flag("--unassigned", f->unassigned,
                  "the credits of reps unknown to incentives or in no team that day");
  }
  {
    struct Flags {
      std::string owner = "company";
      std::string period;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "totals",
        "Credited revenue, margin and units of a rep (revenue and overlay credits), a team or "
        "the company (revenue credits only) in a period, reversals deducted",
        "salesctl credits totals --owner teams/3 --period 2026-Q4", [&ctx, f]() -> absl::Status {
          iv1::GetCreditTotalsRequest req;
          ASSIGN_OR_RETURN(const std::string owner, ParseOwner("--owner", f->owner));
          req.set_owner(owner);
          ASSIGN_OR_RETURN(const std::string period, ParseIncentivesPeriod("--period", f->period));
          req.set_period(period);
          iv1::CreditTotals out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetCreditTotals, req, &out));
          using T = iv1::CreditTotals;
          const View<T> view = {
              {"OWNER", [](const T& t) { return t.owner(); }},
              {"PERIOD", [](const T& t) { return t.period(); }},
              Right<T>("REVENUE",
                       [](const T& t) { return AmountText(t.revenue(), t.currency_code()); }),
              Right<T>("MARGIN",
                       [](const T& t) { return AmountText(t.gross_margin(), t.currency_code()); }),
              Right<T>("UNITS", [](const T& t) { return absl::StrCat(t.units()); }),
              Right<T>("CREDITS", [](const T& t) { return absl::StrCat(t.credit_count()); }),
              {"CURRENCY", [](const T& t) { return t.currency_code(); }},
          };
          PrintItem(ctx, view, out);
          return absl::OkStatus();
        });
    cmd->add_option("--owner", f->owner, "company (default), teams/{id} or reps/{id}");
    cmd->add_option("--period", f->period, "YYYY-MM, YYYY-Qn or YYYY")->required();
  }
}

}  // namespace sales::salesctl
