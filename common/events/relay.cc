#include "common/events/relay.h"

#include <cppconn/exception.h>

#include <algorithm>

#include "common/db/transaction.h"
#include "common/events/event_log.h"
#include "common/server/log.h"

namespace sales::events {
namespace {

// Rows per relay transaction. Larger batches mean fewer round trips and commits per event;
// the whole batch is one INSERT ... SELECT and one DELETE, so the rows never travel to
// this process.
constexpr int kBatch = 2000;
// Without a nudge (events written by another replica) the outbox is polled this often after
// a pass that moved events, and twice as seldom after each idle pass, down to kMaxIdlePoll.
constexpr absl::Duration kIdlePoll = absl::Milliseconds(20);
constexpr absl::Duration kMaxIdlePoll = absl::Milliseconds(320);
// A replica that does not relay only counts the backlog, this often.
constexpr absl::Duration kDisabledPoll = absl::Seconds(1);
constexpr absl::Duration kRetryAfterError = absl::Seconds(1);
// Under a stream of commits each nudge would cost a relay transaction, and every subscriber
// a batch, per event. So a nudge that comes within kStreaming of a pass that moved events
// waits kGather for the nudges behind it, and they are relayed together; a commit after a
// quiet spell is relayed at once. The feed's lag grows by at most kGather, under load only.
// Measured with scripts/bench feed (8 writers): 2,498 commits/s against 2,172 without, lag
// p50 11.4 against 10.6 ms; scripts/bench orders: 27.5 statements and 4.2 commits per
// create+confirm over gRPC against 33.1 and 6.1.
constexpr absl::Duration kStreaming = absl::Milliseconds(10);
constexpr absl::Duration kGather = absl::Milliseconds(2);
// Idle passes count the backlog at most this often (COUNT(*) scans the outbox); a pass that
// empties the outbox knows the count without one.
constexpr absl::Duration kStatsInterval = absl::Seconds(1);
constexpr char kTryLock[] = "SELECT GET_LOCK(CONCAT('event_relay:', DATABASE()), 0)";

db::DbConfig SingleConnection(db::DbConfig config) {
  config.pool_size = 1;
  return config;
}

}  // namespace

void LogWatcher::Publish(int64_t position) {
  std::function<void(int64_t)> listener;
  {
    absl::MutexLock lock(&mu_);
    if (position <= head_) return;
    head_ = position;
    listener = listener_;
  }
  if (listener) listener(position);
}

int64_t LogWatcher::WaitBeyond(int64_t after, absl::Duration timeout) {
  absl::MutexLock lock(&mu_);
  auto beyond = [this, after]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return head_ > after; };
  mu_.AwaitWithTimeout(absl::Condition(&beyond), timeout);
  return head_;
}

int64_t LogWatcher::head() const {
  absl::MutexLock lock(&mu_);
  return head_;
}

void LogWatcher::SetListener(std::function<void(int64_t head)> listener) {
  absl::MutexLock lock(&mu_);
  listener_ = std::move(listener);
}

Relay::Relay(db::DbConfig config, LogWatcher& watcher, bool enabled)
    : pool_(SingleConnection(std::move(config))), watcher_(watcher), enabled_(enabled) {}

Relay::~Relay() { Stop(); }

void Relay::Start() {
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

Relay::Backlog Relay::backlog() const {
  absl::MutexLock lock(&backlog_mu_);
  return backlog_;
}

bool Relay::WaitForWork(absl::Duration timeout, absl::Time last_moved_at) {
  absl::MutexLock lock(&mu_);
  auto woken = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_ || nudged_; };
  mu_.AwaitWithTimeout(absl::Condition(&woken), timeout);
  if (nudged_ && absl::Now() - last_moved_at < kStreaming) {
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
    mu_.AwaitWithTimeout(absl::Condition(&stopping), kGather);
  }
  nudged_ = false;
  return !stopping_;
}

void Relay::Run() {
  absl::Duration wait = absl::ZeroDuration();
  absl::Duration idle_wait = kIdlePoll;
  absl::Time last_moved_at = absl::InfinitePast();
  while (WaitForWork(wait, last_moved_at)) {
    const int64_t moved = Drain();
    if (moved > 0) last_moved_at = absl::Now();
    if (moved < 0) {
      wait = kRetryAfterError;
    } else if (!enabled_) {
      wait = kDisabledPoll;
    } else {
      // Events written here nudge the relay at once; only another replica's events wait for
      // a poll. Polls slow down while the outbox stays empty, so an idle service costs the
      // database a few statements a second, not a hundred.
      idle_wait = moved > 0 ? kIdlePoll : std::min(idle_wait * 2, kMaxIdlePoll);
      wait = idle_wait;
    }
  }
}

void Relay::MaybeCountBacklog(db::Transaction& tx) {
  const absl::Time now = absl::Now();
  if (now - counted_at_ < kStatsInterval) return;
  counted_at_ = now;
  const OutboxBacklog counted = CountOutbox(tx);
  SetBacklog(counted.rows, counted.oldest);
}

void Relay::SetBacklog(int64_t rows, absl::Time oldest) {
  absl::MutexLock lock(&backlog_mu_);
  backlog_ = {rows, oldest, true};
}

void Relay::Published(int moved) {
  head_ += moved;
  relayed_total_ += moved;
  ++batches_total_;
  watcher_.Publish(head_);
}

int64_t Relay::Drain() {
  auto lease = pool_.Acquire(absl::Now() + absl::Seconds(5));
  if (!lease.ok()) {
    holds_lock_ = false;
    return -1;
  }
  db::Transaction tx(std::move(lease).value());
  // The lock belongs to the session that took it: a replaced connection must retake it.
  if (tx.lease().session() != lock_session_) holds_lock_ = false;
  try {
    if (!holds_lock_) {
      bool locked = false;
      if (enabled_) {
        auto rs = tx.Query(kTryLock);
        locked = rs->next() && rs->getInt(1) == 1;
      }
      if (!locked) {
        // Another replica relays (or none may here): keep the backlog figures current.
        MaybeCountBacklog(tx);
        return tx.Commit().ok() ? 0 : -1;
      }
      // Only the lock holder appends, so the head read once stays right while it holds it.
      head_ = HeadPosition(tx);
      holds_lock_ = true;
      lock_session_ = tx.lease().session();
      log::Info("event relay holds the lock");
    }
    int64_t moved_in_pass = 0;
    int moved = RelayBatch(tx, kBatch, head_);
    while (moved == kBatch) {  // more may wait: commit this batch and take the next
      // Checked: only a confirmed commit may be published to subscribers. If the
      // connection is lost here the batch may or may not be in the log; the next pass
      // reads the head and the outbox again, and either way each event is logged once.
      tx.lease().Commit();
      Published(moved);
      moved_in_pass += moved;
      moved = RelayBatch(tx, kBatch, head_);
    }
    // An idle pass counts the backlog at most every kStatsInterval.
    if (moved_in_pass + moved == 0) MaybeCountBacklog(tx);
    if (!tx.Commit().ok()) {
      holds_lock_ = false;  // the connection is dropped, and the lock with it
      return -1;
    }
    if (moved > 0) Published(moved);
    moved_in_pass += moved;
    // The last batch took every row the outbox held when it was read: it was empty then.
    if (moved_in_pass > 0) SetBacklog(0, absl::InfinitePast());
    return moved_in_pass;
  } catch (const sql::SQLException& e) {
    log::Warn("event relay failed", {{"mysql_code", e.getErrorCode()}, {"error", e.what()}});
    tx.lease().MarkBroken();  // drops the session, and the lock with it
    holds_lock_ = false;
    return -1;
  }
}

}  // namespace sales::events
