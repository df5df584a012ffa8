// The event publishing side of a service in one object: the outbox relay, the LogWatcher
// that wakes local subscribers, the feed service (Subscribe, GetFeedHead) and their
// Prometheus metrics, wired into a ServerSpec. A service's main() adds it in one line:
//
//   sales::events::EventPublisher publisher(config, pool, observer, metrics, options);
//   publisher.AddTo(spec);
#pragma once

#include <string>

#include "common/db/pool.h"
#include "common/events/feed_service.h"
#include "common/events/relay.h"
#include "common/server/flags.h"
#include "common/server/metrics.h"
#include "common/server/rpc_observer.h"
#include "common/server/server_config.h"
#include "common/server/server_runner.h"

namespace sales::events {

// The publisher's Prometheus samples, labelled with the service: sales_outbox_backlog,
// sales_outbox_oldest_age_seconds (from the relay's own counts, no query per scrape),
// sales_relay_batches_total, sales_relay_events_total, sales_relay_holds_lock,
// sales_feed_head_position, sales_feed_subscribers, sales_feed_subscriber_behind_max and
// sales_feed_subscriber_behind_sum (positions behind the head over open streams).
Metrics::Collector PublisherCollector(const Relay& relay, const FeedService& feed,
                                      const std::string& service);

struct EventPublisherOptions {
  // Whether this replica may relay the outbox (it still does so only while it holds the
  // schema's named lock). A replica with the relay off serves the feed and reports the
  // backlog; another replica on the schema must relay.
  bool relay = true;
};

class EventPublisher final {
 public:
  using Options = EventPublisherOptions;
  // Reads --event_relay / SALES_EVENT_RELAY (call before Flags::Check).
  static Options ReadOptions(Flags& flags);

  // `pool` serves the feed's reads; the relay opens one connection of its own from
  // config.db. The publisher must outlive the server (declare it before RunServer).
  EventPublisher(const ServerConfig& config, db::ConnectionPool& pool, RpcObserver& observer,
                 Metrics& metrics, Options options = {});
  ~EventPublisher();
  EventPublisher(const EventPublisher&) = delete;
  EventPublisher& operator=(const EventPublisher&) = delete;

  // Registers the feed service and its health name, and the hooks: the outbox commit
  // listener nudges the relay; the relay starts after migrations; open streams end with
  // UNAVAILABLE at SIGTERM; the relay and the feed's reader stop after the drain.
  void AddTo(ServerSpec& spec);

  Relay& relay() { return relay_; }
  FeedService& feed() { return feed_; }

 private:
  // Called by RunServer's hooks: Start on the migrations thread, Stop after it was joined
  // (and from the destructor), so they never overlap. Stop is idempotent.
  void Start();
  void Stop();

  LogWatcher watcher_;
  Relay relay_;
  FeedService feed_;
};

}  // namespace sales::events
