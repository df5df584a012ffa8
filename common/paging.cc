#include "common/paging.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"

namespace sales {
namespace {

bool ParsePositiveId(std::string_view text, int64_t& id) {
  return absl::SimpleAtoi(ToAbsl(text), &id) && id > 0;
}

}  // namespace

absl::StatusOr<KeysetCursor> DecodeKeysetCursor(const PageTokenCodec& codec, std::string_view scope,
                                                std::string_view token, KeysetShape shape) {
  KeysetCursor out;
  out.shape = shape;
  if (token.empty()) return out;
  ASSIGN_OR_RETURN(std::string text, codec.Decode(scope, token));
  const std::string_view cursor = text;
  const size_t colon = cursor.find(':');
  bool ok = false;
  switch (shape) {
    case KeysetShape::kId:
      ok = ParsePositiveId(cursor, out.id);
      break;
    case KeysetShape::kTimeId: {
      int64_t micros = 0;
      ok = colon != std::string_view::npos &&
           absl::SimpleAtoi(ToAbsl(cursor.substr(0, colon)), &micros) &&
           ParsePositiveId(cursor.substr(colon + 1), out.id);
      out.time = absl::FromUnixMicros(micros);
      break;
    }
    case KeysetShape::kIdKey:
      ok = colon != std::string_view::npos && ParsePositiveId(cursor.substr(0, colon), out.id);
      if (ok) out.key = std::string(cursor.substr(colon + 1));
      break;
  }
  if (!ok) return InvalidField("page_token", "is malformed");
  return out;
}

std::string EncodeKeysetCursor(const PageTokenCodec& codec, std::string_view scope,
                               const KeysetCursor& cursor) {
  switch (cursor.shape) {
    case KeysetShape::kTimeId:
      return codec.Encode(scope, absl::StrCat(absl::ToUnixMicros(cursor.time), ":", cursor.id));
    case KeysetShape::kIdKey:
      return codec.Encode(scope, absl::StrCat(cursor.id, ":", ToAbsl(cursor.key)));
    case KeysetShape::kId:
      break;
  }
  return codec.Encode(scope, absl::StrCat(cursor.id));
}

}  // namespace sales
