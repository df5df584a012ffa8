#include "common/server/server_runner.h"

#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <memory>
#include <string>
#include <thread>
#include <utility>

#include "absl/base/thread_annotations.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "common/db/connect.h"
#include "common/server/health_service.h"
#include "common/server/log.h"

namespace sales {
namespace {

constexpr absl::Duration kMigrateOnlyTimeout = absl::Seconds(60);
// Bounds one attempt in the background, so that a shutdown never waits long for it.
constexpr absl::Duration kMigrationAttemptTimeout = absl::Seconds(10);
constexpr absl::Duration kMigrationRetryInterval = absl::Seconds(1);
constexpr absl::Duration kPingInterval = absl::Seconds(2);
// While the database is unreachable a service gets no calls (its health says so), so the
// ping is what notices the database is back: it looks more often.
constexpr absl::Duration kUnreachablePingInterval = absl::Milliseconds(250);
constexpr absl::Duration kPingTimeout = absl::Seconds(2);
// A failing migration retries every second; log only some attempts to keep logs readable.
constexpr int kLogEveryNthFailure = 30;

sigset_t TerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

// Waits until SIGINT or SIGTERM arrives; both must be blocked in every thread.
int WaitForTerminationSignal() {
  const sigset_t set = TerminationSignals();
  while (true) {
    int signal = 0;
    if (sigwait(&set, &signal) == 0 && (signal == SIGINT || signal == SIGTERM)) return signal;
  }
}

std::string HostPort(const std::string& host, int port) {
  // A bare IPv6 address needs brackets before the port.
  if (host.find(':') != std::string::npos && host.front() != '[') {
    return absl::StrCat("[", host, "]:", port);
  }
  return absl::StrCat(host, ":", port);
}

// Renders the pool's counters for Prometheus at scrape time.
Metrics::Collector PoolStatsCollector(const db::ConnectionPool* pool, const std::string& service) {
  return [pool,
          label = absl::StrCat("{service=\"", EscapeLabelValue(service), "\"}")](std::string* out) {
    const db::ConnectionPool::Stats stats = pool->GetStats();
    const auto sample = [&](const char* name, const char* type, const char* help, int64_t value) {
      absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n", name,
                      label, " ", value, "\n");
    };
    sample("sales_db_pool_max", "gauge", "Most connections the pool may open.", stats.max_size);
    sample("sales_db_pool_open", "gauge", "Open connections, idle or lent.", stats.open);
    sample("sales_db_pool_in_use", "gauge", "Connections lent out.", stats.in_use);
    sample("sales_db_pool_waits_total", "counter", "Acquisitions that had to wait.", stats.waits);
    sample("sales_db_pool_timeouts_total", "counter", "Acquisitions that hit their deadline.",
           stats.timeouts);
    sample("sales_db_pool_reconnects_total", "counter", "Broken or stale connections replaced.",
           stats.reconnects);
  };
}

// --migrate_only: one bounded run for a Kubernetes Job, which retries the Job itself.
int MigrateOnly(db::ConnectionPool& pool, const std::vector<db::Migration>& migrations) {
  const absl::Time deadline = absl::Now() + kMigrateOnlyTimeout;
  int exit_code = 1;
  for (int attempt = 1;; ++attempt) {
    const absl::StatusOr<int> applied = db::ApplyMigrations(pool, migrations, deadline);
    if (applied.ok()) {
      log::Info("migrations applied", {{"applied", *applied}, {"known", migrations.size()}});
      exit_code = 0;
      break;
    }
    const bool retry = applied.status().code() == absl::StatusCode::kUnavailable &&
                       absl::Now() + kMigrationRetryInterval < deadline;
    log::Write(retry ? "warn" : "error",
               retry ? "migrations failed, retrying" : "migrations failed",
               {{"attempt", attempt},
                {"code", absl::StatusCodeToString(applied.status().code())},
                {"error", applied.status().message()}});
    if (!retry) break;
    absl::SleepFor(kMigrationRetryInterval);
  }
  pool.Close();
  return exit_code;
}

// The background thread that applies migrations and then keeps health in step with the
// database.
class HealthMonitor final {
 public:
  HealthMonitor(db::ConnectionPool& pool, HealthService& health,
                std::vector<db::Migration> migrations, std::function<void()> after_migrations)
      : pool_(pool),
        health_(health),
        migrations_(std::move(migrations)),
        after_migrations_(std::move(after_migrations)) {}
  HealthMonitor(const HealthMonitor&) = delete;
  HealthMonitor& operator=(const HealthMonitor&) = delete;
  ~HealthMonitor() {
    RequestStop();
    Join();
  }

  void Start() {
    thread_ = std::thread([this] { Run(); });
  }
  // Returns at once; the thread ends after its current database call.
  void RequestStop() {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  void Join() {
    if (thread_.joinable()) thread_.join();
    pool_.SetReachabilityListener(nullptr);
  }

 private:
  void Run() {
    if (!ApplyMigrations()) return;
    if (after_migrations_) after_migrations_();
    // From now on every database call reports to the pool whether the database answered,
    // and health follows at once; the ping only covers a service that gets no calls.
    pool_.SetReachabilityListener([this](bool reachable) { OnReachability(reachable); });
    do {
      // A probe on a connection of its own (db/connect.h): pooled reads may wait long.
      pool_.ReportReachable(db::ProbeDatabase(pool_.config(), absl::Now() + kPingTimeout).ok());
    } while (SleepUnlessStopping(pool_.reachable() ? kPingInterval : kUnreachablePingInterval));
  }

  // Called by the pool, serialised, on every change.
  void OnReachability(bool reachable) {
    // After HealthService::Shutdown() this is ignored, so a late update cannot flip a
    // stopping server back to SERVING.
    health_.SetServing(reachable);
    if (reachable) {
      log::Info("database answers: health SERVING");
    } else {
      log::Warn("database call failed: health NOT_SERVING");
    }
  }

  // Retries until the migrations are applied; false if asked to stop first.
  bool ApplyMigrations() {
    for (int attempt = 1;; ++attempt) {
      const absl::StatusOr<int> applied =
          db::ApplyMigrations(pool_, migrations_, absl::Now() + kMigrationAttemptTimeout);
      if (applied.ok()) {
        log::Info("migrations applied", {{"applied", *applied}, {"known", migrations_.size()}});
        return true;
      }
      if (attempt == 1 || attempt % kLogEveryNthFailure == 0) {
        log::Warn("migrations failed, retrying",
                  {{"attempt", attempt},
                   {"code", absl::StatusCodeToString(applied.status().code())},
                   {"error", applied.status().message()}});
      }
      if (!SleepUnlessStopping(kMigrationRetryInterval)) return false;
    }
  }

  // Sleeps for `duration`; false (at once) when a stop is requested.
  bool SleepUnlessStopping(absl::Duration duration) {
    absl::MutexLock lock(&mu_);
    return !mu_.AwaitWithTimeout(absl::Condition(&stopping_), duration);
  }

  db::ConnectionPool& pool_;
  HealthService& health_;
  const std::vector<db::Migration> migrations_;
  const std::function<void()> after_migrations_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

// Lets in-flight calls finish within `grace` (then gRPC cancels them). gRPC 1.51 also
// waits, after the last call, for every idle client connection to acknowledge its GOAWAY,
// which takes seconds; so once no call has been in flight for kSettle we stop waiting.
// Returns true if gRPC's Shutdown returned, false if it was left waiting.
bool DrainAndShutdown(grpc::Server& server, const RpcObserver* observer, absl::Duration grace) {
  constexpr absl::Duration kSettle = absl::Milliseconds(200);
  auto done = std::make_shared<std::atomic<bool>>(false);
  const absl::Time start = absl::Now();
  std::thread stopper([&server, done, deadline = start + grace] {
    server.Shutdown(absl::ToChronoTime(deadline));
    *done = true;
  });
  absl::Time idle_since = start;
  while (!*done && absl::Now() < start + grace + absl::Seconds(1)) {
    if (observer == nullptr || observer->in_flight() > 0) idle_since = absl::Now();
    if (absl::Now() - idle_since >= kSettle) break;
    absl::SleepFor(absl::Milliseconds(10));
  }
  if (*done) {
    stopper.join();
    return true;
  }
  stopper.detach();
  return false;
}

void RunHooks(const ServerSpec::Hooks& hooks) {
  for (const std::function<void()>& hook : hooks) {
    if (hook) hook();
  }
}

}  // namespace

void BlockTerminationSignals() {
  const sigset_t set = TerminationSignals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int RunServer(ServerSpec spec) {
  const ServerConfig& config = spec.config;
  // Debian's Abseil is built with Mutex deadlock detection on: every lock taken while
  // another is held (gRPC's locks included) updates a global lock graph, and every Mutex
  // destroyed leaves it; about 1.5% of a serving process's CPU under load. Tests keep it.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  log::Init(config.service);
  // Idempotent; covers a main() that forgot, as long as no thread was started yet.
  BlockTerminationSignals();
  if (spec.pool == nullptr) {
    log::Error("no database pool configured");
    return 1;
  }
  if (config.page_token_secret == kDevPageTokenSecret) {
    log::Warn("page_token_secret is the built-in development value; set SALES_PAGE_TOKEN_SECRET",
              {{"setting", "page_token_secret"}});
  }
  std::vector<db::Migration> migrations = db::CommonMigrations();
  migrations.insert(migrations.end(), spec.migrations.begin(), spec.migrations.end());
  if (config.migrate_only) return MigrateOnly(*spec.pool, migrations);

  // Pool gauges need a registry even if main() passed none.
  std::unique_ptr<Metrics> own_metrics;
  Metrics* metrics = spec.metrics;
  if (metrics == nullptr) {
    own_metrics = std::make_unique<Metrics>(config.service);
    metrics = own_metrics.get();
  }
  MetricsHttpServer metrics_server;
  if (config.metrics_port > 0) {
    metrics->AddCollector(PoolStatsCollector(spec.pool, config.service));
    if (absl::Status started =
            metrics_server.Start(config.listen_host, config.metrics_port, *metrics);
        !started.ok()) {
      log::Error("cannot start the metrics endpoint",
                 {{"metrics_port", config.metrics_port}, {"error", started.message()}});
      spec.pool->Close();
      return 2;
    }
  }

  // Our own health service rather than gRPC's default one, which starts SERVING: every name
  // is NOT_SERVING from the first call the server answers, until migrations ran and the
  // database answers. It outlives the server.
  HealthService health(spec.health_service_names);
  // Set up before the server is built: it installs itself as a plugin.
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  int selected_port = 0;
  const std::string address = HostPort(config.listen_host, config.grpc_port);
  builder.AddListeningPort(address, grpc::InsecureServerCredentials(), &selected_port);
  // Without this a second server on a busy port would start silently (SO_REUSEPORT).
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  // The synchronous server runs each call on the thread that polled it and, by default,
  // keeps at most two idle pollers: under load every call that blocks on the database
  // made it start a thread, and every call that ended made one exit. Keeping up to
  // handler_threads idle threads reuses them instead.
  builder.SetSyncServerOption(grpc::ServerBuilder::MAX_POLLERS, config.handler_threads);
  builder.RegisterService(&health);
  for (grpc::Service* service : spec.services) builder.RegisterService(service);
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || selected_port == 0) {
    log::Error("cannot listen for gRPC (port in use or address not available)",
               {{"grpc_port", config.grpc_port}, {"address", address}});
    metrics_server.Stop();
    spec.pool->Close();
    return 2;
  }

  HealthMonitor monitor(*spec.pool, health, std::move(migrations), [&spec] {
    if (spec.observer != nullptr) spec.observer->MarkReady();
    RunHooks(spec.after_migrations);
  });
  monitor.Start();
  log::Info("listening", {{"listen_host", config.listen_host},
                          {"grpc_port", selected_port},
                          {"metrics_port", config.metrics_port}});

  const int signal = WaitForTerminationSignal();
  log::Info("shutting down", {{"signal", signal == SIGTERM ? "SIGTERM" : "SIGINT"},
                              {"grace_ms", absl::ToInt64Milliseconds(config.shutdown_grace)}});
  // NOT_SERVING for every name, and for good: load balancers stop sending new calls.
  health.Shutdown();
  RunHooks(spec.before_shutdown);
  monitor.RequestStop();
  const bool drained = DrainAndShutdown(*server, spec.observer, config.shutdown_grace);
  monitor.Join();
  RunHooks(spec.after_drain);
  metrics_server.Stop();
  spec.pool->Close();
  log::Info("stopped", {{"in_flight_drained", drained}});
  // gRPC is still waiting for idle client connections to close; every call has been
  // answered, so the process may end without it.
  if (!drained) EndStoppedProcess(0);
  return 0;
}

void EndStoppedProcess(int code) {
  log::Flush();
  std::cout.flush();
  std::_Exit(code);
}

}  // namespace sales
