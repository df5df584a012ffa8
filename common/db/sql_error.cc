#include "common/db/sql_error.h"

#include <cppconn/exception.h>

#include "absl/strings/cord.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace sales::db {
namespace {
constexpr char kCodePayload[] = "sales.mysql/code";
}  // namespace

bool IsRetryableTxError(int code) { return code == kErrDeadlock || code == kErrLockWaitTimeout; }

bool IsConnectionError(int code) {
  return code == kErrServerGone || code == kErrServerLost || code == kErrCantConnect ||
         code == 2055 /* lost at handshake */ || code == 1927 /* killed connection */ ||
         code == 1053 /* server shutdown */;
}

absl::Status FromSqlException(const sql::SQLException& e, std::string_view what) {
  const int code = e.getErrorCode();
  absl::Status status;
  if (code == kErrDuplicateKey) {
    status = absl::AlreadyExistsError(absl::StrCat(ToAbsl(what), ": duplicate key"));
  } else if (IsRetryableTxError(code)) {
    status = absl::AbortedError(absl::StrCat(ToAbsl(what), ": transaction conflict, retry"));
  } else if (IsConnectionError(code)) {
    status = absl::UnavailableError(absl::StrCat(ToAbsl(what), ": database unavailable"));
  } else {
    status =
        absl::InternalError(absl::StrCat(ToAbsl(what), ": mysql error ", code, ": ", e.what()));
  }
  status.SetPayload(kCodePayload, absl::Cord(absl::StrCat(code)));
  return status;
}

int MysqlCodeOf(const absl::Status& status) {
  auto payload = status.GetPayload(kCodePayload);
  int code = 0;
  if (payload && absl::SimpleAtoi(std::string(*payload), &code)) return code;
  return 0;
}

}  // namespace sales::db
