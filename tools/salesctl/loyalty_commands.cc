// salesctl loyalty ...: a customer's points account, its ledger, and the tiers.
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = cv1::CustomersService::Stub;

// "customers/12/loyaltyAccount" from itself, "customers/12" or "12".
std::string AccountName(const std::string& text) {
  const std::string name = ResourceName("customers", text);
  if (absl::EndsWith(name, "/loyaltyAccount")) return name;
  return absl::StrCat(name, "/loyaltyAccount");
}

enum class Change { kEarn, kRedeem, kExpire, kAdjust };

}  // namespace

void RegisterLoyaltyCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "loyalty", "Loyalty points, ledger and tiers");
  {
    auto account = std::make_shared<std::string>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "get", "Show a customer's points, tier and spend",
                   "salesctl loyalty get customers/12", [&ctx, account]() -> absl::Status {
                     cv1::GetLoyaltyAccountRequest req;
                     req.set_name(AccountName(*account));
                     cv1::LoyaltyAccount out;
                     absl::Status s = ctx.Invoke(&Stub::GetLoyaltyAccount, req, &out);
                     if (s.ok()) PrintItem(ctx, LoyaltyView(ctx), out);
                     return s;
                   });
    cmd->add_option("account", *account, "customers/{id}[/loyaltyAccount]")->required();
  }

  struct ChangeSpec {
    Change change;
    const char* name;
    const char* description;
    const char* example;
  };
  for (const ChangeSpec& spec : {
           ChangeSpec{Change::kEarn, "earn", "Add earned points (and the spend behind them)",
                      "salesctl loyalty earn customers/12 --points 120 --spend 120.00 "
                      "--order orders/40"},
           ChangeSpec{Change::kRedeem, "redeem", "Spend points",
                      "salesctl loyalty redeem customers/12 --points 100 --order orders/41"},
           ChangeSpec{Change::kExpire, "expire", "Lapse points",
                      "salesctl loyalty expire customers/12 --points 50 --reason 'end of year'"},
           ChangeSpec{Change::kAdjust, "adjust", "Correct the balance up or down",
                      "salesctl loyalty adjust customers/12 --points -20 --reason 'double credit'"},
       }) {
    struct Flags {
      std::string account, spend, reason, order;
      int64_t points = 0;
    };
    auto f = std::make_shared<Flags>();
    const Change change = spec.change;
    CLI::App* cmd = AddCommand(*group, ctx, spec.name, spec.description, spec.example,
                               [&ctx, f, change]() -> absl::Status {
                                 cv1::PointEntry out;
                                 absl::Status s;
                                 const std::string account = AccountName(f->account);
                                 const std::string order =
                                     f->order.empty() ? "" : ResourceName("orders", f->order);
                                 switch (change) {
                                   case Change::kEarn: {
                                     cv1::EarnPointsRequest req;
                                     req.set_account(account);
                                     req.set_points(f->points);
                                     if (!f->spend.empty()) {
                                       auto spend = ctx.ParseMoney("--spend", f->spend);
                                       if (!spend.ok()) return spend.status();
                                       *req.mutable_spend() = *spend;
                                     }
                                     req.set_reason(f->reason);
                                     req.set_order(order);
                                     req.set_request_id(ctx.RequestId());
                                     s = ctx.Invoke(&Stub::EarnPoints, req, &out);
                                     break;
                                   }
                                   case Change::kRedeem: {
                                     cv1::RedeemPointsRequest req;
                                     req.set_account(account);
                                     req.set_points(f->points);
                                     req.set_reason(f->reason);
                                     req.set_order(order);
                                     req.set_request_id(ctx.RequestId());
                                     s = ctx.Invoke(&Stub::RedeemPoints, req, &out);
                                     break;
                                   }
                                   case Change::kExpire: {
                                     cv1::ExpirePointsRequest req;
                                     req.set_account(account);
                                     req.set_points(f->points);
                                     req.set_reason(f->reason);
                                     req.set_request_id(ctx.RequestId());
                                     s = ctx.Invoke(&Stub::ExpirePoints, req, &out);
                                     break;
                                   }
                                   case Change::kAdjust: {
                                     cv1::AdjustPointsRequest req;
                                     req.set_account(account);
                                     req.set_points_delta(f->points);
                                     req.set_reason(f->reason);
                                     req.set_request_id(ctx.RequestId());
                                     s = ctx.Invoke(&Stub::AdjustPoints, req, &out);
                                     break;
                                   }
                                 }
                                 if (s.ok()) PrintItem(ctx, PointEntryView(), out);
                                 return s;
                               });
    cmd->add_option("account", f->account, "customers/{id}[/loyaltyAccount]")->required();
    cmd->add_option("--points", f->points,
                    change == Change::kAdjust ? "signed change, e.g. -20" : "points, 1 or more")
        ->required();
    CLI::Option* reason = cmd->add_option("--reason", f->reason, "why");
    if (change == Change::kAdjust) reason->required();
    if (change == Change::kEarn) {
      cmd->add_option("--spend", f->spend, "spend behind the points, e.g. 120.00");
    }
    if (change == Change::kEarn || change == Change::kRedeem) {
      cmd->add_option("--order", f->order, "the order, orders/{id}");
    }
  }

  {
    auto account = std::make_shared<std::string>();
    CLI::App* cmd = AddCommand(
        *group, ctx, "entries", "List the ledger of an account, newest first",
        "salesctl loyalty entries customers/12", [&ctx, account]() -> absl::Status {
          cv1::ListPointEntriesRequest req;
          req.set_account(AccountName(*account));
          return ListPages(ctx, &Stub::ListPointEntries, req,
                           &cv1::ListPointEntriesResponse::point_entries, PointEntryView());
        });
    cmd->add_option("account", *account, "customers/{id}[/loyaltyAccount]")->required();
  }
  AddCommand(*group, ctx, "tiers", "List the membership tiers, lowest first",
             "salesctl loyalty tiers", [&ctx]() -> absl::Status {
               cv1::ListTiersRequest req;
               cv1::ListTiersResponse out;
               absl::Status s = ctx.Invoke(&Stub::ListTiers, req, &out);
               if (s.ok()) {
                 PrintItems(ctx, TierView(ctx),
                            std::vector<cv1::Tier>(out.tiers().begin(), out.tiers().end()));
               }
               return s;
             });
}

}  // namespace sales::salesctl
