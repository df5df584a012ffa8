// Errors as a person reads them: "error: <CANONICAL_CODE>: <message>", where the message of
// a bad input starts with the field it blames (the service's message, or the flag's name
// for a value salesctl itself could not parse), and an exit code per kind (exit_codes.h).
#pragma once

#include <grpcpp/grpcpp.h>

#include <ostream>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace sales::salesctl {

// The gRPC status as an absl::Status with the same canonical code and message.
absl::Status FromGrpc(const grpc::Status& status);

// INVALID_ARGUMENT "<field>: <problem>", for a value typed on the command line or in a file.
absl::Status InvalidField(absl::string_view field, absl::string_view problem);

// The exit code for `status` (kExitOk when it is OK).
int ExitCodeFor(const absl::Status& status);

// Writes "error: <CODE>: <message>\n" to `out` and returns ExitCodeFor(status). Nothing for
// an OK status.
int ReportError(const absl::Status& status, std::ostream& out);

}  // namespace sales::salesctl
