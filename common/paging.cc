#include "common/paging.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace sales {

absl::StatusOr<int64_t> DecodeIdCursor(const PageTokenCodec& codec, std::string_view scope,
                                       std::string_view token) {
  if (token.empty()) return 0;
  ASSIGN_OR_RETURN(std::string cursor, codec.Decode(scope, token));
  int64_t id = 0;
  if (!absl::SimpleAtoi(cursor, &id) || id <= 0) {
    return InvalidField("page_token", "is malformed");
  }
  return id;
}

std::string EncodeIdCursor(const PageTokenCodec& codec, std::string_view scope, int64_t id) {
  return codec.Encode(scope, absl::StrCat(id));
}

}  // namespace sales
