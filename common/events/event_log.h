// The append-only event log of a publishing service: SQL over `event_log` and `outbox`.
// Positions are dense and gap-free because only the relay (one per schema, under a named
// lock) appends, assigning them after the outbox rows committed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"

namespace sales::events {

struct LoggedEvent {
  int64_t position = 0;
  std::string type;
  std::string payload;  // serialized sales.events.v1.Event (position not yet set)
};

// Moves up to `limit` committed outbox rows into the log with the next positions, in one
// transaction of `tx`. Returns how many moved.
int RelayBatch(db::Transaction& tx, int limit);

// Events with position > after, oldest first, at most `limit`.
std::vector<LoggedEvent> ReadLog(db::Transaction& tx, int64_t after, int limit);

// The newest position (0 when empty) and the count of unrelayed outbox rows.
int64_t HeadPosition(db::Transaction& tx);
int64_t PendingCount(db::Transaction& tx);

// Parses a logged event and stamps its position.
bool ParseLogged(const LoggedEvent& logged, sales::events::v1::Event* event);

}  // namespace sales::events
