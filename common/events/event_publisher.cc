#include "common/events/event_publisher.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "common/db/transaction.h"

namespace sales::events {
namespace {

void Sample(std::string* out, const char* name, const char* type, const char* help,
            const std::string& labels, const auto& value) {
  absl::StrAppend(out, "# HELP ", name, " ", help, "\n# TYPE ", name, " ", type, "\n", name, labels,
                  " ", value, "\n");
}

}  // namespace

Metrics::Collector PublisherCollector(const Relay& relay, const FeedService& feed,
                                      const std::string& service) {
  return [&relay, &feed, labels = absl::StrCat("{service=\"", EscapeLabelValue(service), "\"}")](
             std::string* out) {
    const Relay::Backlog backlog = relay.backlog();
    if (backlog.known) {
      Sample(out, "sales_outbox_backlog", "gauge",
             "Outbox rows not yet relayed into the event log (as counted by the relay's last "
             "pass).",
             labels, backlog.rows);
      const double age = backlog.rows > 0 && backlog.oldest != absl::InfinitePast()
                             ? std::max(0.0, absl::ToDoubleSeconds(absl::Now() - backlog.oldest))
                             : 0.0;
      Sample(out, "sales_outbox_oldest_age_seconds", "gauge",
             "Age of the oldest unrelayed event (0 when the outbox is empty).", labels,
             absl::StrFormat("%.3f", age));
    }
    Sample(out, "sales_relay_batches_total", "counter",
           "Relay transactions that moved events, in this replica.", labels, relay.batches_total());
    Sample(out, "sales_relay_events_total", "counter", "Events relayed by this replica.", labels,
           relay.relayed_total());
    Sample(out, "sales_relay_holds_lock", "gauge",
           "1 while this replica holds the relay lock (one replica per schema relays).", labels,
           relay.holds_lock() ? 1 : 0);
    const FeedService::StreamStats streams = feed.GetStreamStats();
    Sample(out, "sales_feed_head_position", "gauge", "Newest event log position known here.",
           labels, streams.head);
    Sample(out, "sales_feed_subscribers", "gauge", "Open Subscribe streams.", labels, streams.open);
    Sample(out, "sales_feed_subscriber_behind_max", "gauge",
           "Most positions an open stream is behind the head.", labels, streams.max_behind);
    Sample(out, "sales_feed_subscriber_behind_sum", "gauge",
           "Positions behind the head, summed over open streams.", labels, streams.sum_behind);
  };
}

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
  metrics.AddCollector(PublisherCollector(relay_, feed_, config.service));
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
  feed_.Stop();
  relay_.Stop();
}

}  // namespace sales::events
