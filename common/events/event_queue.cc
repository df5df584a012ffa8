#include "common/events/event_queue.h"

namespace sales::events {

bool EventQueue::Push(v1::Event& event) {
  absl::MutexLock lock(&mu_);
  auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return aborted_ || events_.size() < capacity_;
  };
  mu_.Await(absl::Condition(&room));
  if (aborted_) return false;
  events_.push_back(std::move(event));  // swaps: no copy
  if (spares_.empty()) {
    event = v1::Event();
  } else {
    event = std::move(spares_.back());
    spares_.pop_back();
  }
  return true;
}

void EventQueue::Close() {
  absl::MutexLock lock(&mu_);
  closed_ = true;
}

void EventQueue::Abort() {
  absl::MutexLock lock(&mu_);
  aborted_ = true;
  events_.clear();
}

bool EventQueue::PopBatch(size_t max, std::vector<v1::Event>& batch) {
  for (v1::Event& event : batch) event.Clear();  // outside the lock
  absl::MutexLock lock(&mu_);
  for (v1::Event& event : batch) {
    if (spares_.size() >= capacity_) break;
    spares_.push_back(std::move(event));
  }
  batch.clear();
  auto ready = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return aborted_ || closed_ || !events_.empty();
  };
  mu_.Await(absl::Condition(&ready));
  if (aborted_) return false;
  while (!events_.empty() && batch.size() < max) {
    batch.push_back(std::move(events_.front()));
    events_.pop_front();
  }
  return !batch.empty();
}

}  // namespace sales::events
