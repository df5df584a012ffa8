// Input validators shared by the customers handlers. Each returns OK or INVALID_ARGUMENT
// whose message starts with the field path the caller passes, e.g. "customer.email: ...".
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/codes.h"
#include "common/resource_names.h"
#include "common/text.h"

namespace sales::customers::domain {

inline constexpr size_t kMaxEmailLength = 254;
inline constexpr size_t kMaxTagLength = 40;
// A tag: 1-40 characters of [a-z0-9_-] (stored lower-cased).
inline constexpr CodeRule kTag{1, kMaxTagLength, CodeLetters::kLower, "_-", ""};
// The source_system of an external reference: 1-64 characters of [a-z0-9_-].
inline constexpr CodeRule kSourceSystem{1, 64, CodeLetters::kLower, "_-", ""};

// Text rules shared by every service (common/text.h), and rep names such as owner_rep:
// empty (no rep) or "reps/{id}" (common/resource_names.h).
using ::sales::ValidateOptionalRepName;
using ::sales::ValidateOptionalText;
using ::sales::ValidateRequiredText;

// Empty, or "local@domain.tld": at most 254 characters, one '@', a local part of 1-64
// characters, a domain of at least two labels of [A-Za-z0-9-] not starting or ending with
// '-', and a top-level domain of at least two letters.
absl::Status ValidateEmail(std::string_view field, std::string_view value);

// Empty, or E.164: '+' then 8-15 digits, the first not 0.
absl::Status ValidatePhone(std::string_view field, std::string_view value);

// Trims surrounding ASCII white space and lower-cases ASCII letters, the stored form of a
// tag. Validate the result with ValidateTag.
std::string NormalizeTag(std::string_view tag);

// 1-40 characters of [a-z0-9_-]; pass the tag through NormalizeTag first.
absl::Status ValidateTag(std::string_view field, std::string_view value);

// Both empty (no reference), or source_system of 1-64 characters of [a-z0-9_-] and an id of
// 1-128 printable, non-space ASCII characters. Errors name "<field_prefix>.source_system"
// or "<field_prefix>.id"; one without the other names the missing one.
absl::Status ValidateExternalRef(std::string_view field_prefix, std::string_view source_system,
                                 std::string_view id);

// Three upper-case letters equal to `expected`, the one currency of the deployment; the
// message says which currency is expected.
absl::Status ValidateCurrency(std::string_view field, std::string_view code,
                              std::string_view expected);

// Empty, or a calendar date "YYYY-MM-DD" (ISO 8601) with a year of 2000-2199 that exists
// (no 2025-02-30).
absl::Status ValidateOptionalDate(std::string_view field, std::string_view value);

}  // namespace sales::customers::domain
