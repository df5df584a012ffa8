// The analytics service binary: configuration -> pool -> feed consumers -> handlers ->
// server. No logic.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <iostream>
#include <memory>

#include "common/client_channel.h"
#include "common/db/pool.h"
#include "common/events/consumer.h"
#include "common/server/flags.h"
#include "common/server/metrics.h"
#include "common/server/rpc_observer.h"
#include "common/server/server_runner.h"
#include "sales/events/v1/event_feed_service.grpc.pb.h"
#include "services/analytics/src/api/analytics_service.h"
#include "services/analytics/src/ingest/customer_events.h"
#include "services/analytics/src/ingest/order_events.h"

namespace v1 = ::sales::analytics::v1;

namespace sales::analytics {
std::vector<db::Migration> Migrations();
}  // namespace sales::analytics

namespace {

// A consumer of one feed; none when its address is empty.
template <size_t N>
std::unique_ptr<sales::events::Consumer> FeedConsumer(const std::string& source,
                                                      const std::string& address,
                                                      sales::db::ConnectionPool& pool,
                                                      sales::events::EventHandler handler,
                                                      const char* const (&types)[N]) {
  if (address.empty()) return nullptr;
  return std::make_unique<sales::events::Consumer>(
      source,
      // The feed is read-only; a Subscribe is retried only until its first event arrives.
      sales::ServiceChannel(
          address,
          {.retryable_methods = {sales::events::v1::EventFeedService::service_full_name()}}),
      pool, std::move(handler), std::vector<std::string>(std::begin(types), std::end(types)));
}

}  // namespace

int main(int argc, char** argv) {
  sales::BlockTerminationSignals();
  sales::db::ConnectionPool::InitDriver();

  sales::Flags flags(argc, argv);
  sales::ServerConfig config = sales::ReadServerConfig(flags, "analytics", 50053, 9453);
  const std::string orders_address = flags.String(
      "orders_address", "SALES_ORDERS_ADDRESS", "",
      "host:port of the orders service whose feed analytics follows (empty: do not follow)");
  const std::string customers_address = flags.String(
      "customers_address", "SALES_CUSTOMERS_ADDRESS", "",
      "host:port of the customers service whose feed analytics follows (empty: do not follow)");
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "analytics: bad configuration: " << status.message() << "\n";
    return 2;
  }

  sales::db::ConnectionPool pool(config.db);
  sales::Metrics metrics("analytics");
  sales::RpcObserver observer(metrics, config.default_deadline);
  const sales::analytics::api::HandlerContext ctx{&pool, config.business_time_zone,
                                                  config.currency};
  const sales::analytics::ingest::IngestContext ingest{config.business_time_zone};
  sales::analytics::api::AnalyticsService service(ctx, observer);

  std::vector<std::unique_ptr<sales::events::Consumer>> consumers;
  consumers.push_back(FeedConsumer(
      "orders", orders_address, pool,
      [&ingest](sales::db::Transaction& tx, const sales::events::v1::Event& event) {
        return sales::analytics::ingest::ApplyOrderEvent(tx, ingest, event);
      },
      sales::analytics::ingest::kOrderEventTypes));
  consumers.push_back(FeedConsumer(
      "customers", customers_address, pool,
      [&ingest](sales::db::Transaction& tx, const sales::events::v1::Event& event) {
        return sales::analytics::ingest::ApplyCustomerEvent(tx, ingest, event);
      },
      sales::analytics::ingest::kCustomerEventTypes));
  std::erase(consumers, nullptr);

  sales::ServerSpec spec;
  spec.config = config;
  spec.health_service_names = {v1::AnalyticsService::service_full_name()};
  spec.services = {&service};
  spec.pool = &pool;
  spec.migrations = sales::analytics::Migrations();
  spec.metrics = &metrics;
  spec.observer = &observer;
  for (auto& consumer : consumers) {
    sales::events::Consumer* c = consumer.get();
    metrics.AddCollector(sales::events::ConsumerCollector(*c, "analytics", c->source()));
    spec.after_migrations.push_back([c] { c->Start(); });
    // Before the pool closes.
    spec.before_shutdown.push_back([c] { c->Stop(); });
  }
  return sales::RunServer(std::move(spec));
}
