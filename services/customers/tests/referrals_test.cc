#include "services/customers/src/domain/referrals.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::customers::domain {
namespace {

TEST(ReferralsTest, ParsesAReferrerAndRefusesTheCustomerItself) {
  EXPECT_EQ(*ParseReferrer("customer.referred_by", "customers/7", 3), 7);
  EXPECT_EQ(*ParseReferrer("customer.referred_by", "customers/7", 0), 7);
  const absl::Status self = ParseReferrer("customer.referred_by", "customers/3", 3).status();
  EXPECT_EQ(self.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(self.message(), "customer.referred_by: a customer cannot refer itself");
  const absl::Status bad = ParseReferrer("customer.referred_by", "orders/3", 1).status();
  EXPECT_EQ(bad.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(bad.message(), "customer.referred_by:")) << bad;
}

TEST(ReferralsTest, AReferrerIsSetOnce) {
  EXPECT_TRUE(CheckReferrerChange("customer.referred_by", 0, 5).ok());
  EXPECT_TRUE(CheckReferrerChange("customer.referred_by", 5, 5).ok());
  const absl::Status changed = CheckReferrerChange("customer.referred_by", 5, 6);
  EXPECT_EQ(changed.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(changed.message(), "customer.referred_by: is already customers/5 and cannot change");
}

TEST(ReferralsTest, OnlyTheFirstLiveCompletedOrderEarnsTheReward) {
  const ReferralRules rules{.points_per_referral = 300};
  EXPECT_EQ(ReferralRewardFor({.first_completed = true, .imported = false}, rules), 300);
  EXPECT_EQ(ReferralRewardFor({.first_completed = true, .imported = true}, rules), 0);
  EXPECT_EQ(ReferralRewardFor({.first_completed = false, .imported = false}, rules), std::nullopt);
}

}  // namespace
}  // namespace sales::customers::domain
