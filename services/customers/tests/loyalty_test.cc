#include "services/customers/src/domain/loyalty.h"

#include <cstdint>
#include <limits>

#include "gtest/gtest.h"

namespace sales::customers::domain {
namespace {

constexpr int64_t kMax = std::numeric_limits<int64_t>::max();
constexpr int64_t kMin = std::numeric_limits<int64_t>::min();

TEST(LoyaltyTest, EarnAdds) {
  EXPECT_EQ(ApplyPoints(0, PointEntryKind::kEarn, 1).value(), 1);
  EXPECT_EQ(ApplyPoints(250, PointEntryKind::kEarn, 100).value(), 350);
  EXPECT_EQ(ApplyPoints(0, PointEntryKind::kEarn, kMaxPointsPerEntry).value(), 1'000'000'000);
}

TEST(LoyaltyTest, RedeemAndExpireSubtract) {
  EXPECT_EQ(ApplyPoints(100, PointEntryKind::kRedeem, 40).value(), 60);
  EXPECT_EQ(ApplyPoints(100, PointEntryKind::kRedeem, 100).value(), 0);
  EXPECT_EQ(ApplyPoints(100, PointEntryKind::kExpire, 30).value(), 70);
  EXPECT_EQ(ApplyPoints(100, PointEntryKind::kExpire, 100).value(), 0);
}

TEST(LoyaltyTest, OverdrawIsRefused) {
  for (PointEntryKind kind : {PointEntryKind::kRedeem, PointEntryKind::kExpire}) {
    absl::StatusOr<int64_t> result = ApplyPoints(100, kind, 101);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
    EXPECT_EQ(result.status().message(), "insufficient points: balance 100, requested 101");
  }
  EXPECT_EQ(ApplyPoints(0, PointEntryKind::kRedeem, 1).status().message(),
            "insufficient points: balance 0, requested 1");
}

TEST(LoyaltyTest, AdjustBothWays) {
  EXPECT_EQ(ApplyPoints(10, PointEntryKind::kAdjust, 5).value(), 15);
  EXPECT_EQ(ApplyPoints(10, PointEntryKind::kAdjust, -4).value(), 6);
  EXPECT_EQ(ApplyPoints(10, PointEntryKind::kAdjust, -10).value(), 0);
  EXPECT_EQ(ApplyPoints(0, PointEntryKind::kAdjust, kMaxPointsPerEntry).value(),
            kMaxPointsPerEntry);
  EXPECT_EQ(ApplyPoints(kMaxPointsPerEntry, PointEntryKind::kAdjust, -kMaxPointsPerEntry).value(),
            0);
  absl::StatusOr<int64_t> below = ApplyPoints(10, PointEntryKind::kAdjust, -11);
  ASSERT_FALSE(below.ok());
  EXPECT_EQ(below.status().code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(below.status().message(),
            "insufficient points: balance 10, adjustment -11 would go below zero");
}

TEST(LoyaltyTest, BadAmountsNameTheField) {
  for (PointEntryKind kind :
       {PointEntryKind::kEarn, PointEntryKind::kRedeem, PointEntryKind::kExpire}) {
    for (int64_t points : {int64_t{0}, int64_t{-1}, kMaxPointsPerEntry + 1, kMin, kMax}) {
      absl::StatusOr<int64_t> result = ApplyPoints(5, kind, points);
      ASSERT_FALSE(result.ok()) << points;
      EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
      EXPECT_EQ(result.status().message().substr(0, 8), "points: ") << result.status();
    }
  }
  EXPECT_EQ(ApplyPoints(5, PointEntryKind::kEarn, 0).status().message(),
            "points: must be between 1 and 1000000000, got 0");
}

TEST(LoyaltyTest, BadDeltasNameTheField) {
  EXPECT_EQ(ApplyPoints(5, PointEntryKind::kAdjust, 0).status().message(),
            "points_delta: must not be zero");
  for (int64_t delta : {kMaxPointsPerEntry + 1, -kMaxPointsPerEntry - 1, kMin, kMax}) {
    absl::StatusOr<int64_t> result = ApplyPoints(5, PointEntryKind::kAdjust, delta);
    ASSERT_FALSE(result.ok()) << delta;
    EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(result.status().message().substr(0, 14), "points_delta: ") << result.status();
  }
}

TEST(LoyaltyTest, ValidatePointsAmountAlone) {
  EXPECT_TRUE(ValidatePointsAmount(PointEntryKind::kEarn, 1).ok());
  EXPECT_TRUE(ValidatePointsAmount(PointEntryKind::kRedeem, kMaxPointsPerEntry).ok());
  EXPECT_TRUE(ValidatePointsAmount(PointEntryKind::kAdjust, -1).ok());
  EXPECT_FALSE(ValidatePointsAmount(PointEntryKind::kExpire, 0).ok());
  EXPECT_FALSE(ValidatePointsAmount(PointEntryKind::kAdjust, 0).ok());
}

TEST(LoyaltyTest, OverflowIsRefused) {
  EXPECT_EQ(
      ApplyPoints(kMax - kMaxPointsPerEntry, PointEntryKind::kEarn, kMaxPointsPerEntry).value(),
      kMax);
  for (PointEntryKind kind : {PointEntryKind::kEarn, PointEntryKind::kAdjust}) {
    absl::StatusOr<int64_t> result = ApplyPoints(kMax, kind, 1);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
    result = ApplyPoints(kMax - kMaxPointsPerEntry + 1, kind, kMaxPointsPerEntry);
    EXPECT_EQ(result.status().code(), absl::StatusCode::kFailedPrecondition);
  }
  // Subtracting from the largest balance is fine.
  EXPECT_EQ(ApplyPoints(kMax, PointEntryKind::kRedeem, 1).value(), kMax - 1);
}

TEST(LoyaltyTest, NegativeStoredBalanceIsInternal) {
  EXPECT_EQ(ApplyPoints(-1, PointEntryKind::kEarn, 1).status().code(), absl::StatusCode::kInternal);
  EXPECT_EQ(ApplyPoints(kMin, PointEntryKind::kRedeem, 1).status().code(),
            absl::StatusCode::kInternal);
}

TEST(PointsForTest, JpyHasNoMinorUnit) {
  // 1,234 yen are 1,234 whole units: one point each, not 12 as a division by 100 gave.
  EXPECT_EQ(PointsFor(1234, "JPY", LoyaltyRules{1}).value(), 1234);
  EXPECT_EQ(PointsFor(1234, "JPY", LoyaltyRules{3}).value(), 3702);
}

TEST(PointsForTest, CnyCountsWholeYuanRoundedDown) {
  EXPECT_EQ(PointsFor(12345, "CNY", LoyaltyRules{1}).value(), 123);  // 123.45 yuan
  EXPECT_EQ(PointsFor(99, "CNY", LoyaltyRules{1}).value(), 0);
  EXPECT_EQ(PointsFor(12345, "CNY", LoyaltyRules{2}).value(), 246);
}

TEST(PointsForTest, KwdHasThreeDecimals) {
  EXPECT_EQ(PointsFor(12345, "KWD", LoyaltyRules{1}).value(), 12);  // 12.345 dinar
  EXPECT_EQ(PointsFor(999, "KWD", LoyaltyRules{1}).value(), 0);
}

TEST(PointsForTest, NothingForNonPositiveAmountsOrZeroRate) {
  EXPECT_EQ(PointsFor(0, "CNY", LoyaltyRules{1}).value(), 0);
  EXPECT_EQ(PointsFor(-500, "CNY", LoyaltyRules{1}).value(), 0);
  EXPECT_EQ(PointsFor(500, "CNY", LoyaltyRules{0}).value(), 0);
}

TEST(PointsForTest, UnknownCurrencyIsInvalidArgumentAndOverflowIsOutOfRange) {
  EXPECT_EQ(PointsFor(100, "ABC", LoyaltyRules{1}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(PointsFor(std::numeric_limits<int64_t>::max(), "JPY", LoyaltyRules{2}).status().code(),
            absl::StatusCode::kOutOfRange);
}

}  // namespace
}  // namespace sales::customers::domain
