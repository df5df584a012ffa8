// Loyalty points arithmetic: how one ledger entry changes a balance, never below zero.
#pragma once

#include <cstdint>

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

}  // namespace sales::customers::domain
