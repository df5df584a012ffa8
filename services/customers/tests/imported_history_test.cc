#include "services/customers/src/domain/imported_history.h"

#include <vector>

#include "gtest/gtest.h"

namespace sales::customers::domain {
namespace {

const absl::Time kCreated = absl::FromUnixSeconds(1700000000);
const absl::Time kNow = kCreated + absl::Hours(24 * 365);

ImportedMove Move(LeadStage to, int day, std::string reason = "") {
  return {to, kCreated + absl::Hours(24 * day), std::move(reason)};
}

TEST(ImportedHistoryTest, APathThroughTheTableInTimeOrderEndsInItsLastStage) {
  const std::vector<ImportedMove> moves = {
      Move(LeadStage::kQualified, 3), Move(LeadStage::kProposal, 10),
      Move(LeadStage::kNegotiation, 12), Move(LeadStage::kProposal, 12), Move(LeadStage::kWon, 30)};
  absl::StatusOr<LeadStage> last =
      CheckImportedHistory("lead.stage_history", kCreated, moves, kNow);
  ASSERT_TRUE(last.ok()) << last.status();
  EXPECT_EQ(*last, LeadStage::kWon);
  EXPECT_EQ(*CheckImportedHistory("h", kCreated, {}, kNow), LeadStage::kLead);
  // Lost, reopened, lost again.
  EXPECT_EQ(
      *CheckImportedHistory("h", kCreated,
                            {Move(LeadStage::kLost, 1, "no budget"), Move(LeadStage::kLead, 90),
                             Move(LeadStage::kLost, 95, "still no budget")},
                            kNow),
      LeadStage::kLost);
}

TEST(ImportedHistoryTest, AMoveTheTableForbidsNamesTheMoveAndBothStages) {
  absl::StatusOr<LeadStage> r =
      CheckImportedHistory("lead.stage_history", kCreated,
                           {Move(LeadStage::kQualified, 1), Move(LeadStage::kWon, 2)}, kNow);
  ASSERT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(r.status().message(),
            "lead.stage_history[1].stage: cannot move a lead from LEAD_STAGE_QUALIFIED to "
            "LEAD_STAGE_WON");
  r = CheckImportedHistory("h", kCreated, {Move(LeadStage::kLead, 1)}, kNow);
  EXPECT_EQ(r.status().message(), "h[0].stage: lead is already in stage LEAD_STAGE_LEAD");
}

TEST(ImportedHistoryTest, LostReasonIsRequiredOnLostAndRefusedElsewhere) {
  EXPECT_EQ(
      CheckImportedHistory("h", kCreated, {Move(LeadStage::kLost, 1)}, kNow).status().message(),
      "h[0].lost_reason: required when moving to LEAD_STAGE_LOST");
  EXPECT_EQ(CheckImportedHistory("h", kCreated, {Move(LeadStage::kQualified, 1, "why")}, kNow)
                .status()
                .message(),
            "h[0].lost_reason: only allowed when moving to LEAD_STAGE_LOST");
}

TEST(ImportedHistoryTest, MovesGoForwardInTimeFromTheCreation) {
  EXPECT_EQ(CheckImportedHistory("h", kCreated, {Move(LeadStage::kQualified, -1)}, kNow)
                .status()
                .message(),
            "h[0].change_time: is before the lead's create_time");
  EXPECT_EQ(
      CheckImportedHistory("h", kCreated,
                           {Move(LeadStage::kQualified, 5), Move(LeadStage::kProposal, 4)}, kNow)
          .status()
          .message(),
      "h[1].change_time: is before the move before it (h[0])");
  // Equal times keep their order.
  EXPECT_TRUE(CheckImportedHistory("h", kCreated,
                                   {Move(LeadStage::kQualified, 0), Move(LeadStage::kProposal, 0)},
                                   kNow)
                  .ok());
}

TEST(ImportedHistoryTest, TimesInTheFutureOrMissingAreRefused) {
  const absl::Status future =
      CheckImportedHistory("h", kCreated, {Move(LeadStage::kQualified, 400)}, kNow).status();
  EXPECT_EQ(future.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(future.message().substr(0, 37), "h[0].change_time: is in the future (2");
  EXPECT_EQ(
      CheckImportedHistory("h", kCreated, {{LeadStage::kQualified, absl::InfinitePast(), ""}}, kNow)
          .status()
          .message(),
      "h[0].change_time: is required");
  EXPECT_TRUE(CheckPastTime("t", kNow, kNow).ok());
  EXPECT_EQ(CheckPastTime("t", kNow + absl::Microseconds(1), kNow).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckPastTime("t", absl::FromUnixSeconds(0), kNow).message(), "t: is before 1970");
}

TEST(ImportedHistoryTest, TooManyMovesAreRefused) {
  std::vector<ImportedMove> moves;
  for (size_t i = 0; i <= kMaxImportedMoves; ++i) {
    moves.push_back(i % 2 == 0 ? Move(LeadStage::kLost, 1, "r") : Move(LeadStage::kLead, 1));
  }
  EXPECT_EQ(CheckImportedHistory("h", kCreated, moves, kNow).status().message(),
            "h: at most 100 moves are allowed");
}

}  // namespace
}  // namespace sales::customers::domain
