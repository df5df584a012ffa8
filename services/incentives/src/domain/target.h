// Targets and their splits: an amount of a metric in a period, owned by the company, a team
// or a rep; a target's children (owners below it, or the months of its period) always add
// up exactly to it.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/incentives/src/domain/period.h"

namespace sales::incentives::domain {

// Numbers as in sales.incentives.v1.Metric.
enum class Metric { kRevenue = 1, kGrossMargin = 2, kUnits = 3, kNewCustomers = 4 };
// Revenue and gross margin are money (minor units); units and new customers are counts.
bool IsMoney(Metric metric);

enum class OwnerKind { kCompany = 1, kTeam = 2, kRep = 3 };

struct Owner {
  OwnerKind kind = OwnerKind::kCompany;
  int64_t team = 0;  // kTeam
  std::string rep;   // kRep: the id of "reps/{id}"

  // "company", "teams/{id}", "reps/{id}".
  std::string Name() const;
  // The stored key: "" for the company, the team id in decimal, the rep id.
  std::string Key() const;
  friend bool operator==(const Owner&, const Owner&) = default;
};

// "company", "teams/{id}" or "reps/{id}"; INVALID_ARGUMENT naming `field`.
absl::StatusOr<Owner> ParseOwner(std::string_view field, std::string_view name);
// The owner stored as (kind, key).
Owner OwnerFromKey(OwnerKind kind, const std::string& key);

// Numbers as in sales.incentives.v1.SplitMode.
enum class SplitMode { kWeights = 1, kAmounts = 2, kMonths = 3 };

// `amount` shared by `weights` with the largest-remainder rule (ties to the earlier part):
// INVALID_ARGUMENT naming `field` when a weight is negative or all are 0.
absl::StatusOr<std::vector<int64_t>> SplitByWeights(std::string_view field, int64_t amount,
                                                    const std::vector<int64_t>& weights);

// A quarter or year `amount` over its months by a distribution in basis points, one weight
// per month in order: INVALID_ARGUMENT naming `field` unless every weight is 0-10000 and
// they add up to exactly 10000 (the message gives the sum).
absl::StatusOr<std::vector<int64_t>> SplitOverMonths(std::string_view field, int64_t amount,
                                                     const std::vector<int64_t>& weights_bp);

// A target node as the sum check names it.
struct TargetNode {
  Owner owner;
  Period period;
  Metric metric = Metric::kRevenue;
  int64_t amount = 0;
};

// OK when `children` add up exactly to `node.amount`, else FAILED_PRECONDITION naming the
// node, the period and the gap: "teams/3 month 2026-10: children sum 9,500.00, target
// 10,000.00, short by 500.00" ("over by" when the children exceed it). Money metrics are
// shown with `money_exponent` decimals (the currency's minor unit), counts as integers.
absl::Status CheckChildrenSum(const TargetNode& node, const std::vector<int64_t>& children,
                              int money_exponent);

// A target is frozen once a locked statement may have priced it, that is once the last
// month of its period is locked: a month target with its month, a quarter or year target
// with the month whose statement pays its bonus (and whose later bonus adjustments price
// against it). A closed period's quota stays as it was paid on, as incentive-compensation
// products freeze it. FAILED_PRECONDITION naming `field`, the target (`described`) and the
// locked month when `period`'s last month is among `locked_months`; OK otherwise.
absl::Status CheckNotFrozen(std::string_view field, std::string_view described,
                            const Period& period, const std::vector<Period>& locked_months);

}  // namespace sales::incentives::domain
