// The consumers that follow the orders and customers feeds into one table set: the live
// tables (checkpoints "orders" and "customers"), or the twins a rebuild fills (checkpoints
// "orders:rebuild" and "customers:rebuild").
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/events/consumer.h"
#include "services/analytics/src/ingest/ingest_context.h"
#include "services/analytics/src/store/delivery_store.h"
#include "services/analytics/src/store/fact_store.h"
#include "services/analytics/src/store/feedback_store.h"
#include "services/analytics/src/store/interaction_store.h"
#include "services/analytics/src/store/rollup_store.h"
#include "services/analytics/src/store/tables.h"

namespace sales::analytics::ingest {

// The feeds to follow and how.
struct FeedSettings {
  // host:port of each feed; an empty one is not followed.
  std::string orders;
  std::string customers;
  // Events applied in one transaction at most. Larger batches merge more rollup rows per
  // statement (a product's day is written once per batch, and its month row too); a live
  // feed's batches are only what has arrived, so they stay small when the feed is quiet.
  // 8000 rather than 2000 (issue 9, scripts/bench analytics at 1M lines, one session): the
  // month rows of a batch are about one per product whatever its size, so 4 times fewer
  // batches wrote 3.13M rows instead of 3.33M (Handler_write) and updated 89k instead of
  // 289k (Handler_update); CPU per event analytics_server 0.070 -> 0.063 ms, mariadbd 0.135
  // -> 0.121 ms.
  size_t max_batch = 8000;
};

// The feeds analytics follows, as named in consumer_checkpoints for the live tables.
inline constexpr const char* kFeeds[] = {"orders", "customers"};

class FeedConsumers final {
 public:
  FeedConsumers(const FeedSettings& feeds, db::ConnectionPool& pool, absl::TimeZone zone,
                store::TableSet set);

  // Told after each committed batch that applied events (and after a rebuild's switch);
  // set before Start.
  void SetChangeListener(std::function<void()> listener);
  void NotifyChanged() const;

  void Start();
  void Stop();

  // The checkpoint name of `feed` ("orders", "customers") in this table set.
  static std::string CheckpointName(const std::string& feed, store::TableSet set);
  // Why a consumer keeps failing (streams ended in an error `min_failures` times in a row
  // without progress): "<feed>: <error>"; empty when none does.
  std::string PersistentError(int64_t min_failures) const;
  // Position applied in `feed` (0 when it is not followed).
  int64_t Position(const std::string& feed) const;
  const std::vector<std::unique_ptr<events::Consumer>>& consumers() const { return consumers_; }

 private:
  const store::TableSet set_;
  const store::FactStore facts_;
  const store::RollupStore rollup_;
  const store::InteractionStore interactions_;
  const store::FeedbackStore feedback_;
  const store::DeliveryStore deliveries_;
  const IngestContext ctx_;
  std::vector<std::string> feeds_;  // parallel to consumers_
  std::vector<std::unique_ptr<events::Consumer>> consumers_;
  std::function<void()> listener_;
};

}  // namespace sales::analytics::ingest
