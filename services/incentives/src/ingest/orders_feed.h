// The consumer that follows the orders feed into credits (checkpoint "orders").
#pragma once

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/db/pool.h"
#include "common/events/consumer.h"

namespace sales::incentives::ingest {

// Follows the orders feed at `address` (host:port) from the stored position, applying the
// credit events (ApplyCreditEvent) with days cut in `zone`.
std::unique_ptr<events::Consumer> OrdersFeedConsumer(const std::string& address,
                                                     db::ConnectionPool& pool, absl::TimeZone zone);

}  // namespace sales::incentives::ingest
