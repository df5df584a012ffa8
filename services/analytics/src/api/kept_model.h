// A model fitted from the live facts and kept in memory, one per key (the request parameters
// that change the fit, e.g. the as-of day of the next best actions; a model without
// parameters uses one key), shared by every caller until the facts have moved on:
// - a model younger than `max_age` (by its fit time) is used without asking the database;
// - an older one is used while the facts' version (e.g. the orders feed position) is the one
//   it was fitted at, and refitted once it has moved;
// - one fit per key at a time: while it runs, the other callers of that key get the previous
//   model, or, when there is none yet, wait for the fit (until their deadline) instead of
//   fitting again; a fit that fails leaves the previous model answering, and without one
//   a waiting caller tries in turn;
// - at most `max_keys` keys are kept: fitting a new one drops the least recently used
//   model that nobody is fitting or waiting for.
// RecommenderCache (the item-to-item recommender) and the next best actions' population
// inputs (advice_inputs.h) are both kept by it; AffinityCache (the market basket) too, with
// refits in the background:
// - KeptRefit::kInBackground: a stale model is refitted on a thread of the KeptModel's own
//   (its deadline kBackgroundFitTimeout from its start) and every caller, the one who found
//   it stale included, gets the previous model meanwhile; only a key without a model makes
//   its first caller fit (and the others wait) as above.
// - Warm(key) starts a background fit of a key that has no model yet (a server warming its
//   models at start), so that the first caller waits for it at most.
//
// `Model` must have `int64_t FactsVersion() const` (the version of the facts it includes)
// and `absl::Time FitTime() const` (when its fit finished, on the same clock as `now`).
// `Key` must be ordered (operator<).
#pragma once

#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <thread>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/server/log.h"

namespace sales::analytics::api {

// Who refits a stale model (see above).
enum class KeptRefit { kByCaller, kInBackground };

// The deadline of a fit run in the background (a refit, a warm-up).
inline constexpr absl::Duration kBackgroundFitTimeout = absl::Minutes(30);

template <typename Key, typename Model>
class KeptModel final {
 public:
  using ModelPtr = std::shared_ptr<const Model>;
  // The facts' current version, read from the database.
  using VersionFn = std::function<absl::StatusOr<int64_t>(absl::Time deadline)>;
  // Fits the model of a key from the live facts.
  using FitFn = std::function<absl::StatusOr<ModelPtr>(const Key& key, absl::Time deadline)>;
  using Clock = std::function<absl::Time()>;

  KeptModel(
      VersionFn version, FitFn fit, absl::Duration max_age, size_t max_keys = 1,
      Clock now = [] { return absl::Now(); }, KeptRefit refit = KeptRefit::kByCaller)
      : version_(std::move(version)),
        fit_(std::move(fit)),
        max_age_(max_age),
        max_keys_(max_keys < 1 ? 1 : max_keys),
        now_(std::move(now)),
        refit_(refit) {}

  KeptModel(const KeptModel&) = delete;
  KeptModel& operator=(const KeptModel&) = delete;
  // Waits for the fits running in the background.
  ~KeptModel() {
    std::list<Worker> workers;
    {
      absl::MutexLock lock(&mu_);
      workers.swap(workers_);
    }
    for (Worker& w : workers) w.thread.join();
  }

  // The key's model, fitted first when there is none or it is stale (see above).
  absl::StatusOr<ModelPtr> Get(const Key& key, absl::Time deadline) {
    ModelPtr previous;
    {
      absl::MutexLock lock(&mu_);
      if (auto it = entries_.find(key); it != entries_.end()) {
        previous = it->second->model;
        it->second->last_use = ++uses_;
      }
    }
    if (previous != nullptr) {
      if (now_() - previous->FitTime() < max_age_) return previous;
      absl::StatusOr<int64_t> version = version_(deadline);
      if (!version.ok()) return version.status();
      if (*version == previous->FactsVersion()) return previous;
    }
    Entry* entry = nullptr;
    {
      absl::MutexLock lock(&mu_);
      std::unique_ptr<Entry>& slot = entries_[key];
      if (slot == nullptr) slot = std::make_unique<Entry>();
      entry = slot.get();
      entry->last_use = ++uses_;
      if (entry->fitting) {
        // Someone is fitting this key: the previous model meanwhile, or a wait for the first.
        if (entry->model != nullptr) return entry->model;
        ++entry->waiting;
        const bool done = mu_.AwaitWithDeadline(absl::Condition(
                                                    +[](Entry* e) { return !e->fitting; }, entry),
                                                deadline);
        --entry->waiting;
        if (!done) return absl::DeadlineExceededError("the model is still being fitted");
        if (entry->model != nullptr) return entry->model;
        // The fit failed; this caller tries in turn.
      } else if (entry->model != previous) {
        return entry->model;  // refitted between our look and now
      }
      entry->fitting = true;
      if (refit_ == KeptRefit::kInBackground && entry->model != nullptr) {
        StartBackgroundFit(key, entry);
        return entry->model;
      }
    }
    absl::StatusOr<ModelPtr> fitted = fit_(key, deadline);
    absl::MutexLock lock(&mu_);
    entry->fitting = false;
    if (!fitted.ok() || *fitted == nullptr) {
      // A failed refit leaves the previous model answering; without one, the error.
      if (entry->model != nullptr) return entry->model;
      const absl::Status status =
          fitted.ok() ? absl::InternalError("the fit returned no model") : fitted.status();
      if (entry->waiting == 0) entries_.erase(key);
      return status;
    }
    entry->model = *fitted;
    ++fits_;
    ModelPtr out = entry->model;
    DropLeastRecentlyUsed(key);
    return out;
  }

  // Starts a background fit of `key` when it has no model and none is being fitted; returns
  // at once. False when there was nothing to start.
  bool Warm(const Key& key) {
    absl::MutexLock lock(&mu_);
    std::unique_ptr<Entry>& slot = entries_[key];
    if (slot == nullptr) slot = std::make_unique<Entry>();
    Entry* entry = slot.get();
    entry->last_use = ++uses_;
    if (entry->fitting || entry->model != nullptr) return false;
    entry->fitting = true;
    StartBackgroundFit(key, entry);
    return true;
  }

  // The key's model as it is, without asking the database or fitting; null when none.
  ModelPtr Peek(const Key& key) const {
    absl::MutexLock lock(&mu_);
    const auto it = entries_.find(key);
    return it == entries_.end() ? nullptr : it->second->model;
  }

  // Fits done so far (for tests and metrics).
  int64_t fits() const {
    absl::MutexLock lock(&mu_);
    return fits_;
  }
  // Keys with a model or a fit under way.
  size_t keys() const {
    absl::MutexLock lock(&mu_);
    return entries_.size();
  }
  absl::Duration max_age() const { return max_age_; }

 private:
  struct Entry {
    ModelPtr model;
    bool fitting = false;
    int waiting = 0;        // callers waiting for the first fit
    uint64_t last_use = 0;  // uses_ when last asked for
  };
  struct Worker {
    std::thread thread;
    bool done = false;
  };

  // Fits `key` on a thread of its own; `entry` (kept while fitting) is marked fitting.
  void StartBackgroundFit(const Key& key, Entry* entry) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    // The workers that have finished are joined first (they hold no lock by then).
    std::vector<std::thread> finished;
    for (auto it = workers_.begin(); it != workers_.end();) {
      if (it->done) {
        finished.push_back(std::move(it->thread));
        it = workers_.erase(it);
      } else {
        ++it;
      }
    }
    workers_.emplace_back();
    Worker* worker = &workers_.back();
    worker->thread = std::thread([this, key, entry, worker] {
      absl::StatusOr<ModelPtr> fitted = fit_(key, absl::Now() + kBackgroundFitTimeout);
      absl::MutexLock lock(&mu_);
      entry->fitting = false;
      worker->done = true;
      if (!fitted.ok() || *fitted == nullptr) {
        // The previous model (if any) keeps answering; a waiting caller tries in turn.
        log::Warn("a model fitted in the background failed; the previous one is kept",
                  {{"error", fitted.ok() ? std::string("no model")
                                         : std::string(fitted.status().message())}});
        if (entry->model == nullptr && entry->waiting == 0) entries_.erase(key);
        return;
      }
      entry->model = *fitted;
      ++fits_;
      DropLeastRecentlyUsed(key);
    });
    for (std::thread& t : finished) t.join();
  }

  // While more than max_keys_ keys are kept, drops the least recently used one that is not
  // `keep`, not being fitted and not waited for.
  void DropLeastRecentlyUsed(const Key& keep) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    while (entries_.size() > max_keys_) {
      auto victim = entries_.end();
      for (auto it = entries_.begin(); it != entries_.end(); ++it) {
        const Entry& e = *it->second;
        if (e.fitting || e.waiting > 0 || !(it->first < keep || keep < it->first)) continue;
        if (victim == entries_.end() || e.last_use < victim->second->last_use) victim = it;
      }
      if (victim == entries_.end()) return;
      entries_.erase(victim);
    }
  }

  const VersionFn version_;
  const FitFn fit_;
  const absl::Duration max_age_;
  const size_t max_keys_;
  const Clock now_;
  const KeptRefit refit_;
  mutable absl::Mutex mu_;
  std::map<Key, std::unique_ptr<Entry>> entries_ ABSL_GUARDED_BY(mu_);
  uint64_t uses_ ABSL_GUARDED_BY(mu_) = 0;
  int64_t fits_ ABSL_GUARDED_BY(mu_) = 0;
  std::list<Worker> workers_ ABSL_GUARDED_BY(mu_);  // background fits, joined when done
};

}  // namespace sales::analytics::api
