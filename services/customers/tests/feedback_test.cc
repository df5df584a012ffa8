#include "services/customers/src/domain/feedback.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace sales::customers::domain {
namespace {

TEST(FeedbackTest, CategoriesAreKnownAndRequiredForComplaints) {
  EXPECT_EQ(*ParseCategory("interaction.category", 3, false), FeedbackCategory::kDelivery);
  EXPECT_EQ(*ParseCategory("interaction.category", 0, false), FeedbackCategory::kNone);
  const absl::Status unknown = ParseCategory("interaction.category", 9, false).status();
  EXPECT_EQ(unknown.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(unknown.message(), "interaction.category: 9 is not a known category");
  const absl::Status missing = ParseCategory("interaction.category", 0, true).status();
  EXPECT_EQ(missing.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(absl::StartsWith(missing.message(), "interaction.category: is required")) << missing;
}

TEST(FeedbackTest, OnlyOpenComplaintsAreResolvedAndOnce) {
  EXPECT_TRUE(*CanResolve("interactions/4", ComplaintState::kOpen));
  EXPECT_FALSE(*CanResolve("interactions/4", ComplaintState::kResolved));
  const absl::Status not_complaint = CanResolve("interactions/4", ComplaintState::kNone).status();
  EXPECT_EQ(not_complaint.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(not_complaint.message(),
            "interactions/4 is not a complaint; only complaints are resolved");
}

TEST(FeedbackTest, TimeToResolveIsNeverNegative) {
  const absl::Time t = absl::FromUnixSeconds(1790000000);
  EXPECT_EQ(TimeToResolve(t, t + absl::Hours(30)), absl::Hours(30));
  EXPECT_EQ(TimeToResolve(t, t - absl::Hours(1)), absl::ZeroDuration());
}

}  // namespace
}  // namespace sales::customers::domain
