#include "common/db/sql_error.h"

#include <cppconn/exception.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/absl_compat.h"

namespace sales::db {
namespace {
constexpr char kCodePayload[] = "sales.mysql/code";

struct KeyRegistry {
  absl::Mutex mu;
  absl::flat_hash_map<std::string, UniqueKeyField> keys ABSL_GUARDED_BY(mu);
};

KeyRegistry& Keys() {
  static KeyRegistry* registry = new KeyRegistry;  // never destroyed: used at exit too
  return *registry;
}

absl::Status DuplicateKeyStatus(std::string_view message, std::string_view what) {
  const std::string_view index = DuplicateKeyIndex(message);
  KeyRegistry& registry = Keys();
  absl::MutexLock lock(&registry.mu);
  auto it = registry.keys.find(std::string(index));
  if (it == registry.keys.end()) {
    return absl::AlreadyExistsError(absl::StrCat(ToAbsl(what), ": duplicate key"));
  }
  return absl::AlreadyExistsError(
      absl::StrCat(ToAbsl(it->second.field), ": ", ToAbsl(it->second.what), " already exists"));
}

}  // namespace

UniqueKeys::UniqueKeys(std::initializer_list<UniqueKeyField> keys) {
  KeyRegistry& registry = Keys();
  absl::MutexLock lock(&registry.mu);
  for (const UniqueKeyField& key : keys)
    registry.keys.insert_or_assign(std::string(key.index), key);
}

std::string_view DuplicateKeyIndex(std::string_view message) {
  constexpr std::string_view kForKey = " for key '";
  const size_t start = message.rfind(kForKey);
  if (start == std::string_view::npos) return {};
  std::string_view index = message.substr(start + kForKey.size());
  index = index.substr(0, index.find('\''));
  if (const size_t dot = index.rfind('.'); dot != std::string_view::npos) {
    index = index.substr(dot + 1);  // MySQL 8.0.19+ prefixes the table
  }
  return index;
}

bool IsRetryableTxError(int code) { return code == kErrDeadlock || code == kErrLockWaitTimeout; }

bool IsConnectionError(int code) {
  return code == kErrServerGone || code == kErrServerLost || code == kErrCantConnect ||
         code == kErrConnectionRefused || code == 2055 /* lost at handshake */ ||
         code == 1927 /* killed connection */ || code == 1053 /* server shutdown */;
}

absl::Status FromMysqlError(int code, std::string_view message, std::string_view what) {
  absl::Status status;
  if (code == kErrDuplicateKey) {
    status = DuplicateKeyStatus(message, what);
  } else if (IsRetryableTxError(code)) {
    status = absl::AbortedError(absl::StrCat(ToAbsl(what), ": transaction conflict, retry"));
  } else if (code == kErrDeadlinePassed || code == kErrStatementTimeoutMariaDb ||
             code == kErrStatementTimeoutMySql) {
    status = absl::DeadlineExceededError(
        "the deadline passed before the database work was done; nothing was committed");
  } else if (IsConnectionError(code)) {
    status = absl::UnavailableError(absl::StrCat(ToAbsl(what), ": database unavailable"));
  } else {
    status = absl::InternalError(
        absl::StrCat(ToAbsl(what), ": mysql error ", code, ": ", ToAbsl(message)));
  }
  status.SetPayload(kCodePayload, absl::Cord(absl::StrCat(code)));
  return status;
}

absl::Status FromSqlException(const sql::SQLException& e, std::string_view what) {
  return FromMysqlError(e.getErrorCode(), e.what(), what);
}

int MysqlCodeOf(const absl::Status& status) {
  auto payload = status.GetPayload(kCodePayload);
  int code = 0;
  if (payload && absl::SimpleAtoi(std::string(*payload), &code)) return code;
  return 0;
}

}  // namespace sales::db
