// A bounded queue of feed events between the thread that reads a Subscribe stream and the
// thread that applies them: the applier takes whatever has arrived, up to a batch, so a
// feed replayed from history is applied in few transactions while a live event waits for
// no other.
//
// Events are recycled: the applier's finished batch comes back cleared, and Push hands the
// reader one of those to parse the next event into. A cleared protobuf message keeps its
// strings' capacity and its sub-messages, so parsing into it allocates little, and nothing
// is freed per event. (Allocating and freeing each event with its order snapshot was about a
// third of a consumer's CPU.)
#pragma once

#include <cstddef>
#include <deque>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "sales/events/v1/event.pb.h"

namespace sales::events {

class EventQueue final {
 public:
  explicit EventQueue(size_t capacity) : capacity_(capacity) {}

  // Waits for room and takes `event`, leaving in its place a cleared event to parse the
  // next one into (a recycled one when there is one); false once the queue is aborted (the
  // event is dropped).
  bool Push(v1::Event& event);
  // No more events will be pushed; PopBatch drains what is left, then returns false.
  void Close();
  // The consumer gave up: Push returns false from now on, and so does PopBatch.
  void Abort();
  // Takes back the events of the previous batch (cleared, for reuse), then waits for at
  // least one event and moves up to `max` of them into `batch`; false when the queue is
  // closed and empty, or aborted.
  bool PopBatch(size_t max, std::vector<v1::Event>& batch);

 private:
  const size_t capacity_;
  absl::Mutex mu_;
  std::deque<v1::Event> events_ ABSL_GUARDED_BY(mu_);
  // Cleared events for Push to hand back; at most `capacity_`.
  std::vector<v1::Event> spares_ ABSL_GUARDED_BY(mu_);
  bool closed_ ABSL_GUARDED_BY(mu_) = false;
  bool aborted_ ABSL_GUARDED_BY(mu_) = false;
};

}  // namespace sales::events
