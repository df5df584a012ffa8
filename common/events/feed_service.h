// sales.events.v1.EventFeedService over a service's own event log: history first, then
// live events as the relay appends them. Each publishing service registers one.
#pragma once

#include <atomic>

#include "common/db/pool.h"
#include "common/events/relay.h"
#include "common/server/rpc_observer.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"

namespace sales::events {

class FeedService final : public sales::events::v1::EventFeedService::Service {
 public:
  FeedService(db::ConnectionPool& pool, LogWatcher& watcher, RpcObserver& observer);

  grpc::Status Subscribe(grpc::ServerContext* context, const v1::SubscribeRequest* request,
                         grpc::ServerWriter<v1::Event>* writer) override;
  grpc::Status GetFeedHead(grpc::ServerContext* context, const v1::GetFeedHeadRequest* request,
                           v1::FeedHead* response) override;

  // Ends every open stream (with UNAVAILABLE, so consumers reconnect elsewhere): called at
  // SIGTERM so that long-lived streams do not hold up a graceful shutdown.
  void StopStreams() { stopping_ = true; }

 private:
  db::ConnectionPool& pool_;
  LogWatcher& watcher_;
  RpcObserver& observer_;
  std::atomic<bool> stopping_{false};
};

}  // namespace sales::events
