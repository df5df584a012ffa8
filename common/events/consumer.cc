#include "common/events/consumer.h"

#include "absl/strings/str_cat.h"
#include "common/events/event_queue.h"
#include "common/server/log.h"
#include "common/status.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"

namespace sales::events {
namespace {

constexpr char kEnsureRow[] =
    "INSERT INTO consumer_checkpoints (source, position, updated_at) VALUES (?, 0, ?) "
    "ON DUPLICATE KEY UPDATE source = source";
constexpr char kLockPosition[] =
    "SELECT position FROM consumer_checkpoints WHERE source = ? FOR UPDATE";
constexpr char kReadPosition[] = "SELECT position FROM consumer_checkpoints WHERE source = ?";
constexpr char kAdvance[] =
    "UPDATE consumer_checkpoints SET position = ?, updated_at = ? WHERE source = ?";

constexpr absl::Duration kMinBackoff = absl::Milliseconds(100);
// A resubscribe is cheap; a restarted publisher is followed again within about a second.
constexpr absl::Duration kMaxBackoff = absl::Seconds(1);
constexpr absl::Duration kApplyTimeout = absl::Seconds(30);
// Events read ahead of the applier at most, in batches: a replay from position 0 commits
// once per batch instead of once per event.
constexpr size_t kBatchesReadAhead = 4;

}  // namespace

int64_t ReadCheckpoint(db::Transaction& tx, const std::string& source) {
  auto rs = tx.Query(kReadPosition, {source});
  return rs->next() ? rs->getInt64(1) : 0;
}

Consumer::Consumer(std::string source, std::shared_ptr<grpc::Channel> channel,
                   db::ConnectionPool& pool, EventHandler handler, std::vector<std::string> types)
    : Consumer(std::move(source), std::move(channel), pool,
               BatchHandler([handler = std::move(handler)](
                                db::Transaction& tx, const std::vector<const v1::Event*>& events) {
                 for (const v1::Event* event : events) RETURN_IF_ERROR(handler(tx, *event));
                 return absl::OkStatus();
               }),
               std::move(types)) {}

Consumer::Consumer(std::string source, std::shared_ptr<grpc::Channel> channel,
                   db::ConnectionPool& pool, BatchHandler handler, std::vector<std::string> types)
    : source_(std::move(source)),
      channel_(std::move(channel)),
      pool_(pool),
      handler_(std::move(handler)),
      types_(std::move(types)) {}

Consumer::~Consumer() { Stop(); }

void Consumer::Start() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = false;  // a stopped consumer may be started again
  }
  thread_ = std::thread([this] { Run(); });
}

void Consumer::Stop() {
  {
    absl::MutexLock lock(&mu_);
    stopping_ = true;
    if (stream_context_ != nullptr) stream_context_->TryCancel();
  }
  if (thread_.joinable()) thread_.join();
}

void Consumer::Run() {
  absl::Duration backoff = kMinBackoff;
  while (true) {
    const int64_t before = applied_total_.load();
    const absl::Status ended = FollowStream();
    {
      absl::MutexLock lock(&mu_);
      if (stopping_) return;
    }
    if (applied_total_.load() > before) {
      backoff = kMinBackoff;  // it was making progress
      consecutive_failures_ = 0;
    }
    if (!ended.ok()) {
      ++consecutive_failures_;
      absl::MutexLock lock(&mu_);
      last_error_ = std::string(ended.message());
    }
    log::Warn("event stream ended, reconnecting",
              {{"source", source_},
               {"code", absl::StatusCodeToString(ended.code())},
               {"error", ended.message()},
               {"backoff_ms", absl::ToInt64Milliseconds(backoff)}});
    absl::MutexLock lock(&mu_);
    auto stopping = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) { return stopping_; };
    if (mu_.AwaitWithTimeout(absl::Condition(&stopping), backoff)) return;
    backoff = std::min(backoff * 2, kMaxBackoff);
  }
}

absl::Status Consumer::FollowStream() {
  int64_t position = 0;
  RETURN_IF_ERROR(
      db::RunInTransaction(pool_, absl::Now() + kApplyTimeout, [&](db::Transaction& tx) {
        // The row exists from here on, so each batch's transaction only locks and moves it.
        tx.Exec(kEnsureRow, {source_, absl::Now()});
        position = ReadCheckpoint(tx, source_);
        return absl::OkStatus();
      }));
  applied_ = position;
  grpc::ClientContext context;
  {
    absl::MutexLock lock(&mu_);
    if (stopping_) return absl::CancelledError("stopping");
    stream_context_ = &context;
  }
  v1::SubscribeRequest request;
  request.set_after_position(position);
  for (const std::string& type : types_) request.add_types(type);
  for (const std::string& status : order_statuses_) request.add_order_statuses(status);
  auto stub = v1::EventFeedService::NewStub(channel_);
  std::unique_ptr<grpc::ClientReader<v1::Event>> reader = stub->Subscribe(&context, request);
  // One thread reads the stream into the queue while this one applies what has arrived.
  EventQueue queue(kBatchesReadAhead * max_batch_);
  std::thread read_thread([&reader, &queue] {
    v1::Event event;
    while (reader->Read(&event)) {
      if (!queue.Push(event)) break;
    }
    queue.Close();
  });
  absl::Status status;
  std::vector<v1::Event> batch;
  int64_t applied_in_stream = position;
  while (queue.PopBatch(max_batch_, batch)) {
    status = ApplyBatch(batch, applied_in_stream);
    if (!status.ok()) {
      context.TryCancel();
      queue.Abort();
      break;
    }
  }
  read_thread.join();
  const grpc::Status finished = reader->Finish();
  {
    absl::MutexLock lock(&mu_);
    stream_context_ = nullptr;
  }
  if (!status.ok()) return status;
  return absl::Status(static_cast<absl::StatusCode>(finished.error_code()),
                      finished.error_message());
}

absl::Status Consumer::ApplyBatch(const std::vector<v1::Event>& batch, int64_t& applied_in_stream) {
  int64_t reached = 0;
  const absl::Status status = db::RunInTransaction(
      pool_, absl::Now() + kApplyTimeout,
      [&](db::Transaction& tx) {
        const absl::Time now = absl::Now();
        auto rs = tx.Query(kLockPosition, {source_});
        if (!rs->next()) {
          return absl::DataLossError(
              absl::StrCat("the checkpoint row of ", source_, " disappeared: resubscribing"));
        }
        const int64_t stored = rs->getInt64(1);
        // The stored position only moves forward; behind what this stream already applied
        // means an applied batch did not stick (its commit was lost). Resume from the
        // stored position instead of skipping it. A filtered stream has gaps by design,
        // so this is its only guard.
        if (stored < applied_in_stream) {
          return absl::DataLossError(absl::StrCat("the stored position of ", source_, " (", stored,
                                                  ") is behind this stream (", applied_in_stream,
                                                  "): resuming from it"));
        }
        reached = stored;
        const bool filtered = !types_.empty() || !order_statuses_.empty();
        std::vector<const v1::Event*> pending;
        pending.reserve(batch.size());
        for (const v1::Event& event : batch) {
          if (event.position() <= reached) continue;  // applied before
          if (!filtered && event.position() != reached + 1) {
            return absl::DataLossError(absl::StrCat("gap in the feed of ", source_, ": expected ",
                                                    reached + 1, ", got ", event.position()));
          }
          pending.push_back(&event);
          reached = event.position();
        }
        if (pending.empty()) return absl::OkStatus();
        RETURN_IF_ERROR(handler_(tx, pending));
        tx.Exec(kAdvance, {reached, now, source_});
        return absl::OkStatus();
      },
      // A rerun after a lost commit sees the stored position and skips what committed.
      db::OnUnknownCommit::kRetry);
  // Only a confirmed commit moves the position this process believes in.
  if (status.ok()) {
    if (reached > applied_in_stream && applied_listener_) applied_listener_();
    applied_in_stream = reached;
    applied_ = reached;
    applied_total_ += static_cast<int64_t>(batch.size());
  }
  return status;
}

std::string Consumer::last_error() const {
  absl::MutexLock lock(&mu_);
  return last_error_;
}

Metrics::Collector ConsumerCollector(const Consumer& consumer, const std::string& service,
                                     const std::string& source) {
  const std::string labels = absl::StrCat("{service=\"", EscapeLabelValue(service), "\",source=\"",
                                          EscapeLabelValue(source), "\"}");
  return [&consumer, labels](std::string* out) {
    absl::StrAppend(out,
                    "# HELP sales_consumer_applied_position Feed position applied last.\n"
                    "# TYPE sales_consumer_applied_position gauge\n"
                    "sales_consumer_applied_position",
                    labels, " ", consumer.applied_position(), "\n",
                    "# HELP sales_consumer_applied_total Events applied since start.\n"
                    "# TYPE sales_consumer_applied_total counter\n"
                    "sales_consumer_applied_total",
                    labels, " ", consumer.applied_total(), "\n");
  };
}

}  // namespace sales::events
