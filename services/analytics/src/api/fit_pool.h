// A small fixed pool of threads that fits models in parallel (the replenishment forecasts,
// one per product and warehouse): `threads` workers started once, shared by every caller, so
// that concurrent requests never run more fits at a time than the pool holds. The calling
// thread only waits. Workers touch no database.
#pragma once

#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"

namespace sales::analytics::api {

class FitPool final {
 public:
  // `threads` < 1 counts as 1.
  explicit FitPool(int threads);
  ~FitPool();

  FitPool(const FitPool&) = delete;
  FitPool& operator=(const FitPool&) = delete;

  // Calls fn(i) once for every i in [0, n) on the workers and returns when every call has
  // returned. Calls of one ParallelFor run in any order; those of concurrent ParallelFors
  // share the workers.
  void ParallelFor(size_t n, const std::function<void(size_t)>& fn);

  int threads() const { return static_cast<int>(workers_.size()); }

 private:
  struct Batch;
  void Work();

  absl::Mutex mu_;
  std::deque<std::shared_ptr<Batch>> queue_ ABSL_GUARDED_BY(mu_);  // batches with calls left
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::vector<std::thread> workers_;
};

}  // namespace sales::analytics::api
