// grpc.health.v1.Health, served by us rather than by gRPC's built-in service: every name
// is NOT_SERVING from the moment the server starts, until the owner says otherwise.
#pragma once

#include <grpcpp/support/server_callback.h>

#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_set.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace sales {

// Knows "" (the server as a whole) and the names it is given; all of them share one status,
// which starts NOT_SERVING. Check answers NOT_FOUND for any other name; Watch sends
// SERVICE_UNKNOWN for it and stays open (grpc.health.v1's contract).
//
// Watch sends the current status at once and then each change; a watcher slower than the
// changes gets the latest status, not every intermediate one. It ends when the client
// cancels or at Shutdown(). An idle watcher holds no thread (callback API).
//
// Thread-safe. Must outlive the grpc::Server it is registered with.
class HealthService final : public grpc::health::v1::Health::CallbackService {
 public:
  explicit HealthService(const std::vector<std::string>& service_names);
  HealthService(const HealthService&) = delete;
  HealthService& operator=(const HealthService&) = delete;
  ~HealthService() override;

  // SERVING or NOT_SERVING for every name at once; ignored after Shutdown().
  void SetServing(bool serving);
  // NOT_SERVING for good: later SetServing calls are ignored, and open Watch streams get
  // NOT_SERVING and then end (new ones do the same at once).
  void Shutdown();

  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest* request,
                                  grpc::health::v1::HealthCheckResponse* response) override;
  grpc::ServerWriteReactor<grpc::health::v1::HealthCheckResponse>* Watch(
      grpc::CallbackServerContext* context,
      const grpc::health::v1::HealthCheckRequest* request) override;

 private:
  class Watcher;

  using ServingStatus = grpc::health::v1::HealthCheckResponse::ServingStatus;
  ServingStatus StatusLocked(const std::string& service) const ABSL_SHARED_LOCKS_REQUIRED(mu_);
  void Unregister(Watcher* watcher);

  const absl::flat_hash_set<std::string> names_;
  absl::Mutex mu_;
  bool serving_ ABSL_GUARDED_BY(mu_) = false;
  bool shut_down_ ABSL_GUARDED_BY(mu_) = false;
  absl::flat_hash_set<Watcher*> watchers_ ABSL_GUARDED_BY(mu_);
};

}  // namespace sales
