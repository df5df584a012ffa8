#include "common/events/event_log.h"

#include "absl/strings/escaping.h"
#include "absl/time/clock.h"

namespace sales::events {
namespace {

// A plain read sees committed rows only (READ COMMITTED) and never waits for a writer: a
// row whose transaction commits late is simply taken by a later batch, with a later
// position. One relay per schema (GET_LOCK) and the unique keys of event_log keep a row
// from being logged twice.
constexpr char kSelectOutbox[] =
    "SELECT id, event_id, event_type, aggregate, occurred_at, payload FROM outbox "
    "ORDER BY id LIMIT ?";
constexpr char kHead[] = "SELECT COALESCE(MAX(position), 0) FROM event_log";
constexpr char kInsertLogPrefix[] =
    "INSERT INTO event_log (position, event_id, event_type, aggregate, occurred_at, relayed_at, "
    "payload) VALUES ";
constexpr int kLogColumns = 7;
constexpr char kDeleteOutboxPrefix[] = "DELETE FROM outbox WHERE id IN ";
// Rows are written in chunks of these sizes, so that few statement texts get prepared.
constexpr int kChunkSizes[] = {100, 10, 1};

struct OutboxRow {
  int64_t id = 0;
  std::string event_id, type, aggregate, payload;
  absl::Time occurred_at;
};

// Appends rows [begin, begin + count) to the log with positions from `first_position`, and
// deletes them from the outbox, in two statements.
void MoveChunk(db::Transaction& tx, const std::vector<OutboxRow>& rows, size_t begin, int count,
               int64_t first_position, absl::Time now) {
  std::vector<db::SqlParam> insert;
  std::vector<db::SqlParam> ids;
  insert.reserve(count * kLogColumns);
  ids.reserve(count);
  for (int i = 0; i < count; ++i) {
    const OutboxRow& row = rows[begin + i];
    insert.insert(insert.end(), {first_position + i, row.event_id, row.type, row.aggregate,
                                 row.occurred_at, now, row.payload});
    ids.emplace_back(row.id);
  }
  tx.Exec(kInsertLogPrefix + db::RowPlaceholders(count, kLogColumns), insert);
  tx.Exec(kDeleteOutboxPrefix + db::RowPlaceholders(1, count), ids);
}

constexpr char kReadLog[] =
    "SELECT position, event_type, payload FROM event_log WHERE position > ? "
    "ORDER BY position LIMIT ?";
constexpr char kPending[] = "SELECT COUNT(*) FROM outbox";

}  // namespace

int RelayBatch(db::Transaction& tx, int limit) {
  auto rs = tx.Query(kSelectOutbox, {int64_t{limit}});
  std::vector<OutboxRow> rows;
  rows.reserve(rs->rowsCount());
  while (rs->next()) {
    rows.push_back({rs->getInt64("id"), std::string(rs->getString("event_id")),
                    std::string(rs->getString("event_type")),
                    std::string(rs->getString("aggregate")), std::string(rs->getString("payload")),
                    db::GetSqlTime(*rs, "occurred_at")});
  }
  if (rows.empty()) return 0;
  int64_t position = HeadPosition(tx);
  const absl::Time now = absl::Now();
  size_t done = 0;
  for (int chunk : kChunkSizes) {
    while (rows.size() - done >= static_cast<size_t>(chunk)) {
      MoveChunk(tx, rows, done, chunk, position + 1, now);
      position += chunk;
      done += chunk;
    }
  }
  return static_cast<int>(rows.size());
}

std::vector<LoggedEvent> ReadLog(db::Transaction& tx, int64_t after, int limit) {
  auto rs = tx.Query(kReadLog, {after, int64_t{limit}});
  std::vector<LoggedEvent> events;
  events.reserve(rs->rowsCount());
  while (rs->next()) {
    events.push_back({rs->getInt64("position"), std::string(rs->getString("event_type")),
                      std::string(rs->getString("payload"))});
  }
  return events;
}

int64_t HeadPosition(db::Transaction& tx) {
  auto rs = tx.Query(kHead);
  rs->next();
  return rs->getInt64(1);
}

int64_t PendingCount(db::Transaction& tx) {
  auto rs = tx.Query(kPending);
  rs->next();
  return rs->getInt64(1);
}

bool ParseLogged(const LoggedEvent& logged, sales::events::v1::Event* event) {
  std::string bytes;
  if (!absl::Base64Unescape(logged.payload, &bytes) || !event->ParseFromString(bytes)) {
    return false;
  }
  event->set_position(logged.position);
  return true;
}

}  // namespace sales::events
