// --json output: one JSON object per resource per line, in protobuf's JSON mapping
// (lowerCamelCase names, enums by name, int64 as strings, RFC 3339 times).
#pragma once

#include <google/protobuf/message.h>

#include <string>

namespace sales::salesctl {

// `message` as one line of JSON (no line break).
std::string JsonLine(const google::protobuf::Message& message);

// The message's `name` field ("customers/12"), or "" if it has none.
std::string NameOf(const google::protobuf::Message& message);

}  // namespace sales::salesctl
