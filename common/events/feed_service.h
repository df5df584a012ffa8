// sales.events.v1.EventFeedService over a service's own event log: history first, then
// live events as the relay appends them. Each publishing service registers one (through
// EventPublisher).
//
// Subscribe is served with gRPC's callback API: a stream is a write reactor, not a thread,
// so a hundred subscribers cost a hundred small objects. All database reads for all
// streams are made by one reader thread of this service (see ReaderLoop), never on gRPC's
// callback threads, which must not block. GetFeedHead stays a synchronous handler.
#pragma once

#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/support/server_callback.h>

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/events/relay.h"
#include "common/server/rpc_observer.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"

namespace sales::events {

// Subscribe is a raw (ByteBuffer) callback method: events are stored serialized, so they
// are sent as stored (with their position appended) instead of parsed and serialized
// again for every subscriber.
class FeedService final
    : public v1::EventFeedService::WithRawCallbackMethod_Subscribe<v1::EventFeedService::Service> {
 public:
  // Starts the reader thread.
  FeedService(db::ConnectionPool& pool, LogWatcher& watcher, RpcObserver& observer);
  ~FeedService() override;
  FeedService(const FeedService&) = delete;
  FeedService& operator=(const FeedService&) = delete;

  grpc::ServerWriteReactor<grpc::ByteBuffer>* Subscribe(grpc::CallbackServerContext* context,
                                                        const grpc::ByteBuffer* request) override;
  grpc::Status GetFeedHead(grpc::ServerContext* context, const v1::GetFeedHeadRequest* request,
                           v1::FeedHead* response) override;

  // Ends every open stream (with UNAVAILABLE, so consumers reconnect elsewhere) and
  // refuses new ones: called at SIGTERM so that long-lived streams do not hold up a
  // graceful shutdown.
  void StopStreams();
  // StopStreams, then ends the reader thread (before the pool closes). Idempotent.
  void Stop();

  // Open streams and how far behind the head they are (positions not yet sent, or
  // skipped by their type filter), for the metrics.
  struct StreamStats {
    int64_t open = 0;
    int64_t head = 0;
    int64_t max_behind = 0;
    int64_t sum_behind = 0;
  };
  StreamStats GetStreamStats() const;

  class Stream;

 private:
  class Reactor;
  friend class Reactor;

  // The reader thread: waits until some stream needs events, reads them from the log
  // (once for all streams at the same position) and hands them over.
  void ReaderLoop();
  void Serve(std::vector<std::shared_ptr<Stream>> due);
  // A stream whose queue ran empty: read for it next.
  void WantMore(std::shared_ptr<Stream> stream);
  void Remove(const Stream* stream);
  void OnHead(int64_t head);

  db::ConnectionPool& pool_;
  LogWatcher& watcher_;
  RpcObserver& observer_;
  mutable absl::Mutex mu_;
  bool stopping_ ABSL_GUARDED_BY(mu_) = false;
  bool reader_stop_ ABSL_GUARDED_BY(mu_) = false;
  // Every open stream; the reader's work lists below hold them too.
  std::map<const Stream*, std::shared_ptr<Stream>> streams_ ABSL_GUARDED_BY(mu_);
  // Streams to read for now.
  std::vector<std::shared_ptr<Stream>> hungry_ ABSL_GUARDED_BY(mu_);
  // Caught-up streams with the position they were read through: read again when the
  // head passes it, or at the next poll (the relay may run in another replica).
  std::vector<std::pair<int64_t, std::shared_ptr<Stream>>> idle_ ABSL_GUARDED_BY(mu_);
  // The newest position known here (relayed locally or read from the log).
  int64_t head_ ABSL_GUARDED_BY(mu_) = 0;
  std::thread reader_;
};

}  // namespace sales::events
