// The exit codes of salesctl, one per kind of outcome a script needs to tell apart. They are
// listed in `salesctl --help` and in the README.
#pragma once

namespace sales::salesctl {

inline constexpr int kExitOk = 0;
// Anything not listed below (INTERNAL, UNKNOWN, DATA_LOSS, a file that cannot be read...).
inline constexpr int kExitOther = 1;
// Usage error: an unknown command or flag, a value that does not parse (money, time, enum),
// or the service's INVALID_ARGUMENT / OUT_OF_RANGE.
inline constexpr int kExitUsage = 2;
// NOT_FOUND: the named resource does not exist.
inline constexpr int kExitNotFound = 3;
// Refused by the service: FAILED_PRECONDITION (a transition the state forbids), ALREADY_EXISTS,
// ABORTED (stale etag, conflict), PERMISSION_DENIED, UNAUTHENTICATED, RESOURCE_EXHAUSTED.
inline constexpr int kExitRefused = 4;
// The service could not be reached or did not answer in time: UNAVAILABLE, DEADLINE_EXCEEDED,
// CANCELLED.
inline constexpr int kExitUnavailable = 5;

// The text `salesctl --help` prints about the codes above.
inline constexpr const char* kExitCodesHelp =
    "Exit codes: 0 ok; 1 other error; 2 usage error or INVALID_ARGUMENT; 3 NOT_FOUND;\n"
    "4 refused (FAILED_PRECONDITION, ALREADY_EXISTS, ABORTED, PERMISSION_DENIED, ...);\n"
    "5 unavailable (UNAVAILABLE, DEADLINE_EXCEEDED).";

}  // namespace sales::salesctl
