#include "services/orders/src/domain/member_privileges.h"

#include <algorithm>
#include <set>

#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/absl_compat.h"

namespace sales::orders::domain {
namespace {

constexpr size_t kMaxTierName = 40;

bool ValidTierName(std::string_view name) {
  if (name.empty() || name.size() > kMaxTierName) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

}  // namespace

absl::StatusOr<TierLadder> TierLadder::Parse(std::string_view spec) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  for (absl::string_view part : absl::StrSplit(ToAbsl(spec), ',')) {
    // customers' "name:threshold" form is accepted: only the order of the names matters here.
    absl::string_view item = absl::StripAsciiWhitespace(part);
    item = item.substr(0, item.find(':'));
    const std::string name(absl::StripAsciiWhitespace(item));
    if (!ValidTierName(name)) {
      return absl::InvalidArgumentError(
          absl::StrFormat("tiers: '%s' is not a tier name (1-40 characters of [a-z0-9_-])", name));
    }
    if (!seen.insert(name).second) {
      return absl::InvalidArgumentError(absl::StrFormat("tiers: '%s' is given twice", name));
    }
    names.push_back(name);
  }
  return TierLadder(std::move(names));
}

std::optional<int> TierLadder::Rank(std::string_view tier) const {
  for (size_t i = 0; i < names_.size(); ++i) {
    if (names_[i] == tier) return static_cast<int>(i);
  }
  return std::nullopt;
}

absl::Status TierLadder::Validate(std::string_view field, std::string_view tier) const {
  if (Rank(tier).has_value()) return absl::OkStatus();
  return absl::InvalidArgumentError(absl::StrFormat("%s: '%s' is not a tier (one of %s)", field,
                                                    tier, absl::StrJoin(names_, ", ")));
}

bool TierLadder::Meets(std::string_view tier, std::string_view min_tier) const {
  if (min_tier.empty()) return true;
  const std::optional<int> have = Rank(tier);
  const std::optional<int> need = Rank(min_tier);
  return have.has_value() && need.has_value() && *have >= *need;
}

absl::Status ValidateReservation(std::string_view field, const TierReservation& reservation,
                                 const TierLadder& ladder) {
  if (reservation.min_tier.empty()) {
    return absl::InvalidArgumentError(absl::StrFormat("%s.min_tier: is required", field));
  }
  if (absl::Status s = ladder.Validate(absl::StrFormat("%s.min_tier", field), reservation.min_tier);
      !s.ok()) {
    return s;
  }
  if (reservation.ends_at == absl::InfinitePast() || reservation.ends_at <= reservation.starts_at) {
    return absl::InvalidArgumentError(
        absl::StrFormat("%s.end_time: is required and must be after start_time", field));
  }
  return absl::OkStatus();
}

absl::Status CheckReservation(std::string_view field, std::string_view product,
                              const TierReservation& reservation, std::string_view customer,
                              std::string_view customer_tier, const TierLadder& ladder,
                              absl::Time now) {
  if (!reservation.active_at(now) || ladder.Meets(customer_tier, reservation.min_tier)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrFormat(
      "%s: %s is reserved for tier %s and up until %s; %s is %s", field, product,
      reservation.min_tier,
      absl::FormatTime("%Y-%m-%dT%H:%M:%SZ", reservation.ends_at, absl::UTCTimeZone()), customer,
      customer_tier));
}

absl::Status CheckPromotionTier(std::string_view code, std::string_view min_tier,
                                std::string_view customer, std::string_view customer_tier,
                                const TierLadder& ladder) {
  if (ladder.Meets(customer_tier, min_tier)) return absl::OkStatus();
  return absl::FailedPreconditionError(
      absl::StrFormat("order.promotion_codes: code '%s' is for tier %s and up; %s is %s", code,
                      min_tier, customer, customer_tier));
}

}  // namespace sales::orders::domain
