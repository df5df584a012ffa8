#include "services/orders/src/domain/return_status.h"

#include <array>

#include "absl/strings/str_format.h"

namespace sales::orders::domain {
namespace {

struct ReturnMove {
  ReturnStatus from;
  ReturnStatus to;
};

// The one place the return lifecycle is defined; return.proto documents the same moves.
constexpr std::array<ReturnMove, 3> kReturnMoves = {{
    {ReturnStatus::kRequested, ReturnStatus::kReceived},
    {ReturnStatus::kReceived, ReturnStatus::kResolved},
    {ReturnStatus::kRequested, ReturnStatus::kRejected},
}};

}  // namespace

std::string_view ReturnStatusName(ReturnStatus status) {
  switch (status) {
    case ReturnStatus::kRequested:
      return "RETURN_STATUS_REQUESTED";
    case ReturnStatus::kReceived:
      return "RETURN_STATUS_RECEIVED";
    case ReturnStatus::kResolved:
      return "RETURN_STATUS_RESOLVED";
    case ReturnStatus::kRejected:
      return "RETURN_STATUS_REJECTED";
  }
  return "RETURN_STATUS_UNSPECIFIED";  // only for a value cast from outside the enum
}

absl::Status CheckReturnTransition(ReturnStatus from, ReturnStatus to) {
  for (const ReturnMove& move : kReturnMoves) {
    if (move.from == from && move.to == to) return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrFormat(
      "cannot move return from %s to %s", ReturnStatusName(from), ReturnStatusName(to)));
}

std::vector<ReturnStatus> AllowedNextReturn(ReturnStatus from) {
  std::vector<ReturnStatus> next;
  for (const ReturnMove& move : kReturnMoves) {
    if (move.from == from) next.push_back(move.to);
  }
  return next;
}

}  // namespace sales::orders::domain
