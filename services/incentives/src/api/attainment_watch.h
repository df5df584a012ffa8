// WatchAttainment: a stream of one owner's attainment of a metric in a period, the first
// answer at once and a new one whenever applied credits change it.
//
// A server::WatchHub (common/server/watch_hub.h) does the streaming. The credits consumer
// tells it, after each committed batch, which reps and days the batch credited; it then
// recomputes, once per distinct question, only the streams those credits can touch (the
// rep's own, any team's and the company's whose period holds a credited day), at most every
// 20 ms (a burst makes one answer), and sends a stream the figures only when they differ from
// the last ones sent. It also recomputes every stream every 2 s, which turns the days elapsed
// at midnight and sees credits applied by another replica.
#pragma once

#include <grpcpp/support/server_callback.h>

#include <vector>

#include "common/server/watch_hub.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/attainment_handlers.h"
#include "services/incentives/src/domain/attainment.h"

namespace sales::incentives::api {

using domain::CreditTouch;

class AttainmentWatch final {
 public:
  // Starts the publisher thread.
  explicit AttainmentWatch(AttainmentHandlers& attainment);

  // A stream for a validated question.
  grpc::ServerWriteReactor<v1::Attainment>* Open(const AttainmentQuery& query) {
    return hub_.Open(query);
  }
  // Credits were committed for these reps on these days.
  void Notify(const std::vector<CreditTouch>& touched);
  // Ends every stream with UNAVAILABLE and refuses new ones (at SIGTERM).
  void StopStreams() { hub_.StopStreams(); }
  // StopStreams, then ends the publisher thread. Idempotent.
  void Stop() { hub_.Stop(); }
  int64_t open_streams() const { return hub_.open_streams(); }

 private:
  server::WatchHub<AttainmentQuery, v1::Attainment> hub_;
};

}  // namespace sales::incentives::api
