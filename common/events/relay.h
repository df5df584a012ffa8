// The relay: moves committed outbox rows into the event log, assigning dense positions.
// It runs in every replica but works only while it holds the schema's named lock
// (GET_LOCK), so exactly one replica relays at a time; another takes over when that
// replica's connection drops.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/db_config.h"
#include "common/db/pool.h"

namespace sales::events {

// Publishes the newest relayed position to in-process subscribers, so that they wake at
// once instead of polling the database.
class LogWatcher final {
 public:
  void Publish(int64_t position);
  // Waits until the head passes `after` or the timeout ends; returns the head.
  int64_t WaitBeyond(int64_t after, absl::Duration timeout);

 private:
  absl::Mutex mu_;
  int64_t head_ ABSL_GUARDED_BY(mu_) = 0;
};

class Relay final {
 public:
  // Uses a connection of its own (the named lock lives in its session). With `enabled`
  // false it never relays (another replica on the schema does).
  Relay(db::DbConfig config, LogWatcher& watcher, bool enabled = true);
  ~Relay();
  Relay(const Relay&) = delete;
  Relay& operator=(const Relay&) = delete;

  void Start();
  void Stop();
  // Asks the relay to look at the outbox now (after a commit that wrote events).
  void Nudge();

  int64_t relayed_total() const { return relayed_total_.load(); }
  bool holds_lock() const { return holds_lock_.load(); }

 private:
  void Run();
  // One pass while holding the lock: relays until the outbox is empty. False on error.
  bool Drain();
  bool WaitForWork(absl::Duration timeout);

  db::ConnectionPool pool_;
  LogWatcher& watcher_;
  const bool enabled_;
  absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool nudged_ ABSL_GUARDED_BY(mu_) = false;
  std::atomic<int64_t> relayed_total_{0};
  std::atomic<bool> holds_lock_{false};
  uint64_t lock_session_ = 0;  // the pooled session that holds the lock (relay thread only)
  std::thread thread_;
};

}  // namespace sales::events
