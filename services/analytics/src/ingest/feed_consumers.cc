#include "services/analytics/src/ingest/feed_consumers.h"

#include <iterator>

#include "absl/strings/str_cat.h"
#include "common/client_channel.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "services/analytics/src/ingest/customer_batch.h"
#include "services/analytics/src/ingest/customer_events.h"
#include "services/analytics/src/ingest/order_batch.h"
#include "services/analytics/src/ingest/order_events.h"

namespace sales::analytics::ingest {
namespace {

template <size_t N>
std::vector<std::string> Types(const char* const (&types)[N]) {
  return std::vector<std::string>(std::begin(types), std::end(types));
}

std::shared_ptr<grpc::Channel> FeedChannel(const std::string& address) {
  // The feed is read-only; a Subscribe is retried only until its first event arrives.
  return ServiceChannel(address,
                        {.retryable_methods = {events::v1::EventFeedService::service_full_name()}});
}

}  // namespace

FeedConsumers::FeedConsumers(const FeedSettings& feeds, db::ConnectionPool& pool,
                             absl::TimeZone zone, store::TableSet set)
    : set_(set),
      facts_(set),
      rollup_(set),
      interactions_(set),
      feedback_(set),
      deliveries_(set),
      ctx_{zone, &facts_, &rollup_, set, &interactions_, &feedback_, &deliveries_} {
  if (!feeds.orders.empty()) {
    feeds_.push_back("orders");
    consumers_.push_back(std::make_unique<events::Consumer>(
        CheckpointName("orders", set), FeedChannel(feeds.orders), pool,
        [this](db::Transaction& tx, const std::vector<const events::v1::Event*>& events) {
          return ApplyOrderEvents(tx, ctx_, events);
        },
        Types(kOrderEventTypes)));
    consumers_.back()->SetOrderStatuses(Types(kOrderStatuses));
  }
  if (!feeds.customers.empty()) {
    feeds_.push_back("customers");
    consumers_.push_back(std::make_unique<events::Consumer>(
        CheckpointName("customers", set), FeedChannel(feeds.customers), pool,
        [this](db::Transaction& tx, const std::vector<const events::v1::Event*>& events) {
          return ApplyCustomerEvents(tx, ctx_, events);
        },
        Types(kCustomerEventTypes)));
  }
  for (auto& consumer : consumers_) consumer->SetMaxBatch(feeds.max_batch);
}

void FeedConsumers::SetChangeListener(std::function<void()> listener) {
  listener_ = std::move(listener);
  for (auto& consumer : consumers_) consumer->SetAppliedListener(listener_);
}

void FeedConsumers::NotifyChanged() const {
  if (listener_) listener_();
}

void FeedConsumers::Start() {
  for (auto& consumer : consumers_) consumer->Start();
}

void FeedConsumers::Stop() {
  for (auto& consumer : consumers_) consumer->Stop();
}

std::string FeedConsumers::CheckpointName(const std::string& feed, store::TableSet set) {
  return set == store::TableSet::kLive ? feed : absl::StrCat(feed, ":rebuild");
}

std::string FeedConsumers::PersistentError(int64_t min_failures) const {
  for (size_t i = 0; i < feeds_.size(); ++i) {
    if (consumers_[i]->consecutive_failures() >= min_failures) {
      return absl::StrCat(feeds_[i], ": ", consumers_[i]->last_error());
    }
  }
  return "";
}

int64_t FeedConsumers::Position(const std::string& feed) const {
  for (size_t i = 0; i < feeds_.size(); ++i) {
    if (feeds_[i] == feed) return consumers_[i]->applied_position();
  }
  return 0;
}

}  // namespace sales::analytics::ingest
