// An event consumer: follows another service's feed and applies its events in local
// transactions (a batch of what has arrived, up to 500 events unless set otherwise) that
// also advance the stored position of that source. After a crash it
// resumes from the stored position: nothing is lost and nothing is applied twice.
#pragma once

#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/server/metrics.h"
#include "sales/events/v1/event.pb.h"

namespace sales::events {

// Applies one event inside the consumer's transaction (shared with the other events of its
// batch); an error rolls the batch back and it is offered again after a pause (the position
// does not advance past it).
using EventHandler =
    std::function<absl::Status(db::Transaction& tx, const sales::events::v1::Event& event)>;

// Applies the events of one batch inside the consumer's transaction: only those the stored
// position shows were not applied yet, in position order (never empty). An error rolls the
// whole batch back, as with EventHandler. A handler that works on the batch as a whole
// (bulk reads, multi-row writes) saves statements on every event.
using BatchHandler = std::function<absl::Status(
    db::Transaction& tx, const std::vector<const sales::events::v1::Event*>& events)>;

// The position stored for `source` in this schema (0 if none).
int64_t ReadCheckpoint(db::Transaction& tx, const std::string& source);

class Consumer final {
 public:
  static constexpr size_t kDefaultMaxBatch = 500;

  // `source` names the feed in consumer_checkpoints (e.g. "orders"); `types` filters the
  // stream by event type (all when empty).
  Consumer(std::string source, std::shared_ptr<grpc::Channel> channel, db::ConnectionPool& pool,
           EventHandler handler, std::vector<std::string> types = {});
  // The same, with a handler given each batch as a whole.
  Consumer(std::string source, std::shared_ptr<grpc::Channel> channel, db::ConnectionPool& pool,
           BatchHandler handler, std::vector<std::string> types = {});
  ~Consumer();
  Consumer(const Consumer&) = delete;
  Consumer& operator=(const Consumer&) = delete;

  // Starts following the feed from the stored position; after Stop, Start follows it again.
  void Start();
  // Waits for the batch being applied, then stops.
  void Stop();

  // Called (on the consumer's thread) after each committed batch that applied an event, so
  // that readers of what it derived can refresh; set before Start.
  void SetAppliedListener(std::function<void()> listener) {
    applied_listener_ = std::move(listener);
  }

  // At most `events` per transaction (default 500); set before Start. Larger batches merge
  // more rows per statement when a feed is replayed or bursts; an idle feed's batches stay
  // as small as what has arrived.
  void SetMaxBatch(size_t events) { max_batch_ = std::max<size_t>(1, events); }

  // Asks the feed for only these statuses of order_status_changed events
  // (SubscribeRequest.order_statuses, sales.orders.v1.OrderStatus names); set before Start.
  // The feed then never sends the others, instead of this consumer parsing and dropping them.
  void SetOrderStatuses(std::vector<std::string> statuses) {
    order_statuses_ = std::move(statuses);
  }

  // The feed's name in consumer_checkpoints.
  const std::string& source() const { return source_; }
  // Position of the last event applied (or skipped as already applied).
  int64_t applied_position() const { return applied_.load(); }
  int64_t applied_total() const { return applied_total_.load(); }
  // Streams that ended in an error since the last one that made progress, and the last
  // error: a consumer that keeps failing on the same event shows it here.
  int64_t consecutive_failures() const { return consecutive_failures_.load(); }
  std::string last_error() const;

 private:
  void Run();
  // Follows one stream until it ends; returns why.
  absl::Status FollowStream();
  // Applies the events of `batch` that the stored position shows were not applied yet,
  // in one transaction that advances the position; `applied_in_stream` is the position
  // this stream last applied (or started after), and advances only when the batch commits.
  absl::Status ApplyBatch(const std::vector<sales::events::v1::Event>& batch,
                          int64_t& applied_in_stream);

  const std::string source_;
  std::shared_ptr<grpc::Channel> channel_;
  db::ConnectionPool& pool_;
  BatchHandler handler_;
  const std::vector<std::string> types_;
  std::vector<std::string> order_statuses_;
  std::function<void()> applied_listener_;
  size_t max_batch_ = kDefaultMaxBatch;
  std::atomic<int64_t> applied_{0};
  std::atomic<int64_t> applied_total_{0};
  std::atomic<int64_t> consecutive_failures_{0};
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  std::string last_error_ ABSL_GUARDED_BY(mu_);
  grpc::ClientContext* stream_context_ ABSL_GUARDED_BY(mu_) = nullptr;
  std::thread thread_;
};

// Prometheus gauges of a consumer: sales_consumer_applied_position and
// sales_consumer_applied_total, labelled with the service and the source.
Metrics::Collector ConsumerCollector(const Consumer& consumer, const std::string& service,
                                     const std::string& source);

}  // namespace sales::events
