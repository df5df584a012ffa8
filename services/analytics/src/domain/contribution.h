// Contribution analysis: which slices (members of one dimension) explain a KPI's change
// between a base period and a current one, in integer parts that add up exactly to the
// change. Pure: the caller gathers each slice's numerator and denominator in both periods.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/analytics/src/domain/measures.h"

namespace sales::analytics::domain {

// The KPIs a contribution analysis explains (sales/analytics/v1/diagnosis.proto).
enum class ContributionKpi {
  kRevenue,            // net sales - refunds, minor units
  kGrossMargin,        // revenue - (cost sold - cost returned), minor units
  kUnits,              // units sold
  kOrders,             // orders placed and not cancelled
  kAverageOrderValue,  // ratio: net sales / orders, minor units
  kGrossMarginRate,    // ratio: gross margin / revenue, basis points
  kLeadConversion,     // ratio: leads won / leads created, basis points
};

bool IsRatio(ContributionKpi kpi);
// The integer scale of a ratio KPI: 1 (minor units) for the average order value, 10000
// (basis points) for the rates; 1 for additive KPIs.
int64_t ScaleOf(ContributionKpi kpi);

// A KPI's numerator and denominator from a slice's summed rollup measures (the denominator
// is 0 for additive KPIs; lead conversion is not read from the measures: both 0).
struct KpiParts {
  int64_t numerator = 0;
  int64_t denominator = 0;
};
KpiParts PartsOf(ContributionKpi kpi, const Measures& m);

// One slice's figures in the two periods. For an additive KPI only `value` counts; for a
// ratio KPI value / denominator is the slice's rate. The slices must partition the KPI:
// their values (and denominators) add up to the company's.
struct SliceValues {
  std::string member;
  bool unattributed = false;  // the part no member holds (kept apart from the ranking)
  int64_t base_value = 0;
  int64_t current_value = 0;
  int64_t base_denominator = 0;
  int64_t current_denominator = 0;
};

// How a ratio's value is written in integers: its rate times `scale`, rounded half away
// from zero (1 for an average order value in minor units, 10000 for basis points).
struct RatioScale {
  int64_t scale = 1;
};

struct SliceContribution {
  SliceValues slice;
  int64_t contribution = 0;  // in the KPI's unit
  double mix_effect = 0;     // ratios only, in the KPI's unit, unrounded
  double rate_effect = 0;    // ratios only
};

struct ContributionResult {
  int64_t base_value = 0;
  int64_t current_value = 0;
  int64_t change = 0;  // current - base = the sum of every contribution
  // Every slice with a value or denominator in either period, in the order given.
  std::vector<SliceContribution> slices;
};

// Additive KPI: each slice's contribution is its change; the totals are the sums.
ContributionResult ContributeAdditive(const std::vector<SliceValues>& slices);

// Ratio KPI R = Σ N_i / Σ D_i, decomposed by Kitagawa's symmetric two-factor method
// (E. M. Kitagawa, "Components of a Difference Between Two Rates", JASA 50 (1955)
// 1168-1194): with weights w = D_i / D and rates r = N_i / D_i in base A and current B,
//   mix_i  = (w_B,i - w_A,i) (r̄_i - R̄)      (r̄_i, R̄: the means of the two periods)
//   rate_i = w̄_i (r_B,i - r_A,i)
// which sum exactly to R_B - R_A because each period's weights sum to 1. A slice without a
// denominator in one period takes its rate from the other there (its part is all mix).
// Values are scaled by `scale` (R written as round(R × scale)); base_value and current_value
// are the rounded ratios (half away from zero), change their difference, and the real parts
// mix + rate are rounded by largest remainder (each floored, then one unit each to the
// largest fractional parts; between equal ones the earlier slice) so that the contributions
// add up exactly to change. FAILED_PRECONDITION when a period's total denominator is not
// positive (the ratio is undefined there), naming "base" or "period".
absl::StatusOr<ContributionResult> ContributeRatio(const std::vector<SliceValues>& slices,
                                                   RatioScale scale);

// Splits a count (orders or units of a period) over reps in proportion to their credited
// basis points (`weights`, one per rep), with the part no rep holds, 10000 × total minus the
// weights' sum (never below 0), as one more weight at the end: largest remainder
// (common/largest_remainder.h), so the parts, the last being the unattributed one, add up
// exactly to total. All zero when total is 0.
std::vector<int64_t> SplitCountOverReps(int64_t total, const std::vector<int64_t>& weights);

// The rows shown for one dimension: member slices by largest absolute contribution (ties:
// member name), at most `limit`; the rest summed into one "other" row; the unattributed slice
// (if any) last. The rows add up to the result's change.
struct ContributionRow {
  enum class Kind { kMember, kUnattributed, kOther };
  Kind kind = Kind::kMember;
  int members = 0;  // slices summed
  SliceContribution figures;
};
std::vector<ContributionRow> RankContributions(const ContributionResult& result, int limit);

// Rounds real parts to integers that add up exactly to `total` by largest remainder: each
// part floored, then the units left (total - Σ floors, which is 0 to n when the parts add up
// to within 1 of total) one each to the parts with the largest fractional remainders, the
// earlier part first on a tie. Should floating error leave more than n units (or fewer than
// 0), the round goes on (or takes one back from the smallest remainders) until they add up:
// the result always adds up exactly to total.
std::vector<int64_t> RoundToTotal(const std::vector<double>& parts, int64_t total);

}  // namespace sales::analytics::domain
