// The codes of the catalogue: SKUs, categories, units of measure and promotion codes.
#pragma once

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace sales::orders::api {

// 1-64 characters of [A-Za-z0-9_.-].
absl::Status ValidateSku(std::string_view field, std::string_view sku);
// Lower-cased (the stored form) and validated: 1-64 characters of [a-z0-9_-].
absl::StatusOr<std::string> NormalizeCategory(std::string_view field, std::string_view value);
// 1-16 characters of [A-Z0-9], e.g. EA, BOX, KG.
absl::Status ValidateUnit(std::string_view field, std::string_view unit);
// 3-32 characters of [A-Z0-9_-].
absl::Status ValidatePromotionCodeText(std::string_view field, std::string_view code);

}  // namespace sales::orders::api
