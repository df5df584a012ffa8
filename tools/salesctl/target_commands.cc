// salesctl targets ...: what the company, a team or a rep is to reach in a period, and its
// split down to teams, reps and months (children always add up exactly to their parent; the
// service refuses a change that breaks this and names the gap).
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/incentives_text.h"
#include "tools/salesctl/incentives_views.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

using Stub = iv1::IncentivesService::Stub;

bool IsMoney(iv1::Metric metric) {
  return metric == iv1::METRIC_REVENUE || metric == iv1::METRIC_GROSS_MARGIN;
}

// An amount in the unit of a metric: money in the deployment currency, or a count.
absl::StatusOr<int64_t> ParseAmount(CliContext& ctx, absl::string_view field,
                                    const std::string& text, bool money) {
  if (money) return ParseMoneyText(field, text, ctx.options().currency);
  int64_t count = 0;
  if (!absl::SimpleAtoi(text, &count) || count < 0) {
    return InvalidField(field, absl::StrCat("'", text, "' is not a count of 0 or more"));
  }
  return count;
}

void PrintSplit(CliContext& ctx, const iv1::SplitTargetResponse& out) {
  if (ctx.mode() == OutputMode::kJson) {
    ctx.out() << JsonLine(out) << "\n";
    return;
  }
  std::vector<iv1::Target> all = {out.target()};
  all.insert(all.end(), out.children().begin(), out.children().end());
  PrintItems(ctx, TargetView(), all);
}

}  // namespace

void RegisterTargetCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "targets",
                             "Targets of the company, teams and reps, and their split over "
                             "teams, reps and months");
  {
    struct Flags {
      std::string metric, period, owner, amount, deadline;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "create", "Set a target directly (not split from another)",
        "salesctl targets create --metric revenue --period 2026-Q4 --owner company "
        "--amount 1500000.00 --deadline 2027-01-01T00:00:00+08:00",
        [&ctx, f]() -> absl::Status {
          iv1::CreateTargetRequest req;
          iv1::Target* t = req.mutable_target();
          ASSIGN_OR_RETURN(const iv1::Metric metric, ParseEnum<iv1::Metric>("--metric", f->metric));
          t->set_metric(metric);
          ASSIGN_OR_RETURN(const std::string period, ParseIncentivesPeriod("--period", f->period));
          t->set_period(period);
          ASSIGN_OR_RETURN(const std::string owner, ParseOwner("--owner", f->owner));
          t->set_owner(owner);
          ASSIGN_OR_RETURN(const int64_t amount,
                           ParseAmount(ctx, "--amount", f->amount, IsMoney(metric)));
          t->set_amount(amount);
          ASSIGN_OR_RETURN(*t->mutable_deadline(), ParseTime("--deadline", f->deadline));
          req.set_request_id(ctx.RequestId());
          iv1::Target out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::CreateTarget, req, &out));
          PrintItem(ctx, TargetView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("--metric", f->metric, EnumChoices<iv1::Metric>())->required();
    cmd->add_option("--period", f->period, "a month YYYY-MM, a quarter YYYY-Qn or a year YYYY")
        ->required();
    cmd->add_option("--owner", f->owner, "company, teams/{id} or reps/{id}")->required();
    cmd->add_option("--amount", f->amount,
                    "money (12.34) for revenue and gross_margin, a count for units and "
                    "new_customers")
        ->required();
    cmd->add_option("--deadline", f->deadline, "when it is due, RFC 3339 or YYYY-MM-DD (UTC)")
        ->required();
  }
  {
    auto name = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(*group, ctx, "get", "Show a target",
                               "salesctl targets get targets/7", [&ctx, name]() -> absl::Status {
                                 iv1::GetTargetRequest req;
                                 req.set_name(ResourceName("targets", *name));
                                 iv1::Target out;
                                 RETURN_IF_ERROR(ctx.Invoke(&Stub::GetTarget, req, &out));
                                 PrintItem(ctx, TargetView(), out);
                                 return absl::OkStatus();
                               });
    cmd->add_option("name", *name, "targets/{id}")->required();
  }
  {
    struct Flags {
      std::string metric, period, owner, parent;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "list", "List targets by id", "salesctl targets list --period 2026-10",
        [&ctx, f]() -> absl::Status {
          iv1::ListTargetsRequest req;
          if (!f->metric.empty()) {
            ASSIGN_OR_RETURN(const iv1::Metric m, ParseEnum<iv1::Metric>("--metric", f->metric));
            req.set_metric(m);
          }
          if (!f->period.empty()) {
            ASSIGN_OR_RETURN(const std::string p, ParseIncentivesPeriod("--period", f->period));
            req.set_period(p);
          }
          if (!f->owner.empty()) {
            ASSIGN_OR_RETURN(const std::string o, ParseOwner("--owner", f->owner));
            req.set_owner(o);
          }
          if (!f->parent.empty()) req.set_parent(ResourceName("targets", f->parent));
          return ListPages(ctx, &Stub::ListTargets, req, &iv1::ListTargetsResponse::targets,
                           TargetView());
        });
    cmd->add_option("--metric", f->metric, "only this metric: " + EnumChoices<iv1::Metric>());
    cmd->add_option("--period", f->period, "only this period (YYYY-MM, YYYY-Qn, YYYY)");
    cmd->add_option("--owner", f->owner, "only this owner (company, teams/{id}, reps/{id})");
    cmd->add_option("--parent", f->parent, "only the children of this target, targets/{id}");
  }
  {
    struct Flags {
      std::string name, amount, deadline;
      CLI::Option* amount_opt = nullptr;
      CLI::Option* deadline_opt = nullptr;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "update",
        "Change a target's amount or deadline (refused, with the gap named, if its children "
        "or its siblings would no longer add up)",
        "salesctl targets update targets/7 --amount 320000.00", [&ctx, f]() -> absl::Status {
          iv1::UpdateTargetRequest req;
          iv1::Target* t = req.mutable_target();
          t->set_name(ResourceName("targets", f->name));
          if (Masked(f->amount_opt, req.mutable_update_mask(), "amount")) {
            iv1::GetTargetRequest get;
            get.set_name(t->name());
            iv1::Target current;
            RETURN_IF_ERROR(ctx.Invoke(&Stub::GetTarget, get, &current));
            ASSIGN_OR_RETURN(const int64_t amount,
                             ParseAmount(ctx, "--amount", f->amount, IsMoney(current.metric())));
            t->set_amount(amount);
          }
          if (Masked(f->deadline_opt, req.mutable_update_mask(), "deadline")) {
            ASSIGN_OR_RETURN(*t->mutable_deadline(), ParseTime("--deadline", f->deadline));
          }
          if (req.update_mask().paths_size() == 0) {
            return InvalidField("update_mask", "give --amount or --deadline");
          }
          req.set_request_id(ctx.RequestId());
          iv1::Target out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::UpdateTarget, req, &out));
          PrintItem(ctx, TargetView(), out);
          return absl::OkStatus();
        });
    cmd->add_option("name", f->name, "targets/{id}")->required();
    f->amount_opt = cmd->add_option("--amount", f->amount, "the new amount, in the target's unit");
    f->deadline_opt = cmd->add_option("--deadline", f->deadline, "the new deadline, RFC 3339");
  }
  {
    struct Flags {
      std::string name, by;
      std::vector<std::string> parts;
    };
    auto f = std::make_shared<Flags>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "split",
        "Split a target to teams or reps (by weights or amounts) or a quarter or year over its "
        "months (by percentages); run again to re-split",
        "salesctl targets split targets/7 --by weights --part teams/3=60 --part teams/4=40\n"
        "  salesctl targets split targets/7 --by amounts --part reps/li=1200.00 "
        "--part reps/zhang=800.00\n"
        "  salesctl targets split targets/8 --by months --part 2026-10=30% --part 2026-11=30% "
        "--part 2026-12=40%",
        [&ctx, f]() -> absl::Status {
          iv1::SplitTargetRequest req;
          req.set_name(ResourceName("targets", f->name));
          ASSIGN_OR_RETURN(const iv1::SplitMode mode, ParseEnum<iv1::SplitMode>("--by", f->by));
          req.set_mode(mode);
          bool money = false;
          if (mode == iv1::SPLIT_MODE_AMOUNTS) {
            iv1::GetTargetRequest get;
            get.set_name(req.name());
            iv1::Target target;
            RETURN_IF_ERROR(ctx.Invoke(&Stub::GetTarget, get, &target));
            money = IsMoney(target.metric());
          }
          for (const std::string& part : f->parts) {
            const std::vector<std::string> kv = absl::StrSplit(part, absl::MaxSplits('=', 1));
            if (kv.size() != 2 || kv[0].empty() || kv[1].empty()) {
              return InvalidField("--part",
                                  absl::StrCat("'", part, "' is not OWNER=VALUE or MONTH=PERCENT"));
            }
            iv1::TargetPart* p = req.add_parts();
            switch (mode) {
              case iv1::SPLIT_MODE_WEIGHTS: {
                ASSIGN_OR_RETURN(const std::string owner, ParseOwner("--part", kv[0]));
                p->set_owner(owner);
                int64_t weight = 0;
                if (!absl::SimpleAtoi(kv[1], &weight) || weight < 0) {
                  return InvalidField("--part", absl::StrCat("'", part,
                                                             "': a weight is a whole number of "
                                                             "0 or more"));
                }
                p->set_weight(weight);
                break;
              }
              case iv1::SPLIT_MODE_AMOUNTS: {
                ASSIGN_OR_RETURN(const std::string owner, ParseOwner("--part", kv[0]));
                p->set_owner(owner);
                ASSIGN_OR_RETURN(const int64_t amount, ParseAmount(ctx, "--part", kv[1], money));
                p->set_amount(amount);
                break;
              }
              case iv1::SPLIT_MODE_MONTHS: {
                ASSIGN_OR_RETURN(const std::string month,
                                 ParseIncentivesPeriod("--part", kv[0], /*months_only=*/true));
                p->set_period(month);
                // Percentages with two decimals are basis points: 30% -> 3000.
                ASSIGN_OR_RETURN(const int64_t bp, ParsePercent("--part", kv[1], 2));
                p->set_weight(bp);
                break;
              }
              case iv1::SPLIT_MODE_UNSPECIFIED:
              default:
                return InvalidField("--by", "must be weights, amounts or months");
            }
          }
          if (req.parts_size() == 0) return InvalidField("--part", "give at least one part");
          req.set_request_id(ctx.RequestId());
          iv1::SplitTargetResponse out;
          RETURN_IF_ERROR(ctx.Invoke(&Stub::SplitTarget, req, &out));
          PrintSplit(ctx, out);
          return absl::OkStatus();
        });
    cmd->add_option("name", f->name, "the target to split, targets/{id}")->required();
    cmd->add_option("--by", f->by, "weights, amounts or months")->required();
    cmd->add_option("--part", f->parts,
                    "a child, repeated: OWNER=WEIGHT (--by weights), OWNER=AMOUNT in the "
                    "target's unit (--by amounts), or YYYY-MM=PERCENT (--by months, adding up "
                    "to 100%)")
        ->required();
  }
}

}  // namespace sales::salesctl
