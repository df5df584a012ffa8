#include "services/analytics/src/ingest/rebuild.h"

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "common/server/log.h"
#include "common/status.h"
#include "services/analytics/src/store/rebuild_store.h"

namespace sales::analytics::ingest {
namespace {

using store::TableSet;

// DDL over every derived table and the checkpoint moves: generous, they are not on a
// caller's path.
constexpr absl::Duration kTableWorkTimeout = absl::Minutes(10);
constexpr absl::Duration kPollInterval = absl::Milliseconds(100);
// A replay whose stream fails this often in a row without progress gives the rebuild up
// (the consumer backs off up to a second between tries, so this is about ten seconds).
constexpr int64_t kMaxReplayFailures = 10;

absl::Status RunTableWork(db::ConnectionPool& pool,
                          absl::FunctionRef<void(db::Transaction&)> work) {
  return db::RunInTransaction(pool, absl::Now() + kTableWorkTimeout, [&](db::Transaction& tx) {
    work(tx);
    return absl::OkStatus();
  });
}

}  // namespace

Rebuilder::Rebuilder(const FeedSettings& feeds, db::ConnectionPool& pool, absl::TimeZone zone,
                     FeedConsumers& live)
    : feeds_(feeds), pool_(pool), zone_(zone), live_(live) {}

Rebuilder::~Rebuilder() { Shutdown(); }

absl::StatusOr<RebuildState> Rebuilder::Start(const std::string& request_id) {
  absl::MutexLock lock(&mu_);
  // A retry of the rebuild this request started answers its state.
  if (!request_id.empty() && request_id == state_.request_id) return state_;
  if (state_.phase == RebuildState::Phase::kRunning) {
    return absl::FailedPreconditionError(absl::StrCat("a rebuild is already running, started at ",
                                                      absl::FormatTime(state_.start_time)));
  }
  if (shutting_down_) return absl::UnavailableError("the server is shutting down");
  // The previous rebuild has finished (its thread only had Finish left).
  if (thread_.joinable()) thread_.join();
  state_ = RebuildState{};
  state_.phase = RebuildState::Phase::kRunning;
  state_.request_id = request_id;
  state_.start_time = absl::Now();
  thread_ = std::thread([this] { Run(); });
  return state_;
}

RebuildState Rebuilder::State() const {
  absl::MutexLock lock(&mu_);
  RebuildState state = state_;
  if (replay_ != nullptr) {
    for (const char* feed : kFeeds) {
      state.positions[feed] = replay_->Position(feed);
      state.targets[feed] = live_.Position(feed);
    }
  }
  return state;
}

void Rebuilder::Shutdown() {
  {
    absl::MutexLock lock(&mu_);
    shutting_down_ = true;
  }
  if (thread_.joinable()) thread_.join();
}

void Rebuilder::Run() {
  const absl::Status status = Replay();
  if (!status.ok()) {
    // Leave no half-filled twins behind; the live tables were never touched.
    const absl::Status dropped = RunTableWork(pool_, store::DropRebuildTables);
    if (!dropped.ok())
      log::Warn("dropping the rebuild tables failed", {{"error", dropped.message()}});
  }
  Finish(status);
}

absl::Status Rebuilder::Replay() {
  RETURN_IF_ERROR(RunTableWork(pool_, [](db::Transaction& tx) {
    store::CreateRebuildTables(tx);
    for (const char* feed : kFeeds) {
      store::DeleteCheckpoint(tx, FeedConsumers::CheckpointName(feed, TableSet::kRebuild));
    }
  }));
  FeedConsumers replay(feeds_, pool_, zone_, TableSet::kRebuild);
  {
    absl::MutexLock lock(&mu_);
    replay_ = &replay;
  }
  replay.Start();
  // First catch up while the live consumers go on, then pause them and reach exactly
  // where they stopped.
  absl::Status caught_up = WaitForReplay(replay);
  bool paused = false;
  if (caught_up.ok()) {
    live_.Stop();
    paused = true;
    caught_up = WaitForReplay(replay);
  }
  replay.Stop();
  std::map<std::string, int64_t> positions;
  for (const char* feed : kFeeds) positions[feed] = replay.Position(feed);
  {
    absl::MutexLock lock(&mu_);
    replay_ = nullptr;
    state_.positions = positions;
    for (const char* feed : kFeeds) state_.targets[feed] = live_.Position(feed);
  }
  if (!caught_up.ok()) {
    if (paused) live_.Start();
    return caught_up;
  }
  absl::Status status = RunTableWork(pool_, store::SwapInRebuildTables);
  if (status.ok()) {
    status = RunTableWork(pool_, [&](db::Transaction& tx) {
      for (const char* feed : kFeeds) {
        store::SetCheckpoint(tx, feed, positions[feed]);
        store::DeleteCheckpoint(tx, FeedConsumers::CheckpointName(feed, TableSet::kRebuild));
      }
    });
  }
  live_.Start();
  if (status.ok()) live_.NotifyChanged();  // every figure may have moved
  return status;
}

absl::Status Rebuilder::WaitForReplay(const FeedConsumers& replay) {
  while (true) {
    bool reached = true;
    for (const char* feed : kFeeds) {
      reached = reached && replay.Position(feed) >= live_.Position(feed);
    }
    if (reached) return absl::OkStatus();
    if (const std::string error = replay.PersistentError(kMaxReplayFailures); !error.empty()) {
      return absl::InternalError(absl::StrCat("the replay keeps failing: ", error));
    }
    absl::MutexLock lock(&mu_);
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return shutting_down_; };
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping), kPollInterval)) {
      return absl::CancelledError("the server is shutting down");
    }
  }
}

void Rebuilder::Finish(absl::Status status) {
  absl::MutexLock lock(&mu_);
  state_.phase = status.ok() ? RebuildState::Phase::kSucceeded : RebuildState::Phase::kFailed;
  state_.error = status.ok() ? "" : std::string(status.message());
  state_.end_time = absl::Now();
  log::Info(status.ok() ? "rebuild finished" : "rebuild failed",
            {{"error", state_.error},
             {"seconds", absl::ToDoubleSeconds(state_.end_time - state_.start_time)}});
}

}  // namespace sales::analytics::ingest
