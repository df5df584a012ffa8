#include "services/customers/src/domain/satisfaction.h"

#include <cstdint>
#include <initializer_list>

#include "gtest/gtest.h"

namespace sales::customers::domain {
namespace {

SatisfactionCounts Csat(std::initializer_list<int> scores) {
  SatisfactionCounts counts;
  for (int score : scores) counts.Add(SurveyKind::kCsat, score);
  return counts;
}

SatisfactionCounts Nps(std::initializer_list<int> scores) {
  SatisfactionCounts counts;
  for (int score : scores) counts.Add(SurveyKind::kNps, score);
  return counts;
}

TEST(SurveyScoreTest, Ranges) {
  for (int score = 1; score <= 5; ++score) {
    EXPECT_TRUE(ValidateSurveyScore("s", SurveyKind::kCsat, score).ok()) << score;
  }
  for (int score = 0; score <= 10; ++score) {
    EXPECT_TRUE(ValidateSurveyScore("s", SurveyKind::kNps, score).ok()) << score;
  }
  for (int score : {-1, 0, 6, 10}) {
    EXPECT_EQ(ValidateSurveyScore("s", SurveyKind::kCsat, score).code(),
              absl::StatusCode::kInvalidArgument);
  }
  for (int score : {-1, 11, 100}) {
    EXPECT_EQ(ValidateSurveyScore("s", SurveyKind::kNps, score).code(),
              absl::StatusCode::kInvalidArgument);
  }
  EXPECT_EQ(ValidateSurveyScore("survey_response.score", SurveyKind::kCsat, 6).message(),
            "survey_response.score: must be 1-5 for a CSAT survey, got 6");
  EXPECT_EQ(ValidateSurveyScore("survey_response.score", SurveyKind::kNps, 11).message(),
            "survey_response.score: must be 0-10 for an NPS survey, got 11");
}

TEST(SatisfactionTest, NoResponsesGiveZero) {
  const SatisfactionCounts counts;
  EXPECT_EQ(counts.CsatSatisfiedBasisPoints(), 0);
  EXPECT_EQ(counts.NpsBasisPoints(), 0);
}

TEST(SatisfactionTest, CsatCounts) {
  const SatisfactionCounts counts = Csat({5, 4, 3, 2, 1});
  EXPECT_EQ(counts.csat_responses, 5);
  EXPECT_EQ(counts.csat_satisfied, 2);
  EXPECT_EQ(counts.csat_score_sum, 15);
  EXPECT_EQ(counts.CsatSatisfiedBasisPoints(), 4000);  // 2/5
  EXPECT_EQ(counts.nps_responses, 0);
  EXPECT_EQ(counts.NpsBasisPoints(), 0);
}

TEST(SatisfactionTest, CsatRounding) {
  EXPECT_EQ(Csat({5, 4, 3}).CsatSatisfiedBasisPoints(), 6667);  // 6666.67
  EXPECT_EQ(Csat({4, 1, 1}).CsatSatisfiedBasisPoints(), 3333);  // 3333.33
  EXPECT_EQ(Csat({5, 5}).CsatSatisfiedBasisPoints(), 10000);
  EXPECT_EQ(Csat({3, 3}).CsatSatisfiedBasisPoints(), 0);
  SatisfactionCounts half;  // 1/32 = 312.5 -> 313
  half.Add(SurveyKind::kCsat, 5, 1);
  half.Add(SurveyKind::kCsat, 2, 31);
  EXPECT_EQ(half.csat_responses, 32);
  EXPECT_EQ(half.csat_score_sum, 5 + 62);
  EXPECT_EQ(half.CsatSatisfiedBasisPoints(), 313);
}

TEST(SatisfactionTest, NpsBuckets) {
  const SatisfactionCounts counts = Nps({10, 9, 8, 7, 6, 0});
  EXPECT_EQ(counts.nps_responses, 6);
  EXPECT_EQ(counts.nps_promoters, 2);
  EXPECT_EQ(counts.nps_passives, 2);
  EXPECT_EQ(counts.nps_detractors, 2);
  EXPECT_EQ(counts.NpsBasisPoints(), 0);
  EXPECT_EQ(counts.csat_responses, 0);
}

TEST(SatisfactionTest, NpsValues) {
  EXPECT_EQ(Nps({10, 10, 10, 6}).NpsBasisPoints(), 5000);  // 75% - 25%
  EXPECT_EQ(Nps({9, 9}).NpsBasisPoints(), 10000);
  EXPECT_EQ(Nps({0, 6}).NpsBasisPoints(), -10000);
  EXPECT_EQ(Nps({7, 8}).NpsBasisPoints(), 0);
  EXPECT_EQ(Nps({10, 7, 8}).NpsBasisPoints(), 3333);                 // 33.33%
  EXPECT_EQ(Nps({10, 9, 8}).NpsBasisPoints(), 6667);                 // 66.67%
  EXPECT_EQ(Nps({3, 5, 8}).NpsBasisPoints(), -6667);                 // -66.67%, away from zero
  EXPECT_EQ(Nps({9, 3, 3, 7, 7, 7, 7, 7}).NpsBasisPoints(), -1250);  // (1 - 2) / 8
}

TEST(SatisfactionTest, NpsHalvesRoundAwayFromZero) {
  SatisfactionCounts up;  // +1/32 = 312.5 -> 313
  up.Add(SurveyKind::kNps, 10, 1);
  up.Add(SurveyKind::kNps, 8, 31);
  EXPECT_EQ(up.NpsBasisPoints(), 313);
  SatisfactionCounts down;  // -1/32 = -312.5 -> -313
  down.Add(SurveyKind::kNps, 0, 1);
  down.Add(SurveyKind::kNps, 7, 31);
  EXPECT_EQ(down.NpsBasisPoints(), -313);
}

TEST(SatisfactionTest, InvalidScoresAndCountsAreIgnored) {
  SatisfactionCounts counts;
  counts.Add(SurveyKind::kCsat, 0);
  counts.Add(SurveyKind::kCsat, 6);
  counts.Add(SurveyKind::kNps, 11);
  counts.Add(SurveyKind::kNps, -1);
  counts.Add(SurveyKind::kNps, 10, 0);
  counts.Add(SurveyKind::kNps, 10, -3);
  EXPECT_EQ(counts.csat_responses, 0);
  EXPECT_EQ(counts.nps_responses, 0);
}

TEST(SatisfactionTest, HugeCountsDoNotOverflow) {
  SatisfactionCounts counts;  // 3e18 promoters, 1e18 detractors: (2e18 * 10000) needs 128 bits
  counts.Add(SurveyKind::kNps, 10, 3'000'000'000'000'000'000);
  counts.Add(SurveyKind::kNps, 0, 1'000'000'000'000'000'000);
  EXPECT_EQ(counts.NpsBasisPoints(), 5000);
}

}  // namespace
}  // namespace sales::customers::domain
