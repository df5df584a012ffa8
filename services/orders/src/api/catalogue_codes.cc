#include "services/orders/src/api/catalogue_codes.h"

#include "absl/strings/ascii.h"
#include "common/absl_compat.h"
#include "common/status.h"

namespace sales::orders::api {

absl::Status ValidateSku(std::string_view field, std::string_view sku) {
  return ValidateCode(field, sku, kSku);
}

absl::StatusOr<std::string> NormalizeCategory(std::string_view field, std::string_view value) {
  std::string category = absl::AsciiStrToLower(ToAbsl(value));
  RETURN_IF_ERROR(ValidateCode(field, category, kCategory));
  return category;
}

absl::Status ValidateUnit(std::string_view field, std::string_view unit) {
  return ValidateCode(field, unit, kUnit);
}

absl::Status ValidatePromotionCodeText(std::string_view field, std::string_view code) {
  return ValidateCode(field, code, kPromotionCode);
}

}  // namespace sales::orders::api
