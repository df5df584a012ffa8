// customer_value_bench: RFM and the customer-value fit at scale (scripts/bench clv).
//
// 1. Writes purchases simulated from BG/NBD and Gamma-Gamma with known parameters
//    (customer_value_sim.h) straight into the analytics schema's order facts: the fit's
//    input, without the time a feed would take to bring millions of orders (the ingest is
//    measured by scripts/bench analytics). One order per purchase, 78 weeks from 2024-01-01,
//    first purchases in the first 12 weeks (CDNOW's shape).
// 2. Times GetRfmSegments, GetCustomerRfm and FitCustomerValue (week and day units,
//    calibration 39 weeks, holdout the 39 after) over gRPC, --repeats times each: latency and
//    the CPU each watched process spent per call.
// 3. Prints the fitted parameters beside the true ones, the holdout check, and whether the
//    optimiser converged. Purchases of one customer on the same day count once in the
//    models, so the recovered parameters are those of slightly coarser data than simulated.
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <optional>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/server/flags.h"
#include "common/server/server_config.h"
#include "sales/analytics/v1/analytics_service.grpc.pb.h"
#include "tools/loadgen/cpu_usage.h"
#include "tools/loadgen/customer_value_sim.h"

namespace {

using sales::loadgen::LoadAverage;

namespace av1 = ::sales::analytics::v1;

constexpr int kRowsPerTransaction = 20000;
constexpr int kCalibrationWeeks = 39;
constexpr int kHoldoutWeeks = 39;
constexpr absl::Duration kCallDeadline = absl::Minutes(10);
constexpr char kInsertPrefix[] =
    "INSERT INTO order_facts (order_name, customer, channel, region, create_time, day, counted, "
    "imported, units, gross_minor, discount_minor, cost_minor) VALUES ";
constexpr int kInsertColumns = 12;

std::string DayText(absl::CivilDay day) {
  return absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
}

std::unique_ptr<grpc::ClientContext> Context() {
  auto ctx = std::make_unique<grpc::ClientContext>();
  ctx->set_deadline(absl::ToChronoTime(absl::Now() + kCallDeadline));
  return ctx;
}

// Polls GetRfmSegments until it answers: the server is up and its schema migrated.
bool AwaitServer(av1::AnalyticsService::Stub& stub) {
  const absl::Time give_up = absl::Now() + absl::Seconds(60);
  while (absl::Now() < give_up) {
    grpc::ClientContext ctx;
    ctx.set_deadline(absl::ToChronoTime(absl::Now() + absl::Seconds(5)));
    av1::GetRfmSegmentsRequest req;
    av1::RfmReport out;
    if (stub.GetRfmSegments(&ctx, req, &out).ok()) return true;
    absl::SleepFor(absl::Milliseconds(200));
  }
  return false;
}

// Writes the simulated purchases as counted, imported orders; returns how many, or none on
// a database error (printed).
std::optional<int64_t> WritePurchases(sales::db::ConnectionPool& pool,
                                      const sales::loadgen::PurchaseSimulation& sim,
                                      absl::TimeZone zone) {
  std::vector<sales::db::SqlParam> rows;
  rows.reserve(static_cast<size_t>(kRowsPerTransaction) * kInsertColumns);
  int64_t written = 0;
  absl::Status failed;
  auto flush = [&] {
    if (rows.empty() || !failed.ok()) return;
    failed = sales::db::RunInTransaction(
        pool, absl::Now() + absl::Minutes(5), [&](sales::db::Transaction& tx) {
          sales::db::ExecRows(tx, kInsertPrefix, kInsertColumns, rows);
          return absl::OkStatus();
        });
    written += static_cast<int64_t>(rows.size()) / kInsertColumns;
    rows.clear();
  };
  int64_t next_order = 0;
  sales::loadgen::SimulatePurchases(sim, [&](const sales::loadgen::SimulatedPurchase& p) {
    const int64_t amount = p.amount_minor;
    for (sales::db::SqlParam v : std::initializer_list<sales::db::SqlParam>{
             absl::StrCat("orders/", ++next_order), absl::StrCat("customers/", p.customer + 1),
             std::string("CHANNEL_WEB"), std::string("north"), p.time,
             DayText(absl::ToCivilDay(p.time, zone)), int64_t{1}, int64_t{1}, int64_t{1}, amount,
             int64_t{0}, amount * 6 / 10}) {
      rows.push_back(std::move(v));
    }
    if (rows.size() >= static_cast<size_t>(kRowsPerTransaction) * kInsertColumns) flush();
  });
  flush();
  if (!failed.ok()) {
    std::cerr << "customer_value_bench: writing purchases: " << failed.message() << "\n";
    return std::nullopt;
  }
  return written;
}

struct CallFigures {
  std::string name;
  std::vector<double> seconds;                   // one per call
  std::vector<std::optional<double>> cpu_total;  // per watched process, over all calls
  int calls = 0;
};

// Runs `call` `repeats` times; its latency and the CPU of `processes` over all calls.
template <typename Call>
std::optional<CallFigures> Time(const std::string& name, int repeats,
                                const std::vector<sales::loadgen::WatchedProcess>& processes,
                                Call call) {
  CallFigures f{name, {}, {}, repeats};
  std::vector<std::optional<double>> before;
  for (const auto& p : processes) before.push_back(sales::loadgen::ProcessCpuSeconds(p.pid));
  for (int i = 0; i < repeats; ++i) {
    const absl::Time start = absl::Now();
    const grpc::Status status = call();
    if (!status.ok()) {
      std::cerr << "customer_value_bench: " << name << ": " << status.error_message() << "\n";
      return std::nullopt;
    }
    f.seconds.push_back(absl::ToDoubleSeconds(absl::Now() - start));
  }
  for (size_t i = 0; i < processes.size(); ++i) {
    const std::optional<double> after = sales::loadgen::ProcessCpuSeconds(processes[i].pid);
    f.cpu_total.push_back(after && before[i] ? std::optional(*after - *before[i]) : std::nullopt);
  }
  return f;
}

void PrintCalls(const std::vector<CallFigures>& calls,
                const std::vector<sales::loadgen::WatchedProcess>& processes) {
  std::cout << absl::StrFormat("%-34s %6s %10s %10s", "call", "calls", "median s", "max s");
  for (const auto& p : processes) std::cout << absl::StrFormat(" %16s", p.name + " CPU s");
  std::cout << "\n";
  for (const CallFigures& c : calls) {
    std::vector<double> sorted = c.seconds;
    std::sort(sorted.begin(), sorted.end());
    std::cout << absl::StrFormat("%-34s %6d %10.3f %10.3f", c.name, c.calls,
                                 sorted[sorted.size() / 2], sorted.back());
    for (const std::optional<double>& cpu : c.cpu_total) {
      std::cout << (cpu ? absl::StrFormat(" %16.3f", *cpu / c.calls)
                        : absl::StrFormat(" %16s", "-"));
    }
    std::cout << "\n";
  }
  std::cout << "(CPU s: per call, averaged over the calls)\n";
}

void PrintModel(const std::string& title, const av1::CustomerValueModel& m,
                const sales::loadgen::CustomerValueTruth& truth, double alpha_scale) {
  const av1::BgNbdParameters& bg = m.purchases();
  const av1::GammaGammaParameters& gg = m.spend();
  std::cout << title << ": " << m.customers() << " customers; BG/NBD converged "
            << (bg.converged() ? "yes" : "NO") << ", Gamma-Gamma converged "
            << (gg.converged() ? "yes" : "NO") << " (" << gg.customers() << " repeat customers)\n";
  std::cout << absl::StrFormat("  %-6s %10s %10s\n", "param", "true", "fitted");
  std::cout << absl::StrFormat("  %-6s %10.3f %10.3f\n", "r", truth.r, bg.r());
  std::cout << absl::StrFormat("  %-6s %10.3f %10.3f  (per %s)\n", "alpha",
                               truth.alpha * alpha_scale, bg.alpha(),
                               alpha_scale == 1 ? "week" : "day");
  std::cout << absl::StrFormat("  %-6s %10.3f %10.3f\n", "a", truth.a, bg.a());
  std::cout << absl::StrFormat("  %-6s %10.3f %10.3f\n", "b", truth.b, bg.b());
  std::cout << absl::StrFormat("  %-6s %10.3f %10.3f\n", "p", truth.p, gg.p());
  std::cout << absl::StrFormat("  %-6s %10.3f %10.3f\n", "q", truth.q, gg.q());
  std::cout << absl::StrFormat("  %-6s %10.1f %10.1f  (minor units)\n", "gamma", truth.gamma * 100,
                               gg.gamma());
  std::cout << absl::StrFormat(
      "  log-likelihood BG/NBD %.1f, Gamma-Gamma %.1f; frequency-spend correlation %.4f\n",
      bg.log_likelihood(), gg.log_likelihood(), m.frequency_spend_correlation());
  if (m.has_holdout()) {
    std::cout << absl::StrFormat(
        "  holdout %s..%s: predicted %.0f purchases, actual %d (%+.1f%%), MAE per customer %.3f\n",
        m.holdout().first_day(), m.holdout().last_day(), m.holdout().predicted_purchases(),
        m.holdout().actual_purchases(),
        m.holdout().actual_purchases() > 0
            ? 100.0 * (m.holdout().predicted_purchases() - m.holdout().actual_purchases()) /
                  m.holdout().actual_purchases()
            : 0.0,
        m.holdout().mean_absolute_error());
  }
}

}  // namespace

int main(int argc, char** argv) {
  sales::db::ConnectionPool::InitDriver();
  sales::Flags flags(argc, argv);
  const std::string target =
      flags.String("target", "", "127.0.0.1:50053", "the analytics service's gRPC address");
  sales::loadgen::PurchaseSimulation sim;
  sim.customers = flags.Int("customers", "", 100000, 1, 100000000, "customers simulated");
  sim.seed = static_cast<uint64_t>(flags.Int("seed", "", 1, 0, 1000000000, "random seed"));
  const int repeats =
      static_cast<int>(flags.Int("repeats", "", 3, 1, 100, "timed calls of each kind"));
  absl::StatusOr<std::vector<sales::loadgen::WatchedProcess>> cpu =
      sales::loadgen::ParseWatchedProcesses(
          flags.String("cpu_pids", "", "", "processes whose CPU per call to print, name=pid,..."));
  sales::ServerConfig server = sales::ReadServerConfig(flags, "analytics", 0, 0);
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (!cpu.ok()) {
    std::cerr << "customer_value_bench: " << cpu.status().message() << "\n";
    return 2;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "customer_value_bench: " << status.message() << "\n";
    return 2;
  }
  const absl::TimeZone zone = server.business_time_zone;
  const absl::CivilDay first_day(2024, 1, 1);
  sim.start = absl::FromCivil(first_day, zone);
  sim.end = absl::FromCivil(first_day + 7 * (kCalibrationWeeks + kHoldoutWeeks), zone);
  const absl::CivilDay calibration_end = first_day + 7 * kCalibrationWeeks - 1;
  const absl::CivilDay holdout_end = calibration_end + 7 * kHoldoutWeeks;

  auto stub = av1::AnalyticsService::NewStub(
      grpc::CreateChannel(target, grpc::InsecureChannelCredentials()));
  if (!AwaitServer(*stub)) {
    std::cerr << "customer_value_bench: the analytics service at " << target
              << " did not answer in 60 s\n";
    return 1;
  }
  server.db.pool_size = 1;
  sales::db::ConnectionPool pool(server.db);
  std::cout << "load average before writing: " << LoadAverage() << std::endl;
  const absl::Time write_start = absl::Now();
  const std::optional<int64_t> written = WritePurchases(pool, sim, zone);
  if (!written.has_value()) return 1;
  const double write_s = absl::ToDoubleSeconds(absl::Now() - write_start);
  std::cout << absl::StrFormat(
      "purchases: %d customers, %d orders written in %.1f s (%.0f rows/s), %s..%s, zone %s\n",
      sim.customers, *written, write_s, *written / write_s, DayText(first_day),
      DayText(holdout_end), zone.name());
  std::cout << "load average before the calls: " << LoadAverage() << std::endl;

  std::vector<CallFigures> calls;
  std::optional<av1::CustomerValueModel> weekly, daily;
  av1::GetRfmSegmentsRequest rfm;
  rfm.set_as_of_day(DayText(calibration_end));
  rfm.set_window_days(365);
  av1::GetCustomerRfmRequest one;
  one.set_customer("customers/1");
  one.set_as_of_day(DayText(holdout_end));
  one.set_window_days(7 * (kCalibrationWeeks + kHoldoutWeeks));
  av1::FitCustomerValueRequest fit;
  fit.set_calibration_end_day(DayText(calibration_end));
  fit.set_holdout_end_day(DayText(holdout_end));
  fit.set_horizon_months(12);
  fit.set_monthly_discount_rate(0.01);
  fit.set_top(10);
  std::vector<std::optional<CallFigures>> timed;
  timed.push_back(Time("GetRfmSegments (365 days)", repeats, *cpu, [&] {
    av1::RfmReport out;
    return stub->GetRfmSegments(Context().get(), rfm, &out);
  }));
  timed.push_back(Time("GetCustomerRfm (546 days)", repeats, *cpu, [&] {
    av1::CustomerRfm out;
    return stub->GetCustomerRfm(Context().get(), one, &out);
  }));
  fit.set_time_unit(av1::TIME_UNIT_WEEK);
  timed.push_back(Time("FitCustomerValue (weeks)", repeats, *cpu, [&] {
    av1::CustomerValueModel out;
    grpc::Status status = stub->FitCustomerValue(Context().get(), fit, &out);
    weekly = std::move(out);
    return status;
  }));
  fit.set_time_unit(av1::TIME_UNIT_DAY);
  timed.push_back(Time("FitCustomerValue (days)", repeats, *cpu, [&] {
    av1::CustomerValueModel out;
    grpc::Status status = stub->FitCustomerValue(Context().get(), fit, &out);
    daily = std::move(out);
    return status;
  }));
  for (std::optional<CallFigures>& t : timed) {
    if (!t.has_value()) return 3;
    calls.push_back(std::move(*t));
  }
  PrintCalls(calls, *cpu);
  PrintModel("fit in weeks", *weekly, sim.truth, 1.0);
  PrintModel("fit in days", *daily, sim.truth, 7.0);
  std::cout << "load average after the calls: " << LoadAverage() << std::endl;
  return 0;
}
