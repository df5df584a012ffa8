// WatchKpis: a stream of one period's and slice's KPIs, the first answer at once and a new
// one whenever ingested events (or the turn of the period) change them.
//
// A server::WatchHub (common/server/watch_hub.h) does the streaming: when a consumer commits
// events it recomputes each distinct request once (at most every 100 ms, so a burst of events
// makes one answer) and sends a stream the report only when its figures differ from the last
// one sent. It also recomputes every second, which turns a period over at midnight and sees
// events ingested by another replica.
#pragma once

#include <grpcpp/support/server_callback.h>

#include "common/server/watch_hub.h"
#include "sales/analytics/v1/analytics_service.pb.h"
#include "services/analytics/src/api/kpi_handlers.h"

namespace sales::analytics::api {

class KpiWatch final {
 public:
  // Starts the publisher thread.
  explicit KpiWatch(KpiHandlers& kpis);

  // A stream for a validated request.
  grpc::ServerWriteReactor<v1::KpiReport>* Open(const v1::WatchKpisRequest& request);
  // Figures may have changed (a consumer committed events).
  void Notify() { hub_.NotifyAll(); }
  // Ends every stream with UNAVAILABLE and refuses new ones (at SIGTERM).
  void StopStreams() { hub_.StopStreams(); }
  // StopStreams, then ends the publisher thread. Idempotent.
  void Stop() { hub_.Stop(); }
  int64_t open_streams() const { return hub_.open_streams(); }

 private:
  server::WatchHub<v1::GetKpisRequest, v1::KpiReport> hub_;
};

}  // namespace sales::analytics::api
