// salesctl plans ...: commission plans, their versions (drafts until published from a month
// on) and their assignment to reps and teams. A version is typed as flags for the common
// shapes (a flat or tiered commission, an allowance, bonuses) or read whole from a file in
// the proto's JSON mapping or text format.
#include <google/protobuf/text_format.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/incentives_text.h"
#include "tools/salesctl/incentives_views.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/period_text.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = iv1::IncentivesService::Stub;

struct VersionFlags {
  std::string file;
  std::string basis = "revenue";
  std::string clawback = "attainment_and_base";
  std::string reversal = "return";
  std::string commission_basis;
  std::string rate;
  std::vector<std::string> tiers;
  std::string tier_mode;
  std::vector<std::string> categories;
  std::string cap;
  std::string allowance;
  std::vector<std::string> bonuses;
  std::string bonus_frequency = "monthly";
  // The flags that describe a version's contents (refused together with --file).
  std::vector<CLI::Option*> content;
};

void AddVersionFlags(CLI::App* cmd, VersionFlags& f) {
  cmd->add_option("--file", f.file,
                  "the whole version from a file: a PlanVersion in the proto's JSON mapping "
                  "({\"attainmentBasis\": ...}) or text format (attainment_basis: BASIS_REVENUE "
                  "...); no other version flag with it");
  f.content = {
      cmd->add_option(
          "--basis", f.basis,
          "what attainment measures: " + EnumChoices<iv1::Basis>() + " (default revenue)"),
      cmd->add_option("--clawback", f.clawback,
                      "what a reversal lowers: " + EnumChoices<iv1::ClawbackPolicy>() +
                          " (default attainment_and_base)"),
      cmd->add_option("--reversal", f.reversal,
                      "which month a reversal counts in: " + EnumChoices<iv1::ReversalPeriod>() +
                          " (default return)"),
      cmd->add_option("--commission_basis", f.commission_basis,
                      "what the commission is paid on (default: --basis)"),
      cmd->add_option("--rate", f.rate, "a flat commission rate, a percentage: 5% or 2.5%"),
      cmd->add_option("--tiers", f.tiers,
                      "commission tiers by attainment, FROM:RATE percentages, the first from "
                      "0%: 0%:5%,100%:10% (with --tier_mode)")
          ->delimiter(','),
      cmd->add_option("--tier_mode", f.tier_mode, EnumChoices<iv1::TierMode>()),
      cmd->add_option("--categories", f.categories,
                      "only these product categories make up the commission base")
          ->delimiter(','),
      cmd->add_option("--cap", f.cap, "the most the commission pays in a month, e.g. 5000.00"),
      cmd->add_option("--allowance", f.allowance,
                      "a monthly allowance (component 'allowance'), prorated by days, e.g. "
                      "300.00"),
      cmd->add_option("--bonus", f.bonuses,
                      "bonus thresholds, ATTAINMENT=AMOUNT: 100%=500.00,120%=800.00")
          ->delimiter(','),
      cmd->add_option("--bonus_frequency", f.bonus_frequency,
                      EnumChoices<iv1::BonusFrequency>() + " (default monthly)"),
  };
}

absl::StatusOr<iv1::PlanVersion> VersionFromFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return InvalidField("--file", absl::StrCat("cannot read '", path, "'"));
  std::stringstream text;
  text << in.rdbuf();
  const std::string body = text.str();
  iv1::PlanVersion version;
  if (absl::StartsWith(absl::StripLeadingAsciiWhitespace(body), "{")) {
    const auto status = google::protobuf::util::JsonStringToMessage(body, &version);
    if (!status.ok()) {
      return InvalidField("--file", absl::StrCat("'", path, "' is not a PlanVersion in JSON: ",
                                                 std::string(status.message())));
    }
    return version;
  }
  if (!google::protobuf::TextFormat::ParseFromString(body, &version)) {
    return InvalidField("--file", absl::StrCat("'", path,
                                               "' is neither a PlanVersion in JSON nor in text "
                                               "format"));
  }
  return version;
}

absl::StatusOr<iv1::PlanVersion> VersionFromFlags(CliContext& ctx, const VersionFlags& f) {
  iv1::PlanVersion v;
  ASSIGN_OR_RETURN(const iv1::Basis basis, ParseEnum<iv1::Basis>("--basis", f.basis));
  v.set_attainment_basis(basis);
  ASSIGN_OR_RETURN(const iv1::ClawbackPolicy clawback,
                   ParseEnum<iv1::ClawbackPolicy>("--clawback", f.clawback));
  v.set_clawback_policy(clawback);
  ASSIGN_OR_RETURN(const iv1::ReversalPeriod reversal,
                   ParseEnum<iv1::ReversalPeriod>("--reversal", f.reversal));
  v.set_reversal_period(reversal);
  if (!f.rate.empty() && !f.tiers.empty()) {
    return InvalidField("--tiers", "a commission is flat (--rate) or tiered (--tiers), not both");
  }
  if (!f.rate.empty() || !f.tiers.empty()) {
    iv1::Component* c = v.add_components();
    c->set_id("commission");
    iv1::Commission* m = c->mutable_commission();
    m->set_basis(basis);
    if (!f.commission_basis.empty()) {
      ASSIGN_OR_RETURN(const iv1::Basis b,
                       ParseEnum<iv1::Basis>("--commission_basis", f.commission_basis));
      m->set_basis(b);
    }
    // Rates are parts per million: a percentage with four decimals (5% -> 50000).
    if (!f.rate.empty()) {
      ASSIGN_OR_RETURN(const int64_t ppm, ParsePercent("--rate", f.rate, 4));
      m->set_rate_ppm(ppm);
    }
    for (const std::string& tier : f.tiers) {
      const std::vector<std::string> parts = absl::StrSplit(tier, absl::MaxSplits(':', 1));
      if (parts.size() != 2) {
        return InvalidField("--tiers",
                            absl::StrCat("'", tier, "' is not FROM:RATE, e.g. 100%:10%"));
      }
      iv1::Tier* t = m->add_tiers();
      // Attainment in basis points: a percentage with two decimals (100% -> 10000).
      ASSIGN_OR_RETURN(const int64_t from_bp, ParsePercent("--tiers", parts[0], 2));
      ASSIGN_OR_RETURN(const int64_t rate_ppm, ParsePercent("--tiers", parts[1], 4));
      t->set_from_bp(from_bp);
      t->set_rate_ppm(rate_ppm);
    }
    if (!f.tiers.empty()) {
      if (f.tier_mode.empty()) return InvalidField("--tier_mode", "is required with --tiers");
      ASSIGN_OR_RETURN(const iv1::TierMode mode,
                       ParseEnum<iv1::TierMode>("--tier_mode", f.tier_mode));
      m->set_tier_mode(mode);
    }
    for (const std::string& category : f.categories) m->add_categories(category);
    if (!f.cap.empty()) {
      ASSIGN_OR_RETURN(const common::v1::Money cap, ctx.ParseMoney("--cap", f.cap));
      m->set_cap(cap.minor_units());
    }
  } else if (!f.tier_mode.empty() || !f.categories.empty() || !f.cap.empty() ||
             !f.commission_basis.empty()) {
    return InvalidField("--rate", "give --rate or --tiers for a commission");
  }
  if (!f.bonuses.empty()) {
    iv1::Component* c = v.add_components();
    c->set_id("bonus");
    ASSIGN_OR_RETURN(const iv1::BonusFrequency frequency,
                     ParseEnum<iv1::BonusFrequency>("--bonus_frequency", f.bonus_frequency));
    c->mutable_bonus()->set_frequency(frequency);
    for (const std::string& bonus : f.bonuses) {
      const std::vector<std::string> parts = absl::StrSplit(bonus, absl::MaxSplits('=', 1));
      if (parts.size() != 2) {
        return InvalidField(
            "--bonus", absl::StrCat("'", bonus, "' is not ATTAINMENT=AMOUNT, e.g. 100%=500.00"));
      }
      iv1::BonusThreshold* t = c->mutable_bonus()->add_thresholds();
      ASSIGN_OR_RETURN(const int64_t bp, ParsePercent("--bonus", parts[0], 2));
      ASSIGN_OR_RETURN(const common::v1::Money amount, ctx.ParseMoney("--bonus", parts[1]));
      t->set_attainment_bp(bp);
      t->set_amount(amount.minor_units());
    }
  }
  if (!f.allowance.empty()) {
    iv1::Component* c = v.add_components();
    c->set_id("allowance");
    ASSIGN_OR_RETURN(const common::v1::Money amount, ctx.ParseMoney("--allowance", f.allowance));
    c->mutable_allowance()->set_amount(amount.minor_units());
  }
  if (v.components_size() == 0) {
    return InvalidField("--rate",
                        "give a component: --rate, --tiers, --bonus or --allowance "
                        "(or the whole version with --file)");
  }
  return v;
}

void PrintVersion(CliContext& ctx, const iv1::PlanVersion& v) {
  PrintItem(ctx, PlanVersionView(), v);
}

}  // namespace

void RegisterIncentivesPlanCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "plans",
                             "Commission plans, their versions and their assignment to reps "
                             "and teams");
  {
    auto display_name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*group, ctx, "create", "Create a plan (add versions after)",
                               "salesctl plans create --display_name 'East 2026'",
                               [&ctx, display_name]() -> absl::Status {
                                 iv1::CreatePlanRequest req;
                                 req.mutable_plan()->set_display_name(*display_name);
                                 req.set_request_id(ctx.RequestId());
                                 iv1::Plan out;
                                 RETURN_IF_ERROR(ctx.Invoke(&Stub::CreatePlan, req, &out));
                                 PrintItem(ctx, PlanView(), out);
                                 return absl::OkStatus();
                               });
    cmd->add_option("--display_name", *display_name, "the plan's name, 1-200 characters")
        ->required();
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "get", "Show a plan with its versions",
                   "salesctl plans get plans/1", [&ctx, name]() -> absl::Status {
                     iv1::GetPlanRequest req;
                     req.set_name(ResourceName("plans", *name));
                     iv1::Plan out;
                     RETURN_IF_ERROR(ctx.Invoke(&Stub::GetPlan, req, &out));
                     PrintItem(ctx, PlanView(), out);
                     if (ctx.mode() != OutputMode::kTable) return absl::OkStatus();
                     iv1::ListPlanVersionsRequest versions_req;
                     versions_req.set_parent(out.name());
                     iv1::ListPlanVersionsResponse versions;
                     RETURN_IF_ERROR(ctx.Invoke(&Stub::ListPlanVersions, versions_req, &versions));
                     PrintSection(ctx, "Versions", PlanVersionView(), versions.versions());
                     return absl::OkStatus();
                   });
    cmd->add_option("name", *name, "plans/{id}")->required();
  }
  AddCommand(*group, ctx, "list", "List plans by id", "salesctl plans list",
             [&ctx]() -> absl::Status {
               return ListPages(ctx, &Stub::ListPlans, iv1::ListPlansRequest(),
                                &iv1::ListPlansResponse::plans, PlanView());
             });
  {
    struct Flags {
      std::string name, month;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "publish", "Publish a draft version, in force from a month on",
        "salesctl plans publish plans/1/versions/2 --from 2026-11", [&ctx, f]() -> absl::Status {
          iv1::PublishPlanVersionRequest req;
          req.set_name(f->name);
          ASSIGN_OR_RETURN(const std::string month,
                           ParseIncentivesPeriod("--from", f->month, /*months_only=*/true));
          req.set_effective_month(month);
          req.set_request_id(ctx.RequestId());
          iv1::PlanVersion out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::PublishPlanVersion, req, &out));
          PrintVersion(ctx, out);
          return absl::OkStatus();
        });
    cmd->add_option("name", f->name, "plans/{id}/versions/{n}")->required();
    cmd->add_option("--from", f->month, "the first month in force, YYYY-MM")->required();
  }
  {
    struct Flags {
      std::string plan, rep, team, from, to;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "assign", "Assign a plan to a rep or a team for a span of days",
        "salesctl plans assign plans/1 --team teams/3 --from 2026-01-01",
        [&ctx, f]() -> absl::Status {
          iv1::CreatePlanAssignmentRequest req;
          iv1::PlanAssignment* a = req.mutable_assignment();
          a->set_plan(ResourceName("plans", f->plan));
          if (f->rep.empty() == f->team.empty()) {
            return InvalidField("--rep", "give exactly one of --rep and --team");
          }
          a->set_assignee(f->rep.empty() ? ResourceName("teams", f->team) : RepName(f->rep));
          ASSIGN_OR_RETURN(const absl::CivilDay first, ParseDay("--from", f->from));
          a->set_first_day(DayText(first));
          if (!f->to.empty()) {
            ASSIGN_OR_RETURN(const absl::CivilDay last, ParseDay("--to", f->to));
            if (last < first) return InvalidField("--to", "must not be before --from");
            a->set_last_day(DayText(last));
          }
          req.set_request_id(ctx.RequestId());
          iv1::PlanAssignment out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::CreatePlanAssignment, req, &out));
          PrintItem(ctx, PlanAssignmentView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("plan", f->plan, "plans/{id}")->required();
    cmd->add_option("--rep", f->rep, "the rep, reps/{id}");
    cmd->add_option("--team", f->team, "the team (each member for its days in it), teams/{id}");
    cmd->add_option("--from", f->from, "first day, YYYY-MM-DD")->required();
    cmd->add_option("--to", f->to, "last day, inclusive (default: open-ended)");
  }
  {
    auto plan = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "assignments", "List a plan's assignments by id",
        "salesctl plans assignments plans/1", [&ctx, plan]() -> absl::Status {
          iv1::ListPlanAssignmentsRequest req;
          req.set_plan(ResourceName("plans", *plan));
          return ListPages(ctx, &Stub::ListPlanAssignments, req,
                           &iv1::ListPlanAssignmentsResponse::assignments, PlanAssignmentView());
        });
    cmd->add_option("plan", *plan, "plans/{id}")->required();
  }

  CLI::App* versions = AddGroup(*group, "versions", "A plan's versions");
  {
    struct Flags {
      std::string plan;
      VersionFlags version;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *versions, ctx, "create", "Create a draft version of a plan, numbered after the last",
        "salesctl plans versions create plans/1 --tiers 0%:5%,100%:10% --tier_mode marginal "
        "--allowance 300.00\n"
        "  salesctl plans versions create plans/1 --file east-v2.json",
        [&ctx, f]() -> absl::Status {
          iv1::CreatePlanVersionRequest req;
          req.set_parent(ResourceName("plans", f->plan));
          if (!f->version.file.empty()) {
            for (const CLI::Option* option : f->version.content) {
              if (option->count() > 0) {
                return InvalidField(option->get_name(), "cannot be combined with --file");
              }
            }
            ASSIGN_OR_RETURN(*req.mutable_version(), VersionFromFile(f->version.file));
          } else {
            ASSIGN_OR_RETURN(*req.mutable_version(), VersionFromFlags(ctx, f->version));
          }
          req.set_request_id(ctx.RequestId());
          iv1::PlanVersion out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::CreatePlanVersion, req, &out));
          PrintVersion(ctx, out);
          return absl::OkStatus();
        });
    cmd->add_option("plan", f->plan, "plans/{id}")->required();
    AddVersionFlags(cmd, f->version);
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*versions, ctx, "get", "Show a plan version",
                               "salesctl plans versions get plans/1/versions/2",
                               [&ctx, name]() -> absl::Status {
                                 iv1::GetPlanVersionRequest req;
                                 req.set_name(*name);
                                 iv1::PlanVersion out;
                                 RETURN_IF_ERROR(ctx.Invoke(&Stub::GetPlanVersion, req, &out));
                                 PrintVersion(ctx, out);
                                 return absl::OkStatus();
                               });
    cmd->add_option("name", *name, "plans/{id}/versions/{n}")->required();
  }
  {
    auto plan = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *versions, ctx, "list", "List a plan's versions, oldest first",
        "salesctl plans versions list plans/1", [&ctx, plan]() -> absl::Status {
          iv1::ListPlanVersionsRequest req;
          req.set_parent(ResourceName("plans", *plan));
          iv1::ListPlanVersionsResponse out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::ListPlanVersions, req, &out));
          PrintItems(ctx, PlanVersionView(),
                     std::vector<iv1::PlanVersion>(out.versions().begin(), out.versions().end()));
          return absl::OkStatus();
        });
    cmd->add_option("plan", *plan, "plans/{id}")->required();
  }
}

}  // namespace sales::salesctl
