// Proto values as typed and shown on the command line: enum values by their short name
// ("person" for CUSTOMER_KIND_PERSON), times in RFC 3339 UTC, resource names from bare ids.
#pragma once

#include <google/protobuf/generated_enum_reflection.h>
#include <google/protobuf/timestamp.pb.h>

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace sales::salesctl {

// The value of `type` named `text`: its short name in any letter case ("person"), or its
// full name ("CUSTOMER_KIND_PERSON"). The *_UNSPECIFIED value is refused. INVALID_ARGUMENT
// naming `field` and listing the short names otherwise.
absl::StatusOr<int> ParseEnumNumber(const google::protobuf::EnumDescriptor* type,
                                    absl::string_view field, absl::string_view text);
// The short name of `number` in lower case ("person"); "" for *_UNSPECIFIED, the number for
// a value this build does not know.
std::string EnumNumberText(const google::protobuf::EnumDescriptor* type, int number);
// "person, company": the short names a user may type.
std::string EnumChoices(const google::protobuf::EnumDescriptor* type);

template <class E>
absl::StatusOr<E> ParseEnum(absl::string_view field, absl::string_view text) {
  absl::StatusOr<int> number =
      ParseEnumNumber(google::protobuf::GetEnumDescriptor<E>(), field, text);
  if (!number.ok()) return number.status();
  return static_cast<E>(*number);
}
template <class E>
std::string EnumText(E value) {
  return EnumNumberText(google::protobuf::GetEnumDescriptor<E>(), static_cast<int>(value));
}
template <class E>
std::string EnumChoices() {
  return EnumChoices(google::protobuf::GetEnumDescriptor<E>());
}

// "2025-06-18T10:00:00Z" (RFC 3339, any offset) or "2025-06-18" (midnight UTC).
absl::StatusOr<google::protobuf::Timestamp> ParseTime(absl::string_view field,
                                                      absl::string_view text);
// A list filter's --start_time and --end_time: each given (not empty) one parsed as ParseTime
// into the request's start_time or end_time, which stay unset otherwise; INVALID_ARGUMENT
// naming the flag.
template <class Request>
absl::Status ParseTimeRange(absl::string_view start_text, absl::string_view end_text,
                            Request& req) {
  if (!start_text.empty()) {
    absl::StatusOr<google::protobuf::Timestamp> t = ParseTime("--start_time", start_text);
    if (!t.ok()) return t.status();
    *req.mutable_start_time() = *t;
  }
  if (!end_text.empty()) {
    absl::StatusOr<google::protobuf::Timestamp> t = ParseTime("--end_time", end_text);
    if (!t.ok()) return t.status();
    *req.mutable_end_time() = *t;
  }
  return absl::OkStatus();
}
// "2025-06-18 10:00" in UTC; "" when unset.
std::string TimeText(const google::protobuf::Timestamp& time);

// "customers/12" as given, or a bare id "12" completed to "<collection>/12".
std::string ResourceName(absl::string_view collection, absl::string_view text);

}  // namespace sales::salesctl
