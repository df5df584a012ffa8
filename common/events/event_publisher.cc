#include "common/events/event_publisher.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"

namespace sales::events {
EventPublisher::Options EventPublisher::ReadOptions(Flags& flags) {
  Options options;
  options.relay = flags.Bool("event_relay", "SALES_EVENT_RELAY", true,
                             "relay the outbox into the event log in this replica (one replica "
                             "per schema relays at a time; false: never in this one)");
  return options;
}

EventPublisher::EventPublisher(const ServerConfig& config, db::ConnectionPool& pool,
                               RpcObserver& observer, Metrics& metrics, Options options)
    : relay_(config.db, watcher_, options.relay), feed_(pool, watcher_, observer) {
  (void)metrics;
}

EventPublisher::~EventPublisher() { Stop(); }

void EventPublisher::AddTo(ServerSpec& spec) {
  spec.health_service_names.push_back(v1::EventFeedService::service_full_name());
  spec.services.push_back(&feed_);
  spec.after_migrations.push_back([this] { Start(); });
  spec.before_shutdown.push_back([this] { feed_.StopStreams(); });
  spec.after_drain.push_back([this] { Stop(); });
}

void EventPublisher::Start() {
  // Committed events reach the relay at once instead of at its next poll.
  db::SetOutboxCommitListener([this] { relay_.Nudge(); });
  relay_.Start();
}

void EventPublisher::Stop() {
  db::SetOutboxCommitListener(nullptr);
  feed_.StopStreams();
  relay_.Stop();
}

}  // namespace sales::events
