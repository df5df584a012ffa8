// The return state machine: one explicit transition table; every refused move names both
// statuses.
#pragma once

#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace sales::orders::domain {

// Values equal the proto ReturnStatus numbers.
enum class ReturnStatus { kRequested = 1, kReceived = 2, kResolved = 3, kRejected = 4 };

// What happens to returned goods. Values equal the proto Disposition numbers.
enum class Disposition { kRestock = 1, kScrap = 2 };

// The proto enum value name, e.g. "RETURN_STATUS_REJECTED".
std::string_view ReturnStatusName(ReturnStatus status);
// The return lifecycle, one table: REQUESTED -> RECEIVED -> RESOLVED; REQUESTED ->
// REJECTED (refused before the goods came back). OK if allowed, otherwise
// FAILED_PRECONDITION "cannot move return from RETURN_STATUS_X to RETURN_STATUS_Y".
absl::Status CheckReturnTransition(ReturnStatus from, ReturnStatus to);
// The statuses a return in `from` may move to, in table order.
std::vector<ReturnStatus> AllowedNextReturn(ReturnStatus from);

}  // namespace sales::orders::domain
