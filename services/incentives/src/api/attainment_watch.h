// WatchAttainment: a stream of one owner's attainment of a metric in a period, the first
// answer at once and a new one whenever applied credits change it.
//
// Served with gRPC's callback API: a stream is a write reactor, not a thread. One publisher
// thread does every database read (never gRPC's callback threads, which must not block).
// The credits consumer tells it, after each committed batch, which reps and days the batch
// credited; it then recomputes, once per distinct question, only the streams those credits
// can touch (the rep's own, any team's and the company's whose period holds a credited day),
// at most every 20 ms (a burst makes one answer), and sends a stream the figures only when
// they differ from the last ones sent. It also recomputes every stream every 2 s, which
// turns the days elapsed at midnight and sees credits applied by another replica.
#pragma once

#include <grpcpp/support/server_callback.h>

#include <memory>
#include <set>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/civil_time.h"
#include "sales/incentives/v1/incentives_service.pb.h"
#include "services/incentives/src/api/attainment_handlers.h"
#include "services/incentives/src/domain/attainment.h"

namespace sales::incentives::api {

using domain::CreditTouch;

class AttainmentWatch final {
 public:
  // Starts the publisher thread.
  explicit AttainmentWatch(AttainmentHandlers& attainment);
  ~AttainmentWatch();
  AttainmentWatch(const AttainmentWatch&) = delete;
  AttainmentWatch& operator=(const AttainmentWatch&) = delete;

  // A stream for a validated question.
  grpc::ServerWriteReactor<v1::Attainment>* Open(const AttainmentQuery& query);
  // Credits were committed for these reps on these days.
  void Notify(const std::vector<CreditTouch>& touched);
  // Ends every stream with UNAVAILABLE and refuses new ones (at SIGTERM).
  void StopStreams();
  // StopStreams, then ends the publisher thread. Idempotent.
  void Stop();
  int64_t open_streams() const;

  class Watcher;

 private:
  class Reactor;
  void PublishLoop();
  void Publish(bool all, const std::set<CreditTouch>& touched);

  AttainmentHandlers& attainment_;
  mutable absl::Mutex mu_;
  std::set<CreditTouch> touched_ ABSL_GUARDED_BY(mu_);
  bool refresh_all_ ABSL_GUARDED_BY(mu_) = false;  // a new stream, or the periodic round
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool thread_stop_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::shared_ptr<Watcher>> watchers_ ABSL_GUARDED_BY(mu_);
  std::thread publisher_;
};

}  // namespace sales::incentives::api
