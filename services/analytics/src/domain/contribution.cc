#include "services/analytics/src/domain/contribution.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <numeric>
#include <optional>

#include "absl/numeric/int128.h"
#include "common/largest_remainder.h"
#include "services/analytics/src/domain/rounding.h"

namespace sales::analytics::domain {

bool IsRatio(ContributionKpi kpi) {
  return kpi == ContributionKpi::kAverageOrderValue || kpi == ContributionKpi::kGrossMarginRate ||
         kpi == ContributionKpi::kLeadConversion;
}

int64_t ScaleOf(ContributionKpi kpi) {
  return kpi == ContributionKpi::kGrossMarginRate || kpi == ContributionKpi::kLeadConversion ? 10000
                                                                                             : 1;
}

KpiParts PartsOf(ContributionKpi kpi, const Measures& m) {
  const int64_t revenue = m[Measure::kNetMinor] - m[Measure::kRefundMinor];
  const int64_t margin = revenue - (m[Measure::kCostMinor] - m[Measure::kRefundCostMinor]);
  switch (kpi) {
    case ContributionKpi::kRevenue:
      return {revenue, 0};
    case ContributionKpi::kGrossMargin:
      return {margin, 0};
    case ContributionKpi::kUnits:
      return {m[Measure::kUnits], 0};
    case ContributionKpi::kOrders:
      return {m[Measure::kOrders], 0};
    case ContributionKpi::kAverageOrderValue:
      return {m[Measure::kNetMinor], m[Measure::kOrders]};
    case ContributionKpi::kGrossMarginRate:
      return {margin, revenue};
    case ContributionKpi::kLeadConversion:
      break;
  }
  return {};
}

std::vector<int64_t> SplitCountOverReps(int64_t total, const std::vector<int64_t>& weights) {
  std::vector<int64_t> all = weights;
  int64_t credited = 0;
  for (int64_t w : weights) credited += w;
  all.push_back(std::max<int64_t>(0, total * 10000 - credited));
  // With a positive total some weight is positive: the reps' or the unattributed one.
  if (total <= 0) return std::vector<int64_t>(all.size(), 0);
  return SplitByLargestRemainder(total, all);
}

std::vector<ContributionRow> RankContributions(const ContributionResult& result, int limit) {
  std::vector<const SliceContribution*> members;
  const SliceContribution* unattributed = nullptr;
  for (const SliceContribution& c : result.slices) {
    if (c.slice.unattributed) {
      unattributed = &c;
    } else {
      members.push_back(&c);
    }
  }
  std::sort(members.begin(), members.end(),
            [](const SliceContribution* a, const SliceContribution* b) {
              const int64_t x = std::llabs(a->contribution), y = std::llabs(b->contribution);
              return x != y ? x > y : a->slice.member < b->slice.member;
            });
  std::vector<ContributionRow> rows;
  ContributionRow other;
  other.kind = ContributionRow::Kind::kOther;
  for (size_t i = 0; i < members.size(); ++i) {
    if (i < static_cast<size_t>(limit)) {
      rows.push_back({ContributionRow::Kind::kMember, 1, *members[i]});
      continue;
    }
    SliceContribution& f = other.figures;
    const SliceContribution& m = *members[i];
    other.members += 1;
    f.contribution += m.contribution;
    f.mix_effect += m.mix_effect;
    f.rate_effect += m.rate_effect;
    f.slice.base_value += m.slice.base_value;
    f.slice.current_value += m.slice.current_value;
    f.slice.base_denominator += m.slice.base_denominator;
    f.slice.current_denominator += m.slice.current_denominator;
  }
  if (other.members > 0) rows.push_back(other);
  if (unattributed != nullptr) {
    rows.push_back({ContributionRow::Kind::kUnattributed, 0, *unattributed});
  }
  return rows;
}

ContributionResult ContributeAdditive(const std::vector<SliceValues>& slices) {
  ContributionResult out;
  for (const SliceValues& s : slices) {
    if (s.base_value == 0 && s.current_value == 0) continue;
    out.base_value += s.base_value;
    out.current_value += s.current_value;
    SliceContribution c;
    c.slice = s;
    c.contribution = s.current_value - s.base_value;
    out.slices.push_back(std::move(c));
  }
  out.change = out.current_value - out.base_value;
  return out;
}

absl::StatusOr<ContributionResult> ContributeRatio(const std::vector<SliceValues>& slices,
                                                   RatioScale scale) {
  int64_t base_n = 0, base_d = 0, current_n = 0, current_d = 0;
  for (const SliceValues& s : slices) {
    base_n += s.base_value;
    base_d += s.base_denominator;
    current_n += s.current_value;
    current_d += s.current_denominator;
  }
  if (base_d <= 0) {
    return absl::FailedPreconditionError(
        "base: the ratio is undefined in the base period (its denominator is 0)");
  }
  if (current_d <= 0) {
    return absl::FailedPreconditionError(
        "period: the ratio is undefined in the current period (its denominator is 0)");
  }
  ContributionResult out;
  out.base_value = DivideRounded(absl::int128(base_n) * scale.scale, base_d);
  out.current_value = DivideRounded(absl::int128(current_n) * scale.scale, current_d);
  out.change = out.current_value - out.base_value;

  const double k = static_cast<double>(scale.scale);
  const double rate_a = static_cast<double>(base_n) / static_cast<double>(base_d);
  const double rate_b = static_cast<double>(current_n) / static_cast<double>(current_d);
  const double mean_rate = (rate_a + rate_b) / 2;
  std::vector<double> parts;
  for (const SliceValues& s : slices) {
    if (s.base_value == 0 && s.current_value == 0 && s.base_denominator == 0 &&
        s.current_denominator == 0) {
      continue;
    }
    const double w_a = static_cast<double>(s.base_denominator) / static_cast<double>(base_d);
    const double w_b = static_cast<double>(s.current_denominator) / static_cast<double>(current_d);
    // A slice's rate where it has a denominator; the other period's where it has none (then
    // its weight there is 0 and the rate only shapes the split, not the sum).
    std::optional<double> r_a, r_b;
    if (s.base_denominator != 0) {
      r_a = static_cast<double>(s.base_value) / static_cast<double>(s.base_denominator);
    }
    if (s.current_denominator != 0) {
      r_b = static_cast<double>(s.current_value) / static_cast<double>(s.current_denominator);
    }
    if (!r_a.has_value()) r_a = r_b.value_or(0);
    if (!r_b.has_value()) r_b = *r_a;
    SliceContribution c;
    c.slice = s;
    c.mix_effect = (w_b - w_a) * ((*r_a + *r_b) / 2 - mean_rate) * k;
    c.rate_effect = (w_a + w_b) / 2 * (*r_b - *r_a) * k;
    parts.push_back(c.mix_effect + c.rate_effect);
    out.slices.push_back(std::move(c));
  }
  const std::vector<int64_t> rounded = RoundToTotal(parts, out.change);
  for (size_t i = 0; i < out.slices.size(); ++i) out.slices[i].contribution = rounded[i];
  return out;
}

std::vector<int64_t> RoundToTotal(const std::vector<double>& parts, int64_t total) {
  const size_t n = parts.size();
  std::vector<int64_t> out(n);
  if (n == 0) return out;
  std::vector<double> remainders(n);
  int64_t given = 0;
  for (size_t i = 0; i < n; ++i) {
    const double f = std::floor(parts[i]);
    out[i] = static_cast<int64_t>(f);
    remainders[i] = parts[i] - f;
    given += out[i];
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return remainders[a] > remainders[b]; });
  for (size_t k = 0; given < total; k = (k + 1) % n, ++given) out[order[k]] += 1;
  for (size_t k = n - 1; given > total; k = (k + n - 1) % n, --given) out[order[k]] -= 1;
  return out;
}

}  // namespace sales::analytics::domain
