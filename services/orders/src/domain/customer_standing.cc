#include "services/orders/src/domain/customer_standing.h"

#include <string>

#include "absl/strings/str_cat.h"

namespace sales::orders::domain {

absl::Status CheckCanOrder(std::string_view field, std::string_view customer, CustomerState state) {
  switch (state) {
    case CustomerState::kActive:
      return absl::OkStatus();
    case CustomerState::kArchived:
      return absl::FailedPreconditionError(
          absl::StrCat(std::string(field), ": ", std::string(customer), " is archived"));
    case CustomerState::kErased:
      // A customer whose personal data was erased at their request has ended the
      // relationship: their past orders stay, new ones are refused.
      return absl::FailedPreconditionError(absl::StrCat(std::string(field), ": ",
                                                        std::string(customer),
                                                        " is erased (personal data erased on "
                                                        "request)"));
  }
  return absl::InternalError("unknown customer state");
}

CustomerState NextCustomerState(std::optional<CustomerState> known, CustomerState reported) {
  if (known == CustomerState::kErased) return CustomerState::kErased;
  return reported;
}

}  // namespace sales::orders::domain
