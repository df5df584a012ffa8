// Codes: short identifiers of ASCII letters, digits and a little punctuation, such as
// warehouse and region codes, SKUs, categories, units, promotion codes, tags and rep ids.
// One validator for all of them; each kind of code is a CodeRule, declared once next to
// the code that owns it (the shared ones here).
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"

namespace sales {

enum class CodeLetters {
  kAnyCase,  // A-Z and a-z
  kLower,    // a-z only
  kUpper,    // A-Z only
};

struct CodeRule {
  size_t min_len = 1;
  size_t max_len = 0;
  CodeLetters letters = CodeLetters::kAnyCase;
  std::string_view punctuation = "_-";  // allowed besides letters and digits, e.g. "_.-"
  std::string_view example = "";        // appended to the error, e.g. "EA, BOX, KG"
};

// Codes that more than one service uses.
// A warehouse code: 1-32 characters of [A-Za-z0-9_-].
inline constexpr CodeRule kWarehouseCode{1, 32, CodeLetters::kAnyCase, "_-", ""};
// A sales region code: 1-32 characters of [A-Za-z0-9_-].
inline constexpr CodeRule kRegionCode{1, 32, CodeLetters::kAnyCase, "_-", ""};
// The id of a rep in "reps/{id}": 1-64 characters of [A-Za-z0-9_-].
inline constexpr CodeRule kRepId{1, 64, CodeLetters::kAnyCase, "_-", ""};

// Whether `value` is min_len-max_len characters, each a digit, a letter `rule.letters`
// allows, or one of `rule.punctuation`.
bool IsCode(std::string_view value, const CodeRule& rule);

// The character class of `rule` as the error messages spell it, e.g. "[A-Za-z0-9_-]".
std::string CodeClassText(const CodeRule& rule);

// OK, or INVALID_ARGUMENT naming `field`: "<field>: is required" when empty, else
// "<field>: must be <min>-<max> characters of [<class>]" (and ", e.g. <example>").
absl::Status ValidateCode(std::string_view field, std::string_view value, const CodeRule& rule);

}  // namespace sales
