#include "services/incentives/src/domain/plan.h"

#include <map>
#include <set>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/status.h"

namespace sales::incentives::domain {
namespace {

constexpr size_t kMaxComponents = 50;
constexpr size_t kMaxTiers = 20;
constexpr size_t kMaxThresholds = 20;
constexpr size_t kMaxIdLength = 64;
// Rates up to 100x the base and amounts up to 10^15 minor units keep every product within
// int64 (base * rate_ppm is computed in 128 bits anyway).
constexpr int64_t kMaxRatePpm = 100 * kPpm;
constexpr int64_t kMaxAmount = 1000000000000000;

bool ValidId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  for (char c : id) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

absl::Status Amount(const std::string& field, int64_t amount, bool zero_ok) {
  if (amount < 0 || (!zero_ok && amount == 0) || amount > kMaxAmount) {
    return InvalidField(field, zero_ok ? "must be between 0 and 10^15 minor units"
                                       : "must be between 1 and 10^15 minor units");
  }
  return absl::OkStatus();
}

absl::Status Rate(const std::string& field, int64_t rate_ppm) {
  if (rate_ppm < 0 || rate_ppm > kMaxRatePpm) {
    return InvalidField(field, "must be between 0 and 100000000 parts per million");
  }
  return absl::OkStatus();
}

absl::Status ValidateCommission(const std::string& f, const Commission& c) {
  for (size_t i = 0; i < c.categories.size(); ++i) {
    if (c.categories[i].empty() || c.categories[i].size() > 100) {
      return InvalidField(absl::StrCat(f, ".categories[", i, "]"), "must be 1-100 characters");
    }
  }
  RETURN_IF_ERROR(Amount(f + ".cap", c.cap, true));
  if (c.tiers.empty()) return Rate(f + ".rate_ppm", c.rate_ppm);
  if (c.rate_ppm != 0) return InvalidField(f + ".rate_ppm", "must be 0 when tiers are set");
  if (c.tiers.size() > kMaxTiers) return InvalidField(f + ".tiers", "at most 20 tiers");
  for (size_t i = 0; i < c.tiers.size(); ++i) {
    const std::string t = absl::StrCat(f, ".tiers[", i, "]");
    if (i == 0 && c.tiers[i].from_bp != 0) {
      return InvalidField(t + ".from_bp", "the first tier must start at 0 (bands are contiguous)");
    }
    if (i > 0 && c.tiers[i].from_bp <= c.tiers[i - 1].from_bp) {
      return InvalidField(t + ".from_bp", absl::StrCat("must be above the tier before (",
                                                       c.tiers[i - 1].from_bp, " bp)"));
    }
    if (c.tiers[i].from_bp > 100 * kWholeAttainmentBp) {
      return InvalidField(t + ".from_bp", "must be at most 1000000 bp");
    }
    RETURN_IF_ERROR(Rate(t + ".rate_ppm", c.tiers[i].rate_ppm));
  }
  return absl::OkStatus();
}

absl::Status ValidateComponent(const std::string& f, const Component& c) {
  switch (c.kind) {
    case ComponentKind::kCommission:
      return ValidateCommission(f + ".commission", c.commission);
    case ComponentKind::kBonus: {
      const std::string b = f + ".bonus";
      if (c.bonus.thresholds.empty() || c.bonus.thresholds.size() > kMaxThresholds) {
        return InvalidField(b + ".thresholds", "must have 1-20 thresholds");
      }
      for (size_t i = 0; i < c.bonus.thresholds.size(); ++i) {
        const std::string t = absl::StrCat(b, ".thresholds[", i, "]");
        const BonusThreshold& th = c.bonus.thresholds[i];
        if (th.attainment_bp <= 0 || th.attainment_bp > 100 * kWholeAttainmentBp) {
          return InvalidField(t + ".attainment_bp", "must be between 1 and 1000000 bp");
        }
        if (i > 0 && th.attainment_bp <= c.bonus.thresholds[i - 1].attainment_bp) {
          return InvalidField(t + ".attainment_bp", "must be above the threshold before");
        }
        RETURN_IF_ERROR(Amount(t + ".amount", th.amount, false));
      }
      return absl::OkStatus();
    }
    case ComponentKind::kSpiff: {
      const std::string s = f + ".spiff";
      if (c.spiff.product.rfind("products/", 0) != 0 || c.spiff.product.size() <= 9) {
        return InvalidField(s + ".product", "must be products/{id}");
      }
      RETURN_IF_ERROR(Amount(s + ".amount_per_unit", c.spiff.amount_per_unit, false));
      if (c.spiff.last_day < c.spiff.first_day) {
        return InvalidField(s + ".last_day", "must not be before first_day");
      }
      return absl::OkStatus();
    }
    case ComponentKind::kDraw:
      return Amount(f + ".draw.amount", c.draw.amount, false);
    case ComponentKind::kAllowance:
      return Amount(f + ".allowance.amount", c.allowance.amount, false);
  }
  return absl::OkStatus();
}

}  // namespace

bool PlanTerms::NeedsLines() const {
  for (const Component& c : components) {
    if (c.kind == ComponentKind::kSpiff) return true;
    if (c.kind == ComponentKind::kCommission && !c.commission.categories.empty()) return true;
  }
  return false;
}

std::string PlanVersionRef::Name() const {
  return absl::StrCat("plans/", plan_id, "/versions/", version);
}

absl::Status ValidatePlanTerms(std::string_view field, const PlanTerms& terms) {
  const std::string f(field);
  if (terms.components.empty() || terms.components.size() > kMaxComponents) {
    return InvalidField(f + ".components", "must have 1-50 components");
  }
  std::set<std::string> ids;
  int draws = 0;
  for (size_t i = 0; i < terms.components.size(); ++i) {
    const std::string c = absl::StrCat(f, ".components[", i, "]");
    const Component& component = terms.components[i];
    if (!ValidId(component.id)) {
      return InvalidField(c + ".id", "must be 1-64 characters of a-z, 0-9, _ and -");
    }
    if (!ids.insert(component.id).second) {
      return InvalidField(c + ".id", absl::StrCat("\"", component.id, "\" is used twice"));
    }
    if (component.kind == ComponentKind::kDraw && ++draws > 1) {
      return InvalidField(c + ".draw", "at most one draw per version");
    }
    RETURN_IF_ERROR(ValidateComponent(c, component));
  }
  return absl::OkStatus();
}

int RepPlan::DayCount() const {
  int n = 0;
  for (const DaySpan& span : days) n += static_cast<int>(span.end - span.first);
  return n;
}

bool RepPlan::Holds(absl::CivilDay day) const {
  for (const DaySpan& span : days) {
    if (span.Holds(day)) return true;
  }
  return false;
}

std::optional<RepPlan> ResolveRepPlan(const std::string& rep,
                                      const std::vector<MembershipSpan>& spans,
                                      const std::vector<PlanAssignment>& assignments,
                                      const Period& month) {
  // The assignment of each day: the direct one of lowest id, else the team one.
  std::vector<const PlanAssignment*> of_day;
  for (absl::CivilDay day = month.FirstDay(); day < month.EndDay(); ++day) {
    const PlanAssignment* direct = nullptr;
    const PlanAssignment* by_team = nullptr;
    const std::optional<MembershipSpan> span = SpanOn(spans, day);
    for (const PlanAssignment& a : assignments) {
      if (day < a.first_day || day >= a.end_day) continue;
      if (!a.rep.empty() && a.rep == rep) {
        if (direct == nullptr || a.id < direct->id) direct = &a;
      } else if (a.rep.empty() && span.has_value() && span->team == a.team) {
        if (by_team == nullptr || a.id < by_team->id) by_team = &a;
      }
    }
    of_day.push_back(direct != nullptr ? direct : by_team);
  }
  // Days per plan, and the first assignment of each.
  std::map<int64_t, std::pair<int, int64_t>> per_plan;
  for (const PlanAssignment* a : of_day) {
    if (a == nullptr) continue;
    auto [it, added] = per_plan.try_emplace(a->plan_id, 0, a->id);
    ++it->second.first;
    if (a->id < it->second.second) it->second.second = a->id;
  }
  if (per_plan.empty()) return std::nullopt;
  const std::pair<const int64_t, std::pair<int, int64_t>>* best = nullptr;
  for (const auto& entry : per_plan) {
    if (best == nullptr || entry.second.first > best->second.first ||
        (entry.second.first == best->second.first && entry.second.second < best->second.second)) {
      best = &entry;
    }
  }
  RepPlan plan;
  plan.plan_id = best->first;
  plan.assignment_id = best->second.second;
  absl::CivilDay day = month.FirstDay();
  for (const PlanAssignment* a : of_day) {
    const bool holds = a != nullptr && a->plan_id == plan.plan_id;
    if (holds) {
      if (!plan.days.empty() && plan.days.back().end == day) {
        plan.days.back().end = day + 1;
      } else {
        plan.days.push_back({day, day + 1});
      }
    }
    ++day;
  }
  return plan;
}

std::optional<int> VersionInForce(const std::vector<PublishedVersion>& versions,
                                  const Period& month) {
  std::optional<int> best;
  absl::CivilDay best_day;
  for (const PublishedVersion& v : versions) {
    const absl::CivilDay effective = v.effective_month.FirstDay();
    if (effective > month.FirstDay()) continue;
    if (!best.has_value() || effective > best_day || (effective == best_day && v.version > *best)) {
      best = v.version;
      best_day = effective;
    }
  }
  return best;
}

}  // namespace sales::incentives::domain
