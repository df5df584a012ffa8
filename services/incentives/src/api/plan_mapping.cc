#include "services/incentives/src/api/plan_mapping.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/absl_compat.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/incentives/src/domain/period.h"

namespace sales::incentives::api {
namespace {

absl::StatusOr<domain::Basis> BasisFrom(const std::string& field, v1::Basis basis) {
  switch (basis) {
    case v1::BASIS_REVENUE:
      return domain::Basis::kRevenue;
    case v1::BASIS_GROSS_MARGIN:
      return domain::Basis::kGrossMargin;
    default:
      return InvalidField(field, "must be BASIS_REVENUE or BASIS_GROSS_MARGIN");
  }
}

absl::StatusOr<domain::Component> ComponentFrom(const std::string& f, const v1::Component& c) {
  domain::Component out;
  out.id = c.id();
  switch (c.kind_case()) {
    case v1::Component::kCommission: {
      const v1::Commission& m = c.commission();
      out.kind = domain::ComponentKind::kCommission;
      ASSIGN_OR_RETURN(out.commission.basis, BasisFrom(f + ".commission.basis", m.basis()));
      out.commission.categories.assign(m.categories().begin(), m.categories().end());
      out.commission.rate_ppm = m.rate_ppm();
      for (const v1::Tier& t : m.tiers())
        out.commission.tiers.push_back({t.from_bp(), t.rate_ppm()});
      if (m.tiers_size() > 0) {
        if (m.tier_mode() == v1::TIER_MODE_MARGINAL) {
          out.commission.tier_mode = domain::TierMode::kMarginal;
        } else if (m.tier_mode() == v1::TIER_MODE_WHOLE_BASE) {
          out.commission.tier_mode = domain::TierMode::kWholeBase;
        } else {
          return InvalidField(f + ".commission.tier_mode",
                              "must be TIER_MODE_MARGINAL or TIER_MODE_WHOLE_BASE with tiers");
        }
      }
      out.commission.cap = m.cap();
      break;
    }
    case v1::Component::kBonus: {
      out.kind = domain::ComponentKind::kBonus;
      switch (c.bonus().frequency()) {
        case v1::BONUS_FREQUENCY_MONTHLY:
          out.bonus.frequency = domain::BonusFrequency::kMonthly;
          break;
        case v1::BONUS_FREQUENCY_QUARTERLY:
          out.bonus.frequency = domain::BonusFrequency::kQuarterly;
          break;
        case v1::BONUS_FREQUENCY_YEARLY:
          out.bonus.frequency = domain::BonusFrequency::kYearly;
          break;
        default:
          return InvalidField(f + ".bonus.frequency", "is required");
      }
      for (const v1::BonusThreshold& t : c.bonus().thresholds()) {
        out.bonus.thresholds.push_back({t.attainment_bp(), t.amount()});
      }
      break;
    }
    case v1::Component::kSpiff: {
      out.kind = domain::ComponentKind::kSpiff;
      out.spiff.product = c.spiff().product();
      out.spiff.amount_per_unit = c.spiff().amount_per_unit();
      ASSIGN_OR_RETURN(out.spiff.first_day,
                       domain::ParseDay(f + ".spiff.first_day", c.spiff().first_day()));
      ASSIGN_OR_RETURN(out.spiff.last_day,
                       domain::ParseDay(f + ".spiff.last_day", c.spiff().last_day()));
      break;
    }
    case v1::Component::kDraw:
      out.kind = domain::ComponentKind::kDraw;
      out.draw = {c.draw().amount(), c.draw().recoverable()};
      break;
    case v1::Component::kAllowance:
      out.kind = domain::ComponentKind::kAllowance;
      out.allowance.amount = c.allowance().amount();
      break;
    case v1::Component::KIND_NOT_SET:
      return InvalidField(f, "needs one of commission, bonus, spiff, draw, allowance");
  }
  return out;
}

absl::StatusOr<domain::PlanTerms> Terms(std::string_view field, const v1::PlanVersion& version,
                                        bool validate) {
  const std::string f(field);
  domain::PlanTerms terms;
  ASSIGN_OR_RETURN(terms.attainment_basis,
                   BasisFrom(f + ".attainment_basis", version.attainment_basis()));
  switch (version.clawback_policy()) {
    case v1::CLAWBACK_POLICY_ATTAINMENT_AND_BASE:
      terms.clawback = domain::ClawbackPolicy::kAttainmentAndBase;
      break;
    case v1::CLAWBACK_POLICY_BASE_ONLY:
      terms.clawback = domain::ClawbackPolicy::kBaseOnly;
      break;
    default:
      return InvalidField(f + ".clawback_policy", "is required");
  }
  switch (version.reversal_period()) {
    case v1::REVERSAL_PERIOD_RETURN:
      terms.reversal_period = domain::ReversalPeriod::kReturn;
      break;
    case v1::REVERSAL_PERIOD_ORIGINAL:
      terms.reversal_period = domain::ReversalPeriod::kOriginal;
      break;
    default:
      return InvalidField(f + ".reversal_period", "is required");
  }
  for (int i = 0; i < version.components_size(); ++i) {
    ASSIGN_OR_RETURN(domain::Component c,
                     ComponentFrom(absl::StrCat(f, ".components[", i, "]"), version.components(i)));
    terms.components.push_back(std::move(c));
  }
  if (validate) RETURN_IF_ERROR(domain::ValidatePlanTerms(field, terms));
  return terms;
}

v1::LineKind LineKindProto(domain::LineKind kind) { return static_cast<v1::LineKind>(kind); }

}  // namespace

absl::StatusOr<domain::PlanTerms> TermsFromProto(std::string_view field,
                                                 const v1::PlanVersion& version) {
  return Terms(field, version, true);
}

domain::PlanTerms StoredTerms(const store::PlanVersionRow& row) {
  v1::PlanVersion version;
  version.ParseFromString(row.terms);
  absl::StatusOr<domain::PlanTerms> terms = Terms("version", version, false);
  return terms.ok() ? *std::move(terms) : domain::PlanTerms{};
}

std::string TermsBytes(const v1::PlanVersion& version) {
  v1::PlanVersion terms;
  terms.set_attainment_basis(version.attainment_basis());
  terms.set_clawback_policy(version.clawback_policy());
  terms.set_reversal_period(version.reversal_period());
  *terms.mutable_components() = version.components();
  return terms.SerializeAsString();
}

v1::Plan ToProto(const store::PlanRow& row) {
  v1::Plan p;
  p.set_name(absl::StrCat("plans/", row.id));
  p.set_display_name(row.display_name);
  SetProtoTime(row.created_at, p.mutable_create_time());
  return p;
}

v1::PlanVersion ToProto(const store::PlanVersionRow& row) {
  v1::PlanVersion v;
  v.ParseFromString(row.terms);
  v.set_name(domain::PlanVersionRef{row.plan_id, row.version}.Name());
  v.set_state(row.published ? v1::PLAN_VERSION_STATE_PUBLISHED : v1::PLAN_VERSION_STATE_DRAFT);
  v.set_effective_month(row.effective_month);
  v.set_used(row.used);
  SetProtoTime(row.created_at, v.mutable_create_time());
  if (row.published) SetProtoTime(row.published_at, v.mutable_publish_time());
  return v;
}

v1::PlanAssignment ToProto(const store::PlanAssignmentRow& row) {
  const domain::PlanAssignment& a = row.assignment;
  v1::PlanAssignment p;
  p.set_name(absl::StrCat("planAssignments/", a.id));
  p.set_plan(absl::StrCat("plans/", a.plan_id));
  p.set_assignee(a.rep.empty() ? absl::StrCat("teams/", a.team) : absl::StrCat("reps/", a.rep));
  p.set_first_day(domain::DayText(a.first_day));
  if (a.end_day != domain::kOpenEnd) p.set_last_day(domain::DayText(a.end_day - 1));
  SetProtoTime(row.created_at, p.mutable_create_time());
  return p;
}

absl::StatusOr<int64_t> ParsePlanName(std::string_view field, std::string_view name) {
  return ParseCollectionName(field, "plans", name);
}

absl::StatusOr<std::pair<int64_t, int>> ParsePlanVersionName(std::string_view field,
                                                             std::string_view name) {
  const std::vector<std::string> parts = absl::StrSplit(ToAbsl(name), '/');
  int64_t plan = 0;
  int version = 0;
  if (parts.size() != 4 || parts[0] != "plans" || parts[2] != "versions" ||
      !absl::SimpleAtoi(parts[1], &plan) || plan <= 0 || !absl::SimpleAtoi(parts[3], &version) ||
      version <= 0 || parts[1][0] == '0' || parts[3][0] == '0') {
    return InvalidField(field, "must be plans/{id}/versions/{n}");
  }
  return std::make_pair(plan, version);
}

std::string StatementName(const std::string& rep_id, const std::string& period) {
  return absl::StrCat("reps/", rep_id, "/statements/", period);
}

v1::Statement ToProto(const domain::Statement& s, const HandlerContext& ctx, bool full) {
  v1::Statement out;
  out.set_name(StatementName(s.rep, s.month.Label()));
  out.set_rep(absl::StrCat("reps/", s.rep));
  out.set_period(s.month.Label());
  out.set_plan_version(s.version.Name());
  out.set_target(s.target);
  out.set_achieved(s.achieved);
  out.set_attainment_bp(s.attainment_bp);
  out.set_plan_days(s.plan_days);
  for (const domain::StatementLine& l : s.lines) {
    v1::StatementLine* line = out.add_lines();
    line->set_kind(LineKindProto(l.kind));
    line->set_component(l.component);
    line->set_plan_version(l.version.Name());
    line->set_tier(l.tier);
    line->set_rate_ppm(l.rate_ppm);
    line->set_base(l.base);
    line->set_amount(l.amount);
    line->set_explanation(l.explanation);
    if (!l.adjusts.empty()) line->set_adjusts(StatementName(s.rep, l.adjusts));
    if (!full) continue;
    for (const domain::LineCredit& c : l.credits) {
      v1::LineCredit* lc = line->add_credits();
      lc->set_credit(absl::StrCat("credits/", c.credit_id));
      lc->set_order(c.order);
      if (c.reverses_id != 0) lc->set_reverses(absl::StrCat("credits/", c.reverses_id));
      lc->set_day(domain::DayText(c.day));
      lc->set_base(c.base);
    }
  }
  out.set_total(s.total);
  out.set_draw_balance(s.draw_balance);
  out.set_currency_code(ctx.currency);
  return out;
}

}  // namespace sales::incentives::api
