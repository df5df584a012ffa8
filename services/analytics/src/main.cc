// The analytics service binary: configuration -> pool -> feed consumers -> handlers ->
// server. No logic.
#include <grpcpp/grpcpp.h>

#include <cstdlib>
#include <functional>
#include <iostream>
#include <string>

#include "common/db/pool.h"
#include "common/events/consumer.h"
#include "common/page_token.h"
#include "common/server/flags.h"
#include "common/server/log.h"
#include "common/server/metrics.h"
#include "common/server/periodic_task.h"
#include "common/server/rpc_observer.h"
#include "common/server/server_runner.h"
#include "services/analytics/src/api/analytics_service.h"
#include "services/analytics/src/ingest/feed_consumers.h"
#include "services/analytics/src/ingest/rebuild.h"
#include "services/analytics/src/store/rollup_store.h"

namespace v1 = ::sales::analytics::v1;
namespace ingest = ::sales::analytics::ingest;

namespace sales::analytics {
std::vector<db::Migration> Migrations();
}  // namespace sales::analytics

namespace {

// How often the server looks whether the default price-elasticity window moved on.
constexpr absl::Duration kPricingWarmInterval = absl::Minutes(5);

// A hook that starts a model's warm-up (`start`, which returns whether it started) and logs
// how that went.
std::function<void()> WarmUp(std::string what,
                             std::function<absl::StatusOr<bool>(absl::Time)> start) {
  return [what = std::move(what), start = std::move(start)] {
    const absl::StatusOr<bool> started = start(absl::Now() + absl::Seconds(30));
    if (!started.ok()) {
      sales::log::Warn("warming " + what + " failed",
                       {{"error", std::string(started.status().message())}});
    } else if (*started) {
      sales::log::Info("warming " + what + " in the background");
    }
  };
}

}  // namespace

int main(int argc, char** argv) {
  sales::BlockTerminationSignals();
  sales::db::ConnectionPool::InitDriver();

  sales::Flags flags(argc, argv);
  sales::ServerConfig config = sales::ReadServerConfig(flags, "analytics", 50053, 9453);
  ingest::FeedSettings feeds;
  feeds.orders = flags.String(
      "orders_address", "SALES_ORDERS_ADDRESS", "",
      "host:port of the orders service whose feed analytics follows (empty: do not follow)");
  feeds.customers = flags.String(
      "customers_address", "SALES_CUSTOMERS_ADDRESS", "",
      "host:port of the customers service whose feed analytics follows (empty: do not follow)");
  feeds.max_batch = static_cast<size_t>(flags.Int(
      "ingest_batch", "SALES_ANALYTICS_INGEST_BATCH", 8000, 1, 20000,
      "feed events applied in one transaction at most (a replay or a burst; a quiet feed's "
      "batches are what has arrived)"));
  const int64_t recommender_max_age_seconds = flags.Int(
      "recommender_max_age_seconds", "SALES_ANALYTICS_RECOMMENDER_MAX_AGE_SECONDS",
      absl::ToInt64Seconds(sales::analytics::api::kDefaultRecommenderMaxAge), 0, 86400,
      "seconds the fitted recommender (RecommendProducts, next best actions) is used before "
      "it is refitted when the orders feed has moved on (0: whenever it has)");
  const bool warm_recommender = flags.Bool(
      "warm_recommender", "SALES_ANALYTICS_WARM_RECOMMENDER", true,
      "fit the recommender in the background at start when there are orders, so that the "
      "first RecommendProducts call does not pay the fit");
  const bool warm_pricing = flags.Bool(
      "warm_pricing", "SALES_ANALYTICS_WARM_PRICING", true,
      "fit the default price-elasticity window (the 104 ISO weeks to yesterday) in the "
      "background at start when there are orders, and again each time the window moves on "
      "to a new week (looked at every 5 minutes), so that the first GetPriceElasticity or "
      "ProjectPriceChange call of it waits at most for the rest of that fit");
  sales::analytics::api::ReplenishmentOptions replenishment;
  replenishment.fit_threads = static_cast<int>(
      flags.Int("replenishment_fit_threads", "SALES_ANALYTICS_REPLENISHMENT_FIT_THREADS", 2, 1, 64,
                "threads fitting the replenishment forecasts (one per product and warehouse) in "
                "parallel, shared by every request (the cores the service may use)"));
  replenishment.max_age = absl::Seconds(flags.Int(
      "replenishment_max_age_seconds", "SALES_ANALYTICS_REPLENISHMENT_MAX_AGE_SECONDS", 0, 0, 86400,
      "seconds the replenishment forecasts are reused without checking the orders feed (0: "
      "reused only while the feed has not moved)"));
  const int64_t clock_offset_seconds = flags.Int(
      "clock_offset_seconds", "SALES_ANALYTICS_CLOCK_OFFSET_SECONDS", 0, -366 * 86400, 366 * 86400,
      "seconds added to the clock where analytics cuts today (default last days, a running "
      "promotion's window): 0 in production; tests and what-if reads only");
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
  const sales::analytics::store::RollupStore live_rollup(sales::analytics::store::TableSet::kLive);
  const sales::PageTokenCodec page_tokens(config.page_token_secret);
  const sales::analytics::api::HandlerContext ctx{
      &pool,           &live_rollup, config.business_time_zone,
      config.currency, &page_tokens, absl::Seconds(clock_offset_seconds)};
  ingest::FeedConsumers live(feeds, pool, config.business_time_zone,
                             sales::analytics::store::TableSet::kLive);
  ingest::Rebuilder rebuilder(feeds, pool, config.business_time_zone, live);
  sales::analytics::api::AnalyticsService service(
      ctx, rebuilder, observer, absl::Seconds(recommender_max_age_seconds), replenishment);
  live.SetChangeListener([&service] { service.watch().Notify(); });
  for (const auto& consumer : live.consumers()) {
    metrics.AddCollector(
        sales::events::ConsumerCollector(*consumer, "analytics", consumer->source()));
  }

  sales::ServerSpec spec;
  spec.config = config;
  spec.health_service_names = {v1::AnalyticsService::service_full_name()};
  spec.services = {&service};
  spec.pool = &pool;
  spec.migrations = sales::analytics::Migrations();
  spec.metrics = &metrics;
  spec.observer = &observer;
  spec.after_migrations.push_back([&live] { live.Start(); });
  if (warm_recommender) {
    spec.after_migrations.push_back(
        WarmUp("the recommender", [&service](absl::Time d) { return service.WarmRecommender(d); }));
  }
  // The default window moves on every Monday of the business zone: warmed only at start, the
  // first caller of each week would wait for a whole fit. A look that finds the window kept
  // or fitting costs one query.
  sales::PeriodicTask warm_pricing_task(
      kPricingWarmInterval, WarmUp("the default price-elasticity window",
                                   [&service](absl::Time d) { return service.WarmPricing(d); }));
  if (warm_pricing) {
    spec.after_migrations.push_back([&warm_pricing_task] { warm_pricing_task.Start(); });
  }
  // Before the pool closes: the live streams (so they do not hold up the shutdown), a
  // running rebuild (it may have paused the live consumers), then the consumers.
  spec.before_shutdown.push_back([&service, &rebuilder, &live, &warm_pricing_task] {
    warm_pricing_task.Stop();
    service.watch().StopStreams();
    rebuilder.Shutdown();
    live.Stop();
  });
  spec.after_drain.push_back([&service] { service.watch().Stop(); });
  // A kept model's background fit (a warm-up, a refit) may still be reading the facts, tens of
  // seconds at a million orders, and the handlers' destructors would wait for it; it only reads.
  sales::EndStoppedProcess(sales::RunServer(std::move(spec)));
}
