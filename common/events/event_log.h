// The append-only event log of a publishing service: SQL over `event_log` and `outbox`.
// Positions are dense and gap-free because only the relay (one per schema, under a named
// lock) appends, assigning them after the outbox rows committed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/db/transaction.h"

namespace sales::events {

// Moves up to `limit` committed outbox rows (lowest ids first) into the log at positions
// head + 1, head + 2, ... in id order, in the transaction of `tx` (not committed here).
// `head` must be the log's newest position. Returns how many moved. The rows are copied
// server-side (INSERT ... SELECT), never fetched.
int RelayBatch(db::Transaction& tx, int limit, int64_t head);

// A logged event ready to send: a serialized sales.events.v1.Event with its position set.
struct LogMessage {
  int64_t position = 0;
  std::string type;
  // EventVariantOf the event; empty for events logged before variants were stored.
  std::string variant;
  std::string bytes;
};

// Events with position > after, oldest first, at most `limit`. DATA_LOSS if a stored
// payload is not base64.
absl::StatusOr<std::vector<LogMessage>> ReadLogMessages(db::Transaction& tx, int64_t after,
                                                        int limit);

// The newest position (0 when empty) and the count of unrelayed outbox rows.
int64_t HeadPosition(db::Transaction& tx);
int64_t PendingCount(db::Transaction& tx);

// Unrelayed outbox rows and the occur time of the oldest (InfinitePast when none).
struct OutboxBacklog {
  int64_t rows = 0;
  absl::Time oldest = absl::InfinitePast();
};
OutboxBacklog CountOutbox(db::Transaction& tx);

}  // namespace sales::events
