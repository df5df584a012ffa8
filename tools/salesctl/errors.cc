#include "tools/salesctl/errors.h"

#include "absl/strings/str_cat.h"
#include "tools/salesctl/exit_codes.h"

namespace sales::salesctl {

absl::Status FromGrpc(const grpc::Status& status) {
  if (status.ok()) return absl::OkStatus();
  return absl::Status(static_cast<absl::StatusCode>(status.error_code()), status.error_message());
}

absl::Status InvalidField(absl::string_view field, absl::string_view problem) {
  return absl::InvalidArgumentError(absl::StrCat(field, ": ", problem));
}

int ExitCodeFor(const absl::Status& status) {
  switch (status.code()) {
    case absl::StatusCode::kOk:
      return kExitOk;
    case absl::StatusCode::kInvalidArgument:
    case absl::StatusCode::kOutOfRange:
      return kExitUsage;
    case absl::StatusCode::kNotFound:
      return kExitNotFound;
    case absl::StatusCode::kFailedPrecondition:
    case absl::StatusCode::kAlreadyExists:
    case absl::StatusCode::kAborted:
    case absl::StatusCode::kPermissionDenied:
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kResourceExhausted:
      return kExitRefused;
    case absl::StatusCode::kUnavailable:
    case absl::StatusCode::kDeadlineExceeded:
    case absl::StatusCode::kCancelled:
      return kExitUnavailable;
    default:
      return kExitOther;
  }
}

int ReportError(const absl::Status& status, std::ostream& out) {
  if (status.ok()) return kExitOk;
  // absl's names are "INVALID_ARGUMENT" style already, the canonical gRPC spelling.
  out << "error: " << absl::StatusCodeToString(status.code()) << ": " << status.message() << "\n";
  return ExitCodeFor(status);
}

}  // namespace sales::salesctl
