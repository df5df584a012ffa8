#include "common/text.h"

#include "absl/strings/str_format.h"

namespace sales {
namespace {

absl::Status InvalidText(std::string_view field, std::string_view problem) {
  return absl::InvalidArgumentError(absl::StrFormat("%s: %s", field, problem));
}

// Decodes the code point at s[pos] and advances pos. Strict: overlong forms, surrogates,
// values above U+10FFFF and truncated sequences are refused, as MySQL's utf8mb4 would.
bool NextCodePoint(std::string_view s, size_t& pos, char32_t& cp) {
  const auto b0 = static_cast<unsigned char>(s[pos]);
  if (b0 < 0x80) {
    cp = b0;
    ++pos;
    return true;
  }
  size_t len = 0;
  char32_t min = 0;
  if ((b0 & 0xE0) == 0xC0) {
    len = 2, cp = b0 & 0x1F, min = 0x80;
  } else if ((b0 & 0xF0) == 0xE0) {
    len = 3, cp = b0 & 0x0F, min = 0x800;
  } else if ((b0 & 0xF8) == 0xF0) {
    len = 4, cp = b0 & 0x07, min = 0x10000;
  } else {
    return false;  // a continuation byte or 0xF8..0xFF where a sequence should start
  }
  if (s.size() - pos < len) return false;
  for (size_t i = 1; i < len; ++i) {
    const auto b = static_cast<unsigned char>(s[pos + i]);
    if ((b & 0xC0) != 0x80) return false;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return false;
  pos += len;
  return true;
}

// Unicode White_Space, so that a name of ideographic or no-break spaces counts as blank.
bool IsSpace(char32_t cp) {
  return (cp >= 0x09 && cp <= 0x0D) || cp == 0x20 || cp == 0x85 || cp == 0xA0 || cp == 0x1680 ||
         (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 || cp == 0x2029 || cp == 0x202F ||
         cp == 0x205F || cp == 0x3000;
}

struct TextInfo {
  bool valid_utf8 = true;
  bool blank = true;
  size_t code_points = 0;
};

TextInfo Inspect(std::string_view text) {
  TextInfo info;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp = 0;
    if (!NextCodePoint(text, pos, cp)) {
      info.valid_utf8 = false;
      return info;
    }
    ++info.code_points;
    if (!IsSpace(cp)) info.blank = false;
  }
  return info;
}

absl::Status CheckText(std::string_view field, const TextInfo& info, size_t max_len) {
  if (!info.valid_utf8) return InvalidText(field, "must be valid UTF-8");
  if (info.code_points > max_len) {
    return InvalidText(field, absl::StrFormat("must be at most %d characters", max_len));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status ValidateRequiredText(std::string_view field, std::string_view value, size_t max_len) {
  const TextInfo info = Inspect(value);
  if (info.valid_utf8 && info.blank) return InvalidText(field, "is required");
  return CheckText(field, info, max_len);
}

absl::Status ValidateOptionalText(std::string_view field, std::string_view value, size_t max_len) {
  if (value.empty()) return absl::OkStatus();
  return CheckText(field, Inspect(value), max_len);
}

}  // namespace sales
