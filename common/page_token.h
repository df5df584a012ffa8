// Opaque, tamper-evident page tokens and the page-size rule shared by every List method.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace sales {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// 0 -> kDefaultPageSize, above kMaxPageSize -> kMaxPageSize, negative -> INVALID_ARGUMENT
// naming `page_size`.
absl::StatusOr<int> NormalizePageSize(int32_t requested);

// A token is base64url(cursor) + "." + a truncated HMAC-SHA256 over the scope and cursor,
// keyed by a deployment secret. The scope names the list and its filters, so a token
// edited by hand, or taken from another list or another filter, is refused.
class PageTokenCodec final {
 public:
  explicit PageTokenCodec(std::string secret);

  std::string Encode(std::string_view scope, std::string_view cursor) const;
  // The cursor, or INVALID_ARGUMENT naming `page_token`.
  absl::StatusOr<std::string> Decode(std::string_view scope, std::string_view token) const;

 private:
  std::string Mac(std::string_view scope, std::string_view cursor) const;
  std::string secret_;
};

}  // namespace sales
