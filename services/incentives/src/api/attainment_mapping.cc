#include "services/incentives/src/api/attainment_mapping.h"

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/time_util.h"
#include "services/incentives/src/domain/team_tree.h"

namespace sales::incentives::api {

v1::Attainment AttainmentToProto(const AttainmentQuery& q, const domain::CreditSum& sum,
                                 const std::optional<store::TargetRef>& target,
                                 absl::CivilDay today, const HandlerContext& ctx) {
  const int64_t actual = domain::MetricValue(sum.amounts, q.metric);
  const domain::AttainmentFigures f = domain::ComputeAttainment(
      actual, target ? std::optional<int64_t>(target->amount) : std::nullopt, q.period, today);
  v1::Attainment a;
  a.set_owner(q.owner.Name());
  a.set_period(q.period.Label());
  a.set_metric(static_cast<v1::Metric>(q.metric));
  a.set_actual(f.actual);
  a.set_has_target(f.has_target);
  if (target.has_value()) a.set_target(absl::StrCat("targets/", target->id));
  a.set_target_amount(f.target);
  a.set_attainment_bp(f.attainment_bp);
  a.set_has_ratio(f.has_ratio);
  a.set_gap(f.gap);
  a.set_period_days(f.clock.period_days);
  a.set_days_elapsed(f.clock.days_elapsed);
  a.set_days_remaining(f.clock.days_remaining);
  a.set_projected(f.projected);
  a.set_projected_bp(f.projected_bp);
  if (domain::IsMoney(q.metric)) a.set_currency_code(ctx.currency);
  a.set_credit_count(sum.count);
  SetProtoTime(absl::Now(), a.mutable_compute_time());
  return a;
}

v1::Honour HonourToProto(const store::HonourRow& row, const HandlerContext& ctx) {
  v1::Honour h;
  h.set_name(absl::StrCat("honours/", row.id));
  h.set_kind(static_cast<v1::HonourKind>(row.kind));
  h.set_period(row.period);
  if (!row.rep_id.empty()) h.set_rep(absl::StrCat("reps/", row.rep_id));
  if (row.team_id != 0) h.set_team(domain::TeamName(row.team_id));
  h.set_figure(row.figure);
  h.set_actual(row.actual);
  h.set_target_amount(row.target_amount);
  h.set_tied(row.tied);
  h.set_currency_code(ctx.currency);
  SetProtoTime(row.recorded_at, h.mutable_record_time());
  return h;
}

}  // namespace sales::incentives::api
