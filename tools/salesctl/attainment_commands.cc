// salesctl attainment ..., leaderboard and honours ...: live attainment of a rep, a team or
// the company (once, or streamed as credits arrive), reps ranked for a period, and the
// honours recorded when a period closes.
#include <algorithm>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/incentives_text.h"
#include "tools/salesctl/incentives_views.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/table_printer.h"

namespace sales::salesctl {
namespace {

using Stub = iv1::IncentivesService::Stub;

struct AttainmentFlags {
  std::string owner = "company";
  std::string period;
  std::string metric = "revenue";
  bool watch = false;
  int64_t max = 0;
};

// One streamed update: a JSON line, or a table row with fixed widths (a stream cannot wait
// for the widest cell).
void PrintUpdate(CliContext& ctx, const iv1::Attainment& a, bool header) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(a) << "\n";
  } else if (ctx.mode() == OutputMode::kQuiet) {
    ctx.out() << AmountText(a.actual(), a.currency_code()) << "\n";
  } else {
    if (header) {
      ctx.out() << absl::StrFormat("%-16s  %14s  %14s  %10s  %14s  %7s\n", "READ (UTC)", "ACTUAL",
                                   "TARGET", "ATTAINMENT", "GAP", "CREDITS");
    }
    ctx.out() << absl::StrFormat(
        "%-16s  %14s  %14s  %10s  %14s  %7d\n", TimeText(a.compute_time()),
        AmountText(a.actual(), a.currency_code()),
        a.has_target() ? AmountText(a.target_amount(), a.currency_code()) : "-",
        a.has_ratio() ? BpText(a.attainment_bp()) : "-",
        a.has_target() ? AmountText(a.gap(), a.currency_code()) : "-", a.credit_count());
  }
  ctx.out().flush();
}

// --quiet for rows that have no resource name of their own: the id each is about (an
// attainment's owner, a leaderboard row's rep), one a line, as the other commands print names.
void PrintIds(CliContext& ctx, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) ctx.out() << id << "\n";
  ctx.out().flush();
}

absl::Status Watch(CliContext& ctx, const AttainmentFlags& f,
                   const iv1::WatchAttainmentRequest& req) {
  std::unique_ptr<grpc::ClientContext> call = ctx.StreamCall();
  std::unique_ptr<grpc::ClientReader<iv1::Attainment>> reader =
      ctx.incentives().WatchAttainment(call.get(), req);
  if (ctx.mode() == OutputMode::kTable) {
    ctx.out() << req.owner() << " " << EnumText(req.metric()) << " in " << req.period()
              << ", live (an update whenever a credit changes it; Ctrl-C to stop)\n";
  }
  iv1::Attainment update;
  int64_t seen = 0;
  while (reader->Read(&update)) {
    PrintUpdate(ctx, update, seen == 0);
    ++seen;
    if (f.max > 0 && seen == f.max) {
      call->TryCancel();
      break;
    }
  }
  const grpc::Status status = reader->Finish();
  if (f.max > 0 && seen == f.max) return absl::OkStatus();
  return FromGrpc(status);
}

void RegisterAttainment(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "attainment", "Live attainment: credited actual against target");
  {
    auto f = std::make_shared<AttainmentFlags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "get",
        "A rep's, a team's or the company's attainment of a metric in a period: actual "
        "(reversals deducted), target, ratio, gap and linear pace; --watch streams it as "
        "credits arrive",
        "salesctl attainment get --owner reps/li --period 2026-10\n"
        "  salesctl attainment get --owner teams/3 --period 2026-Q4 --watch --max 5",
        [&ctx, f]() -> absl::Status {
          ASSIGN_OR_RETURN(const std::string owner, ParseOwner("--owner", f->owner));
          ASSIGN_OR_RETURN(const std::string period, ParseIncentivesPeriod("--period", f->period));
          ASSIGN_OR_RETURN(const iv1::Metric metric, ParseEnum<iv1::Metric>("--metric", f->metric));
          if (f->max < 0) return InvalidField("--max", "must be 0 (no limit) or more");
          if (f->max > 0 && !f->watch) return InvalidField("--max", "needs --watch");
          if (f->watch) {
            iv1::WatchAttainmentRequest req;
            req.set_owner(owner);
            req.set_period(period);
            req.set_metric(metric);
            return Watch(ctx, *f, req);
          }
          iv1::GetAttainmentRequest req;
          req.set_owner(owner);
          req.set_period(period);
          req.set_metric(metric);
          iv1::Attainment out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetAttainment, req, &out));
          if (ctx.mode() == OutputMode::kQuiet) {
            PrintIds(ctx, {out.owner()});
            return absl::OkStatus();
          }
          PrintItem(ctx, AttainmentView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("--owner", f->owner, "company (default), teams/{id} or reps/{id}");
    cmd->add_option("--period", f->period, "YYYY-MM, YYYY-Qn or YYYY")->required();
    cmd->add_option("--metric", f->metric, "revenue (default), gross_margin or units");
    cmd->add_flag("--watch", f->watch,
                  "print the attainment now, then again whenever it changes (until Ctrl-C)");
    cmd->add_option("--max", f->max, "with --watch: stop after this many updates (0: never)");
  }
  {
    struct Flags {
      std::string period, team;
      std::string metric = "revenue";
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list",
        "Each rep's own attainment in a period, in the order reps were created",
        "salesctl attainment list --period 2026-10 --team teams/3", [&ctx, f]() -> absl::Status {
          iv1::ListAttainmentRequest req;
          ASSIGN_OR_RETURN(const std::string period, ParseIncentivesPeriod("--period", f->period));
          req.set_period(period);
          if (!f->team.empty()) req.set_team(ResourceName("teams", f->team));
          ASSIGN_OR_RETURN(const iv1::Metric metric, ParseEnum<iv1::Metric>("--metric", f->metric));
          req.set_metric(metric);
          if (ctx.mode() != OutputMode::kQuiet) {
            return ListPages(ctx, &Stub::ListAttainment, req,
                             &iv1::ListAttainmentResponse::attainments, AttainmentView());
          }
          // Page by page up to --limit owners (0: all).
          constexpr int kMaxPageSize = 500;
          const int limit = ctx.options().limit;
          int printed = 0;
          while (limit == 0 || printed < limit) {
            req.set_page_size(limit == 0 ? kMaxPageSize : std::min(kMaxPageSize, limit - printed));
            iv1::ListAttainmentResponse page;
            RETURN_IF_ERROR(ctx.Invoke(&Stub::ListAttainment, req, &page));
            std::vector<std::string> owners;
            for (const iv1::Attainment& a : page.attainments()) {
              if (limit != 0 && printed == limit) break;
              owners.push_back(a.owner());
              ++printed;
            }
            PrintIds(ctx, owners);
            if (page.next_page_token().empty()) break;
            req.set_page_token(page.next_page_token());
          }
          return absl::OkStatus();
        });
    cmd->add_option("--period", f->period, "YYYY-MM, YYYY-Qn or YYYY")->required();
    cmd->add_option("--team", f->team, "only reps in this team or its sub-teams, teams/{id}");
    cmd->add_option("--metric", f->metric, "revenue (default), gross_margin or units");
  }
}

void RegisterLeaderboard(CLI::App& app, CliContext& ctx) {
  struct Flags {
    std::string by = "revenue";
    std::string period, team;
  };
  auto f = std::make_shared<Flags>();
  CLI::App* cmd = AddCommand(
      app, ctx, "leaderboard",
      "Reps ranked by credited revenue, gross margin or revenue attainment in a period "
      "(competition ranking: '=' marks a shared rank)",
      "salesctl leaderboard --by attainment --period 2026-10 --team teams/3",
      [&ctx, f]() -> absl::Status {
        iv1::GetLeaderboardRequest req;
        ASSIGN_OR_RETURN(const iv1::LeaderboardMeasure by,
                         ParseEnum<iv1::LeaderboardMeasure>("--by", f->by));
        req.set_by(by);
        ASSIGN_OR_RETURN(const std::string period, ParseIncentivesPeriod("--period", f->period));
        req.set_period(period);
        if (!f->team.empty()) req.set_team(ResourceName("teams", f->team));
        // Every page up to --limit rows, as one board.
        constexpr int kMaxPageSize = 1000;
        const int limit = ctx.options().limit;
        iv1::Leaderboard board;
        while (true) {
          const int left = limit == 0 ? kMaxPageSize : limit - board.rows_size();
          req.set_page_size(std::min(left, kMaxPageSize));
          iv1::Leaderboard page;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::GetLeaderboard, req, &page));
          const auto rows = std::move(*page.mutable_rows());
          if (board.period().empty()) board = page;
          for (const iv1::LeaderboardRow& row : rows) {
            if (limit != 0 && board.rows_size() == limit) break;
            *board.add_rows() = row;
          }
          board.set_next_page_token(page.next_page_token());
          if (page.next_page_token().empty() || (limit != 0 && board.rows_size() == limit)) break;
          req.set_page_token(page.next_page_token());
        }
        board.clear_next_page_token();
        if (ctx.mode() == OutputMode::kJson) {
          ctx.out() << JsonLine(board) << "\n";
          return absl::OkStatus();
        }
        if (ctx.mode() == OutputMode::kTable) {
          ctx.out() << EnumText(board.by()) << " leaderboard of " << board.period() << ", "
                    << (board.team().empty() ? "every rep" : "reps of " + board.team()) << ": "
                    << board.total_reps() << " reps"
                    << (board.by() == iv1::LEADERBOARD_MEASURE_ATTAINMENT
                            ? " (attainment: credited revenue / the rep's revenue target, "
                              "rounded half away from zero to 0.01%; ranked on the exact ratio)"
                            : absl::StrCat(", amounts in ", board.currency_code()))
                    << "; read " << TimeText(board.compute_time()) << " UTC\n";
        }
        if (ctx.mode() == OutputMode::kQuiet) {
          std::vector<std::string> reps;
          for (const iv1::LeaderboardRow& row : board.rows()) reps.push_back(row.rep());
          PrintIds(ctx, reps);
          return absl::OkStatus();
        }
        PrintItems(ctx, LeaderboardRowView(board.by(), board.currency_code()),
                   std::vector<iv1::LeaderboardRow>(board.rows().begin(), board.rows().end()));
        if (ctx.mode() == OutputMode::kTable && board.rows_size() < board.total_reps()) {
          ctx.err() << "(first " << board.rows_size()
                    << " shown; --limit N for more, --limit 0 for all)\n";
        }
        return absl::OkStatus();
      });
  cmd->add_option("--by", f->by, "revenue (default), gross_margin or attainment");
  cmd->add_option("--period", f->period, "YYYY-MM, YYYY-Qn or YYYY")->required();
  cmd->add_option("--team", f->team, "only reps in this team or its sub-teams, teams/{id}");
}

void RegisterHonours(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "honours",
                             "Sales star of the month and best team of the quarter, recorded at "
                             "the period's close");
  {
    auto period = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "close",
        "Close an ended month (records its sales star) or quarter (its best team); closing "
        "again returns what was recorded the first time",
        "salesctl honours close --period 2026-10", [&ctx, period]() -> absl::Status {
          iv1::CloseHonoursRequest req;
          ASSIGN_OR_RETURN(const std::string p, ParseIncentivesPeriod("--period", *period));
          if (p.size() == 4) return InvalidField("--period", "must be a month or a quarter");
          req.set_period(p);
          req.set_request_id(ctx.RequestId());
          iv1::CloseHonoursResponse out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::CloseHonours, req, &out));
          if (ctx.mode() == OutputMode::kJson) {
            ctx.out() << JsonLine(out) << "\n";
            return absl::OkStatus();
          }
          if (ctx.mode() == OutputMode::kTable && out.already_closed()) {
            ctx.out() << p << " was closed before: the honours recorded then\n";
          }
          PrintItems(ctx, HonourView(),
                     std::vector<iv1::Honour>(out.honours().begin(), out.honours().end()));
          return absl::OkStatus();
        });
    cmd->add_option("--period", *period, "a month YYYY-MM or a quarter YYYY-Qn")->required();
  }
  {
    struct Flags {
      std::string period, rep, team;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list", "List recorded honours in the order they were recorded",
        "salesctl honours list --rep reps/li", [&ctx, f]() -> absl::Status {
          iv1::ListHonoursRequest req;
          if (!f->period.empty()) {
            ASSIGN_OR_RETURN(const std::string p, ParseIncentivesPeriod("--period", f->period));
            req.set_period(p);
          }
          if (!f->rep.empty()) req.set_rep(RepName(f->rep));
          if (!f->team.empty()) req.set_team(ResourceName("teams", f->team));
          return ListPages(ctx, &Stub::ListHonours, req, &iv1::ListHonoursResponse::honours,
                           HonourView());
        });
    cmd->add_option("--period", f->period, "only this month or quarter");
    cmd->add_option("--rep", f->rep, "only honours of this rep, reps/{id}");
    cmd->add_option("--team", f->team, "only honours naming this team, teams/{id}");
  }
}

}  // namespace

void RegisterAttainmentCommands(CLI::App& app, CliContext& ctx) {
  RegisterAttainment(app, ctx);
  RegisterLeaderboard(app, ctx);
  RegisterHonours(app, ctx);
}

}  // namespace sales::salesctl
