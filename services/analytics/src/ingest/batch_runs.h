// How a feed's batch is applied: runs of the events a batch applier handles go through it
// (read in bulk, apply in order in memory, write once), and every other event through the
// per-event path at its own place, so the order of effects is the feed's.
#pragma once

#include <vector>

#include "absl/status/status.h"
#include "common/db/transaction.h"
#include "common/status.h"
#include "sales/events/v1/event.pb.h"
#include "services/analytics/src/ingest/ingest_context.h"

namespace sales::analytics::ingest {

// `Batch` is constructed from (tx, ctx) and has Prefetch(run), Apply(event) and Flush().
template <typename Batch>
absl::Status ApplyInRuns(db::Transaction& tx, const IngestContext& ctx,
                         const std::vector<const events::v1::Event*>& events,
                         bool (*batched)(const events::v1::Event&),
                         absl::Status (*one)(db::Transaction&, const IngestContext&,
                                             const events::v1::Event&)) {
  size_t begin = 0;
  while (begin < events.size()) {
    if (!batched(*events[begin])) {
      RETURN_IF_ERROR(one(tx, ctx, *events[begin]));
      ++begin;
      continue;
    }
    size_t end = begin;
    while (end < events.size() && batched(*events[end])) ++end;
    const std::vector<const events::v1::Event*> run(
        events.begin() + static_cast<std::ptrdiff_t>(begin),
        events.begin() + static_cast<std::ptrdiff_t>(end));
    Batch batch(tx, ctx);
    batch.Prefetch(run);
    for (const events::v1::Event* event : run) batch.Apply(*event);
    batch.Flush();
    begin = end;
  }
  return absl::OkStatus();
}

}  // namespace sales::analytics::ingest
