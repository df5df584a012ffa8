#include "services/analytics/src/api/fit_pool.h"

#include <algorithm>

namespace sales::analytics::api {

// One ParallelFor: the next index to hand out and the calls still running, under the pool's
// mutex.
struct FitPool::Batch {
  const std::function<void(size_t)>* fn = nullptr;
  size_t n = 0;
  size_t next = 0;     // indices handed out
  size_t running = 0;  // calls started and not returned
};

FitPool::FitPool(int threads) {
  const int count = std::max(threads, 1);
  workers_.reserve(static_cast<size_t>(count));
  for (int i = 0; i < count; ++i) workers_.emplace_back([this] { Work(); });
}

FitPool::~FitPool() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
  }
  for (std::thread& t : workers_) t.join();
}

void FitPool::ParallelFor(size_t n, const std::function<void(size_t)>& fn) {
  if (n == 0) return;
  auto batch = std::make_shared<Batch>();
  batch->fn = &fn;
  batch->n = n;
  absl::MutexLock lock(&mu_);
  queue_.push_back(batch);
  Batch* b = batch.get();
  mu_.Await(absl::Condition(
      +[](Batch* x) { return x->next == x->n && x->running == 0; }, b));
}

void FitPool::Work() {
  absl::MutexLock lock(&mu_);
  while (true) {
    mu_.Await(absl::Condition(
        +[](FitPool* pool) { return pool->stopping_ || !pool->queue_.empty(); }, this));
    if (queue_.empty()) return;  // stopping, nothing left
    std::shared_ptr<Batch> batch = queue_.front();
    const size_t i = batch->next++;
    if (batch->next == batch->n) queue_.pop_front();
    ++batch->running;
    mu_.Unlock();
    (*batch->fn)(i);
    mu_.Lock();
    --batch->running;
  }
}

}  // namespace sales::analytics::api
