// Page-token scopes and id cursors shared by every List method.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/page_token.h"

namespace sales {

// The scope a token is valid for: the method and every filter of the request (page_size
// and page_token excluded), so a token cannot be replayed against another query.
template <typename ListRequest>
std::string ListScope(std::string_view method, ListRequest request) {
  request.clear_page_size();
  request.clear_page_token();
  std::string bytes;
  request.SerializeToString(&bytes);
  return std::string(method) + "|" + bytes;
}

// An id cursor: 0 when the token is empty; INVALID_ARGUMENT naming page_token when bad.
absl::StatusOr<int64_t> DecodeIdCursor(const PageTokenCodec& codec, std::string_view scope,
                                       std::string_view token);
std::string EncodeIdCursor(const PageTokenCodec& codec, std::string_view scope, int64_t id);

}  // namespace sales
