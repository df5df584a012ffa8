#include "services/customers/src/domain/referrals.h"

#include "absl/strings/str_format.h"
#include "services/customers/src/domain/names.h"

namespace sales::customers::domain {

absl::StatusOr<int64_t> ParseReferrer(std::string_view field, std::string_view name,
                                      int64_t self_id) {
  absl::StatusOr<int64_t> referrer = ParseCustomerName(field, name);
  if (!referrer.ok()) return referrer.status();
  if (self_id != 0 && *referrer == self_id) {
    return absl::InvalidArgumentError(absl::StrFormat("%s: a customer cannot refer itself", field));
  }
  return *referrer;
}

absl::Status CheckReferrerChange(std::string_view field, int64_t current_referrer,
                                 int64_t new_referrer) {
  if (current_referrer == 0 || current_referrer == new_referrer) return absl::OkStatus();
  return absl::FailedPreconditionError(absl::StrFormat("%s: is already %s and cannot change", field,
                                                       CustomerName(current_referrer)));
}

std::optional<int64_t> ReferralRewardFor(const ReferredOrder& order, const ReferralRules& rules) {
  if (!order.first_completed) return std::nullopt;
  if (order.imported) return 0;
  return rules.points_per_referral;
}

}  // namespace sales::customers::domain
