#include "common/events/event_log.h"

#include "absl/strings/escaping.h"

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
constexpr char kInsertLog[] =
    "INSERT INTO event_log (position, event_id, event_type, aggregate, occurred_at, relayed_at, "
    "payload) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr char kDeleteOutbox[] = "DELETE FROM outbox WHERE id = ?";
constexpr char kReadLog[] =
    "SELECT position, event_type, payload FROM event_log WHERE position > ? "
    "ORDER BY position LIMIT ?";
constexpr char kPending[] = "SELECT COUNT(*) FROM outbox";

}  // namespace

int RelayBatch(db::Transaction& tx, int limit) {
  auto rows = tx.Query(kSelectOutbox, {int64_t{limit}});
  if (rows->rowsCount() == 0) return 0;
  auto head = tx.Query(kHead);
  head->next();
  int64_t position = head->getInt64(1);
  const absl::Time now = absl::Now();
  int moved = 0;
  while (rows->next()) {
    tx.Exec(kInsertLog,
            {++position, std::string(rows->getString("event_id")),
             std::string(rows->getString("event_type")), std::string(rows->getString("aggregate")),
             db::GetSqlTime(*rows, "occurred_at"), now, std::string(rows->getString("payload"))});
    tx.Exec(kDeleteOutbox, {rows->getInt64("id")});
    ++moved;
  }
  return moved;
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
