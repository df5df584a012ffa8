// Coalesces concurrent point reads by key into one statement, as group commit does for
// writes: a read that finds a free slot fetches at once, together with every read queued
// before it; reads that arrive while the slots are busy queue for the next fetch. Under load
// one SELECT ... WHERE id IN (...) answers many calls, so the database parses, plans and
// sends one statement where it would send many; a lone read waits for nothing.
//
// Consistency is that of a read of its own: a read only ever joins a fetch that starts
// after it arrived, never one already running, so it sees every commit that preceded it
// (a client that wrote and then reads sees its write).
#pragma once

#include <algorithm>
#include <exception>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace sales::db {

// How many coalesced fetches run at once by default: one. Everything that arrives while it
// runs joins the next, so batches are as large as the load makes them. On the customers
// bench (2 cores shared by client, server and MariaDB, 16 callers) one fetch at a time
// against one per core: GetCustomer over gRPC 8.0k-10.6k against 7.1k-7.3k calls/s, MariaDB CPU
// per call 36 against 60-69 us. A deployment whose database has many cores of its own may
// allow more (customers_server --get_fetches).
inline constexpr int kDefaultCoalescedFetches = 1;

template <typename Key, typename Value>
class ReadCoalescer final {
 public:
  // The values found for `keys` (distinct), keyed; a key without a value is absent. Called
  // with a deadline no earlier than any caller's in the batch.
  using Fetch = std::function<absl::StatusOr<absl::flat_hash_map<Key, Value>>(
      const std::vector<Key>& keys, absl::Time deadline)>;

  // At most `max_in_flight` fetches run at once (each holds a pool connection), each for at
  // most `max_batch` keys.
  ReadCoalescer(Fetch fetch, int max_in_flight, int max_batch)
      : fetch_(std::move(fetch)),
        max_in_flight_(std::max(1, max_in_flight)),
        max_batch_(std::max(1, max_batch)) {}

  // Reads waiting for a slot (not those of running fetches).
  size_t queued() const {
    absl::MutexLock lock(&mu_);
    return queue_.size();
  }

  // The value of `key`, nullopt if there is none. DEADLINE_EXCEEDED if the read was still
  // queued at `deadline`; once its fetch started, it waits for the fetch (itself bounded by
  // the latest deadline of its batch).
  absl::StatusOr<std::optional<Value>> Get(const Key& key, absl::Time deadline) {
    Waiter self{key, deadline, this};
    absl::MutexLock lock(&mu_);
    queue_.push_back(&self);
    while (!self.done) {
      if (CanLead()) {
        LeadOneFetch();
        continue;
      }
      if (!mu_.AwaitWithDeadline(absl::Condition(&DoneOrCanLead, &self), deadline) &&
          Dequeue(&self)) {
        return absl::DeadlineExceededError("deadline passed while waiting for a read slot");
      }
      // Past the deadline but already in a running fetch: its answer comes.
      if (!self.done && !CanLead()) mu_.Await(absl::Condition(&DoneOrCanLead, &self));
    }
    return std::move(self.result);
  }

 private:
  struct Waiter {
    Key key;
    absl::Time deadline;
    ReadCoalescer* owner;
    bool done = false;
    absl::StatusOr<std::optional<Value>> result = std::optional<Value>();
  };

  // Evaluated by absl::Mutex with mu_ held.
  static bool DoneOrCanLead(Waiter* w) ABSL_NO_THREAD_SAFETY_ANALYSIS {
    return w->done || w->owner->CanLead();
  }

  bool CanLead() const ABSL_SHARED_LOCKS_REQUIRED(mu_) {
    return !queue_.empty() && in_flight_ < max_in_flight_;
  }

  bool Dequeue(Waiter* w) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    auto it = std::find(queue_.begin(), queue_.end(), w);
    if (it == queue_.end()) return false;
    queue_.erase(it);
    return true;
  }

  // Takes the oldest queued reads, fetches them with the lock released, hands out results.
  void LeadOneFetch() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    const size_t n = std::min(queue_.size(), static_cast<size_t>(max_batch_));
    std::vector<Waiter*> batch(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
    queue_.erase(queue_.begin(), queue_.begin() + static_cast<ptrdiff_t>(n));
    ++in_flight_;
    std::vector<Key> keys;
    absl::Time deadline = absl::InfinitePast();
    for (Waiter* w : batch) {
      if (std::find(keys.begin(), keys.end(), w->key) == keys.end()) keys.push_back(w->key);
      deadline = std::max(deadline, w->deadline);
    }
    mu_.Unlock();
    absl::StatusOr<absl::flat_hash_map<Key, Value>> found = FetchNoThrow(keys, deadline);
    mu_.Lock();
    --in_flight_;
    for (Waiter* w : batch) {
      if (!found.ok()) {
        w->result = found.status();
      } else if (auto it = found->find(w->key); it != found->end()) {
        w->result = std::optional<Value>(it->second);
      }
      w->done = true;
    }
  }

  // An exception (a bug) must not leave the batch waiting forever.
  absl::StatusOr<absl::flat_hash_map<Key, Value>> FetchNoThrow(const std::vector<Key>& keys,
                                                               absl::Time deadline) {
    try {
      return fetch_(keys, deadline);
    } catch (const std::exception& e) {
      return absl::InternalError(std::string("read fetch failed: ") + e.what());
    }
  }

  const Fetch fetch_;
  const int max_in_flight_;
  const int max_batch_;
  mutable absl::Mutex mu_;
  std::vector<Waiter*> queue_ ABSL_GUARDED_BY(mu_);
  int in_flight_ ABSL_GUARDED_BY(mu_) = 0;
};

}  // namespace sales::db
