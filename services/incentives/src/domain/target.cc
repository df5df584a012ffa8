#include "services/incentives/src/domain/target.h"

#include <algorithm>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/amount_text.h"
#include "common/largest_remainder.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "services/incentives/src/domain/team_tree.h"

namespace sales::incentives::domain {
namespace {

constexpr int64_t kFullDistributionBp = 10000;

}  // namespace

bool IsMoney(Metric metric) { return metric == Metric::kRevenue || metric == Metric::kGrossMargin; }

std::string Owner::Name() const {
  switch (kind) {
    case OwnerKind::kTeam:
      return TeamName(team);
    case OwnerKind::kRep:
      return absl::StrCat("reps/", rep);
    case OwnerKind::kCompany:
      break;
  }
  return "company";
}

std::string Owner::Key() const {
  switch (kind) {
    case OwnerKind::kTeam:
      return absl::StrCat(team);
    case OwnerKind::kRep:
      return rep;
    case OwnerKind::kCompany:
      break;
  }
  return "";
}

absl::StatusOr<Owner> ParseOwner(std::string_view field, std::string_view name) {
  if (name.empty()) return InvalidField(field, "is required");
  if (name == "company") return Owner{};
  if (name.substr(0, 6) == "teams/") {
    ASSIGN_OR_RETURN(int64_t id, ParseCollectionName(field, "teams", name));
    return Owner{OwnerKind::kTeam, id, ""};
  }
  if (name.substr(0, 5) == "reps/") {
    RETURN_IF_ERROR(ValidateRepName(field, name));
    return Owner{OwnerKind::kRep, 0, std::string(name.substr(5))};
  }
  return InvalidField(field, "must be company, teams/{id} or reps/{id}");
}

Owner OwnerFromKey(OwnerKind kind, const std::string& key) {
  Owner owner{kind, 0, ""};
  if (kind == OwnerKind::kTeam) {
    absl::SimpleAtoi(ToAbsl(key), &owner.team);
  } else if (kind == OwnerKind::kRep) {
    owner.rep = key;
  }
  return owner;
}

absl::StatusOr<std::vector<int64_t>> SplitByWeights(std::string_view field, int64_t amount,
                                                    const std::vector<int64_t>& weights) {
  bool any = false;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (weights[i] < 0 || weights[i] > (int64_t{1} << 40)) {
      return InvalidField(absl::StrCat(ToAbsl(field), "[", i, "].weight"), "must be 0 to 2^40");
    }
    any = any || weights[i] > 0;
  }
  if (!any) return InvalidField(field, "at least one part must have a positive weight");
  return SplitByLargestRemainder(amount, weights);
}

absl::StatusOr<std::vector<int64_t>> SplitOverMonths(std::string_view field, int64_t amount,
                                                     const std::vector<int64_t>& weights_bp) {
  int64_t sum = 0;
  for (size_t i = 0; i < weights_bp.size(); ++i) {
    if (weights_bp[i] < 0 || weights_bp[i] > kFullDistributionBp) {
      return InvalidField(absl::StrCat(ToAbsl(field), "[", i, "].weight"),
                          "must be 0-10000 basis points");
    }
    sum += weights_bp[i];
  }
  if (sum != kFullDistributionBp) {
    return InvalidField(field, absl::StrCat("month weights must add up to 10000 basis points, "
                                            "they add up to ",
                                            sum));
  }
  return SplitByLargestRemainder(amount, weights_bp);
}

absl::Status CheckChildrenSum(const TargetNode& node, const std::vector<int64_t>& children,
                              int money_exponent) {
  int64_t sum = 0;
  for (int64_t child : children) sum += child;
  if (sum == node.amount) return absl::OkStatus();
  const int exponent = IsMoney(node.metric) ? money_exponent : 0;
  const int64_t gap = sum < node.amount ? node.amount - sum : sum - node.amount;
  return absl::FailedPreconditionError(absl::StrCat(
      node.owner.Name(), " ", node.period.KindName(), " ", node.period.Label(), ": children sum ",
      FormatGroupedAmount(sum, exponent), ", target ", FormatGroupedAmount(node.amount, exponent),
      sum < node.amount ? ", short by " : ", over by ", FormatGroupedAmount(gap, exponent)));
}

absl::Status CheckNotFrozen(std::string_view field, std::string_view described,
                            const Period& period, const std::vector<Period>& locked_months) {
  const absl::CivilMonth last_month(period.EndDay() - 1);
  const Period last{PeriodKind::kMonth, last_month.year(), last_month.month()};
  if (std::find(locked_months.begin(), locked_months.end(), last) == locked_months.end()) {
    return absl::OkStatus();
  }
  const std::string why = period.kind == PeriodKind::kMonth
                              ? absl::StrCat(last.Label(), " is locked")
                              : absl::StrCat(period.Label(), " closed when its last month ",
                                             last.Label(), " was locked");
  return absl::FailedPreconditionError(absl::StrCat(ToAbsl(field), ": ", ToAbsl(described),
                                                    " is frozen: ", why,
                                                    "; a locked period's targets do not change"));
}

}  // namespace sales::incentives::domain
