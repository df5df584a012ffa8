#include "services/customers/src/domain/feedback.h"

#include "absl/strings/str_format.h"

namespace sales::customers::domain {

absl::StatusOr<FeedbackCategory> ParseCategory(std::string_view field, int number, bool required) {
  if (number < 0 || number > static_cast<int>(FeedbackCategory::kOther)) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s: %d is not a known category", field, number));
  }
  if (number == 0 && required) {
    return absl::InvalidArgumentError(absl::StrFormat(
        "%s: is required for a complaint (PRODUCT, PRICE, DELIVERY, SERVICE or OTHER)", field));
  }
  return static_cast<FeedbackCategory>(number);
}

absl::StatusOr<bool> CanResolve(std::string_view name, ComplaintState state) {
  switch (state) {
    case ComplaintState::kOpen:
      return true;
    case ComplaintState::kResolved:
      return false;
    case ComplaintState::kNone:
      break;
  }
  return absl::FailedPreconditionError(
      absl::StrFormat("%s is not a complaint; only complaints are resolved", name));
}

absl::Duration TimeToResolve(absl::Time occurred_at, absl::Time resolved_at) {
  return resolved_at > occurred_at ? resolved_at - occurred_at : absl::ZeroDuration();
}

}  // namespace sales::customers::domain
