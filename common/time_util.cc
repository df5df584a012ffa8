#include "common/time_util.h"

#include "absl/time/clock.h"

namespace sales {

absl::Time TruncateToMicros(absl::Time t) {
  if (t == absl::InfinitePast() || t == absl::InfiniteFuture()) return t;
  return absl::FromUnixMicros(absl::ToUnixMicros(t));
}

absl::Time NowMicros() { return TruncateToMicros(absl::Now()); }

google::protobuf::Timestamp ToProtoTime(absl::Time t) {
  google::protobuf::Timestamp ts;
  const int64_t micros = absl::ToUnixMicros(t);
  int64_t seconds = micros / 1000000;
  int64_t rem = micros % 1000000;
  if (rem < 0) {
    rem += 1000000;
    --seconds;
  }
  ts.set_seconds(seconds);
  ts.set_nanos(static_cast<int32_t>(rem * 1000));
  return ts;
}

absl::Time FromProtoTime(const google::protobuf::Timestamp& ts) {
  if (ts.seconds() == 0 && ts.nanos() == 0) return absl::InfinitePast();
  return absl::FromUnixSeconds(ts.seconds()) + absl::Nanoseconds(ts.nanos());
}

void SetProtoTime(absl::Time t, google::protobuf::Timestamp* out) {
  if (t == absl::InfinitePast()) return;
  *out = ToProtoTime(t);
}

}  // namespace sales
