// Sales credits: what a completed order credits each of its reps, and the reversing credits
// (clawbacks) of what later comes back. Amounts are int64 (minor units for revenue and
// margin, a count for units); every split is by the largest-remainder rule over the reps'
// shares in basis points, so the parts add up exactly to what is split.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sales::incentives::domain {

// Numbers as in sales.incentives.v1.CreditKind. Revenue credits of an order share 10000 bp
// and count in team and company totals; overlay credits come on top of them (a specialist,
// a manager) and count only for their own rep, never twice in a total.
enum class CreditKind { kRevenue = 1, kOverlay = 2 };

// What made a credit: the order's completion, or a reversal by a return or by a
// cancellation after completion (numbers as stored).
enum class CreditCause { kCompleted = 1, kReturn = 2, kCancellation = 3 };

// A rep's share of an order.
struct CreditShare {
  std::string rep;  // the id of "reps/{id}"
  int32_t share_bp = 0;
  CreditKind kind = CreditKind::kRevenue;
};

// What is credited (an order's sale) or taken back (a return): net revenue (after discounts,
// before tax), gross margin (net revenue minus cost), units.
struct SaleAmounts {
  int64_t revenue = 0;
  int64_t margin = 0;
  int64_t units = 0;

  SaleAmounts operator+(const SaleAmounts& o) const {
    return {revenue + o.revenue, margin + o.margin, units + o.units};
  }
  SaleAmounts operator-() const { return {-revenue, -margin, -units}; }
  friend bool operator==(const SaleAmounts&, const SaleAmounts&) = default;
};

// One rep's part, in the order of the shares.
struct CreditPart {
  CreditShare share;
  SaleAmounts amounts;
};

// Each rep's part of `amounts`: the revenue shares split each amount in proportion to their
// basis points (which orders makes add up to 10000) by the largest-remainder rule, ties to
// the share listed first; each overlay share gets its own share of the whole, rounded by the
// same rule against the rest (an exact half rounds towards the overlay), so an overlay of
// 10000 bp gets the whole amount and never changes the revenue parts.
std::vector<CreditPart> SplitCredit(const SaleAmounts& amounts,
                                    const std::vector<CreditShare>& shares);

// The reversing parts of a return of `returned` after `returned_before` was already taken
// back from a sale split by `shares`: the split of the cumulative amount taken back minus
// the split of what was taken back before. A sale taken back in several returns thus ends
// with every rep's credit at exactly the split of what was kept (all of it: zero), never off
// by a rounding unit. Amounts are negative (or zero).
std::vector<CreditPart> SplitReversal(const SaleAmounts& returned_before,
                                      const SaleAmounts& returned,
                                      const std::vector<CreditShare>& shares);

}  // namespace sales::incentives::domain
