#include "common/events/event_log.h"

#include <cppconn/exception.h>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"

namespace sales::events {
namespace {

// A plain read sees committed rows only (READ COMMITTED) and never waits for a writer: a
// row whose transaction commits late is simply taken by a later batch, with a later
// position. One relay per schema (GET_LOCK) and the unique keys of event_log keep a row
// from being logged twice.
constexpr char kSelectOutboxIds[] = "SELECT id FROM outbox ORDER BY id LIMIT ?";
// Positions follow the id order of the batch: head + ROW_NUMBER() (window functions are in
// MariaDB 10.2+ and MySQL 8). Only ids read above are taken: each is committed, and only
// the lock holder deletes outbox rows, so every one of them is still there.
constexpr char kInsertLogPrefix[] =
    "INSERT INTO event_log (position, event_id, event_type, event_variant, aggregate, "
    "occurred_at, relayed_at, payload) SELECT ? + ROW_NUMBER() OVER (ORDER BY id), event_id, "
    "event_type, event_variant, aggregate, occurred_at, ?, payload FROM outbox WHERE id IN (";
constexpr char kDeleteOutboxPrefix[] = "DELETE FROM outbox WHERE id IN (";
// The IN lists are padded (with the last id again) to a power of two from this size, so a
// connection caches a handful of prepared statements instead of one per batch size.
constexpr size_t kSmallestList = 16;

constexpr char kReadLog[] =
    "SELECT position, event_type, event_variant, payload FROM event_log WHERE position > ? "
    "ORDER BY position LIMIT ?";
constexpr char kHead[] = "SELECT COALESCE(MAX(position), 0) FROM event_log";
constexpr char kPending[] = "SELECT COUNT(*) FROM outbox";
// The smallest id is the oldest row, near enough: ids are taken as rows are inserted,
// just after their occur time was stamped.
constexpr char kOldest[] = "SELECT occurred_at FROM outbox ORDER BY id LIMIT 1";

// Event.position is field 5, a varint: its key byte is (5 << 3) | 0.
constexpr char kPositionKey = 0x28;

std::string InList(std::string_view prefix, size_t count) {
  std::string sql(prefix);
  sql.reserve(sql.size() + 2 * count + 1);
  for (size_t i = 0; i < count; ++i) sql.append(i == 0 ? "?" : ",?");
  sql.push_back(')');
  return sql;
}

// Appends Event.position to a serialized Event: a field given again in the wire format
// replaces the earlier value, so this equals setting it and serializing, without parsing.
void AppendPosition(std::string& bytes, int64_t position) {
  bytes.push_back(kPositionKey);
  auto value = static_cast<uint64_t>(position);
  while (value >= 0x80) {
    bytes.push_back(static_cast<char>((value & 0x7f) | 0x80));
    value >>= 7;
  }
  bytes.push_back(static_cast<char>(value));
}

}  // namespace

int RelayBatch(db::Transaction& tx, int limit, int64_t head) {
  std::vector<db::SqlParam> ids;
  {
    auto rs = tx.Query(kSelectOutboxIds, {int64_t{limit}});
    ids.reserve(rs->rowsCount());
    while (rs->next()) ids.emplace_back(rs->getInt64(1));
  }
  if (ids.empty()) return 0;
  const size_t moved = ids.size();
  size_t padded = kSmallestList;
  while (padded < moved) padded *= 2;
  ids.resize(padded, ids.back());

  std::vector<db::SqlParam> insert_params;
  insert_params.reserve(padded + 2);
  insert_params.emplace_back(head);
  insert_params.emplace_back(absl::Now());
  insert_params.insert(insert_params.end(), ids.begin(), ids.end());
  const int64_t inserted = tx.Exec(InList(kInsertLogPrefix, padded), insert_params);
  const int64_t deleted = tx.Exec(InList(kDeleteOutboxPrefix, padded), ids);
  if (inserted != static_cast<int64_t>(moved) || deleted != static_cast<int64_t>(moved)) {
    // Cannot happen while this relay holds the lock; if it did, committing would lose or
    // repeat events, so the caller's transaction must roll back.
    throw sql::SQLException(absl::StrCat("relay batch of ", moved, " rows inserted ", inserted,
                                         " and deleted ", deleted));
  }
  return static_cast<int>(moved);
}

absl::StatusOr<std::vector<LogMessage>> ReadLogMessages(db::Transaction& tx, int64_t after,
                                                        int limit) {
  auto rs = tx.Query(kReadLog, {after, int64_t{limit}});
  std::vector<LogMessage> messages;
  messages.reserve(rs->rowsCount());
  while (rs->next()) {
    LogMessage& m = messages.emplace_back();
    m.position = rs->getInt64(1);
    m.type = rs->getString(2);
    m.variant = rs->getString(3);
    const sql::SQLString payload = rs->getString(4);
    if (!absl::Base64Unescape(absl::string_view(payload.c_str(), payload.length()), &m.bytes)) {
      return absl::DataLossError(
          absl::StrCat("event at position ", m.position, " has a payload that is not base64"));
    }
    AppendPosition(m.bytes, m.position);
  }
  return messages;
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

OutboxBacklog CountOutbox(db::Transaction& tx) {
  OutboxBacklog backlog;
  backlog.rows = PendingCount(tx);
  if (backlog.rows > 0) {
    auto rs = tx.Query(kOldest);
    if (rs->next()) backlog.oldest = db::GetSqlTime(*rs, "occurred_at");
  }
  return backlog;
}

}  // namespace sales::events
