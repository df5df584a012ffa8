#include "services/incentives/src/ingest/orders_feed.h"

#include <iterator>
#include <vector>

#include "common/client_channel.h"
#include "common/status.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "services/incentives/src/ingest/credit_batch.h"
#include "services/incentives/src/ingest/order_credits.h"

namespace sales::incentives::ingest {

std::unique_ptr<events::Consumer> OrdersFeedConsumer(const std::string& address,
                                                     db::ConnectionPool& pool, absl::TimeZone zone,
                                                     CreditFeedOptions options) {
  // The feed is read-only; a Subscribe is retried only until its first event arrives.
  auto channel = ServiceChannel(
      address, {.retryable_methods = {events::v1::EventFeedService::service_full_name()}});
  // What the batch being applied touched: filled by the handler, handed on by the listener
  // once the batch committed. Both run on the consumer's one thread, one after the other; a
  // batch rolled back is applied again and starts the list afresh.
  auto touched = std::make_shared<std::vector<domain::CreditTouch>>();
  const bool bulk = options.bulk;
  auto consumer = std::make_unique<events::Consumer>(
      "orders", std::move(channel), pool,
      events::BatchHandler([zone, bulk, touched](
                               db::Transaction& tx,
                               const std::vector<const events::v1::Event*>& batch) -> absl::Status {
        touched->clear();
        if (bulk) return ApplyCreditBatch(tx, zone, batch, touched.get());
        for (const events::v1::Event* event : batch) {
          RETURN_IF_ERROR(ApplyCreditEvent(tx, zone, *event, touched.get()));
        }
        return absl::OkStatus();
      }),
      std::vector<std::string>(std::begin(kCreditEventTypes), std::end(kCreditEventTypes)));
  consumer->SetOrderStatuses(
      std::vector<std::string>(std::begin(kCreditStatuses), std::end(kCreditStatuses)));
  consumer->SetMaxBatch(options.max_batch);
  if (options.on_applied) {
    consumer->SetAppliedListener([touched, on_applied = std::move(options.on_applied)] {
      on_applied(*touched);
      touched->clear();
    });
  }
  return consumer;
}

}  // namespace sales::incentives::ingest
