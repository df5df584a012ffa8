#include "tools/loadgen/benchmark_run.h"

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "tools/loadgen/cpu_usage.h"
#include "tools/loadgen/innodb_settle.h"
#include "tools/loadgen/report.h"

namespace sales::loadgen {

int64_t RunBenchmark(const LoadgenConfig& config, GrpcDriver& grpc, DirectDriver& direct,
                     GrpcDriver* echo, db::ConnectionPool& database, std::ostream& out,
                     std::ostream& progress) {
  // Unique per run, so creates never collide with an earlier run's external refs.
  Workload workload(absl::StrFormat("%x", absl::ToUnixMicros(absl::Now())));
  std::vector<PhaseStats> table;
  std::vector<WatchedProcess> watched;
  if (absl::StatusOr<std::vector<WatchedProcess>> parsed = ParseWatchedProcesses(config.cpu_pids);
      parsed.ok()) {
    watched = *std::move(parsed);
  } else {
    progress << parsed.status().message() << "; CPU of other processes not reported\n";
  }
  watched.push_back({"customers_loadgen", 0});
  std::vector<PhaseCpu> cpu_table;
  std::map<std::string, PhaseCpu> cpu_by_phase;
  std::string settle_waits;  // "phase s, ..." for the report

  auto run = [&](const std::string& name, Operation operation,
                 const std::function<PhaseOutcome(const PhaseSpec&)>& driver) -> PhaseStats {
    PhaseSpec spec;
    spec.name = name;
    spec.operation = operation;
    spec.concurrency = config.concurrency;
    spec.warmup = std::chrono::seconds(config.warmup_seconds);
    spec.measure = std::chrono::seconds(config.seconds);
    if (operation == Operation::kGet && workload.created_count() == 0) {
      progress << name << ": skipped, no customer was created\n";
      PhaseStats empty;
      empty.phase = name + " (skipped)";
      table.push_back(empty);
      return empty;
    }
    if (config.settle_seconds > 0) {
      const SettleWait w =
          AwaitInnoDbSettled(database, absl::Seconds(config.settle_seconds), absl::Seconds(1));
      absl::StrAppend(
          &settle_waits, settle_waits.empty() ? "" : ", ", name, " ",
          absl::StrFormat("%.0f s (%d pages dirty, history %d)", absl::ToDoubleSeconds(w.waited),
                          w.last.dirty_pages, w.last.history_length),
          w.quiet ? "" : " (not settled)");
    }
    progress << "running " << name << " for " << config.warmup_seconds << " s warm-up + "
             << config.seconds << " s\n";
    // The driver's window begins when it starts, right after this.
    CpuWindowSampler cpu(watched, spec.WindowFrom(Clock::now()));
    PhaseOutcome outcome = driver(spec);
    PhaseCpu phase_cpu{name, outcome.stats.ops, cpu.Finish()};
    cpu_table.push_back(phase_cpu);
    cpu_by_phase[name] = phase_cpu;
    workload.AddCreated(outcome.created);
    table.push_back(outcome.stats);
    return outcome.stats;
  };
  auto via_grpc = [&](const PhaseSpec& spec) { return grpc.Run(spec, workload); };
  auto via_pool = [&](const PhaseSpec& spec) { return direct.Run(spec, workload); };

  const PhaseStats grpc_create = run("gRPC Create", Operation::kCreate, via_grpc);
  const PhaseStats direct_create = run("direct Create", Operation::kCreate, via_pool);
  const PhaseStats grpc_get = run("gRPC Get", Operation::kGet, via_grpc);
  const PhaseStats direct_get = run("direct Get", Operation::kGet, via_pool);
  if (config.request_id_phase) {
    run("gRPC Create with request_id", Operation::kCreateWithRequestId, via_grpc);
  }
  PhaseStats echo_create;
  PhaseStats echo_get;
  std::vector<GetRound> rounds;
  if (echo != nullptr) {
    auto via_echo = [&](const PhaseSpec& spec) { return echo->Run(spec, workload); };
    // The echo server stores nothing: its names stay out of the Get workload.
    const size_t real = workload.created_count();
    echo_create = run("echo Create", Operation::kCreate, via_echo);
    workload.TruncateCreated(real);
    echo_get = run("echo Get", Operation::kGet, via_echo);
    for (int i = 0; i < config.get_rounds; ++i) {
      GetRound round;
      const struct {
        const char* name;
        PhaseStats* stats;
        std::function<PhaseOutcome(const PhaseSpec&)> driver;
      } sides[] = {{"echo", &round.echo, via_echo},
                   {"direct", &round.direct, via_pool},
                   {"gRPC", &round.grpc, via_grpc}};
      // Each round starts with the next of the three, so that none is always first.
      for (int k = 0; k < 3; ++k) {
        const auto& side = sides[(i + k) % 3];
        *side.stats =
            run(absl::StrCat(side.name, " Get, round ", i + 1), Operation::kGet, side.driver);
      }
      rounds.push_back(std::move(round));
    }
  }

  out << absl::StrFormat(
      "target %s, concurrency %d, gRPC channels %d, baseline pool %d, %d s per phase after "
      "%d s warm-up\n",
      config.target, config.concurrency, config.channels, config.db.pool_size, config.seconds,
      config.warmup_seconds);
  if (!settle_waits.empty()) {
    out << "waited before each phase for InnoDB to flush and purge (at most "
        << config.settle_seconds << " s): " << settle_waits << "\n";
  }
  PrintTable(out, table);
  PrintCpuTable(out, watched, cpu_table);
  PrintRatios(out, "Create", grpc_create, direct_create);
  PrintRatios(out, "Get", grpc_get, direct_get);
  if (echo != nullptr) {
    PrintCombinedLimit(out, "Create", grpc_create, direct_create, echo_create);
    PrintCombinedLimit(out, "Get", grpc_get, direct_get, echo_get);
    PrintGetRounds(out, rounds);
    // The same comparison in CPU per call, which other load on the machine disturbs less:
    // what a call costs through the service against echo's and direct's costs together.
    for (const char* what : {"Create", "Get"}) {
      const auto total = [&](const std::string& phase) -> std::optional<double> {
        auto it = cpu_by_phase.find(phase);
        if (it == cpu_by_phase.end()) return std::nullopt;
        return TotalMicrosPerCall(it->second);
      };
      const std::optional<double> grpc = total(absl::StrCat("gRPC ", what));
      const std::optional<double> direct = total(absl::StrCat("direct ", what));
      const std::optional<double> echo_cpu = total(absl::StrCat("echo ", what));
      if (!grpc.has_value() || !direct.has_value() || !echo_cpu.has_value() || *grpc <= 0) {
        out << absl::StrFormat("CPU per call %s: n/a\n", what);
        continue;
      }
      out << absl::StrFormat(
          "CPU per call %s: gRPC %.1f us; echo %.1f + direct %.1f = %.1f us; "
          "(echo + direct) / gRPC: %.2f\n",
          what, *grpc, *echo_cpu, *direct, *echo_cpu + *direct, (*echo_cpu + *direct) / *grpc);
    }
  }

  int64_t errors = 0;
  for (const PhaseStats& p : table) errors += p.errors + p.errors_outside_window;
  return errors;
}

}  // namespace sales::loadgen
