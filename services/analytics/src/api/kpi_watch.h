// WatchKpis: a stream of one period's and slice's KPIs, the first answer at once and a new
// one whenever ingested events (or the turn of the period) change them.
//
// Served with gRPC's callback API: a stream is a write reactor, not a thread. One publisher
// thread does every database read (never gRPC's callback threads, which must not block):
// woken when a consumer commits events, it recomputes each distinct request once (at most
// every 100 ms, so a burst of events makes one answer), and sends a stream the report only
// when its figures differ from the last one sent. It also recomputes every second, which
// turns a period over at midnight and sees events ingested by another replica.
#pragma once

#include <grpcpp/support/server_callback.h>

#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/kpi_handlers.h"

namespace sales::analytics::api {

class KpiWatch final {
 public:
  // Starts the publisher thread.
  explicit KpiWatch(KpiHandlers& kpis);
  ~KpiWatch();
  KpiWatch(const KpiWatch&) = delete;
  KpiWatch& operator=(const KpiWatch&) = delete;

  // A stream for a validated request.
  grpc::ServerWriteReactor<v1::KpiReport>* Open(const v1::WatchKpisRequest& request);
  // Figures may have changed (a consumer committed events).
  void Notify();
  // Ends every stream with UNAVAILABLE and refuses new ones (at SIGTERM).
  void StopStreams();
  // StopStreams, then ends the publisher thread. Idempotent.
  void Stop();
  int64_t open_streams() const;

  class Watcher;

 private:
  class Reactor;
  void PublishLoop();
  void Publish();

  KpiHandlers& kpis_;
  mutable absl::Mutex mu_;
  bool changed_ ABSL_GUARDED_BY(mu_) = false;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool thread_stop_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::shared_ptr<Watcher>> watchers_ ABSL_GUARDED_BY(mu_);
  std::thread publisher_;
};

}  // namespace sales::analytics::api
