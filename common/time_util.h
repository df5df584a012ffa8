// Conversions between absl::Time and google.protobuf.Timestamp.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"

namespace sales {

google::protobuf::Timestamp ToProtoTime(absl::Time t);
// `t` truncated to the microseconds a DATETIME(6) column keeps: every time that is stored
// passes through here first (NowMicros for the clock, this for a caller's time), so that
// an answer carries the time exactly as it will later be read back.
absl::Time TruncateToMicros(absl::Time t);
// Now, truncated like TruncateToMicros.
absl::Time NowMicros();
// Unset or zero timestamps map to InfinitePast.
absl::Time FromProtoTime(const google::protobuf::Timestamp& ts);
// Fills `out` unless `t` is InfinitePast (a NULL column), leaving it unset.
void SetProtoTime(absl::Time t, google::protobuf::Timestamp* out);

}  // namespace sales
