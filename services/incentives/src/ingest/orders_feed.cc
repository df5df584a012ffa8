#include "services/incentives/src/ingest/orders_feed.h"

#include <iterator>
#include <vector>

#include "common/client_channel.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "services/incentives/src/ingest/order_credits.h"

namespace sales::incentives::ingest {

std::unique_ptr<events::Consumer> OrdersFeedConsumer(const std::string& address,
                                                     db::ConnectionPool& pool,
                                                     absl::TimeZone zone) {
  // The feed is read-only; a Subscribe is retried only until its first event arrives.
  auto channel = ServiceChannel(
      address, {.retryable_methods = {events::v1::EventFeedService::service_full_name()}});
  return std::make_unique<events::Consumer>(
      "orders", std::move(channel), pool,
      [zone](db::Transaction& tx, const events::v1::Event& event) {
        return ApplyCreditEvent(tx, zone, event);
      },
      std::vector<std::string>(std::begin(kCreditEventTypes), std::end(kCreditEventTypes)));
}

}  // namespace sales::incentives::ingest
