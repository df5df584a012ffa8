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
constexpr char kDeleteOutboxPrefix[] = "DELETE FROM outbox WHERE id IN (";

constexpr char kReadLog[] =
    "SELECT position, event_type, payload FROM event_log WHERE position > ? "
    "ORDER BY position LIMIT ?";
constexpr char kPending[] = "SELECT COUNT(*) FROM outbox";

}  // namespace

int RelayBatch(db::Transaction& tx, int limit) {
  auto rs = tx.Query(kSelectOutbox, {int64_t{limit}});
  if (rs->rowsCount() == 0) return 0;
  int64_t position = HeadPosition(tx);
  const absl::Time now = absl::Now();
  std::vector<db::SqlParam> rows;
  std::vector<db::SqlParam> ids;
  rows.reserve(rs->rowsCount() * kLogColumns);
  while (rs->next()) {
    rows.insert(rows.end(),
                {++position, std::string(rs->getString("event_id")),
                 std::string(rs->getString("event_type")), std::string(rs->getString("aggregate")),
                 db::GetSqlTime(*rs, "occurred_at"), now, std::string(rs->getString("payload"))});
    ids.emplace_back(rs->getInt64("id"));
  }
  db::ExecRows(tx, kInsertLogPrefix, kLogColumns, rows);
  db::ExecRows(tx, kDeleteOutboxPrefix, 1, ids, ")");
  return static_cast<int>(ids.size());
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
