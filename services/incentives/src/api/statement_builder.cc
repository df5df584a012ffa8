#include "services/incentives/src/api/statement_builder.h"

#include <algorithm>
#include <set>

#include "services/incentives/src/api/plan_mapping.h"
#include "services/incentives/src/domain/target.h"
#include "services/incentives/src/store/organisation_store.h"
#include "services/incentives/src/store/statement_store.h"

namespace sales::incentives::api {
namespace {

// How many open months back the draw owed is followed (a locked month stores it): lock
// months to carry a balance further.
constexpr int kMaxDrawDepth = 12;

// Up to this many reps (a page of ListStatements holds at most 500) the credits, lines and
// statements are read for the listed reps only; more (every rep, as LockPeriod and RunWhatIf
// price) read the month of every rep in one statement.
constexpr size_t kListedReps = 500;

std::vector<std::string> ScopeOf(const std::vector<std::string>& rep_ids) {
  return rep_ids.size() <= kListedReps ? rep_ids : std::vector<std::string>{};
}

domain::Period MonthOf(absl::CivilDay day) {
  const absl::CivilMonth m(day);
  return {domain::PeriodKind::kMonth, m.year(), m.month()};
}

domain::Period PreviousMonth(const domain::Period& month) { return MonthOf(month.FirstDay() - 1); }

domain::Period QuarterOf(const domain::Period& month) {
  return {domain::PeriodKind::kQuarter, month.year, (month.number - 1) / 3 + 1};
}

domain::Period YearOf(const domain::Period& month) {
  return {domain::PeriodKind::kYear, month.year, 0};
}

// The last month of a quarter or year.
domain::Period LastMonthOf(const domain::Period& period) { return MonthOf(period.EndDay() - 1); }

int MetricOf(domain::Basis basis) {
  return static_cast<int>(basis == domain::Basis::kRevenue ? domain::Metric::kRevenue
                                                           : domain::Metric::kGrossMargin);
}

bool HasBonus(const domain::PlanTerms& terms, domain::BonusFrequency frequency) {
  return std::any_of(
      terms.components.begin(), terms.components.end(), [&](const domain::Component& c) {
        return c.kind == domain::ComponentKind::kBonus && c.bonus.frequency == frequency;
      });
}

bool HasRecoverableDraw(const domain::PlanTerms& terms) {
  return std::any_of(terms.components.begin(), terms.components.end(),
                     [](const domain::Component& c) {
                       return c.kind == domain::ComponentKind::kDraw && c.draw.recoverable;
                     });
}

// The reps' membership spans, by rep id.
std::map<std::string, std::vector<domain::MembershipSpan>> SpansOf(
    db::Transaction& tx, const std::vector<std::string>& reps) {
  std::map<std::string, std::vector<domain::MembershipSpan>> spans;
  for (store::MembershipRow& row : store::ListSpansOfReps(tx, reps)) {
    spans[row.rep_id].push_back(row.span);
  }
  return spans;
}

}  // namespace

StatementBuilder::StatementBuilder(db::Transaction& tx, const HandlerContext& ctx)
    : tx_(tx), ctx_(ctx) {
  for (store::PlanVersionRow& row : store::ListPublishedVersions(tx_)) {
    absl::StatusOr<domain::Period> month = domain::ParsePeriod("month", row.effective_month);
    if (!month.ok()) continue;
    published_[row.plan_id].push_back({row.version, *month});
    version_rows_[{row.plan_id, row.version}] = std::move(row);
  }
  for (const std::string& label : store::ListLockedPeriods(tx_)) {
    absl::StatusOr<domain::Period> month = domain::ParsePeriod("period", label);
    if (month.ok()) locked_.push_back(*month);
  }
  earliest_assignment_ = store::EarliestAssignmentDay(tx_);
}

const domain::PlanTerms& StatementBuilder::Terms(int64_t plan_id, int version) {
  const auto key = std::make_pair(plan_id, version);
  auto it = terms_.find(key);
  if (it != terms_.end()) return it->second;
  auto row = version_rows_.find(key);
  if (row == version_rows_.end()) {
    std::optional<store::PlanVersionRow> found = store::FindPlanVersion(tx_, plan_id, version);
    row = version_rows_.emplace(key, found.value_or(store::PlanVersionRow{})).first;
  }
  return terms_.emplace(key, StoredTerms(row->second)).first->second;
}

bool StatementBuilder::IsLocked(const domain::Period& month) const {
  return std::find(locked_.begin(), locked_.end(), month) != locked_.end();
}

std::optional<domain::Period> StatementBuilder::FirstOpenMonth() const {
  if (locked_.empty()) return std::nullopt;
  return MonthOf(locked_.back().EndDay());
}

std::optional<domain::ReversalPeriod> StatementBuilder::PaidPolicy(const std::string& rep,
                                                                   const domain::Period& month) {
  const auto key = std::make_pair(rep, month.Label());
  if (auto it = paid_policies_.find(key); it != paid_policies_.end()) return it->second;
  auto assignments = assignments_of_month_.find(month.Label());
  if (assignments == assignments_of_month_.end()) {
    assignments = assignments_of_month_
                      .emplace(month.Label(), store::ListAssignmentsOverlapping(
                                                  tx_, month.FirstDay(), month.EndDay()))
                      .first;
  }
  std::optional<domain::ReversalPeriod> policy;
  const std::optional<domain::RepPlan> plan =
      domain::ResolveRepPlan(rep, spans_of_rep_[rep], assignments->second, month);
  if (plan.has_value()) {
    const std::optional<int> version = domain::VersionInForce(published_[plan->plan_id], month);
    if (version.has_value()) policy = Terms(plan->plan_id, *version).reversal_period;
  }
  paid_policies_.emplace(key, policy);
  return policy;
}

void StatementBuilder::StampPaidPolicies(std::vector<store::StatementCreditRow>& rows,
                                         const domain::Period* priced) {
  auto crosses = [&](const domain::StatementCredit& c) {
    if (!c.reversal() || c.original_day == domain::kOpenEnd) return false;
    const domain::Period original = MonthOf(c.original_day);
    return !(original == MonthOf(c.day)) && (priced == nullptr || !(original == *priced));
  };
  std::vector<std::string> unread;
  for (const store::StatementCreditRow& row : rows) {
    if (crosses(row.credit) && !spans_of_rep_.contains(row.rep_id)) unread.push_back(row.rep_id);
  }
  if (!unread.empty()) {
    std::sort(unread.begin(), unread.end());
    unread.erase(std::unique(unread.begin(), unread.end()), unread.end());
    std::map<std::string, std::vector<domain::MembershipSpan>> spans = SpansOf(tx_, unread);
    for (const std::string& rep : unread) spans_of_rep_[rep] = std::move(spans[rep]);
  }
  for (store::StatementCreditRow& row : rows) {
    if (crosses(row.credit)) {
      row.credit.paid_policy = PaidPolicy(row.rep_id, MonthOf(row.credit.original_day));
    }
  }
}

int64_t StatementBuilder::DrawOwedBefore(const std::string& rep, const domain::Period& month,
                                         int depth) {
  const domain::Period previous = PreviousMonth(month);
  if (IsLocked(previous)) {
    std::optional<store::StatementRow> row = store::FindStatement(tx_, rep, previous.Label());
    ++rows_read_;
    return row.has_value() ? row->draw_balance : 0;
  }
  if (depth + draw_nesting_ >= kMaxDrawDepth || previous.EndDay() <= earliest_assignment_) {
    return 0;
  }
  ++draw_nesting_;
  std::map<std::string, domain::Statement> before = Compute({rep}, previous);
  --draw_nesting_;
  // Compute() itself follows the draw further back only when that month's plan has a
  // recoverable draw; a month without a statement owes what the month before it did.
  auto it = before.find(rep);
  if (it != before.end()) return it->second.draw_balance;
  return DrawOwedBefore(rep, previous, depth + 1);
}

std::map<std::string, std::vector<domain::StatementLine>> StatementBuilder::Adjustments(
    const std::vector<std::string>& reps, const std::vector<std::string>& scope) {
  std::map<std::string, std::vector<domain::StatementLine>> out;
  if (locked_.empty()) return out;
  const std::set<std::string> wanted(reps.begin(), reps.end());
  std::vector<store::StatementCreditRow> candidates = store::ListUnaccountedCredits(
      tx_, scope, locked_.front().FirstDay(), locked_.back().EndDay());
  rows_read_ += static_cast<int64_t>(candidates.size());
  StampPaidPolicies(candidates, nullptr);
  // Each rep's late credits, for the bonuses of quarters and years (kept before the months
  // take theirs).
  std::map<std::string, std::vector<domain::StatementCredit>> late_of_rep;
  for (const store::StatementCreditRow& row : candidates) {
    if (wanted.contains(row.rep_id)) late_of_rep[row.rep_id].push_back(row.credit);
  }
  // (rep, locked month) -> its late credits; the locked statements by (rep, month).
  std::map<std::pair<std::string, std::string>, std::vector<domain::StatementCredit>> late;
  std::map<std::pair<std::string, std::string>, std::optional<store::StatementRow>> locked_rows;
  auto locked_row = [&](const std::string& rep,
                        const domain::Period& month) -> const std::optional<store::StatementRow>& {
    const auto key = std::make_pair(rep, month.Label());
    auto it = locked_rows.find(key);
    if (it == locked_rows.end()) {
      ++rows_read_;
      it = locked_rows.emplace(key, store::FindStatement(tx_, rep, month.Label())).first;
    }
    return it->second;
  };
  for (store::StatementCreditRow& row : candidates) {
    if (!wanted.contains(row.rep_id)) continue;
    // The credit's home month under the policy of the locked statement of that month.
    std::vector<domain::Period> homes{MonthOf(row.credit.day)};
    if (row.credit.reversal() && row.credit.original_day != domain::kOpenEnd) {
      homes.insert(homes.begin(), MonthOf(row.credit.original_day));
    }
    for (const domain::Period& home : homes) {
      if (!IsLocked(home)) continue;
      const std::optional<store::StatementRow>& statement = locked_row(row.rep_id, home);
      if (!statement.has_value()) continue;
      const domain::PlanTerms& terms = Terms(statement->plan_id, statement->version);
      if (domain::HomeMonth(row.credit, terms.reversal_period) != home) continue;
      late[{row.rep_id, home.Label()}].push_back(std::move(row.credit));
      break;
    }
  }
  for (auto& [key, credits] : late) {
    const auto& [rep, label] = key;
    const domain::Period month = *domain::ParsePeriod("period", label);
    const store::StatementRow& statement = *locked_rows[key];
    v1::Statement stored;
    stored.ParseFromString(statement.body);
    domain::StatementInput input;
    input.rep = rep;
    input.month = month;
    input.version = {statement.plan_id, statement.version};
    input.terms = Terms(statement.plan_id, statement.version);
    input.target = stored.target();
    input.money_exponent = ctx_.money_exponent;
    const std::vector<domain::PlanAssignment> assignments =
        store::ListAssignmentsOverlapping(tx_, month.FirstDay(), month.EndDay());
    const std::optional<domain::RepPlan> plan =
        domain::ResolveRepPlan(rep, SpansOf(tx_, {rep})[rep], assignments, month);
    if (plan.has_value()) input.plan_days = plan->days;
    std::vector<store::StatementCreditRow> base =
        store::ListCreditsByIds(tx_, store::ListAccountedCredits(tx_, rep, label));
    rows_read_ += static_cast<int64_t>(base.size());
    StampPaidPolicies(base, &month);
    for (store::StatementCreditRow& row : base) input.credits.push_back(std::move(row.credit));
    out[rep].push_back(domain::AdjustmentLine(input, credits, StatementName(rep, label)));
  }
  for (const auto& [rep, credits] : late_of_rep) {
    const std::string& of = rep;
    std::vector<domain::StatementLine> lines = BonusAdjustments(
        rep, credits,
        [&](const domain::Period& month) -> const std::optional<store::StatementRow>& {
          return locked_row(of, month);
        });
    for (domain::StatementLine& line : lines) out[rep].push_back(std::move(line));
  }
  return out;
}

std::vector<domain::StatementLine> StatementBuilder::BonusAdjustments(
    const std::string& rep, const std::vector<domain::StatementCredit>& late,
    const std::function<const std::optional<store::StatementRow>&(const domain::Period&)>&
        locked_row) {
  // The quarters and years of the late credits' days (own or original) whose last month is
  // locked: their bonus was paid (or not) on totals without these credits.
  std::vector<domain::Period> periods;
  for (const domain::StatementCredit& credit : late) {
    std::vector<absl::CivilDay> days{credit.day};
    if (credit.reversal() && credit.original_day != domain::kOpenEnd) {
      days.push_back(credit.original_day);
    }
    for (absl::CivilDay day : days) {
      for (const domain::Period& period : {QuarterOf(MonthOf(day)), YearOf(MonthOf(day))}) {
        if (IsLocked(LastMonthOf(period)) &&
            std::find(periods.begin(), periods.end(), period) == periods.end()) {
          periods.push_back(period);
        }
      }
    }
  }
  std::sort(periods.begin(), periods.end(), [](const domain::Period& a, const domain::Period& b) {
    return a.EndDay() != b.EndDay() ? a.EndDay() < b.EndDay() : a.kind < b.kind;
  });
  std::vector<domain::StatementLine> out;
  for (const domain::Period& period : periods) {
    const domain::Period paid_in = LastMonthOf(period);
    const std::optional<store::StatementRow>& statement = locked_row(paid_in);
    if (!statement.has_value()) continue;
    const domain::PlanTerms& terms = Terms(statement->plan_id, statement->version);
    const domain::BonusFrequency frequency = period.kind == domain::PeriodKind::kQuarter
                                                 ? domain::BonusFrequency::kQuarterly
                                                 : domain::BonusFrequency::kYearly;
    if (!HasBonus(terms, frequency)) continue;
    // As Compute prices the period's bonus: every credit whose home day (under the policy of
    // the version that paid it) is in the period.
    auto in_period = [&](const domain::StatementCredit& c) {
      const absl::CivilDay home = domain::HomeDay(c, terms.reversal_period);
      return home >= period.FirstDay() && home < period.EndDay();
    };
    std::vector<domain::StatementCredit> late_in_period;
    std::set<int64_t> late_ids;
    for (const domain::StatementCredit& c : late) {
      if (!in_period(c)) continue;
      late_in_period.push_back(c);
      late_ids.insert(c.id);
    }
    if (late_in_period.empty()) continue;
    std::vector<domain::StatementCredit> counted;
    std::vector<store::StatementCreditRow> rows =
        store::ListCreditsOfDays(tx_, {rep}, period.FirstDay(), period.EndDay());
    rows_read_ += static_cast<int64_t>(rows.size());
    StampPaidPolicies(rows, nullptr);
    for (store::StatementCreditRow& row : rows) {
      if (in_period(row.credit) && !late_ids.contains(row.credit.id)) {
        counted.push_back(std::move(row.credit));
      }
    }
    domain::PeriodAttainment before;
    before.achieved = domain::Achieved(counted, terms);
    const std::map<std::string, int64_t> targets =
        store::RepTargets(tx_, MetricOf(terms.attainment_basis), period.Label(), {rep});
    if (auto t = targets.find(rep); t != targets.end()) before.target = t->second;
    for (domain::StatementLine& line : domain::PeriodBonusAdjustments(
             period, {statement->plan_id, statement->version}, terms, before, late_in_period,
             StatementName(rep, paid_in.Label()), ctx_.money_exponent)) {
      out.push_back(std::move(line));
    }
  }
  return out;
}

std::map<std::string, domain::Statement> StatementBuilder::Compute(
    const std::vector<std::string>& rep_ids, const domain::Period& month,
    const Override* override) {
  std::map<std::string, domain::Statement> out;
  if (rep_ids.empty()) return out;
  const std::vector<std::string> scope = ScopeOf(rep_ids);
  const std::vector<domain::PlanAssignment> assignments =
      store::ListAssignmentsOverlapping(tx_, month.FirstDay(), month.EndDay());
  if (assignments.empty()) return out;
  std::map<std::string, std::vector<domain::MembershipSpan>> spans = SpansOf(tx_, rep_ids);

  // Each rep's plan and version.
  std::map<std::string, domain::StatementInput> inputs;
  std::set<domain::Basis> bases;
  bool quarter = false;
  bool year = false;
  for (const std::string& rep : rep_ids) {
    const std::optional<domain::RepPlan> plan =
        domain::ResolveRepPlan(rep, spans[rep], assignments, month);
    if (!plan.has_value()) continue;
    domain::StatementInput input;
    input.rep = rep;
    input.month = month;
    input.plan_days = plan->days;
    input.money_exponent = ctx_.money_exponent;
    if (override != nullptr && override->version.plan_id == plan->plan_id) {
      input.version = override->version;
      input.terms = override->terms;
    } else {
      const std::optional<int> version = domain::VersionInForce(published_[plan->plan_id], month);
      if (!version.has_value()) continue;
      input.version = {plan->plan_id, *version};
      input.terms = Terms(plan->plan_id, *version);
    }
    bases.insert(input.terms.attainment_basis);
    quarter = quarter ||
              (month.number % 3 == 0 && HasBonus(input.terms, domain::BonusFrequency::kQuarterly));
    year = year || (month.number == 12 && HasBonus(input.terms, domain::BonusFrequency::kYearly));
    inputs.emplace(rep, std::move(input));
  }
  if (inputs.empty()) return out;

  // The month's credits with their lines (and reversals of them counted in it), in one read.
  std::vector<store::StatementCreditRow> rows =
      store::ListCreditsOfDays(tx_, scope, month.FirstDay(), month.EndDay());
  rows_read_ += static_cast<int64_t>(rows.size());
  StampPaidPolicies(rows, &month);
  for (store::StatementCreditRow& row : rows) {
    auto it = inputs.find(row.rep_id);
    if (it == inputs.end()) continue;
    it->second.credits.push_back(std::move(row.credit));
  }

  // Targets of the month (and of the quarter or year for their bonuses).
  for (domain::Basis basis : bases) {
    const std::map<std::string, int64_t> targets =
        store::RepTargets(tx_, MetricOf(basis), month.Label(), scope);
    for (auto& [rep, input] : inputs) {
      if (input.terms.attainment_basis != basis) continue;
      auto t = targets.find(rep);
      if (t != targets.end()) input.target = t->second;
    }
  }
  auto longer = [&](const domain::Period& period, domain::BonusFrequency frequency,
                    std::optional<domain::PeriodAttainment> domain::StatementInput::*field) {
    std::vector<store::StatementCreditRow> credits =
        store::ListCreditsOfDays(tx_, scope, period.FirstDay(), period.EndDay());
    rows_read_ += static_cast<int64_t>(credits.size());
    StampPaidPolicies(credits, &month);
    std::map<std::string, std::vector<domain::StatementCredit>> by_rep;
    for (store::StatementCreditRow& row : credits) by_rep[row.rep_id].push_back(row.credit);
    std::map<domain::Basis, std::map<std::string, int64_t>> targets;
    for (domain::Basis basis : bases) {
      targets[basis] = store::RepTargets(tx_, MetricOf(basis), period.Label(), scope);
    }
    for (auto& [rep, input] : inputs) {
      if (!HasBonus(input.terms, frequency)) continue;
      std::vector<domain::StatementCredit> in_period;
      for (const domain::StatementCredit& c : by_rep[rep]) {
        const absl::CivilDay home = domain::HomeDay(c, input.terms.reversal_period);
        if (home >= period.FirstDay() && home < period.EndDay()) in_period.push_back(c);
      }
      domain::PeriodAttainment attainment;
      attainment.achieved = domain::Achieved(in_period, input.terms);
      const auto& basis_targets = targets[input.terms.attainment_basis];
      auto t = basis_targets.find(rep);
      attainment.target = t != basis_targets.end() ? t->second : 0;
      input.*field = attainment;
    }
  };
  if (quarter) {
    longer(QuarterOf(month), domain::BonusFrequency::kQuarterly, &domain::StatementInput::quarter);
  }
  if (year) longer(YearOf(month), domain::BonusFrequency::kYearly, &domain::StatementInput::year);

  // The draw owed before the month, for plans with a recoverable draw.
  for (auto& [rep, input] : inputs) {
    if (HasRecoverableDraw(input.terms)) input.draw_balance_before = DrawOwedBefore(rep, month, 0);
  }

  // Late credits of locked months, in the first open month.
  if (const std::optional<domain::Period> open = FirstOpenMonth();
      open.has_value() && *open == month) {
    std::vector<std::string> reps;
    for (const auto& [rep, input] : inputs) reps.push_back(rep);
    for (auto& [rep, lines] : Adjustments(reps, scope)) inputs[rep].adjustments = std::move(lines);
  }

  for (auto& [rep, input] : inputs) out.emplace(rep, domain::ComputeStatement(input));
  return out;
}

std::map<std::string, v1::Statement> StatementBuilder::Current(
    const std::vector<std::string>& rep_ids, const domain::Period& month) {
  std::map<std::string, v1::Statement> out;
  if (IsLocked(month)) {
    const std::set<std::string> wanted(rep_ids.begin(), rep_ids.end());
    if (rep_ids.size() == 1) {
      std::optional<store::StatementRow> row =
          store::FindStatement(tx_, rep_ids.front(), month.Label());
      ++rows_read_;
      if (row.has_value()) out[row->rep_id].ParseFromString(row->body);
      return out;
    }
    const std::vector<store::StatementRow> rows =
        rep_ids.size() <= kListedReps ? store::ListStatementsOfReps(tx_, month.Label(), rep_ids)
                                      : store::ListStatementsOfPeriod(tx_, month.Label());
    for (const store::StatementRow& row : rows) {
      ++rows_read_;
      if (wanted.contains(row.rep_id)) out[row.rep_id].ParseFromString(row.body);
    }
    return out;
  }
  for (const auto& [rep, statement] : Compute(rep_ids, month)) {
    out.emplace(rep, ToProto(statement, ctx_, /*full=*/true));
  }
  return out;
}

}  // namespace sales::incentives::api
