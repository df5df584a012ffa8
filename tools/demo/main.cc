// demo_company: loads a believable two-year company into running customers and orders
// services through their public RPCs (see demo_company.h). Wiring only: flags -> options ->
// clients -> BuildDemoCompany -> report.
//
//   demo_company                        two years up to today, seed 42
//   demo_company --weeks=3 --orders_per_day=10 --live_days=3 --end=2026-03-01
//   demo_company --check_loaded         exit 0 if a complete demo is loaded, 3 if not
//   demo_company --skip_if_loaded       load unless a complete demo is already there
//   demo_company --example_email        print a loaded customer's e-mail address
#include <unistd.h>
#include <algorithm>

#include <cstdio>
#include <iostream>

#include "absl/time/clock.h"
#include "common/server/flags.h"
#include "tools/demo/demo_company.h"

namespace {

constexpr int kExitFailed = 1;
constexpr int kExitUsage = 2;
constexpr int kExitNotLoaded = 3;

}  // namespace

int main(int argc, char** argv) {
  namespace demo = sales::demo;
  sales::Flags flags(argc, argv);
  const std::string customers_address =
      flags.String("customers_address", "SALES_CUSTOMERS_ADDR", "127.0.0.1:50051",
                   "customers service host:port");
  const std::string orders_address = flags.String("orders_address", "SALES_ORDERS_ADDR",
                                                  "127.0.0.1:50052", "orders service host:port");
  demo::DemoOptions options;
  options.seed = static_cast<uint64_t>(
      flags.Int("seed", "SALES_DEMO_SEED", 42, 0, 999999999, "the company's random seed"));
  const std::string zone_name =
      flags.String("business_time_zone", "SALES_BUSINESS_TIME_ZONE", "UTC",
                   "the services' business time zone (days and hours of the story)");
  const std::string end_text = flags.String(
      "end", "SALES_DEMO_END", "", "last day, YYYY-MM-DD (default today in the time zone)");
  const int64_t years = flags.Int("years", "SALES_DEMO_YEARS", 2, 1, 10, "years of history");
  const int64_t weeks = flags.Int("weeks", "SALES_DEMO_WEEKS", 0, 0, 520,
                                  "weeks of history instead of --years (0: use --years)");
  const int64_t live_days =
      flags.Int("live_days", "SALES_DEMO_LIVE_DAYS", 14, 1, 60, "last days placed as live orders");
  options.orders_per_day =
      static_cast<double>(flags.Int("orders_per_day", "SALES_DEMO_ORDERS_PER_DAY", 80, 1, 100000,
                                    "orders on an ordinary day at the start of the history"));
  options.products = static_cast<int>(
      flags.Int("products", "SALES_DEMO_PRODUCTS", 200, 11, 5000, "catalogue size"));
  options.currency = flags.String("currency", "SALES_CURRENCY", "CNY", "the deployment's currency");
  options.tax_rate_bp = flags.Int("tax_rate_bp", "SALES_TAX_RATE_BP", 0, 0, 10000,
                                  "the orders service's tax rate, for imported lines");
  options.workers =
      static_cast<int>(flags.Int("workers", "SALES_DEMO_WORKERS", 4, 1, 64, "concurrent calls"));
  const bool check_loaded =
      flags.Bool("check_loaded", "", false, "only check: exit 0 if loaded, 3 if not");
  const bool skip_if_loaded =
      flags.Bool("skip_if_loaded", "", false, "do nothing if a complete demo is loaded");
  const bool quiet = flags.Bool("quiet", "", false, "print nothing but errors");
  const bool dry_run =
      flags.Bool("dry_run", "", false, "only print the plan's sizes; call no service");
  const bool example_email = flags.Bool("example_email", "", false,
                                        "only print the e-mail address of a loaded demo customer");
  if (flags.help_requested()) {
    std::cout << "demo_company: loads a demo company into the customers and orders services\n"
              << flags.Usage();
    return 0;
  }
  if (!absl::LoadTimeZone(zone_name, &options.period.zone)) {
    flags.AddError("business_time_zone", "unknown time zone '" + zone_name + "'");
  }
  absl::CivilDay end = absl::ToCivilDay(absl::Now(), options.period.zone);
  if (!end_text.empty() && !absl::ParseCivilTime(end_text, &end)) {
    flags.AddError("end", "must be a date YYYY-MM-DD, got '" + end_text + "'");
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "demo_company: " << status.message() << "\n";
    return kExitUsage;
  }
  options.period.last = end;
  options.period.first = end - (weeks > 0 ? weeks * 7 : years * 365) + 1;
  options.period.live_first = std::max(options.period.first + 1, end - live_days + 1);

  if (dry_run) {
    std::cout << demo::DescribePlan(options);
    return 0;
  }
  demo::Clients clients = demo::Clients::Connect(customers_address, orders_address);
  if (example_email) {
    const absl::StatusOr<std::string> email = demo::ExampleEmail(clients);
    if (!email.ok()) {
      std::cerr << "demo_company: " << email.status().message() << "\n";
      return kExitFailed;
    }
    std::cout << *email << "\n";
    return 0;
  }
  if (check_loaded || skip_if_loaded) {
    const absl::StatusOr<bool> loaded = demo::IsDemoLoaded(clients);
    if (!loaded.ok()) {
      std::cerr << "demo_company: " << loaded.status().message() << "\n";
      return kExitFailed;
    }
    if (check_loaded) return *loaded ? 0 : kExitNotLoaded;
    if (*loaded) {
      if (!quiet) std::cerr << "demo_company: a complete demo is already loaded; nothing to do\n";
      return 0;
    }
  }
  demo::Progress progress(isatty(STDERR_FILENO) == 1, quiet);
  const absl::StatusOr<demo::DemoReport> report =
      demo::BuildDemoCompany(options, clients, progress);
  if (!report.ok()) {
    std::cerr << "demo_company: " << report.status().message()
              << "\n(everything done so far stays; run the same command again to resume)\n";
    return kExitFailed;
  }
  if (!quiet) std::cout << demo::FormatReport(options, *report);
  return 0;
}
