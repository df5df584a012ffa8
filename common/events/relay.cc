#include "common/events/relay.h"

#include <cppconn/exception.h>

#include "common/db/transaction.h"
#include "common/events/event_log.h"
#include "common/server/log.h"

namespace sales::events {
namespace {

constexpr int kBatch = 500;
// Without a nudge (events written by another replica) the outbox is polled this often.
constexpr absl::Duration kIdlePoll = absl::Milliseconds(20);
constexpr absl::Duration kRetryAfterError = absl::Seconds(1);
constexpr char kTryLock[] = "SELECT GET_LOCK(CONCAT('event_relay:', DATABASE()), 0)";

db::DbConfig SingleConnection(db::DbConfig config) {
  config.pool_size = 1;
  return config;
}

}  // namespace

void LogWatcher::Publish(int64_t position) {
  absl::MutexLock lock(&mu_);
  if (position > head_) head_ = position;
}

int64_t LogWatcher::WaitBeyond(int64_t after, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto beyond = [this, after]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return head_ > after; };
  mu_.AwaitWithTimeout(absl::Condition(&beyond), timeout);
  return head_;
}

Relay::Relay(db::DbConfig config, LogWatcher& watcher, bool enabled)
    : pool_(SingleConnection(std::move(config))), watcher_(watcher), enabled_(enabled) {}

Relay::~Relay() { Stop(); }

void Relay::Start() {
  if (!enabled_) return;
  thread_ = std::thread([this] { Run(); });
}

void Relay::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  if (thread_.joinable()) thread_.join();
  pool_.Close();
}

void Relay::Nudge() {
  absl::MutexLock lock(&mu_);
  nudged_ = true;
}

bool Relay::WaitForWork(absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || nudged_; };
  mu_.AwaitWithTimeout(absl::Condition(&woken), timeout);
  nudged_ = false;
  return !stopping_;
}

void Relay::Run() {
  absl::Duration wait = absl::ZeroDuration();
  while (WaitForWork(wait)) {
    wait = Drain() ? kIdlePoll : kRetryAfterError;
  }
}

bool Relay::Drain() {
  auto lease = pool_.Acquire(absl::Now() + absl::Seconds(5));
  if (!lease.ok()) {
    holds_lock_ = false;
    return false;
  }
  db::Transaction tx(std::move(lease).value());
  // The lock belongs to the session that took it: a replaced connection must retake it.
  if (tx.lease().session() != lock_session_) holds_lock_ = false;
  try {
    if (!holds_lock_) {
      auto locked = tx.Query(kTryLock);
      holds_lock_ = locked->next() && locked->getInt(1) == 1;
      tx.lease().Commit();
      if (!holds_lock_) return true;  // another replica relays
      lock_session_ = tx.lease().session();
      log::Info("event relay holds the lock");
    }
    int moved = 0;
    int64_t head = 0;
    do {
      moved = RelayBatch(tx, kBatch);
      if (moved > 0) head = HeadPosition(tx);
      // Checked: only a confirmed commit may be published to subscribers. If the
      // connection is lost here the batch may or may not be in the log; the next pass
      // reads the outbox again, and either way each event is logged once.
      tx.lease().Commit();
      if (moved > 0) {
        relayed_total_ += moved;
        watcher_.Publish(head);
      }
    } while (moved == kBatch);
    // Everything above is committed: end the transaction without a rollback round trip.
    if (tx.Commit().ok()) return true;
    holds_lock_ = false;  // the connection is dropped, and the lock with it
    return false;
  } catch (const sql::SQLException& e) {
    log::Warn("event relay failed", {{"mysql_code", e.getErrorCode()}, {"error", e.what()}});
    tx.lease().MarkBroken();  // drops the session, and the lock with it
    holds_lock_ = false;
    return false;
  }
}

}  // namespace sales::events
