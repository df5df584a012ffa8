// Satisfaction surveys: score ranges and the CSAT and NPS figures over a set of answers.
#pragma once

#include <cstdint>
#include <string_view>

#include "absl/status/status.h"

namespace sales::customers::domain {

// Mirrors sales.customers.v1.SurveyKind without UNSPECIFIED.
enum class SurveyKind { kCsat, kNps };

// CSAT scores are 1-5, NPS scores 0-10; INVALID_ARGUMENT naming `field` otherwise.
absl::Status ValidateSurveyScore(std::string_view field, SurveyKind kind, int score);

// Running counts over survey answers, as SatisfactionSummary reports them. Ratios are in
// basis points (1/100 of a percent) and use integer arithmetic only, so the same answers
// give the same figures on every machine.
struct SatisfactionCounts {
  int64_t csat_responses = 0;
  int64_t csat_satisfied = 0;  // score 4 or 5
  int64_t csat_score_sum = 0;
  int64_t nps_responses = 0;
  int64_t nps_promoters = 0;   // 9-10
  int64_t nps_passives = 0;    // 7-8
  int64_t nps_detractors = 0;  // 0-6

  // Counts `count` answers of `score`. Scores outside the kind's range (which
  // ValidateSurveyScore keeps out of the store) and non-positive counts are ignored, so the
  // totals always equal the sum of their parts.
  void Add(SurveyKind kind, int score, int64_t count = 1);

  // Satisfied share, 0..10000; 0 without answers.
  int32_t CsatSatisfiedBasisPoints() const;
  // Promoters% - detractors%, -10000..10000, rounded half away from zero; 0 without answers.
  int32_t NpsBasisPoints() const;
};

}  // namespace sales::customers::domain
