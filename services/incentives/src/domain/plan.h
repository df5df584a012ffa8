// Commission plans: the terms of a plan version (components and policies) as plain values,
// their validation, and which plan applies to a rep in a month (assignments to reps and to
// teams, effective-dated versions).
//
// Exact arithmetic: money is int64 minor units, attainment basis points (10000 = 100%),
// rates parts per million (50000 = 5%).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/time/civil_time.h"
#include "services/incentives/src/domain/membership.h"
#include "services/incentives/src/domain/period.h"

namespace sales::incentives::domain {

inline constexpr int64_t kWholeAttainmentBp = 10000;
inline constexpr int64_t kPpm = 1000000;

// Numbers as in sales.incentives.v1 (Basis, TierMode, ClawbackPolicy, ReversalPeriod,
// BonusFrequency).
enum class Basis { kRevenue = 1, kGrossMargin = 2 };
enum class TierMode { kMarginal = 1, kWholeBase = 2 };
enum class ClawbackPolicy { kAttainmentAndBase = 1, kBaseOnly = 2 };
enum class ReversalPeriod { kReturn = 1, kOriginal = 2 };
enum class BonusFrequency { kMonthly = 1, kQuarterly = 2, kYearly = 3 };

struct Tier {
  int64_t from_bp = 0;
  int64_t rate_ppm = 0;
};

struct Commission {
  Basis basis = Basis::kRevenue;
  std::vector<std::string> categories;  // empty: every category
  int64_t rate_ppm = 0;                 // without tiers
  std::vector<Tier> tiers;
  TierMode tier_mode = TierMode::kMarginal;
  int64_t cap = 0;  // 0: none
};

struct BonusThreshold {
  int64_t attainment_bp = 0;
  int64_t amount = 0;
};

struct Bonus {
  BonusFrequency frequency = BonusFrequency::kMonthly;
  std::vector<BonusThreshold> thresholds;
};

struct Spiff {
  std::string product;  // "products/{id}"
  int64_t amount_per_unit = 0;
  absl::CivilDay first_day;
  absl::CivilDay last_day;  // inclusive
};

struct Draw {
  int64_t amount = 0;
  bool recoverable = false;
};

struct Allowance {
  int64_t amount = 0;
};

enum class ComponentKind { kCommission, kBonus, kSpiff, kDraw, kAllowance };

struct Component {
  std::string id;
  ComponentKind kind = ComponentKind::kCommission;
  Commission commission;
  Bonus bonus;
  Spiff spiff;
  Draw draw;
  Allowance allowance;
};

// The terms of a plan version.
struct PlanTerms {
  Basis attainment_basis = Basis::kRevenue;
  ClawbackPolicy clawback = ClawbackPolicy::kAttainmentAndBase;
  ReversalPeriod reversal_period = ReversalPeriod::kReturn;
  std::vector<Component> components;

  // Whether a component needs the credits' lines (categories or products).
  bool NeedsLines() const;
};

// A version of a plan, as a statement names it.
struct PlanVersionRef {
  int64_t plan_id = 0;
  int version = 0;
  // "plans/{id}/versions/{n}".
  std::string Name() const;
  friend bool operator==(const PlanVersionRef&, const PlanVersionRef&) = default;
};

// OK when the terms are valid, else INVALID_ARGUMENT naming the field under `field` (e.g.
// "version.components[1].commission.tiers[2].from_bp"): bands contiguous (the first tier
// starts at 0) and strictly ascending, rates and amounts non-negative (positive where
// required), component ids unique, at most one draw, thresholds ascending, SPIFF windows
// in order.
absl::Status ValidatePlanTerms(std::string_view field, const PlanTerms& terms);

// An assignment of a plan to a rep or a team, for [first_day, end_day).
struct PlanAssignment {
  int64_t id = 0;
  int64_t plan_id = 0;
  std::string rep;   // set for a rep
  int64_t team = 0;  // set for a team
  absl::CivilDay first_day;
  absl::CivilDay end_day = kOpenEnd;
};

// A span of days [first, end).
struct DaySpan {
  absl::CivilDay first;
  absl::CivilDay end;
  bool Holds(absl::CivilDay day) const { return first <= day && day < end; }
  friend bool operator==(const DaySpan&, const DaySpan&) = default;
};

// The plan of a rep in a month and the days it applies.
struct RepPlan {
  int64_t plan_id = 0;
  int64_t assignment_id = 0;
  std::vector<DaySpan> days;  // ascending, not overlapping, within the month
  int DayCount() const;
  bool Holds(absl::CivilDay day) const;
};

// The plan of `rep` (with membership `spans`) in `month`: on each day, a direct assignment
// to the rep if one holds the day, else an assignment to the team the rep is in that day.
// The plan is the one that applies on most days (ties: the lower assignment id), with the
// days it applies; nullopt when none applies on any day.
std::optional<RepPlan> ResolveRepPlan(const std::string& rep,
                                      const std::vector<MembershipSpan>& spans,
                                      const std::vector<PlanAssignment>& assignments,
                                      const Period& month);

// A published version: in force from its effective month on.
struct PublishedVersion {
  int version = 0;
  Period effective_month;
};
// The version of a plan in force in `month` (the latest effective on or before it), if any.
std::optional<int> VersionInForce(const std::vector<PublishedVersion>& versions,
                                  const Period& month);

}  // namespace sales::incentives::domain
