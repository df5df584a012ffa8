#include "tools/salesctl/incentives_views.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "tools/salesctl/incentives_text.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/period_flags.h"
#include "tools/salesctl/proto_text.h"

namespace sales::salesctl {
namespace {

std::string Num(int64_t value) { return absl::StrCat(value); }

}  // namespace

View<iv1::Team> TeamView() {
  using T = iv1::Team;
  return {
      {"NAME", [](const T& t) { return t.name(); }},
      {"DISPLAY NAME", [](const T& t) { return t.display_name(); }},
      {"PARENT", [](const T& t) { return t.parent(); }},
      {"CREATED (UTC)", [](const T& t) { return TimeText(t.create_time()); }},
  };
}

View<iv1::Rep> RepView() {
  using T = iv1::Rep;
  return {
      {"NAME", [](const T& r) { return r.name(); }},
      {"DISPLAY NAME", [](const T& r) { return r.display_name(); }},
      {"TEAM", [](const T& r) { return r.team(); }},
      {"SINCE", [](const T& r) { return r.team_since(); }},
      {"CREATED (UTC)", [](const T& r) { return TimeText(r.create_time()); }},
  };
}

View<iv1::Membership> MembershipView() {
  using T = iv1::Membership;
  return {
      {"REP", [](const T& m) { return m.rep(); }},
      {"TEAM", [](const T& m) { return m.team(); }},
      {"FIRST DAY", [](const T& m) { return m.first_day(); }},
      {"LAST DAY", [](const T& m) { return m.last_day().empty() ? "(open)" : m.last_day(); }},
  };
}

View<iv1::Target> TargetView() {
  using T = iv1::Target;
  return {
      {"NAME", [](const T& t) { return t.name(); }},
      {"METRIC", [](const T& t) { return EnumText(t.metric()); }},
      {"PERIOD", [](const T& t) { return t.period(); }},
      {"OWNER", [](const T& t) { return t.owner(); }},
      Right<T>("AMOUNT", [](const T& t) { return AmountText(t.amount(), t.currency_code()); }),
      {"DEADLINE (UTC)", [](const T& t) { return TimeText(t.deadline()); }},
      {"PARENT", [](const T& t) { return t.parent(); }},
      {"SPLIT", [](const T& t) { return EnumText(t.split_mode()); }},
  };
}

View<iv1::Credit> CreditView() {
  using T = iv1::Credit;
  return {
      {"NAME", [](const T& c) { return c.name(); }},
      {"DAY", [](const T& c) { return c.day(); }},
      {"REP", [](const T& c) { return c.rep(); }},
      {"ORDER", [](const T& c) { return c.order(); }},
      {"KIND", [](const T& c) { return EnumText(c.kind()); }},
      Right<T>("SHARE", [](const T& c) { return BpText(c.share_bp()); }),
      Right<T>("REVENUE", [](const T& c) { return AmountText(c.revenue(), c.currency_code()); }),
      Right<T>("MARGIN",
               [](const T& c) { return AmountText(c.gross_margin(), c.currency_code()); }),
      Right<T>("UNITS", [](const T& c) { return Num(c.units()); }),
      {"TEAM", [](const T& c) { return c.team().empty() ? "(unassigned)" : c.team(); }},
      {"REVERSES", [](const T& c) { return c.reverses(); }},
      {"CAUSE", [](const T& c) { return c.cause(); }},
  };
}

View<iv1::Plan> PlanView() {
  using T = iv1::Plan;
  return {
      {"NAME", [](const T& p) { return p.name(); }},
      {"DISPLAY NAME", [](const T& p) { return p.display_name(); }},
      {"CREATED (UTC)", [](const T& p) { return TimeText(p.create_time()); }},
  };
}

View<iv1::PlanVersion> PlanVersionView() {
  using T = iv1::PlanVersion;
  return {
      {"NAME", [](const T& v) { return v.name(); }},
      {"STATE", [](const T& v) { return EnumText(v.state()); }},
      {"EFFECTIVE",
       [](const T& v) { return v.effective_month().empty() ? "-" : v.effective_month(); }},
      {"BASIS", [](const T& v) { return EnumText(v.attainment_basis()); }},
      {"CLAWBACK", [](const T& v) { return EnumText(v.clawback_policy()); }},
      {"REVERSAL IN", [](const T& v) { return EnumText(v.reversal_period()); }},
      {"USED", [](const T& v) { return v.used() ? "yes" : "no"; }},
      {"COMPONENTS", [](const T& v) { return ComponentsText(v, ""); }},
  };
}

View<iv1::PlanAssignment> PlanAssignmentView() {
  using T = iv1::PlanAssignment;
  return {
      {"NAME", [](const T& a) { return a.name(); }},
      {"PLAN", [](const T& a) { return a.plan(); }},
      {"ASSIGNEE", [](const T& a) { return a.assignee(); }},
      {"FIRST DAY", [](const T& a) { return a.first_day(); }},
      {"LAST DAY", [](const T& a) { return a.last_day().empty() ? "(open)" : a.last_day(); }},
  };
}

View<iv1::Attainment> AttainmentView() {
  using T = iv1::Attainment;
  return {
      {"OWNER", [](const T& a) { return a.owner(); }},
      {"PERIOD", [](const T& a) { return a.period(); }},
      {"METRIC", [](const T& a) { return EnumText(a.metric()); }},
      Right<T>("ACTUAL", [](const T& a) { return AmountText(a.actual(), a.currency_code()); }),
      Right<T>("TARGET",
               [](const T& a) {
                 return a.has_target() ? AmountText(a.target_amount(), a.currency_code()) : "-";
               }),
      Right<T>("ATTAINMENT",
               [](const T& a) { return a.has_ratio() ? BpText(a.attainment_bp()) : "-"; }),
      Right<T>(
          "GAP",
          [](const T& a) { return a.has_target() ? AmountText(a.gap(), a.currency_code()) : "-"; }),
      Right<T>("PROJECTED",
               [](const T& a) { return AmountText(a.projected(), a.currency_code()); }),
      Right<T>("DAYS",
               [](const T& a) { return absl::StrCat(a.days_elapsed(), "/", a.period_days()); }),
      Right<T>("CREDITS", [](const T& a) { return Num(a.credit_count()); }),
  };
}

View<iv1::LeaderboardRow> LeaderboardRowView(iv1::LeaderboardMeasure by,
                                             const std::string& currency_code) {
  using T = iv1::LeaderboardRow;
  const bool attainment = by == iv1::LEADERBOARD_MEASURE_ATTAINMENT;
  View<T> view = {
      Right<T>("RANK",
               [](const T& r) {
                 if (r.rank() == 0) return std::string("-");
                 return absl::StrCat(r.tied() ? "=" : "", r.rank());
               }),
      {"REP", [](const T& r) { return r.rep(); }},
      {"DISPLAY NAME", [](const T& r) { return r.display_name(); }},
      {"TEAM", [](const T& r) { return r.team(); }},
      Right<T>(attainment ? "ATTAINMENT"
                          : (by == iv1::LEADERBOARD_MEASURE_GROSS_MARGIN ? "MARGIN" : "REVENUE"),
               [attainment, currency_code](const T& r) {
                 if (attainment) return r.rank() == 0 ? std::string("-") : BpText(r.figure());
                 return AmountText(r.figure(), currency_code);
               }),
  };
  if (attainment) {
    view.push_back(Right<T>(
        "REVENUE", [currency_code](const T& r) { return AmountText(r.actual(), currency_code); }));
    view.push_back(Right<T>("TARGET", [currency_code](const T& r) {
      return r.target().empty() ? std::string("-") : AmountText(r.target_amount(), currency_code);
    }));
  }
  return view;
}

View<iv1::Honour> HonourView() {
  using T = iv1::Honour;
  return {
      {"NAME", [](const T& h) { return h.name(); }},
      {"KIND", [](const T& h) { return EnumText(h.kind()); }},
      {"PERIOD", [](const T& h) { return h.period(); }},
      {"REP", [](const T& h) { return h.rep(); }},
      {"TEAM", [](const T& h) { return h.team(); }},
      Right<T>("FIGURE",
               [](const T& h) {
                 return h.kind() == iv1::HONOUR_KIND_BEST_TEAM_OF_THE_QUARTER
                            ? BpText(h.figure())
                            : AmountText(h.figure(), h.currency_code());
               }),
      {"TIED", [](const T& h) { return h.tied() ? "yes" : "no"; }},
      {"RECORDED (UTC)", [](const T& h) { return TimeText(h.record_time()); }},
  };
}

View<iv1::Statement> StatementSummaryView() {
  using T = iv1::Statement;
  return {
      {"REP", [](const T& s) { return s.rep(); }},
      {"PERIOD", [](const T& s) { return s.period(); }},
      {"PLAN VERSION", [](const T& s) { return s.plan_version(); }},
      Right<T>("TARGET", [](const T& s) { return AmountText(s.target(), s.currency_code()); }),
      Right<T>("ACHIEVED", [](const T& s) { return AmountText(s.achieved(), s.currency_code()); }),
      Right<T>("ATTAINMENT", [](const T& s) { return BpText(s.attainment_bp()); }),
      Right<T>("TOTAL", [](const T& s) { return AmountText(s.total(), s.currency_code()); }),
      {"LOCKED", [](const T& s) { return s.locked() ? "yes" : "no"; }},
  };
}

View<iv1::StatementLine> StatementLineView(const std::string& currency_code) {
  using T = iv1::StatementLine;
  const int exponent = ExponentOf(currency_code);
  return {
      {"KIND", [](const T& l) { return LineKindText(l.kind()); }},
      {"COMPONENT", [](const T& l) { return l.component(); }},
      Right<T>("TIER", [](const T& l) { return l.tier() == 0 ? "" : Num(l.tier()); }),
      Right<T>("RATE", [exponent](const T& l) { return LineRateText(l, exponent); }),
      Right<T>("BASE", [exponent](const T& l) { return LineBaseText(l, exponent); }),
      Right<T>("AMOUNT", [exponent](const T& l) { return FormatMinorUnits(l.amount(), exponent); }),
      {"EXPLANATION", [](const T& l) { return l.explanation(); }},
  };
}

View<iv1::LineCredit> LineCreditView(const std::string& currency_code) {
  using T = iv1::LineCredit;
  const int exponent = ExponentOf(currency_code);
  return {
      {"CREDIT", [](const T& c) { return c.credit(); }},
      {"ORDER", [](const T& c) { return c.order(); }},
      {"DAY", [](const T& c) { return c.day(); }},
      Right<T>("BASE", [exponent](const T& c) { return FormatMinorUnits(c.base(), exponent); }),
      {"REVERSES", [](const T& c) { return c.reverses(); }},
  };
}

View<iv1::WhatIfResult> WhatIfView(const std::string& currency_code) {
  using T = iv1::WhatIfResult;
  const int exponent = ExponentOf(currency_code);
  return {
      {"REP", [](const T& r) { return r.rep(); }},
      {"CURRENT VERSION", [](const T& r) { return r.current_plan_version(); }},
      Right<T>("CURRENT",
               [exponent](const T& r) { return FormatMinorUnits(r.current_total(), exponent); }),
      Right<T>("WHAT-IF",
               [exponent](const T& r) { return FormatMinorUnits(r.draft_total(), exponent); }),
      Right<T>("DIFFERENCE",
               [exponent](const T& r) {
                 return absl::StrCat(r.difference() > 0 ? "+" : "",
                                     FormatMinorUnits(r.difference(), exponent));
               }),
  };
}

std::string ComponentsText(const iv1::PlanVersion& version, const std::string& currency_code) {
  const int exponent = ExponentOf(currency_code.empty() ? "CNY" : currency_code);
  std::vector<std::string> parts;
  for (const iv1::Component& c : version.components()) {
    std::string text = c.id();
    switch (c.kind_case()) {
      case iv1::Component::kCommission: {
        const iv1::Commission& m = c.commission();
        absl::StrAppend(&text, " commission on ", EnumText(m.basis()));
        if (m.tiers_size() > 0) {
          std::vector<std::string> tiers;
          for (const iv1::Tier& t : m.tiers()) {
            tiers.push_back(absl::StrCat(BpText(t.from_bp()), ":", PpmText(t.rate_ppm())));
          }
          absl::StrAppend(&text, " ", EnumText(m.tier_mode()), " tiers ",
                          absl::StrJoin(tiers, ","));
        } else {
          absl::StrAppend(&text, " at ", PpmText(m.rate_ppm()));
        }
        if (!m.categories().empty()) {
          absl::StrAppend(&text, " (categories ", absl::StrJoin(m.categories(), ","), ")");
        }
        if (m.cap() > 0) absl::StrAppend(&text, " cap ", FormatMinorUnits(m.cap(), exponent));
        break;
      }
      case iv1::Component::kBonus:
        absl::StrAppend(&text, " ", EnumText(c.bonus().frequency()), " bonus, ",
                        c.bonus().thresholds_size(), " thresholds");
        break;
      case iv1::Component::kSpiff:
        absl::StrAppend(&text, " SPIFF ", c.spiff().product(), " ",
                        FormatMinorUnits(c.spiff().amount_per_unit(), exponent), "/unit");
        break;
      case iv1::Component::kDraw:
        absl::StrAppend(&text, c.draw().recoverable() ? " recoverable" : "", " draw ",
                        FormatMinorUnits(c.draw().amount(), exponent));
        break;
      case iv1::Component::kAllowance:
        absl::StrAppend(&text, " allowance ", FormatMinorUnits(c.allowance().amount(), exponent));
        break;
      case iv1::Component::KIND_NOT_SET:
        break;
    }
    parts.push_back(std::move(text));
  }
  return absl::StrJoin(parts, "; ");
}

}  // namespace sales::salesctl
