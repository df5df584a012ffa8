#include "services/customers/src/domain/customer_lifecycle.h"

#include "absl/strings/str_format.h"
#include "common/text.h"

namespace sales::customers::domain {
namespace {

constexpr size_t kMaxActorLength = 200;
constexpr size_t kMaxLegalBasisLength = 200;
constexpr size_t kMaxReasonLength = 500;

bool IsAllowed(CustomerState from, CustomerState to) {
  switch (from) {
    case CustomerState::kActive:
      return to == CustomerState::kArchived || to == CustomerState::kErased;
    case CustomerState::kArchived:
      return to == CustomerState::kActive || to == CustomerState::kErased;
    case CustomerState::kErased:
      return false;
  }
  return false;
}

std::string_view Hint(CustomerState from, CustomerState to) {
  if (from == CustomerState::kErased) return "erasure is final";
  if (to == CustomerState::kActive) return "only an archived customer can be unarchived";
  if (to == CustomerState::kArchived) return "only an active customer can be archived";
  return "the move is not allowed";
}

}  // namespace

std::string_view CustomerStateName(CustomerState state) {
  switch (state) {
    case CustomerState::kActive:
      return "CUSTOMER_STATE_ACTIVE";
    case CustomerState::kArchived:
      return "CUSTOMER_STATE_ARCHIVED";
    case CustomerState::kErased:
      return "CUSTOMER_STATE_ERASED";
  }
  return "CUSTOMER_STATE_UNSPECIFIED";
}

absl::Status CheckCustomerTransition(std::string_view customer, CustomerState from,
                                     CustomerState to) {
  if (IsAllowed(from, to)) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrFormat("cannot move %s from %s to %s: %s", customer,
                                                       CustomerStateName(from),
                                                       CustomerStateName(to), Hint(from, to)));
}

absl::Status CheckProfileEditable(std::string_view customer, CustomerState state) {
  switch (state) {
    case CustomerState::kActive:
      return absl::OkStatus();
    case CustomerState::kArchived:
      return absl::FailedPreconditionError(absl::StrFormat("%s is archived", customer));
    case CustomerState::kErased:
      return absl::FailedPreconditionError(absl::StrFormat(
          "%s is erased (CUSTOMER_STATE_ERASED): its personal data cannot be set again", customer));
  }
  return absl::OkStatus();
}

absl::Status CheckNoPersonalTextForErased(std::string_view customer, CustomerState state,
                                          std::string_view field, std::string_view text) {
  if (state != CustomerState::kErased || text.empty()) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrFormat(
      "%s: %s is erased (CUSTOMER_STATE_ERASED); no free text about it can be stored", field,
      customer));
}

PersonalProfile ErasedProfile() {
  PersonalProfile profile;
  profile.display_name = kErasedText;
  return profile;
}

absl::Status ValidateErasureRequest(std::string_view requested_by, std::string_view legal_basis,
                                    std::string_view reason) {
  if (absl::Status s = ValidateRequiredText("requested_by", requested_by, kMaxActorLength);
      !s.ok()) {
    return s;
  }
  if (absl::Status s = ValidateRequiredText("legal_basis", legal_basis, kMaxLegalBasisLength);
      !s.ok()) {
    return s;
  }
  return ValidateOptionalText("reason", reason, kMaxReasonLength);
}

}  // namespace sales::customers::domain
