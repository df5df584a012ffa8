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
  sales::incentives::ingest::CreditFeedOptions feed_options;
  feed_options.max_batch = static_cast<size_t>(
      flags.Int("credits_batch", "SALES_INCENTIVES_CREDITS_BATCH", 2000, 1, 20000,
                "orders-feed events applied in one transaction at most (a replay or a burst; a "
                "quiet feed's batches are what has arrived)"));
  feed_options.bulk = flags.Bool(
      "credits_bulk", "SALES_INCENTIVES_CREDITS_BULK", true,
      "credit a batch's new completions with multi-row statements (false: each event with its "
      "own statements, the benchmark's baseline)");
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
    feed_options.on_applied = [&service](const auto& touched) { service.watch().Notify(touched); };
    orders_feed = sales::incentives::ingest::OrdersFeedConsumer(
        orders_address, pool, config.business_time_zone, std::move(feed_options));
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
  // Before the pool closes: the live streams (so they do not hold up the shutdown), then
  // the consumer; the publisher thread ends once the calls have drained.
  spec.before_shutdown.push_back([&service] { service.watch().StopStreams(); });
  if (orders_feed != nullptr) {
    spec.after_migrations.push_back([&orders_feed] { orders_feed->Start(); });
    spec.before_shutdown.push_back([&orders_feed] { orders_feed->Stop(); });
  }
  spec.after_drain.push_back([&service] { service.watch().Stop(); });
  return sales::RunServer(std::move(spec));
}
