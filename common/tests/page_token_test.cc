#include "common/page_token.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "absl/strings/match.h"

namespace sales {
namespace {

TEST(PageTokenCodecTest, RoundTrip) {
  const PageTokenCodec codec("secret");
  const std::string cursor = std::string("customers/42\0\xff|2024-01-01", 27);
  const std::string token = codec.Encode("ListCustomers|status=ACTIVE", cursor);
  EXPECT_EQ(
      token.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_."),
      std::string::npos)
      << "token must be URL-safe: " << token;
  const absl::StatusOr<std::string> decoded = codec.Decode("ListCustomers|status=ACTIVE", token);
  ASSERT_TRUE(decoded.ok()) << decoded.status().message();
  EXPECT_EQ(*decoded, cursor);
}

TEST(PageTokenCodecTest, EmptyCursorRoundTrips) {
  const PageTokenCodec codec("secret");
  const absl::StatusOr<std::string> decoded = codec.Decode("s", codec.Encode("s", ""));
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, "");
}

TEST(PageTokenCodecTest, AlteredTokenIsRefused) {
  const PageTokenCodec codec("secret");
  const std::string token = codec.Encode("ListCustomers", "42");
  const PageTokenCodec other_key("another secret");
  // Hand-made token for another cursor, with the MAC part of the genuine one.
  const std::string forged = other_key.Encode("ListCustomers", "43").substr(0, token.find('.')) +
                             token.substr(token.find('.'));
  for (const std::string& bad : {forged, other_key.Encode("ListCustomers", "42")}) {
    const absl::StatusOr<std::string> decoded = codec.Decode("ListCustomers", bad);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_TRUE(absl::StartsWith(decoded.status().message(), "page_token:"));
  }
  // Flipping any single character breaks the token.
  for (size_t i = 0; i < token.size(); ++i) {
    std::string flipped = token;
    flipped[i] = flipped[i] == 'A' ? 'B' : 'A';
    EXPECT_FALSE(codec.Decode("ListCustomers", flipped).ok()) << flipped;
  }
}

TEST(PageTokenCodecTest, TokenFromAnotherScopeIsRefused) {
  const PageTokenCodec codec("secret");
  const std::string token = codec.Encode("ListCustomers|status=ACTIVE", "42");
  const absl::StatusOr<std::string> decoded = codec.Decode("ListCustomers|status=LEAD", token);
  EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(decoded.status().message().find("page_token"), absl::string_view::npos);
  // Scope and cursor are framed: moving a character across the border changes the MAC.
  EXPECT_FALSE(codec.Decode("ab", codec.Encode("a", "b42")).ok());
}

TEST(PageTokenCodecTest, MalformedTokenIsRefused) {
  const PageTokenCodec codec("secret");
  for (const std::string& bad : {std::string(""), std::string("no-dot"), std::string("a.b"),
                                 std::string("!!.!!"), std::string(".")}) {
    const absl::StatusOr<std::string> decoded = codec.Decode("s", bad);
    EXPECT_EQ(decoded.status().code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(decoded.status().message(), "page_token: is malformed") << bad;
  }
}

TEST(NormalizePageSizeTest, Rules) {
  EXPECT_EQ(*NormalizePageSize(0), kDefaultPageSize);
  EXPECT_EQ(*NormalizePageSize(1), 1);
  EXPECT_EQ(*NormalizePageSize(kMaxPageSize), kMaxPageSize);
  EXPECT_EQ(*NormalizePageSize(kMaxPageSize + 1), kMaxPageSize);
  EXPECT_EQ(*NormalizePageSize(INT32_MAX), kMaxPageSize);
  const absl::StatusOr<int> negative = NormalizePageSize(-1);
  EXPECT_EQ(negative.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(negative.status().message(), "page_size:"));
}

}  // namespace
}  // namespace sales
