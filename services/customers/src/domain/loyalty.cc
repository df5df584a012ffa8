#include "services/customers/src/domain/loyalty.h"

#include <limits>

#include "absl/numeric/int128.h"
#include "absl/strings/str_format.h"
#include "common/money.h"

namespace sales::customers::domain {

absl::Status ValidatePointsAmount(PointEntryKind kind, int64_t points) {
  if (kind == PointEntryKind::kAdjust) {
    if (points == 0) return absl::InvalidArgumentError("points_delta: must not be zero");
    if (points < -kMaxPointsPerEntry || points > kMaxPointsPerEntry) {
      return absl::InvalidArgumentError(absl::StrFormat(
          "points_delta: must be at most %d either way, got %d", kMaxPointsPerEntry, points));
    }
    return absl::OkStatus();
  }
  if (points < 1 || points > kMaxPointsPerEntry) {
    return absl::InvalidArgumentError(
        absl::StrFormat("points: must be between 1 and %d, got %d", kMaxPointsPerEntry, points));
  }
  return absl::OkStatus();
}

absl::StatusOr<int64_t> ApplyPoints(int64_t balance, PointEntryKind kind, int64_t points) {
  if (absl::Status valid = ValidatePointsAmount(kind, points); !valid.ok()) return valid;
  if (balance < 0) {
    // The store never writes a negative balance; refuse to build on a corrupt one.
    return absl::InternalError(absl::StrFormat("points balance is negative: %d", balance));
  }
  const bool subtract = kind == PointEntryKind::kRedeem || kind == PointEntryKind::kExpire;
  const int64_t delta = subtract ? -points : points;  // |points| <= 1e9: negation is safe
  if (delta < 0) {
    if (balance + delta < 0) {  // balance >= 0 and delta >= -1e9: cannot overflow
      if (kind == PointEntryKind::kAdjust) {
        return absl::FailedPreconditionError(absl::StrFormat(
            "insufficient points: balance %d, adjustment %d would go below zero", balance, delta));
      }
      return absl::FailedPreconditionError(
          absl::StrFormat("insufficient points: balance %d, requested %d", balance, points));
    }
    return balance + delta;
  }
  if (balance > std::numeric_limits<int64_t>::max() - delta) {
    return absl::FailedPreconditionError(absl::StrFormat(
        "points balance %d cannot take %d more points without overflowing", balance, delta));
  }
  return balance + delta;
}

absl::StatusOr<int64_t> PointsFor(int64_t net_minor, std::string_view currency_code,
                                  const LoyaltyRules& rules) {
  absl::StatusOr<int> exponent = MinorUnitExponent(currency_code);
  if (!exponent.ok()) return exponent.status();
  if (net_minor <= 0 || rules.points_per_unit <= 0) return 0;
  const int64_t whole_units = net_minor / MinorUnitsPerMajor(*exponent);
  const absl::int128 points = absl::int128(whole_units) * rules.points_per_unit;
  if (points > absl::int128(std::numeric_limits<int64_t>::max())) {
    return absl::OutOfRangeError(
        absl::StrFormat("points for %d minor units of %s at %d per unit overflow", net_minor,
                        std::string(currency_code), rules.points_per_unit));
  }
  return static_cast<int64_t>(points);
}

}  // namespace sales::customers::domain
