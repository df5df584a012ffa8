#include "common/codes.h"

#include <string>

#include "absl/strings/str_format.h"

namespace sales {
namespace {

bool IsCodeChar(char c, const CodeRule& rule) {
  if (c >= '0' && c <= '9') return true;
  if (c >= 'a' && c <= 'z') return rule.letters != CodeLetters::kUpper;
  if (c >= 'A' && c <= 'Z') return rule.letters != CodeLetters::kLower;
  return c != '\0' && rule.punctuation.find(c) != std::string_view::npos;
}

std::string_view LetterClass(CodeLetters letters) {
  switch (letters) {
    case CodeLetters::kLower:
      return "a-z";
    case CodeLetters::kUpper:
      return "A-Z";
    case CodeLetters::kAnyCase:
      break;
  }
  return "A-Za-z";
}

}  // namespace

bool IsCode(std::string_view value, const CodeRule& rule) {
  if (value.size() < rule.min_len || value.size() > rule.max_len) return false;
  for (char c : value) {
    if (!IsCodeChar(c, rule)) return false;
  }
  return true;
}

std::string CodeClassText(const CodeRule& rule) {
  return absl::StrFormat("[%s0-9%s]", LetterClass(rule.letters), rule.punctuation);
}

absl::Status ValidateCode(std::string_view field, std::string_view value, const CodeRule& rule) {
  if (value.empty()) return absl::InvalidArgumentError(absl::StrFormat("%s: is required", field));
  if (IsCode(value, rule)) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrFormat(
      "%s: must be %d-%d characters of %s%s", field, rule.min_len, rule.max_len,
      CodeClassText(rule), rule.example.empty() ? "" : absl::StrFormat(", e.g. %s", rule.example)));
}

}  // namespace sales
