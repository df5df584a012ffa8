// salesctl referrals ...: what a referrer's referrals brought (customers referred, how many
// bought, their revenue, the referral points earned). Referrals are made with
// `salesctl customers create --referred_by`.
#include "absl/strings/str_cat.h"
#include "common/status.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/proto_text.h"
#include "tools/salesctl/resource_views.h"

namespace sales::salesctl {
namespace {

using Stub = cv1::CustomersService::Stub;

}  // namespace

void RegisterReferralCommands(CLI::App& app, CliContext& ctx) {
  CLI::App* group = AddGroup(app, "referrals", "Referrals: what each referrer's referrals brought");
  {
    auto referrer = std::make_shared<std::string>();
    CLI::App* cmd =
        AddCommand(*group, ctx, "get", "Show a referrer's referral stats",
                   "salesctl referrals get customers/12", [&ctx, referrer]() -> absl::Status {
                     cv1::GetReferralStatsRequest req;
                     req.set_referrer(ResourceName("customers", *referrer));
                     cv1::ReferralStats out;
                     RETURN_IF_ERROR(ctx.Invoke(&Stub::GetReferralStats, req, &out));
                     PrintItem(ctx, ReferralStatsView(ctx), out);
                     return absl::OkStatus();
                   });
    cmd->add_option("referrer", *referrer, "customers/{id} (or the id alone)")->required();
  }
  AddCommand(*group, ctx, "list", "List every referrer's referral stats, by referrer id",
             "salesctl referrals list --limit 20", [&ctx]() -> absl::Status {
               return ListPages(ctx, &Stub::ListReferralStats, cv1::ListReferralStatsRequest(),
                                &cv1::ListReferralStatsResponse::referral_stats,
                                ReferralStatsView(ctx));
             });
}

}  // namespace sales::salesctl
