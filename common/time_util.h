// Conversions between absl::Time and google.protobuf.Timestamp.
#pragma once

#include <google/protobuf/timestamp.pb.h>

#include "absl/time/time.h"

namespace sales {

google::protobuf::Timestamp ToProtoTime(absl::Time t);
// Unset or zero timestamps map to InfinitePast.
absl::Time FromProtoTime(const google::protobuf::Timestamp& ts);
// Fills `out` unless `t` is InfinitePast (a NULL column), leaving it unset.
void SetProtoTime(absl::Time t, google::protobuf::Timestamp* out);

}  // namespace sales
