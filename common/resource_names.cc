#include "common/resource_names.h"

#include <charconv>
#include <system_error>

#include "absl/strings/str_format.h"
#include "common/codes.h"

namespace sales {
namespace {
constexpr std::string_view kRepPrefix = "reps/";
}  // namespace

std::optional<int64_t> ParseResourceId(std::string_view text) {
  if (text.empty() || text.front() < '1' || text.front() > '9') return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
  }
  int64_t id = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return id;
}

absl::StatusOr<int64_t> ParseCollectionName(std::string_view field, std::string_view collection,
                                            std::string_view name) {
  if (name.size() > collection.size() && name.substr(0, collection.size()) == collection &&
      name[collection.size()] == '/') {
    if (std::optional<int64_t> id = ParseResourceId(name.substr(collection.size() + 1))) {
      return *id;
    }
  }
  if (name.empty()) return absl::InvalidArgumentError(absl::StrFormat("%s: is required", field));
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: must look like %s/{id}", field, collection));
}

bool IsRepName(std::string_view name) {
  return name.substr(0, kRepPrefix.size()) == kRepPrefix &&
         IsCode(name.substr(kRepPrefix.size()), kRepId);
}

absl::Status ValidateRepName(std::string_view field, std::string_view name) {
  if (name.empty()) return absl::InvalidArgumentError(absl::StrFormat("%s: is required", field));
  if (IsRepName(name)) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrFormat("%s: must look like reps/{id}, the id %d-%d characters of %s", field,
                      kRepId.min_len, kRepId.max_len, CodeClassText(kRepId)));
}

absl::Status ValidateOptionalRepName(std::string_view field, std::string_view name) {
  return name.empty() ? absl::OkStatus() : ValidateRepName(field, name);
}

}  // namespace sales
