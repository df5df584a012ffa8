// Rebuild: replays both feeds from position 0 into fresh twins of every derived table while
// the live tables keep answering; once the replay has caught up, the live consumers pause,
// the replay reaches exactly where they stopped (or past it), the twins are renamed into
// place in one RENAME TABLE, the live checkpoints move to the replay's positions, and the
// live consumers go on from there. Ingest is idempotent by its facts, so even a crash
// between the rename and the checkpoint move counts nothing twice.
//
// One rebuild at a time per process; run it on one replica (a second replica's live
// consumers keep writing the live tables, which the swap then replaces).
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "services/analytics/src/ingest/feed_consumers.h"

namespace sales::analytics::ingest {

struct RebuildState {
  enum class Phase { kNone, kRunning, kSucceeded, kFailed };
  Phase phase = Phase::kNone;
  std::string request_id;
  absl::Time start_time = absl::InfinitePast();
  absl::Time end_time = absl::InfinitePast();
  // Per feed: the replay's position, and the live consumers' (what it must reach).
  std::map<std::string, int64_t> positions;
  std::map<std::string, int64_t> targets;
  std::string error;  // why it failed
};

class Rebuilder final {
 public:
  Rebuilder(const FeedSettings& feeds, db::ConnectionPool& pool, absl::TimeZone zone,
            FeedConsumers& live);
  ~Rebuilder();
  Rebuilder(const Rebuilder&) = delete;
  Rebuilder& operator=(const Rebuilder&) = delete;

  // Starts a rebuild. While one runs, the same request_id answers its state, and any other
  // start is FAILED_PRECONDITION.
  absl::StatusOr<RebuildState> Start(const std::string& request_id);
  RebuildState State() const;
  // Ends a running rebuild (its twins dropped, the live consumers running) and waits.
  void Shutdown();

 private:
  void Run();
  absl::Status Replay();
  // Waits until the replay has reached the live position of every feed; CANCELLED on
  // shutdown, INTERNAL when the replay keeps failing.
  absl::Status WaitForReplay(const FeedConsumers& replay);
  void Finish(absl::Status status);

  const FeedSettings feeds_;
  db::ConnectionPool& pool_;
  const absl::TimeZone zone_;
  FeedConsumers& live_;
  mutable absl::Mutex mu_;
  RebuildState state_ ABSL_GUARDED_BY(mu_);
  const FeedConsumers* replay_ ABSL_GUARDED_BY(mu_) = nullptr;
  bool shutting_down_ ABSL_GUARDED_BY(mu_) = false;
  std::thread thread_;
};

}  // namespace sales::analytics::ingest
