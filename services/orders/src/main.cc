// The orders service binary: configuration -> pool -> handlers -> server. No logic.
#include <grpcpp/grpcpp.h>

#include <iostream>

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
#include "services/orders/src/api/customer_checker.h"
#include "services/orders/src/api/orders_service.h"
#include "services/orders/src/consumer/customer_events.h"
#include "services/orders/src/domain/member_privileges.h"

namespace sales::orders {
std::vector<db::Migration> Migrations();
}  // namespace sales::orders

int main(int argc, char** argv) {
  sales::BlockTerminationSignals();
  sales::db::ConnectionPool::InitDriver();

  sales::Flags flags(argc, argv);
  sales::ServerConfig config = sales::ReadServerConfig(flags, "orders", 50052, 9452);
  const std::string customers_address =
      flags.String("customers_address", "SALES_CUSTOMERS_ADDRESS", "127.0.0.1:50051",
                   "host:port of the customers service");
  sales::orders::api::OrderPolicy policy;
  policy.currency = config.currency;
  policy.tax_rate_bp = static_cast<int32_t>(flags.Int(
      "tax_rate_bp", "SALES_TAX_RATE_BP", 0, 0, 10000, "tax on discounted line amounts, in bp"));
  policy.approval_total_minor =
      flags.Int("approval_total_minor", "SALES_APPROVAL_TOTAL_MINOR", 0, 0, INT64_MAX,
                "orders with a total above this wait for approval (0: never)");
  policy.approval_discount_bp = static_cast<int32_t>(
      flags.Int("approval_discount_bp", "SALES_APPROVAL_DISCOUNT_BP", 0, 0, 10000,
                "orders with a discount share above this wait for approval (0: never)"));
  policy.return_window =
      absl::Hours(24 * flags.Int("return_window_days", "SALES_RETURN_WINDOW_DAYS", 30, 0, 3650,
                                 "days after delivery within which returns are accepted"));
  policy.delivery.standard_days =
      flags.Int("standard_delivery_days", "SALES_STANDARD_DELIVERY_DAYS", 3, 0, 365,
                "days after the order's local day that standard delivery promises");
  policy.delivery.zone = config.business_time_zone;
  policy.delivery_time_zone = config.business_time_zone.name();
  const std::string tier_spec = flags.String(
      "tiers", "SALES_TIERS", sales::orders::domain::TierLadder::kDefaultSpec,
      "membership tiers lowest first, as name,name,... or customers' name:threshold,... "
      "(thresholds are ignored here)");
  absl::StatusOr<sales::orders::domain::TierLadder> tiers =
      sales::orders::domain::TierLadder::Parse(tier_spec);
  if (!tiers.ok()) flags.AddError("tiers", std::string(tiers.status().message()));
  policy.tiers = tiers.ok() ? &*tiers : nullptr;
  const bool follow_tiers =
      flags.Bool("follow_customer_tiers", "SALES_FOLLOW_CUSTOMER_TIERS", true,
                 "follow the customers feed (at customers_address) for membership tiers and "
                 "customer states; without it every order asks customers for its customer");
  const sales::events::EventPublisher::Options event_options =
      sales::events::EventPublisher::ReadOptions(flags);
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "orders: bad configuration: " << status.message() << "\n";
    return 2;
  }

  sales::db::ConnectionPool pool(config.db);
  sales::PageTokenCodec page_tokens(config.page_token_secret);
  sales::Metrics metrics("orders");
  sales::RpcObserver observer(metrics, config.default_deadline);
  // GetCustomer is a read: gRPC may send it again when customers is unavailable.
  sales::orders::api::GrpcCustomerChecker customers(sales::ServiceChannel(
      customers_address,
      {.retryable_methods = {sales::customers::v1::CustomersService::service_full_name() +
                             std::string("/GetCustomer")}}));
  const sales::orders::api::HandlerContext ctx{&pool, &page_tokens, &customers, policy};
  sales::orders::api::OrdersService service(ctx, observer);
  std::unique_ptr<sales::events::Consumer> tier_consumer;
  if (follow_tiers) {
    tier_consumer = std::make_unique<sales::events::Consumer>(
        "customers",
        // The feed is read-only; a Subscribe is retried only until its first event arrives.
        sales::ServiceChannel(
            customers_address,
            {.retryable_methods = {sales::events::v1::EventFeedService::service_full_name()}}),
        pool,
        [](sales::db::Transaction& tx, const std::vector<const sales::events::v1::Event*>& events) {
          return sales::orders::consumer::ApplyCustomerEvents(tx, events);
        },
        std::vector<std::string>(std::begin(sales::orders::consumer::kCustomerEventTypes),
                                 std::end(sales::orders::consumer::kCustomerEventTypes)));
    metrics.AddCollector(sales::events::ConsumerCollector(*tier_consumer, "orders", "customers"));
  }

  sales::ServerSpec spec;
  spec.config = config;
  spec.health_service_names = {sales::orders::v1::OrdersService::service_full_name()};
  spec.services = {&service};
  spec.pool = &pool;
  spec.migrations = sales::orders::Migrations();
  spec.metrics = &metrics;
  spec.observer = &observer;
  sales::events::EventPublisher publisher(config, pool, observer, metrics, event_options);
  publisher.AddTo(spec);
  if (tier_consumer) {
    spec.after_migrations.push_back([&tier_consumer] { tier_consumer->Start(); });
    // Before the pool closes.
    spec.before_shutdown.push_back([&tier_consumer] { tier_consumer->Stop(); });
  }
  return sales::RunServer(std::move(spec));
}
