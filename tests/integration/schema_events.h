// Reads the events a service wrote, straight from its schema, for tests that check an
// event was written with its change (and only then).
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"
#include "common/db/pool.h"
#include "common/db/transaction.h"
#include "sales/events/v1/event.pb.h"

namespace sales::testing {

// Events of `type` (payload field name, e.g. "order_placed") in the outbox or already
// relayed to the event log. One statement, one read view: a row the relay moves at that
// moment counts exactly once.
inline int64_t CountEvents(db::ConnectionPool& pool, const std::string& type) {
  int64_t count = -1;
  const absl::Status status =
      db::RunInTransaction(pool, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
        auto rs = tx.Query(
            "SELECT (SELECT COUNT(*) FROM outbox WHERE event_type = ?) + "
            "(SELECT COUNT(*) FROM event_log WHERE event_type = ?)",
            {type, type});
        rs->next();
        count = rs->getInt64(1);
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << status;
  return count;
}

// The events of `type`, decoded, in the order they were written: the relay moves outbox rows
// in id order, so every event already in the log (by position) was written before every one
// still in the outbox (by id). One statement, one read view, so a row the relay moves at that
// moment is seen once.
inline std::vector<events::v1::Event> ReadEvents(db::ConnectionPool& pool,
                                                 const std::string& type) {
  std::vector<events::v1::Event> out;
  const absl::Status status =
      db::RunInTransaction(pool, absl::Now() + absl::Seconds(10), [&](db::Transaction& tx) {
        out.clear();
        auto rs = tx.Query(
            "SELECT payload FROM ("
            "SELECT 0 AS part, position AS k, payload FROM event_log WHERE event_type = ? "
            "UNION ALL SELECT 1 AS part, id AS k, payload FROM outbox WHERE event_type = ?"
            ") AS written ORDER BY part, k",
            {type, type});
        while (rs->next()) {
          std::string bytes;
          events::v1::Event event;
          EXPECT_TRUE(absl::Base64Unescape(std::string(rs->getString(1)), &bytes) &&
                      event.ParseFromString(bytes));
          out.push_back(std::move(event));
        }
        return absl::OkStatus();
      });
  EXPECT_TRUE(status.ok()) << status;
  return out;
}

}  // namespace sales::testing
