// Checks of an RPC's error answer. A caller reads the message to learn which field to fix,
// so a check that the message merely contains "order" (which almost any message does)
// proves nothing: EXPECT_RPC_ERROR demands that the message starts with the field it
// blames. Refusals that are about a state, not a field, use EXPECT_RPC_ERROR_MENTIONS.
#pragma once

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <string>
#include <string_view>

namespace sales::testing {

// True when `c` can continue a field path such as "order.lines[2].quantity".
inline bool ContinuesFieldPath(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
         c == '.' || c == '[' || c == ']' || c == '/';
}

// The code matches, and the message starts with `field` as a whole path: what follows it
// (if anything) cannot continue the path, so "order" does not pass for "order.lines".
inline ::testing::AssertionResult RpcErrorBlames(const grpc::Status& status, grpc::StatusCode code,
                                                 std::string_view field) {
  const std::string& message = status.error_message();
  if (status.error_code() != code) {
    return ::testing::AssertionFailure() << "code " << status.error_code() << " (expected " << code
                                         << "), message '" << message << "'";
  }
  const bool starts = message.compare(0, field.size(), field) == 0;
  if (!starts || (message.size() > field.size() && ContinuesFieldPath(message[field.size()]))) {
    return ::testing::AssertionFailure()
           << "message '" << message << "' does not start with the field '" << field << "'";
  }
  return ::testing::AssertionSuccess();
}

// The code matches and the message contains `text`.
inline ::testing::AssertionResult RpcErrorMentions(const grpc::Status& status,
                                                   grpc::StatusCode code, std::string_view text) {
  const std::string& message = status.error_message();
  if (status.error_code() != code) {
    return ::testing::AssertionFailure() << "code " << status.error_code() << " (expected " << code
                                         << "), message '" << message << "'";
  }
  if (message.find(text) == std::string::npos) {
    return ::testing::AssertionFailure()
           << "message '" << message << "' does not mention '" << text << "'";
  }
  return ::testing::AssertionSuccess();
}

}  // namespace sales::testing

// An error that blames a field (or, for NOT_FOUND, names the missing resource) first.
#define EXPECT_RPC_ERROR(status_expr, code, field) \
  EXPECT_TRUE(::sales::testing::RpcErrorBlames((status_expr), (code), (field)))
// An error about a state or a conflict, whose message must contain `text`.
#define EXPECT_RPC_ERROR_MENTIONS(status_expr, code, text) \
  EXPECT_TRUE(::sales::testing::RpcErrorMentions((status_expr), (code), (text)))
