// Registering commands: a group per resource ("customers", "orders") holding one command
// per RPC, each with its own flags, an example in its --help, and an action that runs
// after the command line parsed. Each *_commands.cc registers one resource group.
#pragma once

#include <google/protobuf/field_mask.pb.h>
#include <CLI/CLI.hpp>

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "tools/salesctl/cli_context.h"

namespace sales::salesctl {

// A group of commands ("customers"); running it without a command prints its help.
CLI::App* AddGroup(CLI::App& app, const std::string& name, const std::string& description);

// A command of `group`; `example` is shown under "Example:" in its --help; `action` runs
// when the command line chose this command.
CLI::App* AddCommand(CLI::App& group, CliContext& ctx, const std::string& name,
                     const std::string& description, const std::string& example,
                     std::function<absl::Status()> action);

// The registration of each resource group (customers also registers contacts).
void RegisterCustomerCommands(CLI::App& app, CliContext& ctx);
void RegisterLeadCommands(CLI::App& app, CliContext& ctx);
void RegisterEngagementCommands(CLI::App& app, CliContext& ctx);
void RegisterLoyaltyCommands(CLI::App& app, CliContext& ctx);
void RegisterProductCommands(CLI::App& app, CliContext& ctx);
void RegisterStockCommands(CLI::App& app, CliContext& ctx);
void RegisterPromotionCommands(CLI::App& app, CliContext& ctx);
void RegisterOrderCommands(CLI::App& app, CliContext& ctx);
void RegisterImportCommand(CLI::App& orders_group, CliContext& ctx);
void RegisterCustomerImportCommand(CLI::App& customers_group, CliContext& ctx);
void RegisterReturnCommands(CLI::App& app, CliContext& ctx);
void RegisterEventCommands(CLI::App& app, CliContext& ctx);
// kpis and trend (top-level commands) and the analytics group.
void RegisterAnalyticsCommands(CLI::App& app, CliContext& ctx);
// analytics spend, market-size and visits (the inputs), in the analytics group.
void RegisterInputCommands(CLI::App& analytics_group, CliContext& ctx);
// products report, in the products group.
void RegisterProductReportCommand(CLI::App& products_group, CliContext& ctx);
// bridge, segments, clv and funnel (top-level commands).
void RegisterBridgeCommands(CLI::App& app, CliContext& ctx);
void RegisterSegmentCommands(CLI::App& app, CliContext& ctx);
void RegisterCustomerValueCommands(CLI::App& app, CliContext& ctx);
void RegisterFunnelCommands(CLI::App& app, CliContext& ctx);
// forecast, anomalies and lift (top-level commands).
void RegisterForecastCommands(CLI::App& app, CliContext& ctx);
// report (a top-level command): the periodic report, as tables, JSON or an HTML page.
void RegisterReportCommand(CLI::App& app, CliContext& ctx);
// contribution, process-kpis and channels (top-level commands): diagnosis.
void RegisterDiagnosisCommands(CLI::App& app, CliContext& ctx);
// referrals and complaints (customers); rep-activity, lead-model, lead-scores, affinity and
// recommend (top-level commands): prediction.
void RegisterReferralCommands(CLI::App& app, CliContext& ctx);
void RegisterComplaintCommands(CLI::App& app, CliContext& ctx);
void RegisterPredictionCommands(CLI::App& app, CliContext& ctx);
// advice (a group: customer, summary, top): next best actions.
void RegisterAdviceCommands(CLI::App& app, CliContext& ctx);
// forecast-adjustments (a group: record, fva): adjustments and forecast value added.
void RegisterForecastAdjustmentCommands(CLI::App& app, CliContext& ctx);
// Incentives: teams and reps; targets; plans; credits; attainment, leaderboard and honours;
// statements and whatif.
void RegisterIncentivesOrgCommands(CLI::App& app, CliContext& ctx);
void RegisterTargetCommands(CLI::App& app, CliContext& ctx);
void RegisterIncentivesPlanCommands(CLI::App& app, CliContext& ctx);
void RegisterCreditCommands(CLI::App& app, CliContext& ctx);
void RegisterAttainmentCommands(CLI::App& app, CliContext& ctx);
void RegisterStatementCommands(CLI::App& app, CliContext& ctx);

}  // namespace sales::salesctl

namespace sales::salesctl {

// True when `option` was given on the command line; then `path` joins `mask`.
inline bool Masked(const CLI::Option* option, google::protobuf::FieldMask* mask,
                   const std::string& path) {
  if (option->count() == 0) return false;
  mask->add_paths(path);
  return true;
}

}  // namespace sales::salesctl
