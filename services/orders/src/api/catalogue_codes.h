// The codes of the catalogue: SKUs, categories, units of measure and promotion codes.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "common/codes.h"

namespace sales::orders::api {

// The rules of the catalogue's codes (the validator is common/codes.h).
inline constexpr CodeRule kSku{1, 64, CodeLetters::kAnyCase, "_.-", ""};
inline constexpr CodeRule kCategory{1, 64, CodeLetters::kLower, "_-", ""};
inline constexpr CodeRule kUnit{1, 16, CodeLetters::kUpper, "", "EA, BOX, KG"};
inline constexpr CodeRule kPromotionCode{3, 32, CodeLetters::kUpper, "_-", ""};

// 1-64 characters of [A-Za-z0-9_.-].
absl::Status ValidateSku(std::string_view field, std::string_view sku);
// Lower-cased (the stored form) and validated: 1-64 characters of [a-z0-9_-].
absl::StatusOr<std::string> NormalizeCategory(std::string_view field, std::string_view value);
// 1-16 characters of [A-Z0-9], e.g. EA, BOX, KG.
absl::Status ValidateUnit(std::string_view field, std::string_view unit);
// 3-32 characters of [A-Z0-9_-]; "is required" when empty.
absl::Status ValidatePromotionCodeText(std::string_view field, std::string_view code);

}  // namespace sales::orders::api
