// The time filters of List requests (start_time inclusive, end_time exclusive).
#pragma once

#include <cstdint>
#include <string_view>

#include <google/protobuf/timestamp.pb.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/status.h"

namespace sales::orders::api {

// A window [from, before); an unset bound is InfinitePast (open).
struct TimeWindow {
  absl::Time from = absl::InfinitePast();
  absl::Time before = absl::InfinitePast();
};

// The window of a request's optional start_time and end_time, at the microseconds a
// DATETIME(6) column keeps. INVALID_ARGUMENT naming start_time or end_time when one is not a
// time between 1970 and 9999, and naming end_time when it is not after start_time.
inline absl::StatusOr<TimeWindow> ParseTimeWindow(bool has_start,
                                                  const google::protobuf::Timestamp& start,
                                                  bool has_end,
                                                  const google::protobuf::Timestamp& end) {
  constexpr int64_t kMaxUnixSeconds = 253402300799;  // 9999-12-31T23:59:59Z
  const auto parse = [](std::string_view field,
                        const google::protobuf::Timestamp& ts) -> absl::StatusOr<absl::Time> {
    if (ts.seconds() < 0 || ts.seconds() > kMaxUnixSeconds || ts.nanos() < 0 ||
        ts.nanos() > 999999999) {
      return InvalidField(field, "must be a valid time between 1970 and 9999");
    }
    return absl::FromUnixMicros(ts.seconds() * 1000000 + ts.nanos() / 1000);
  };
  TimeWindow window;
  if (has_start) {
    ASSIGN_OR_RETURN(window.from, parse("start_time", start));
  }
  if (has_end) {
    ASSIGN_OR_RETURN(window.before, parse("end_time", end));
  }
  if (has_start && has_end && window.before <= window.from) {
    return InvalidField("end_time", "must be later than start_time");
  }
  return window;
}

}  // namespace sales::orders::api
