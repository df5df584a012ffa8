// request_id handling: the record of a request and its answer commits in the same
// transaction as the change, so a retry returns the first answer and changes nothing, and
// the same id with a different request is INVALID_ARGUMENT.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "common/db/transaction.h"
#include "common/status.h"

namespace sales {

inline constexpr size_t kMaxRequestIdLength = 64;

// Checks the request_id format: empty (no idempotency) or 1-64 printable ASCII characters.
absl::Status ValidateRequestId(std::string_view request_id);

// Claims `request_id` for (method, request) inside `tx`. Returns the stored response
// bytes if the same request already succeeded, nullopt if this is the first time (the
// caller then does the change and calls FinishIdempotent in the same transaction).
// A concurrent first attempt with the same id makes this wait for it on the row lock.
absl::StatusOr<std::optional<std::string>> BeginIdempotent(db::Transaction& tx,
                                                           std::string_view method,
                                                           const google::protobuf::Message& request,
                                                           std::string_view request_id);

// Stores the response of a request claimed by BeginIdempotent.
void FinishIdempotent(db::Transaction& tx, std::string_view request_id,
                      const google::protobuf::Message& response);

// Runs `body` exactly once per request_id: in one transaction, claims the id, runs the
// change, stores the answer. With an empty request_id it just runs `body` in a
// transaction.
template <typename Response>
absl::StatusOr<Response> RunIdempotent(
    db::ConnectionPool& pool, absl::Time deadline, std::string_view method,
    const google::protobuf::Message& request, std::string_view request_id,
    absl::FunctionRef<absl::StatusOr<Response>(db::Transaction&)> body) {
  RETURN_IF_ERROR(ValidateRequestId(request_id));
  Response response;
  RETURN_IF_ERROR(db::RunInTransaction(
      pool, deadline,
      [&](db::Transaction& tx) -> absl::Status {
        if (!request_id.empty()) {
          ASSIGN_OR_RETURN(std::optional<std::string> previous,
                           BeginIdempotent(tx, method, request, request_id));
          if (previous.has_value()) {
            if (!response.ParseFromString(*previous)) {
              return absl::InternalError("stored idempotent response does not parse");
            }
            return absl::OkStatus();
          }
        }
        ASSIGN_OR_RETURN(response, body(tx));
        if (!request_id.empty()) FinishIdempotent(tx, request_id, response);
        return absl::OkStatus();
      },
      // With a request_id a rerun after a lost commit finds the first run's record, if it
      // committed, and answers from it; without one the caller must be told.
      request_id.empty() ? db::OnUnknownCommit::kReport : db::OnUnknownCommit::kRetry));
  return response;
}

}  // namespace sales
