// The bootstrap every service binary shares: migrations, health, reflection, metrics,
// signal handling and graceful shutdown. main() only wires its pieces into a ServerSpec.
#pragma once

#include <grpcpp/impl/codegen/service_type.h>

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/db/migrations.h"
#include "common/db/pool.h"
#include "common/server/metrics.h"
#include "common/server/rpc_observer.h"
#include "common/server/server_config.h"

namespace sales {

// Blocks SIGINT and SIGTERM in the calling thread (and so in every thread started later);
// call first thing in main(), before gRPC or the pool start threads. RunServer waits for
// them in one thread.
void BlockTerminationSignals();

struct ServerSpec {
  ServerConfig config;
  // Fully qualified gRPC service names, e.g. "sales.customers.v1.CustomersService", for
  // the health service.
  std::vector<std::string> health_service_names;
  std::vector<grpc::Service*> services;
  db::ConnectionPool* pool = nullptr;
  std::vector<db::Migration> migrations;  // common ones are applied first by RunServer
  Metrics* metrics = nullptr;
  // Opened for calls once migrations are applied (see RpcObserver::MarkReady).
  RpcObserver* observer = nullptr;
  // Hooks, each a list run in registration order, so that several parts of a binary (the
  // event publisher, an event consumer) register their own without replacing another's.
  using Hooks = std::vector<std::function<void()>>;
  // Run once, in the background, when the schema is up to date (e.g. start the relay and
  // event consumers, which need their tables).
  Hooks after_migrations;
  // Run at SIGTERM right after health turns NOT_SERVING, before in-flight calls are
  // drained (e.g. end long-lived event streams so they do not hold up the shutdown).
  Hooks before_shutdown;
  // Run at SIGTERM once in-flight calls are drained, before the pool closes (e.g. stop
  // the relay).
  Hooks after_drain;
};

// With config.migrate_only: applies migrations and returns 0 (or 1 on failure).
// Otherwise: starts the metrics endpoint and the gRPC server (health NOT_SERVING), applies
// migrations (retrying while the database is unreachable), marks health SERVING while the
// database answers (after each call that reaches or loses it; pinged every 2 s when idle), and on
// SIGTERM/SIGINT marks NOT_SERVING, shuts down with config.shutdown_grace for in-flight calls,
// closes the pool and returns 0. Returns non-zero, after logging why, if a port is taken.
int RunServer(ServerSpec spec);

// Ends the process with `code` at once, the log and stdout flushed, no destructors run: for a
// server that has stopped (every call answered, the pool closed) while a thread it no longer
// needs still waits (gRPC on an idle client connection, a background read of a kept model).
[[noreturn]] void EndStoppedProcess(int code);

}  // namespace sales
