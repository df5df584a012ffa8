// The customers service binary: configuration -> pool -> handlers -> server. No logic.
#include <cstdlib>
#include <iostream>

#include "common/absl_compat.h"
#include "common/db/pool.h"
#include "common/events/feed_service.h"
#include "common/events/relay.h"
#include "common/page_token.h"
#include "common/server/flags.h"
#include "common/server/metrics.h"
#include "common/server/rpc_observer.h"
#include "common/server/server_runner.h"
#include "services/customers/src/api/customers_service.h"
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
  const sales::customers::api::HandlerContext ctx{&pool, &page_tokens, &*tiers, config.currency};
  sales::customers::api::CustomersService service(ctx, observer);
  sales::events::LogWatcher log_watcher;
  sales::events::Relay relay(config.db, log_watcher);
  sales::events::FeedService feed(pool, log_watcher, observer);

  sales::ServerSpec spec;
  spec.config = config;
  spec.health_service_names = {v1::CustomersService::service_full_name(),
                               sales::events::v1::EventFeedService::service_full_name()};
  spec.services = {&service, &feed};
  spec.pool = &pool;
  spec.migrations = sales::customers::Migrations();
  spec.metrics = &metrics;
  spec.observer = &observer;
  spec.after_migrations = [&relay] { relay.Start(); };
  spec.before_shutdown = [&feed] { feed.StopStreams(); };
  const int exit_code = sales::RunServer(std::move(spec));
  relay.Stop();
  return exit_code;
}
