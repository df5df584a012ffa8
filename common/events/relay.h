// The relay: moves committed outbox rows into the event log, assigning dense positions.
// It runs in every replica but works only while it holds the schema's named lock
// (GET_LOCK), so exactly one replica relays at a time; another takes over when that
// replica's connection drops.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/db_config.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"

namespace sales::events {

// Publishes the newest relayed position to in-process subscribers, so that they wake at
// once instead of polling the database.
class LogWatcher final {
 public:
  void Publish(int64_t position);
  // Waits until the head passes `after` or the timeout ends; returns the head.
  int64_t WaitBeyond(int64_t after, absl::Duration timeout);
  // The newest position published (0 before the first).
  int64_t head() const;
  // Called with the new head after each Publish that raised it, outside the watcher's
  // lock, on the publishing thread (so it must be quick). One listener; set it before
  // the relay starts.
  void SetListener(std::function<void(int64_t head)> listener);

 private:
  mutable absl::Mutex mu_;
  int64_t head_ ABSL_GUARDED_BY(mu_) = 0;
  std::function<void(int64_t)> listener_ ABSL_GUARDED_BY(mu_);
};

class Relay final {
 public:
  // Uses a connection of its own (the named lock lives in its session). With `enabled`
  // false it never takes the lock (another replica relays) and only keeps the backlog
  // figures current.
  Relay(db::DbConfig config, LogWatcher& watcher, bool enabled = true);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void Start();
  // Idempotent.
  void Stop();
  // Asks the relay to look at the outbox now (after a commit that wrote events).
  void Nudge();

  // Events and batches (transactions) relayed since start, by this replica.
  int64_t relayed_total() const { return relayed_total_.load(); }
  int64_t batches_total() const { return batches_total_.load(); }
  bool holds_lock() const { return holds_lock_.load(); }

  // The outbox as last seen by the relay's own passes (counted at most every kStatsInterval
  // while idle, zero after a pass that emptied it; a scrape costs no query): unrelayed
  // rows, and the occur time of the oldest of them (InfinitePast when there is none).
  // Counted in every replica, also one that does not hold the lock or has its relay
  // disabled.
  struct Backlog {
    int64_t rows = 0;
    absl::Time oldest = absl::InfinitePast();
    bool known = false;  // false until the first count succeeded
  };
  Backlog backlog() const;

 private:
  void Run();
  // One pass: takes the lock if it can, then relays until the outbox is empty. The events
  // moved, or -1 on error.
  int64_t Drain();
  // Waits for a nudge or the timeout; under a stream of commits (events moved since
  // `last_moved_at` within kStreaming), then lets the next nudges gather. False once stopping.
  bool WaitForWork(absl::Duration timeout, absl::Time last_moved_at);
  // Counts the outbox if the last count is older than kStatsInterval.
  void MaybeCountBacklog(db::Transaction& tx);
  void SetBacklog(int64_t rows, absl::Time oldest);
  // Records a committed batch of `moved` events and tells the watcher.
  void Published(int moved);

  db::ConnectionPool pool_;
  LogWatcher& watcher_;
  const bool enabled_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool nudged_ ABSL_GUARDED_BY(mu_) = false;
  mutable absl::Mutex backlog_mu_;
  Backlog backlog_ ABSL_GUARDED_BY(backlog_mu_);
  absl::Time counted_at_ = absl::InfinitePast();  // relay thread only
  std::atomic<int64_t> relayed_total_{0};
  std::atomic<int64_t> batches_total_{0};
  std::atomic<bool> holds_lock_{false};
  uint64_t lock_session_ = 0;  // the pooled session that holds the lock (relay thread only)
  int64_t head_ = 0;           // the log's last position while holding the lock (relay thread)
  std::thread thread_;
};

}  // namespace sales::events
