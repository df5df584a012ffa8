// The consumer that follows the orders feed into credits (checkpoint "orders").
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/events/consumer.h"
#include "services/incentives/src/domain/attainment.h"

namespace sales::incentives::ingest {

struct CreditFeedOptions {
  // Events applied in one transaction at most (a replay or a burst; a quiet feed's batches
  // are what has arrived).
  size_t max_batch = 2000;
  // True: the batch path (ApplyCreditBatch: new completions credited with multi-row
  // statements). False: each event on its own with its own statements (ApplyCreditEvent),
  // still one transaction per batch; the same credits, kept as the benchmark's baseline.
  bool bulk = true;
  // Told, on the consumer's thread after each committed batch, which reps and days its
  // credits and reversals touched.
  std::function<void(const std::vector<domain::CreditTouch>&)> on_applied;
};

// Follows the orders feed at `address` (host:port) from the stored position, applying the
// credit events with days cut in `zone`.
std::unique_ptr<events::Consumer> OrdersFeedConsumer(const std::string& address,
                                                     db::ConnectionPool& pool, absl::TimeZone zone,
                                                     CreditFeedOptions options = {});

}  // namespace sales::incentives::ingest
