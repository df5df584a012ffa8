#include "common/events/event_queue.h"

namespace sales::events {

bool EventQueue::Push(v1::Event event) {
  absl::MutexLock lock(&mu_);
  auto room = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    return aborted_ || events_.size() < capacity_;
  };
  mu_.Await(absl::Condition(&room));
  if (aborted_) return false;
  events_.push_back(std::move(event));
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
  batch.clear();
  absl::MutexLock lock(&mu_);
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
