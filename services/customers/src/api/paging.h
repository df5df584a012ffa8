// Page-token scopes and cursors for the customers List methods.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/page_token.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::api {

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

// An id cursor: 0 when the token is empty.
absl::StatusOr<int64_t> DecodeIdCursor(const PageTokenCodec& codec, std::string_view scope,
                                       std::string_view token);
std::string EncodeIdCursor(const PageTokenCodec& codec, std::string_view scope, int64_t id);

// A (time, id) cursor for newest-first lists: "first page" when the token is empty.
absl::StatusOr<store::TimeCursor> DecodeTimeCursor(const PageTokenCodec& codec,
                                                   std::string_view scope, std::string_view token);
std::string EncodeTimeCursor(const PageTokenCodec& codec, std::string_view scope,
                             const store::TimeCursor& cursor);

}  // namespace sales::customers::api
