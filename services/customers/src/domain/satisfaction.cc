#include "services/customers/src/domain/satisfaction.h"

#include "absl/numeric/int128.h"
#include "absl/strings/str_format.h"

namespace sales::customers::domain {
namespace {

constexpr int kCsatMin = 1;
constexpr int kCsatMax = 5;
constexpr int kCsatSatisfiedFrom = 4;
constexpr int kNpsMin = 0;
constexpr int kNpsMax = 10;
constexpr int kNpsPromoterFrom = 9;
constexpr int kNpsPassiveFrom = 7;
constexpr int64_t kBasisPoints = 10000;

// round(numerator * 10000 / denominator), half away from zero; |numerator| <= denominator.
// 128-bit so that the product cannot overflow whatever the counts.
int32_t RoundedBasisPoints(int64_t numerator, int64_t denominator) {
  if (denominator <= 0) return 0;
  const absl::int128 scaled = absl::int128(numerator) * kBasisPoints;
  const absl::int128 magnitude = scaled < 0 ? -scaled : scaled;
  const absl::int128 rounded = (magnitude * 2 + denominator) / (absl::int128(denominator) * 2);
  const auto result = static_cast<int32_t>(absl::Int128Low64(rounded));
  return scaled < 0 ? -result : result;
}

bool InRange(SurveyKind kind, int score) {
  return kind == SurveyKind::kCsat ? score >= kCsatMin && score <= kCsatMax
                                   : score >= kNpsMin && score <= kNpsMax;
}

}  // namespace

absl::Status ValidateSurveyScore(std::string_view field, SurveyKind kind, int score) {
  switch (kind) {
    case SurveyKind::kCsat:
      if (score < kCsatMin || score > kCsatMax) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: must be %d-%d for a CSAT survey, got %d", field, kCsatMin, kCsatMax, score));
      }
      return absl::OkStatus();
    case SurveyKind::kNps:
      if (score < kNpsMin || score > kNpsMax) {
        return absl::InvalidArgumentError(absl::StrFormat(
            "%s: must be %d-%d for an NPS survey, got %d", field, kNpsMin, kNpsMax, score));
      }
      return absl::OkStatus();
  }
  return absl::InvalidArgumentError(absl::StrFormat("%s: unknown survey kind", field));
}

void SatisfactionCounts::Add(SurveyKind kind, int score, int64_t count) {
  if (count <= 0 || !InRange(kind, score)) return;
  if (kind == SurveyKind::kCsat) {
    csat_responses += count;
    if (score >= kCsatSatisfiedFrom) csat_satisfied += count;
    csat_score_sum += count * score;
    return;
  }
  nps_responses += count;
  if (score >= kNpsPromoterFrom) {
    nps_promoters += count;
  } else if (score >= kNpsPassiveFrom) {
    nps_passives += count;
  } else {
    nps_detractors += count;
  }
}

int32_t SatisfactionCounts::CsatSatisfiedBasisPoints() const {
  return RoundedBasisPoints(csat_satisfied, csat_responses);
}

int32_t SatisfactionCounts::NpsBasisPoints() const {
  return RoundedBasisPoints(nps_promoters - nps_detractors, nps_responses);
}

}  // namespace sales::customers::domain
