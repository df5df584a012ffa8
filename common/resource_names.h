// Resource names such as "orders/42": ids are positive int64 in canonical decimal (no sign,
// no leading zero, no overflow), so that one resource has exactly one name. Reps are the
// exception: "reps/{id}" with a code as id (kRepId), as the CRM and HR systems spell them.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/statusor.h"

namespace sales {

// The id, or nullopt if `text` is not a canonical positive int64.
std::optional<int64_t> ParseResourceId(std::string_view text);

// "<collection>/{id}" -> id; INVALID_ARGUMENT naming `field` ("is required" when empty,
// else "must look like <collection>/{id}").
absl::StatusOr<int64_t> ParseCollectionName(std::string_view field, std::string_view collection,
                                            std::string_view name);

// "reps/{id}", the id 1-64 characters of [A-Za-z0-9_-] (kRepId).
bool IsRepName(std::string_view name);

// OK, or INVALID_ARGUMENT naming `field`: "is required" when empty, else "must look like
// reps/{id}, the id 1-64 characters of [A-Za-z0-9_-]".
absl::Status ValidateRepName(std::string_view field, std::string_view name);
// Empty (no rep), or as ValidateRepName.
absl::Status ValidateOptionalRepName(std::string_view field, std::string_view name);

}  // namespace sales
