// The incentives service binary: configuration -> pool -> orders-feed consumer -> handlers
// -> server. No logic.
#include <grpcpp/grpcpp.h>

#include <iostream>
#include <memory>
#include <string>

#include "common/db/pool.h"
#include "common/money.h"
#include "common/page_token.h"
#include "common/server/flags.h"
#include "common/server/metrics.h"
#include "common/server/rpc_observer.h"
#include "common/server/server_runner.h"
#include "services/incentives/src/api/incentives_service.h"
#include "services/incentives/src/ingest/orders_feed.h"

namespace sales::incentives {
std::vector<db::Migration> Migrations();
}  // namespace sales::incentives

int main(int argc, char** argv) {
  sales::BlockTerminationSignals();
  sales::db::ConnectionPool::InitDriver();

  sales::Flags flags(argc, argv);
  sales::ServerConfig config = sales::ReadServerConfig(flags, "incentives", 50054, 9454);
  const std::string orders_address = flags.String(
      "orders_address", "SALES_ORDERS_ADDRESS", "",
      "host:port of the orders service whose feed incentives credits from (empty: do not follow)");
  if (flags.help_requested()) {
    std::cout << flags.Usage();
    return 0;
  }
  if (absl::Status status = flags.Check(); !status.ok()) {
    std::cerr << "incentives: bad configuration: " << status.message() << "\n";
    return 2;
  }
  const absl::StatusOr<int> exponent = sales::MinorUnitExponent(config.currency);
  if (!exponent.ok()) {
    std::cerr << "incentives: bad configuration: " << exponent.status().message() << "\n";
    return 2;
  }

  sales::db::ConnectionPool pool(config.db);
  sales::PageTokenCodec page_tokens(config.page_token_secret);
  sales::Metrics metrics("incentives");
  sales::RpcObserver observer(metrics, config.default_deadline);
  const sales::incentives::api::HandlerContext ctx{&pool, &page_tokens, config.business_time_zone,
                                                   config.currency, *exponent};
  sales::incentives::api::IncentivesService service(ctx, observer);
  std::unique_ptr<sales::events::Consumer> orders_feed;
  if (!orders_address.empty()) {
    orders_feed = sales::incentives::ingest::OrdersFeedConsumer(orders_address, pool,
                                                                config.business_time_zone);
    metrics.AddCollector(sales::events::ConsumerCollector(*orders_feed, "incentives", "orders"));
  }

  sales::ServerSpec spec;
  spec.config = config;
  spec.health_service_names = {sales::incentives::v1::IncentivesService::service_full_name()};
  spec.services = {&service};
  spec.pool = &pool;
  spec.migrations = sales::incentives::Migrations();
  spec.metrics = &metrics;
  spec.observer = &observer;
  if (orders_feed != nullptr) {
    spec.after_migrations.push_back([&orders_feed] { orders_feed->Start(); });
    spec.before_shutdown.push_back([&orders_feed] { orders_feed->Stop(); });
  }
  return sales::RunServer(std::move(spec));
}
