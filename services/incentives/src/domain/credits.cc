#include "services/incentives/src/domain/credits.h"

#include "common/largest_remainder.h"

namespace sales::incentives::domain {
namespace {

constexpr int32_t kWholeBp = 10000;

// The parts of one amount for the revenue shares (by largest remainder among them) and for
// each overlay share (its own share against the whole).
std::vector<int64_t> SplitAmount(int64_t amount, const std::vector<CreditShare>& shares) {
  std::vector<int64_t> weights;
  std::vector<size_t> revenue_index;
  for (size_t i = 0; i < shares.size(); ++i) {
    if (shares[i].kind == CreditKind::kRevenue) {
      weights.push_back(shares[i].share_bp);
      revenue_index.push_back(i);
    }
  }
  std::vector<int64_t> parts(shares.size(), 0);
  const std::vector<int64_t> revenue = SplitByLargestRemainder(amount, weights);
  for (size_t j = 0; j < revenue_index.size(); ++j) parts[revenue_index[j]] = revenue[j];
  for (size_t i = 0; i < shares.size(); ++i) {
    if (shares[i].kind != CreditKind::kOverlay) continue;
    // The overlay's share and the rest, split like a revenue pair: the overlay part is the
    // first of the two.
    parts[i] =
        SplitByLargestRemainder(amount, {shares[i].share_bp, kWholeBp - shares[i].share_bp})[0];
  }
  return parts;
}

}  // namespace

std::vector<CreditPart> SplitCredit(const SaleAmounts& amounts,
                                    const std::vector<CreditShare>& shares) {
  const std::vector<int64_t> revenue = SplitAmount(amounts.revenue, shares);
  const std::vector<int64_t> margin = SplitAmount(amounts.margin, shares);
  const std::vector<int64_t> units = SplitAmount(amounts.units, shares);
  std::vector<CreditPart> parts;
  parts.reserve(shares.size());
  for (size_t i = 0; i < shares.size(); ++i) {
    parts.push_back({shares[i], {revenue[i], margin[i], units[i]}});
  }
  return parts;
}

std::vector<CreditPart> SplitReversal(const SaleAmounts& returned_before,
                                      const SaleAmounts& returned,
                                      const std::vector<CreditShare>& shares) {
  const std::vector<CreditPart> before = SplitCredit(returned_before, shares);
  const std::vector<CreditPart> after = SplitCredit(returned_before + returned, shares);
  std::vector<CreditPart> parts;
  parts.reserve(shares.size());
  for (size_t i = 0; i < shares.size(); ++i) {
    parts.push_back({shares[i], -(after[i].amounts + -before[i].amounts)});
  }
  return parts;
}

}  // namespace sales::incentives::domain
