#include "services/customers/src/api/paging.h"

#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/status.h"

namespace sales::customers::api {

absl::StatusOr<store::TimeCursor> DecodeTimeCursor(const PageTokenCodec& codec,
                                                   std::string_view scope, std::string_view token) {
  if (token.empty()) return store::TimeCursor{};
  ASSIGN_OR_RETURN(std::string cursor, codec.Decode(scope, token));
  std::vector<std::string> parts = absl::StrSplit(cursor, ':');
  int64_t micros = 0;
  store::TimeCursor out;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &micros) ||
      !absl::SimpleAtoi(parts[1], &out.id) || out.id <= 0) {
    return InvalidField("page_token", "is malformed");
  }
  out.at = absl::FromUnixMicros(micros);
  return out;
}

std::string EncodeTimeCursor(const PageTokenCodec& codec, std::string_view scope,
                             const store::TimeCursor& cursor) {
  return codec.Encode(scope, absl::StrCat(absl::ToUnixMicros(cursor.at), ":", cursor.id));
}

}  // namespace sales::customers::api
