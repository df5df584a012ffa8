// The customers service binary: configuration -> pool -> handlers -> server. No logic.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <iostream>

#include "common/absl_compat.h"
#include "common/client_channel.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "common/events/consumer.h"
#include "common/events/event_publisher.h"
#include "common/page_token.h"
#include "common/server/flags.h"
#include "common/server/metrics.h"
#include "common/server/rpc_observer.h"
#include "common/server/server_runner.h"
#include "services/customers/src/api/customers_service.h"
#include "services/customers/src/consumer/order_events.h"
#include "services/customers/src/domain/tiers.h"

namespace v1 = ::sales::customers::v1;

namespace sales::customers {
std::vector<db::Migration> Migrations();
}  // namespace sales::customers

int main(int argc, char** argv) {
  sales::BlockTerminationSignals();
  sales::db::ConnectionPool::InitDriver();

  sales::Flags flags(argc, argv);
  sales::ServerConfig config = sales::ReadServerConfig(flags, "customers", 50051, 9451);
  const std::string tier_spec =
      flags.String("tiers", "SALES_TIERS", sales::customers::domain::TierTable::kDefaultSpec,
                   "membership tiers as name:lifetime_spend_minor,... from 0 upwards");
  absl::StatusOr<sales::customers::domain::TierTable> tiers =
      sales::customers::domain::TierTable::Parse(tier_spec);
  if (!tiers.ok()) flags.AddError("tiers", sales::ToStd(tiers.status().message()));
  const std::string orders_address =
      flags.String("orders_address", "SALES_ORDERS_ADDRESS", "",
                   "host:port of the orders service whose events earn loyalty points "
                   "(empty: do not consume)");
  sales::customers::consumer::LoyaltyRules loyalty_rules;
  loyalty_rules.points_per_unit =
      flags.Int("loyalty_points_per_unit", "SALES_LOYALTY_POINTS_PER_UNIT", 1, 0, 1000000,
                "points per currency unit paid (before tax) on completed orders");
  loyalty_rules.referral.points_per_referral =
      flags.Int("referral_points", "SALES_REFERRAL_POINTS", 100, 0, 1000000000,
                "points a referrer earns when a customer it referred completes its first order "
                "(0: no reward)");
  const int get_fetches = static_cast<int>(flags.Int(
      "get_fetches", "SALES_CUSTOMERS_GET_FETCHES", sales::db::kDefaultCoalescedFetches, 1, 64,
      "coalesced GetCustomer statements that may run at once (each on a connection of its "
      "own, besides --db_pool_size; more only helps a database with cores to spare)"));
  const sales::events::EventPublisher::Options event_options =
      sales::events::EventPublisher::ReadOptions(flags);
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "customers: bad configuration: " << status.message() << "\n";
    return 2;
  }

  sales::db::ConnectionPool pool(config.db);
  sales::PageTokenCodec page_tokens(config.page_token_secret);
  sales::Metrics metrics("customers");
  sales::RpcObserver observer(metrics, config.default_deadline);
  const sales::customers::api::HandlerContext ctx{&pool, &page_tokens, &*tiers, config.currency,
                                                  get_fetches};
  sales::customers::api::CustomersService service(ctx, observer);
  std::unique_ptr<sales::events::Consumer> order_consumer;
  if (!orders_address.empty()) {
    order_consumer = std::make_unique<sales::events::Consumer>(
        "orders",
        // The feed is read-only; a Subscribe is retried only until its first event arrives.
        sales::ServiceChannel(
            orders_address,
            {.retryable_methods = {sales::events::v1::EventFeedService::service_full_name()}}),
        pool,
        [&ctx, loyalty_rules](sales::db::Transaction& tx, const sales::events::v1::Event& event) {
          return sales::customers::consumer::ApplyOrderEvent(tx, ctx, loyalty_rules, event);
        },
        std::vector<std::string>(std::begin(sales::customers::consumer::kOrderEventTypes),
                                 std::end(sales::customers::consumer::kOrderEventTypes)));
    order_consumer->SetOrderStatuses(
        std::vector<std::string>(std::begin(sales::customers::consumer::kOrderStatuses),
                                 std::end(sales::customers::consumer::kOrderStatuses)));
    metrics.AddCollector(sales::events::ConsumerCollector(*order_consumer, "customers", "orders"));
  }

  sales::ServerSpec spec;
  spec.config = config;
  spec.health_service_names = {v1::CustomersService::service_full_name()};
  spec.services = {&service};
  spec.pool = &pool;
  spec.migrations = sales::customers::Migrations();
  spec.metrics = &metrics;
  spec.observer = &observer;
  sales::events::EventPublisher publisher(config, pool, observer, metrics, event_options);
  publisher.AddTo(spec);
  if (order_consumer) {
    spec.after_migrations.push_back([&order_consumer] { order_consumer->Start(); });
    // Before the pool closes.
    spec.before_shutdown.push_back([&order_consumer] { order_consumer->Stop(); });
  }
  return sales::RunServer(std::move(spec));
}
