// salesctl: the command-line client of the sales platform. Wiring only: the global flags,
// the registration of every resource group, parsing, running the chosen command, and the
// exit code of its outcome.
#include <CLI/CLI.hpp>

#include <iostream>

#include "tools/salesctl/cli_context.h"
#include "tools/salesctl/command.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/exit_codes.h"
#include "tools/salesctl/pricing_commands.h"
#include "tools/salesctl/replenishment_commands.h"

int main(int argc, char** argv) {
  using namespace sales::salesctl;
  CliContext ctx;
  CLI::App app{
      "salesctl: call the sales platform's services (customers, orders, analytics, incentives) "
      "from a terminal or a script.\nMoney is typed and shown as decimals (12.34) in the "
      "deployment "
      "currency; times as RFC 3339 (2025-06-18T10:00:00Z) or dates, shown in UTC.",
      "salesctl"};
  app.fallthrough();
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Print the help of every command and exit");

  GlobalOptions& o = ctx.options();
  app.add_option("--customers_addr", o.customers_addr, "customers service host:port")
      ->envname("SALES_CUSTOMERS_ADDR")
      ->capture_default_str();
  app.add_option("--orders_addr", o.orders_addr, "orders service host:port")
      ->envname("SALES_ORDERS_ADDR")
      ->capture_default_str();
  app.add_option("--analytics_addr", o.analytics_addr, "analytics service host:port")
      ->envname("SALES_ANALYTICS_ADDR")
      ->capture_default_str();
  app.add_option("--incentives_addr", o.incentives_addr, "incentives service host:port")
      ->envname("SALES_INCENTIVES_ADDR")
      ->capture_default_str();
  CLI::Option* timeout =
      app.add_option("--timeout", o.timeout_seconds,
                     "deadline of each call in seconds (streams: none unless given)")
          ->envname("SALES_TIMEOUT")
          ->capture_default_str();
  app.add_flag("--json", o.json, "one JSON object per resource per line (proto JSON mapping)");
  app.add_flag("-q,--quiet", o.quiet, "print only resource names, one per line");
  app.add_flag("-v,--verbose", o.verbose, "print the request_id of each change to stderr");
  app.add_option("--request_id", o.request_id,
                 "idempotency key of a create or state change (default: a new random one); "
                 "repeat a command with the same key to retry it safely");
  app.add_option("--currency", o.currency, "ISO 4217 currency of the deployment")
      ->envname("SALES_CURRENCY")
      ->capture_default_str();
  app.add_option("--limit", o.limit, "list at most this many items (0: all)")
      ->capture_default_str();

  RegisterCustomerCommands(app, ctx);
  RegisterLeadCommands(app, ctx);
  RegisterEngagementCommands(app, ctx);
  RegisterLoyaltyCommands(app, ctx);
  RegisterProductCommands(app, ctx);
  RegisterStockCommands(app, ctx);
  RegisterPromotionCommands(app, ctx);
  RegisterOrderCommands(app, ctx);
  RegisterReturnCommands(app, ctx);
  RegisterEventCommands(app, ctx);
  RegisterAnalyticsCommands(app, ctx);
  RegisterBridgeCommands(app, ctx);
  RegisterSegmentCommands(app, ctx);
  RegisterCustomerValueCommands(app, ctx);
  RegisterFunnelCommands(app, ctx);
  RegisterForecastCommands(app, ctx);
  RegisterReportCommand(app, ctx);
  RegisterDiagnosisCommands(app, ctx);
  RegisterReferralCommands(app, ctx);
  RegisterComplaintCommands(app, ctx);
  RegisterPredictionCommands(app, ctx);
  RegisterPricingCommands(app, ctx);
  RegisterReplenishmentCommands(app, ctx);
  RegisterReplenishmentInputCommands(app, ctx);
  RegisterAdviceCommands(app, ctx);
  RegisterForecastAdjustmentCommands(app, ctx);
  RegisterIncentivesOrgCommands(app, ctx);
  RegisterTargetCommands(app, ctx);
  RegisterIncentivesPlanCommands(app, ctx);
  RegisterCreditCommands(app, ctx);
  RegisterAttainmentCommands(app, ctx);
  RegisterStatementCommands(app, ctx);
  app.footer(std::string(kExitCodesHelp) +
             "\nErrors print as: error: <CANONICAL_CODE>: <field>: <problem>\n"
             "Addresses default to scripts/run's ports (plus SALES_RUN_PORT_OFFSET).\n"
             "Example:\n  salesctl orders list --limit 5");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);  // --help
    std::cerr << "error: usage: " << e.what() << "\n(run with --help for the commands and flags)\n";
    return kExitUsage;
  }
  o.timeout_given = timeout->count() > 0;
  if (absl::Status valid = ctx.Validate(); !valid.ok()) return ReportError(valid, std::cerr);
  if (!ctx.has_action()) {
    std::cerr << app.help();
    return kExitUsage;
  }
  return ReportError(ctx.RunAction(), std::cerr);
}
