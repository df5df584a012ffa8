// Cursors for the customers List methods (id cursors and scopes come from common/paging.h).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/page_token.h"
#include "common/paging.h"
#include "services/customers/src/store/rows.h"

namespace sales::customers::api {

using ::sales::DecodeIdCursor;
using ::sales::EncodeIdCursor;
using ::sales::ListScope;

// A (time, id) cursor for newest-first lists: "first page" when the token is empty.
absl::StatusOr<store::TimeCursor> DecodeTimeCursor(const PageTokenCodec& codec,
                                                   std::string_view scope, std::string_view token);
std::string EncodeTimeCursor(const PageTokenCodec& codec, std::string_view scope,
                             const store::TimeCursor& cursor);

}  // namespace sales::customers::api
