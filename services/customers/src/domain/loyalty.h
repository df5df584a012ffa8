// Loyalty points arithmetic: how one ledger entry changes a balance, never below zero.
#pragma once

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace sales::customers::domain {

// Largest number of points one ledger entry may move, either way (see the API requests).
inline constexpr int64_t kMaxPointsPerEntry = 1'000'000'000;

// Mirrors sales.customers.v1.PointEntryKind without UNSPECIFIED.
enum class PointEntryKind { kEarn, kRedeem, kExpire, kAdjust };

// Checks the amount of one entry before any balance is read. Earn, redeem and expire take
// 1..kMaxPointsPerEntry points (INVALID_ARGUMENT naming `points`); adjust takes a non-zero
// signed delta within +-kMaxPointsPerEntry (INVALID_ARGUMENT naming `points_delta`).
absl::Status ValidatePointsAmount(PointEntryKind kind, int64_t points);

// The balance after one entry. `points` is the amount for earn, redeem and expire and the
// signed delta for adjust. Earn and a positive adjust add; redeem, expire and a negative
// adjust subtract. Besides the errors of ValidatePointsAmount: FAILED_PRECONDITION
// "insufficient points: ..." when the result would be negative, FAILED_PRECONDITION when
// it would overflow int64, INTERNAL when the stored balance already is negative.
absl::StatusOr<int64_t> ApplyPoints(int64_t balance, PointEntryKind kind, int64_t points);

// The earning rule of completed orders.
struct LoyaltyRules {
  // Points per whole currency unit (one major unit: 1 yen, 1 yuan = 100 fen, 1 dinar =
  // 1000 fils) of what was paid before tax.
  int64_t points_per_unit = 1;
};

// Points earned for `net_minor` minor units of `currency_code` paid before tax: whole major
// units (by the currency's ISO 4217 minor-unit exponent: JPY 0, CNY 2, KWD 3) times
// rules.points_per_unit, rounded down; 0 for a non-positive amount. INVALID_ARGUMENT naming
// currency_code for an unknown currency; OUT_OF_RANGE if the points overflow int64.
absl::StatusOr<int64_t> PointsFor(int64_t net_minor, std::string_view currency_code,
                                  const LoyaltyRules& rules);

}  // namespace sales::customers::domain
