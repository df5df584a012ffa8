#include "common/events/feed_service.h"

#include <grpcpp/support/proto_buffer_reader.h>

#include <deque>
#include <optional>
#include <set>
#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "common/db/transaction.h"
#include "common/events/event_log.h"
#include "common/outbox.h"
#include "common/server/log.h"
#include "common/status.h"
#include "sales/orders/v1/order.pb.h"

namespace sales::events {
namespace {

// Events per read. One batch is the most a stream holds in memory, and what a catching-up
// stream gets per round trip to the database.
constexpr int kReadBatch = 1000;
// How long a caught-up stream waits for the local relay before reading the log again
// (the relay may run in another replica, which cannot wake us).
constexpr absl::Duration kFollowPoll = absl::Milliseconds(200);
constexpr absl::Duration kReadTimeout = absl::Seconds(10);
// The one event type with variants (EventVariantOf).
constexpr char kOrderStatusChanged[] = "order_status_changed";

// Each name in `types` must be an event type: a field name of the Event.payload oneof.
absl::Status ValidateTypes(const google::protobuf::RepeatedPtrField<std::string>& types) {
  const google::protobuf::OneofDescriptor* payload =
      v1::Event::descriptor()->FindOneofByName("payload");
  for (const std::string& type : types) {
    bool known = false;
    for (int i = 0; i < payload->field_count() && !known; ++i) {
      known = payload->field(i)->name() == type;
    }
    if (!known) {
      return InvalidField("types", absl::StrCat("'", type,
                                                "' is not an event type (the field names of "
                                                "sales.events.v1.Event.payload, e.g. "
                                                "order_status_changed)"));
    }
  }
  return absl::OkStatus();
}

// Each name in `order_statuses` must be a sales.orders.v1.OrderStatus value name, the form
// OrderStatusChanged.to_status carries.
absl::Status ValidateOrderStatuses(const google::protobuf::RepeatedPtrField<std::string>& names) {
  const google::protobuf::EnumDescriptor* statuses = orders::v1::OrderStatus_descriptor();
  for (const std::string& name : names) {
    if (statuses->FindValueByName(name) == nullptr) {
      return InvalidField("order_statuses",
                          absl::StrCat("'", name,
                                       "' is not a sales.orders.v1.OrderStatus name (e.g. "
                                       "ORDER_STATUS_COMPLETED)"));
    }
  }
  return absl::OkStatus();
}

// The variant of events logged before the log stored it ('' in event_variant): read from
// the payload, so that a status filter treats old and new rows alike. Only order status
// changes have variants, so only they are parsed, and only once per batch for all streams.
void ClassifyUnstoredVariants(std::vector<LogMessage>& batch) {
  for (LogMessage& message : batch) {
    if (!message.variant.empty() || message.type != kOrderStatusChanged) continue;
    v1::Event event;
    if (event.ParseFromString(message.bytes)) message.variant = EventVariantOf(event);
  }
}

// A stream refused before it started (bad request, not ready, shutting down).
class RefusedReactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  explicit RefusedReactor(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

struct Item {
  int64_t position = 0;
  grpc::ByteBuffer message;  // shares the batch's slices (reference counted)
};

}  // namespace

// The state of one stream, shared by its reactor (gRPC's callback threads) and the reader
// thread. Lock order: FeedService::mu_ before Stream::mu, never the other way round.
class FeedService::Stream final {
 public:
  Stream(int64_t after, std::set<std::string> types, std::set<std::string> order_statuses)
      : types(std::move(types)), order_statuses(std::move(order_statuses)), scanned(after) {}

  // Whether the subscriber asked for this event (its type, and its status if it filters
  // status changes).
  bool Wants(const LogMessage& message) const {
    if (!types.empty() && !types.contains(message.type)) return false;
    if (order_statuses.empty() || message.type != kOrderStatusChanged) return true;
    return order_statuses.contains(message.variant);
  }

  // Sends the next queued event. (No buffer_hint: a hinted write completes only once a
  // later write flushes it, and the next write starts only after it completed.)
  void WriteFront() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu) {
    writing = true;
    reactor->StartWrite(&queue.front().message);
  }

  // Ends the stream with `status`, once the write in flight (if any) completed.
  void RequestFinish(const grpc::Status& status) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu);

  enum class Next { kGone, kWriting, kHungry, kIdle };
  // Queues the events of `batch` this stream wants (the reader thread).
  Next Deliver(const std::vector<LogMessage>& batch, const std::vector<grpc::ByteBuffer>& buffers,
               bool full) {
    absl::MutexLock lock(&mu);
    if (finishing || reactor == nullptr) return Next::kGone;
    for (size_t i = 0; i < batch.size(); ++i) {
      if (!Wants(batch[i])) continue;
      queue.push_back({batch[i].position, buffers[i]});
    }
    if (!batch.empty()) scanned = batch.back().position;
    if (!queue.empty()) {
      if (!writing) WriteFront();
      return Next::kWriting;
    }
    return full ? Next::kHungry : Next::kIdle;
  }

  absl::Mutex mu;
  grpc::ServerWriteReactor<grpc::ByteBuffer>* reactor ABSL_GUARDED_BY(mu) = nullptr;
  const std::set<std::string> types;
  const std::set<std::string> order_statuses;
  // Read from the log through this position (written, queued or filtered out).
  int64_t scanned ABSL_GUARDED_BY(mu);
  // Events to send, oldest first; the front is in flight while `writing`. A deque keeps
  // the front's address while events are appended behind it.
  std::deque<Item> queue ABSL_GUARDED_BY(mu);
  bool writing ABSL_GUARDED_BY(mu) = false;
  bool finishing ABSL_GUARDED_BY(mu) = false;
  std::optional<grpc::Status> pending_finish ABSL_GUARDED_BY(mu);
  grpc::StatusCode code ABSL_GUARDED_BY(mu) = grpc::StatusCode::OK;
  int64_t sent ABSL_GUARDED_BY(mu) = 0;
};

void FeedService::Stream::RequestFinish(const grpc::Status& status) {
  if (finishing || reactor == nullptr) return;
  finishing = true;
  code = status.error_code();
  if (writing) {
    pending_finish = status;
    queue.resize(1);  // keep only the event in flight
    return;
  }
  queue.clear();
  reactor->Finish(status);
}

// The reactor of one Subscribe call. Its reactions only move events from the stream's
// queue to gRPC and never block: reading more is the reader thread's work.
class FeedService::Reactor final : public grpc::ServerWriteReactor<grpc::ByteBuffer> {
 public:
  Reactor(FeedService* service, std::shared_ptr<Stream> stream)
      : service_(service), stream_(std::move(stream)) {}

  void OnWriteDone(bool ok) override {
    {
      absl::MutexLock lock(&stream_->mu);
      stream_->queue.pop_front();
      stream_->writing = false;
      if (stream_->pending_finish.has_value()) {
        const grpc::Status status = *std::move(stream_->pending_finish);
        stream_->pending_finish.reset();
        stream_->queue.clear();
        Finish(status);
        return;
      }
      if (!ok) {
        stream_->RequestFinish(grpc::Status(grpc::StatusCode::CANCELLED, "subscriber went away"));
        return;
      }
      ++stream_->sent;
      if (!stream_->queue.empty()) {
        stream_->WriteFront();
        return;
      }
      if (stream_->finishing) return;
    }
    service_->WantMore(stream_);
  }

  void OnCancel() override {
    absl::MutexLock lock(&stream_->mu);
    stream_->RequestFinish(grpc::Status(grpc::StatusCode::CANCELLED, "subscriber cancelled"));
  }

  void OnDone() override {
    service_->Remove(stream_.get());
    int64_t sent = 0;
    grpc::StatusCode code = grpc::StatusCode::OK;
    int64_t scanned = 0;
    {
      absl::MutexLock lock(&stream_->mu);
      stream_->reactor = nullptr;
      sent = stream_->sent;
      code = stream_->code;
      scanned = stream_->scanned;
    }
    log::Info("stream ended",
              {{"method", "Subscribe"},
               {"code", absl::StatusCodeToString(static_cast<absl::StatusCode>(code))},
               {"events_sent", sent},
               {"position", scanned},
               {"duration_ms", absl::ToInt64Milliseconds(absl::Now() - start_)}});
    delete this;
  }

 private:
  FeedService* const service_;
  const std::shared_ptr<Stream> stream_;
  const absl::Time start_ = absl::Now();
};

FeedService::FeedService(db::ConnectionPool& pool, LogWatcher& watcher, RpcObserver& observer)
    : pool_(pool), watcher_(watcher), observer_(observer) {
  watcher_.SetListener([this](int64_t head) { OnHead(head); });
  // One thread reads for every stream. The alternatives were reads on gRPC's callback
  // threads (short, but a slow database would stall every RPC of the service, since those
  // threads are shared) or a thread per stream (what the callback API is here to avoid).
  // One reader also lets streams at the same position share one read.
  reader_ = std::thread([this] { ReaderLoop(); });
}

FeedService::~FeedService() {
  Stop();
  watcher_.SetListener(nullptr);
}

grpc::ServerWriteReactor<grpc::ByteBuffer>* FeedService::Subscribe(
    grpc::CallbackServerContext*, const grpc::ByteBuffer* raw_request) {
  v1::SubscribeRequest request;
  grpc::ByteBuffer copy(*raw_request);  // shares the slices; Deserialize consumes its input
  const bool parsed =
      grpc::SerializationTraits<v1::SubscribeRequest>::Deserialize(&copy, &request).ok();
  // The opening of a stream is observed (readiness, validation, one log line and the RPC
  // metrics); its end is logged by the reactor ("stream ended").
  const grpc::Status opened =
      observer_.Observe(nullptr, "Subscribe", "", [&](absl::Time) -> absl::Status {
        if (!parsed) return absl::InvalidArgumentError("request: does not parse");
        if (request.after_position() < 0) {
          return InvalidField("after_position", "must not be negative");
        }
        RETURN_IF_ERROR(ValidateTypes(request.types()));
        RETURN_IF_ERROR(ValidateOrderStatuses(request.order_statuses()));
        absl::MutexLock lock(&mu_);
        if (stopping_) return absl::UnavailableError("server is shutting down; resubscribe");
        return absl::OkStatus();
      });
  if (!opened.ok()) return new RefusedReactor(opened);

  auto stream = std::make_shared<Stream>(
      request.after_position(),
      std::set<std::string>(request.types().begin(), request.types().end()),
      std::set<std::string>(request.order_statuses().begin(), request.order_statuses().end()));
  auto* reactor = new Reactor(this, stream);
  absl::MutexLock lock(&mu_);
  absl::MutexLock stream_lock(&stream->mu);
  stream->reactor = reactor;
  if (stopping_) {
    stream->RequestFinish(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down; resubscribe"));
  } else {
    streams_[stream.get()] = stream;
    hungry_.push_back(stream);
  }
  return reactor;
}

void FeedService::WantMore(std::shared_ptr<Stream> stream) {
  absl::MutexLock lock(&mu_);
  if (!reader_stop_) hungry_.push_back(std::move(stream));
}

void FeedService::Remove(const Stream* stream) {
  absl::MutexLock lock(&mu_);
  streams_.erase(stream);
}

void FeedService::OnHead(int64_t head) {
  absl::MutexLock lock(&mu_);
  if (head > head_) head_ = head;
}

void FeedService::StopStreams() {
  absl::MutexLock lock(&mu_);
  stopping_ = true;
  for (auto& [key, stream] : streams_) {
    absl::MutexLock stream_lock(&stream->mu);
    stream->RequestFinish(
        grpc::Status(grpc::StatusCode::UNAVAILABLE, "server is shutting down; resubscribe"));
  }
}

void FeedService::Stop() {
  StopStreams();
  {
    absl::MutexLock lock(&mu_);
    reader_stop_ = true;
    hungry_.clear();
    idle_.clear();
  }
  if (reader_.joinable()) reader_.join();
}

void FeedService::ReaderLoop() {
  absl::Time next_poll = absl::Now() + kFollowPoll;
  for (;;) {
    std::vector<std::shared_ptr<Stream>> due;
    {
      absl::MutexLock lock(&mu_);
      auto has_work = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
        if (reader_stop_ || !hungry_.empty()) return true;
        for (const auto& [through, stream] : idle_) {
          if (through < head_) return true;
        }
        return false;
      };
      mu_.AwaitWithDeadline(absl::Condition(&has_work), next_poll);
      if (reader_stop_) return;
      const bool poll = absl::Now() >= next_poll;
      if (poll) next_poll = absl::Now() + kFollowPoll;
      due.swap(hungry_);
      std::vector<std::pair<int64_t, std::shared_ptr<Stream>>> still_idle;
      for (auto& entry : idle_) {
        if (poll || entry.first < head_) {
          due.push_back(std::move(entry.second));
        } else {
          still_idle.push_back(std::move(entry));
        }
      }
      idle_.swap(still_idle);
    }
    if (!due.empty()) Serve(std::move(due));
  }
}

void FeedService::Serve(std::vector<std::shared_ptr<Stream>> due) {
  // Streams at the same position share one read (typically every caught-up stream).
  std::map<int64_t, std::vector<std::shared_ptr<Stream>>> by_position;
  for (std::shared_ptr<Stream>& stream : due) {
    int64_t after = 0;
    {
      absl::MutexLock lock(&stream->mu);
      if (stream->finishing) continue;
      after = stream->scanned;
    }
    by_position[after].push_back(std::move(stream));
  }
  for (auto& [after, group] : by_position) {
    absl::StatusOr<std::vector<LogMessage>> batch;
    const absl::Status status =
        db::RunInTransaction(pool_, absl::Now() + kReadTimeout, [&](db::Transaction& tx) {
          batch = ReadLogMessages(tx, after, kReadBatch);
          return batch.status();
        });
    if (!status.ok()) {
      const grpc::Status failed = ToGrpcStatus(status);
      for (const std::shared_ptr<Stream>& stream : group) {
        absl::MutexLock lock(&stream->mu);
        stream->RequestFinish(failed);
      }
      continue;
    }
    ClassifyUnstoredVariants(*batch);
    // Each event becomes one buffer, shared by every stream that sends it.
    std::vector<grpc::ByteBuffer> buffers;
    buffers.reserve(batch->size());
    for (const LogMessage& message : *batch) {
      grpc::Slice slice(message.bytes);
      buffers.emplace_back(&slice, 1);
    }
    const bool full = static_cast<int>(batch->size()) == kReadBatch;
    std::vector<std::shared_ptr<Stream>> hungry;
    std::vector<std::pair<int64_t, std::shared_ptr<Stream>>> idle;
    for (std::shared_ptr<Stream>& stream : group) {
      switch (stream->Deliver(*batch, buffers, full)) {
        case Stream::Next::kHungry:
          hungry.push_back(std::move(stream));
          break;
        case Stream::Next::kIdle:
          idle.emplace_back(batch->empty() ? after : batch->back().position, std::move(stream));
          break;
        case Stream::Next::kWriting:  // asks again when its queue runs empty
        case Stream::Next::kGone:
          break;
      }
    }
    absl::MutexLock lock(&mu_);
    if (!batch->empty() && batch->back().position > head_) head_ = batch->back().position;
    if (reader_stop_) continue;
    hungry_.insert(hungry_.end(), std::make_move_iterator(hungry.begin()),
                   std::make_move_iterator(hungry.end()));
    idle_.insert(idle_.end(), std::make_move_iterator(idle.begin()),
                 std::make_move_iterator(idle.end()));
  }
}

FeedService::StreamStats FeedService::GetStreamStats() const {
  const int64_t relayed_head = watcher_.head();
  absl::MutexLock lock(&mu_);
  StreamStats stats;
  stats.open = static_cast<int64_t>(streams_.size());
  stats.head = std::max(head_, relayed_head);
  for (const auto& [key, stream] : streams_) {
    absl::MutexLock stream_lock(&stream->mu);
    const int64_t through =
        stream->queue.empty() ? stream->scanned : stream->queue.front().position - 1;
    const int64_t behind = std::max<int64_t>(0, stats.head - through);
    stats.max_behind = std::max(stats.max_behind, behind);
    stats.sum_behind += behind;
  }
  return stats;
}

grpc::Status FeedService::GetFeedHead(grpc::ServerContext* context, const v1::GetFeedHeadRequest*,
                                      v1::FeedHead* response) {
  return observer_.Observe(context, "GetFeedHead", "", [&](absl::Time deadline) {
    return db::RunInTransaction(pool_, deadline, [&](db::Transaction& tx) {
      response->set_position(HeadPosition(tx));
      response->set_pending(PendingCount(tx));
      return absl::OkStatus();
    });
  });
}

}  // namespace sales::events
