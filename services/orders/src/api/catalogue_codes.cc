#include "services/orders/src/api/catalogue_codes.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "common/absl_compat.h"
#include "common/status.h"

namespace sales::orders::api {
namespace {

constexpr size_t kMaxSkuLength = 64;
constexpr size_t kMaxCategoryLength = 64;
constexpr size_t kMaxUnitLength = 16;
constexpr size_t kMinCodeLength = 3;
constexpr size_t kMaxCodeLength = 32;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }

template <typename Pred>
bool IsRunOf(std::string_view s, size_t min_len, size_t max_len, Pred pred) {
  if (s.size() < min_len || s.size() > max_len) return false;
  return std::all_of(s.begin(), s.end(), pred);
}

}  // namespace

absl::Status ValidateSku(std::string_view field, std::string_view sku) {
  if (sku.empty()) return InvalidField(field, "is required");
  if (!IsRunOf(sku, 1, kMaxSkuLength, [](char c) {
        return IsDigit(c) || IsLower(c) || IsUpper(c) || c == '_' || c == '.' || c == '-';
      })) {
    return InvalidField(field, "must be 1-64 characters of [A-Za-z0-9_.-]");
  }
  return absl::OkStatus();
}

// Lower-cased (the stored form) and validated: 1-64 characters of [a-z0-9_-].
absl::StatusOr<std::string> NormalizeCategory(std::string_view field, std::string_view value) {
  std::string category = absl::AsciiStrToLower(ToAbsl(value));
  if (category.empty()) return InvalidField(field, "is required");
  if (!IsRunOf(category, 1, kMaxCategoryLength,
               [](char c) { return IsDigit(c) || IsLower(c) || c == '_' || c == '-'; })) {
    return InvalidField(field, "must be 1-64 characters of [a-z0-9_-]");
  }
  return category;
}

absl::Status ValidateUnit(std::string_view field, std::string_view unit) {
  if (unit.empty()) return InvalidField(field, "is required");
  if (!IsRunOf(unit, 1, kMaxUnitLength, [](char c) { return IsDigit(c) || IsUpper(c); })) {
    return InvalidField(field, "must be 1-16 characters of [A-Z0-9], e.g. EA, BOX, KG");
  }
  return absl::OkStatus();
}

absl::Status ValidatePromotionCodeText(std::string_view field, std::string_view code) {
  if (!IsRunOf(code, kMinCodeLength, kMaxCodeLength,
               [](char c) { return IsDigit(c) || IsUpper(c) || c == '_' || c == '-'; })) {
    return InvalidField(field, "must be 3-32 characters of [A-Z0-9_-]");
  }
  return absl::OkStatus();
}

}  // namespace sales::orders::api
