#include "services/customers/src/domain/funnel.h"

#include <algorithm>
#include <array>
#include <string>
#include <vector>

#include "gtest/gtest.h"

namespace sales::customers::domain {
namespace {

constexpr std::array<LeadStage, 6> kStages = {LeadStage::kLead,     LeadStage::kQualified,
                                              LeadStage::kProposal, LeadStage::kNegotiation,
                                              LeadStage::kWon,      LeadStage::kLost};

// Written out by hand from lead.proto, independently of the table in funnel.cc.
// Rows are `from`, columns `to`, both in kStages order:
//                                   LEAD  QUAL  PROP  NEGO  WON   LOST
constexpr bool kAllowed[6][6] = {
    /* LEAD        */ {false, true, false, false, false, true},
    /* QUALIFIED   */ {false, false, true, false, false, true},
    /* PROPOSAL    */ {false, false, false, true, true, true},
    /* NEGOTIATION */ {false, false, true, false, true, true},
    /* WON         */ {false, false, false, false, false, false},
    /* LOST        */ {true, false, false, false, false, false},
};

TEST(FunnelTest, StageNamesMatchTheProtoEnum) {
  EXPECT_EQ(StageName(LeadStage::kLead), "LEAD_STAGE_LEAD");
  EXPECT_EQ(StageName(LeadStage::kQualified), "LEAD_STAGE_QUALIFIED");
  EXPECT_EQ(StageName(LeadStage::kProposal), "LEAD_STAGE_PROPOSAL");
  EXPECT_EQ(StageName(LeadStage::kNegotiation), "LEAD_STAGE_NEGOTIATION");
  EXPECT_EQ(StageName(LeadStage::kWon), "LEAD_STAGE_WON");
  EXPECT_EQ(StageName(LeadStage::kLost), "LEAD_STAGE_LOST");
}

TEST(FunnelTest, StageProbabilities) {
  EXPECT_EQ(StageProbabilityPercent(LeadStage::kLead), 10);
  EXPECT_EQ(StageProbabilityPercent(LeadStage::kQualified), 25);
  EXPECT_EQ(StageProbabilityPercent(LeadStage::kProposal), 50);
  EXPECT_EQ(StageProbabilityPercent(LeadStage::kNegotiation), 75);
  EXPECT_EQ(StageProbabilityPercent(LeadStage::kWon), 100);
  EXPECT_EQ(StageProbabilityPercent(LeadStage::kLost), 0);
}

TEST(FunnelTest, FullTransitionMatrix) {
  int allowed = 0;
  for (size_t f = 0; f < kStages.size(); ++f) {
    for (size_t t = 0; t < kStages.size(); ++t) {
      const LeadStage from = kStages[f];
      const LeadStage to = kStages[t];
      // Give a lost_reason exactly when it is required, so only the table decides.
      const std::string reason = to == LeadStage::kLost ? "went with a competitor" : "";
      const absl::Status status = CheckTransition(from, to, reason);
      SCOPED_TRACE(std::string(StageName(from)) + " -> " + std::string(StageName(to)));
      if (kAllowed[f][t]) {
        ++allowed;
        EXPECT_TRUE(status.ok()) << status;
      } else if (from == to) {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(status.message(), "lead is already in stage " + std::string(StageName(to)));
      } else {
        EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
        EXPECT_EQ(status.message(), "cannot move a lead from " + std::string(StageName(from)) +
                                        " to " + std::string(StageName(to)));
      }
    }
  }
  EXPECT_EQ(allowed, 11);
}

TEST(FunnelTest, AllowedNextStagesMatchesTheMatrix) {
  for (size_t f = 0; f < kStages.size(); ++f) {
    std::vector<LeadStage> expected;
    for (size_t t = 0; t < kStages.size(); ++t) {
      if (kAllowed[f][t]) expected.push_back(kStages[t]);
    }
    std::vector<LeadStage> actual = AllowedNextStages(kStages[f]);
    std::sort(actual.begin(), actual.end());
    EXPECT_EQ(actual, expected) << StageName(kStages[f]);
  }
  EXPECT_TRUE(AllowedNextStages(LeadStage::kWon).empty());
  EXPECT_EQ(AllowedNextStages(LeadStage::kLost), std::vector<LeadStage>{LeadStage::kLead});
}

TEST(FunnelTest, MessageNamesBothStages) {
  const absl::Status status = CheckTransition(LeadStage::kWon, LeadStage::kProposal, "");
  EXPECT_EQ(status.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(status.message(), "cannot move a lead from LEAD_STAGE_WON to LEAD_STAGE_PROPOSAL");
}

TEST(FunnelTest, LostNeedsAReason) {
  for (const char* blank : {"", " ", "\t \n"}) {
    const absl::Status status = CheckTransition(LeadStage::kProposal, LeadStage::kLost, blank);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(), "lost_reason: required when moving to LEAD_STAGE_LOST");
  }
  EXPECT_TRUE(CheckTransition(LeadStage::kProposal, LeadStage::kLost, "too expensive").ok());
}

TEST(FunnelTest, ReasonRefusedForOtherTargets) {
  for (const LeadStage to : {LeadStage::kQualified, LeadStage::kLead}) {
    const LeadStage from = to == LeadStage::kLead ? LeadStage::kLost : LeadStage::kLead;
    const absl::Status status = CheckTransition(from, to, "why not");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message(), "lost_reason: only allowed when moving to LEAD_STAGE_LOST");
  }
  // Even white space counts as a reason given.
  EXPECT_EQ(CheckTransition(LeadStage::kLead, LeadStage::kQualified, " ").code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(FunnelTest, RequestIsCheckedBeforeState) {
  // A malformed request gets the same answer whatever stage the lead is in.
  EXPECT_EQ(CheckTransition(LeadStage::kWon, LeadStage::kLost, "").code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(CheckTransition(LeadStage::kLost, LeadStage::kLost, "").code(),
            absl::StatusCode::kInvalidArgument);
  // A well-formed one then meets the state.
  const absl::Status again = CheckTransition(LeadStage::kLost, LeadStage::kLost, "again");
  EXPECT_EQ(again.code(), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(again.message(), "lead is already in stage LEAD_STAGE_LOST");
  EXPECT_EQ(CheckTransition(LeadStage::kWon, LeadStage::kLost, "changed mind").code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace sales::customers::domain
