// salesctl teams ... and reps ...: the sales organisation of the incentives service (teams in
// a tree, reps and their effective-dated membership of teams).
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/incentives_text.h"
#include "tools/salesctl/incentives_views.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

using Stub = iv1::IncentivesService::Stub;

// A day flag as the service takes it, "YYYY-MM-DD"; INVALID_ARGUMENT naming `field`.
absl::StatusOr<std::string> Day(absl::string_view field, const std::string& text) {
  ASSIGN_OR_RETURN(const absl::CivilDay day, ParseDay(field, text));
  return DayText(day);
}

void RegisterTeams(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "teams", "Sales teams (incentives), in a tree");
  {
    struct Flags {
      std::string display_name, parent;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(*group, ctx, "create", "Create a team, optionally under a parent",
                               "salesctl teams create --display_name East --parent teams/1",
                               [&ctx, f]() -> absl::Status {
                                 iv1::CreateTeamRequest req;
                                 req.mutable_team()->set_display_name(f->display_name);
                                 if (!f->parent.empty()) {
                                   req.mutable_team()->set_parent(ResourceName("teams", f->parent));
                                 }
                                 req.set_request_id(ctx.RequestId());
                                 iv1::Team out;
                                 RETURN_IF_ERROR(ctx.Invoke(&Stub::CreateTeam, req, &out));
                                 PrintItem(ctx, TeamView(), out);
                                 return absl::OkStatus();
                               });
    cmd->add_option("--display_name", f->display_name, "the team's name, 1-200 characters")
        ->required();
    cmd->add_option("--parent", f->parent, "the parent team, teams/{id} (default: top level)");
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*group, ctx, "get", "Show a team", "salesctl teams get teams/3",
                               [&ctx, name]() -> absl::Status {
                                 iv1::GetTeamRequest req;
                                 req.set_name(ResourceName("teams", *name));
                                 iv1::Team out;
                                 RETURN_IF_ERROR(ctx.Invoke(&Stub::GetTeam, req, &out));
                                 PrintItem(ctx, TeamView(), out);
                                 return absl::OkStatus();
                               });
    cmd->add_option("name", *name, "teams/{id}")->required();
  }
  {
    auto parent = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list", "List teams by id", "salesctl teams list --parent teams/1",
        [&ctx, parent]() -> absl::Status {
          iv1::ListTeamsRequest req;
          if (!parent->empty()) {
            req.set_parent(ResourceName("teams", *parent));
          }
          return ListPages(ctx, &Stub::ListTeams, req, &iv1::ListTeamsResponse::teams, TeamView());
        });
    cmd->add_option("--parent", *parent, "only the children of this team, teams/{id}");
  }
  {
    struct Flags {
      std::string name, display_name, parent;
      CLI::Option* display_name_opt = nullptr;
      CLI::Option* parent_opt = nullptr;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "update", "Rename a team or move it (with its subtree) under another parent",
        "salesctl teams update teams/3 --parent teams/2", [&ctx, f]() -> absl::Status {
          iv1::UpdateTeamRequest req;
          iv1::Team* t = req.mutable_team();
          t->set_name(ResourceName("teams", f->name));
          if (Masked(f->display_name_opt, req.mutable_update_mask(), "display_name")) {
            t->set_display_name(f->display_name);
          }
          if (Masked(f->parent_opt, req.mutable_update_mask(), "parent")) {
            t->set_parent(f->parent.empty() ? "" : ResourceName("teams", f->parent));
          }
          if (req.update_mask().paths_size() == 0) {
            return InvalidField("update_mask", "give --display_name or --parent");
          }
          req.set_request_id(ctx.RequestId());
          iv1::Team out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::UpdateTeam, req, &out));
          PrintItem(ctx, TeamView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("name", f->name, "teams/{id}")->required();
    f->display_name_opt = cmd->add_option("--display_name", f->display_name, "the new name");
    f->parent_opt =
        cmd->add_option("--parent", f->parent, "the new parent, teams/{id} ('' for top level)");
  }
}

void RegisterReps(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "reps", "Sales reps (incentives) and their team membership");
  {
    struct Flags {
      std::string name, display_name, team, since;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "create",
        "Create a rep (the reps/{id} that orders credit), optionally in a team",
        "salesctl reps create reps/li --display_name 'Li Na' --team teams/3 --since 2026-10-01",
        [&ctx, f]() -> absl::Status {
          iv1::CreateRepRequest req;
          req.mutable_rep()->set_name(RepName(f->name));
          req.mutable_rep()->set_display_name(f->display_name);
          if (!f->team.empty()) {
            if (f->since.empty()) return InvalidField("--since", "is required with --team");
            req.set_team(ResourceName("teams", f->team));
            ASSIGN_OR_RETURN(const std::string day, Day("--since", f->since));
            req.set_effective_day(day);
          } else if (!f->since.empty()) {
            return InvalidField("--since", "needs --team");
          }
          req.set_request_id(ctx.RequestId());
          iv1::Rep out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::CreateRep, req, &out));
          PrintItem(ctx, RepView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("name", f->name, "reps/{id}, the id 1-64 characters of [A-Za-z0-9_-]")
        ->required();
    cmd->add_option("--display_name", f->display_name, "the rep's name, 1-200 characters")
        ->required();
    cmd->add_option("--team", f->team, "the team the rep joins, teams/{id}");
    cmd->add_option("--since", f->since, "with --team: the first day in it, YYYY-MM-DD");
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*group, ctx, "get", "Show a rep and its team today",
                               "salesctl reps get reps/li", [&ctx, name]() -> absl::Status {
                                 iv1::GetRepRequest req;
                                 req.set_name(RepName(*name));
                                 iv1::Rep out;
                                 RETURN_IF_ERROR(ctx.Invoke(&Stub::GetRep, req, &out));
                                 PrintItem(ctx, RepView(), out);
                                 return absl::OkStatus();
                               });
    cmd->add_option("name", *name, "reps/{id}")->required();
  }
  {
    auto team = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*group, ctx, "list", "List reps in the order they were created",
                               "salesctl reps list --team teams/3", [&ctx, team]() -> absl::Status {
                                 iv1::ListRepsRequest req;
                                 if (!team->empty()) req.set_team(ResourceName("teams", *team));
                                 return ListPages(ctx, &Stub::ListReps, req,
                                                  &iv1::ListRepsResponse::reps, RepView());
                               });
    cmd->add_option("--team", *team, "only reps in this team today, teams/{id}");
  }
  {
    struct Flags {
      std::string name, display_name;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "update", "Rename a rep (its team changes with `reps move`)",
        "salesctl reps update reps/li --display_name 'Li Na'", [&ctx, f]() -> absl::Status {
          iv1::UpdateRepRequest req;
          req.mutable_rep()->set_name(RepName(f->name));
          req.mutable_rep()->set_display_name(f->display_name);
          req.mutable_update_mask()->add_paths("display_name");
          req.set_request_id(ctx.RequestId());
          iv1::Rep out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::UpdateRep, req, &out));
          PrintItem(ctx, RepView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("name", f->name, "reps/{id}")->required();
    cmd->add_option("--display_name", f->display_name, "the new name")->required();
  }
  {
    struct Flags {
      std::string name, team, effective;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "move",
        "Move a rep to a team from a day on (the current membership ends the day before)",
        "salesctl reps move reps/li --team teams/4 --effective 2026-10-16",
        [&ctx, f]() -> absl::Status {
          iv1::MoveRepRequest req;
          req.set_rep(RepName(f->name));
          req.set_team(ResourceName("teams", f->team));
          ASSIGN_OR_RETURN(const std::string day, Day("--effective", f->effective));
          req.set_effective_day(day);
          req.set_request_id(ctx.RequestId());
          iv1::Rep out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::MoveRep, req, &out));
          PrintItem(ctx, RepView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("name", f->name, "reps/{id}")->required();
    cmd->add_option("--team", f->team, "the team the rep moves to, teams/{id}")->required();
    cmd->add_option("--effective", f->effective, "the first day in the new team, YYYY-MM-DD")
        ->required();
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "memberships", "List a rep's team memberships, oldest first",
        "salesctl reps memberships reps/li", [&ctx, name]() -> absl::Status {
          iv1::ListRepMembershipsRequest req;
          req.set_rep(RepName(*name));
          iv1::ListRepMembershipsResponse out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::ListRepMemberships, req, &out));
          PrintItems(
              ctx, MembershipView(),
              std::vector<iv1::Membership>(out.memberships().begin(), out.memberships().end()));
          return absl::OkStatus();
        });
    cmd->add_option("name", *name, "reps/{id}")->required();
  }
}

}  // namespace

void RegisterIncentivesOrgCommands(CLI::App& app, CliContext& ctx) {
  RegisterTeams(app, ctx);
  RegisterReps(app, ctx);
}

}  // namespace sales::salesctl
