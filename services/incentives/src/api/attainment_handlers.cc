#include "services/incentives/src/api/attainment_handlers.h"

#include <map>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/incentives/src/api/attainment_mapping.h"
#include "services/incentives/src/api/mapping.h"
#include "services/incentives/src/domain/attainment.h"
#include "services/incentives/src/domain/team_tree.h"
#include "services/incentives/src/store/attainment_store.h"
#include "services/incentives/src/store/credit_store.h"
#include "services/incentives/src/store/organisation_store.h"

namespace sales::incentives::api {

absl::StatusOr<domain::Metric> ParseAttainmentMetric(std::string_view field, v1::Metric metric) {
  if (metric == v1::METRIC_UNSPECIFIED || !v1::Metric_IsValid(metric)) {
    return InvalidField(field, "required: revenue, gross margin or units");
  }
  const auto m = static_cast<domain::Metric>(metric);
  RETURN_IF_ERROR(domain::CheckAttainmentMetric(field, m));
  return m;
}

absl::StatusOr<AttainmentQuery> ParseAttainmentQuery(std::string_view owner,
                                                     std::string_view period, v1::Metric metric) {
  AttainmentQuery q;
  ASSIGN_OR_RETURN(q.owner, domain::ParseOwner("owner", owner));
  ASSIGN_OR_RETURN(q.period, domain::ParsePeriod("period", period));
  ASSIGN_OR_RETURN(q.metric, ParseAttainmentMetric("metric", metric));
  return q;
}

absl::StatusOr<v1::Attainment> AttainmentHandlers::Compute(const AttainmentQuery& q,
                                                           absl::Time deadline) {
  domain::CreditSum sum;
  std::optional<store::TargetRef> target;
  RETURN_IF_ERROR(
      db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
        const absl::CivilDay first = q.period.FirstDay();
        const absl::CivilDay end = q.period.EndDay();
        switch (q.owner.kind) {
          case domain::OwnerKind::kRep: {
            const store::CreditSums s = store::RepTotals(tx, q.owner.rep, first, end);
            sum = {s.amounts, s.count};
            break;
          }
          case domain::OwnerKind::kTeam: {
            if (!store::FindTeam(tx, q.owner.team).has_value()) {
              return absl::NotFoundError(absl::StrCat(q.owner.Name(), " not found"));
            }
            const domain::Tally tally =
                domain::TallyCredits(store::ListDayCredits(tx, first, end), store::ListAllSpans(tx),
                                     store::ListTeamParents(tx));
            if (const auto it = tally.teams.find(q.owner.team); it != tally.teams.end()) {
              sum = it->second;
            }
            break;
          }
          case domain::OwnerKind::kCompany: {
            const store::CreditSums s = store::CompanyTotals(tx, first, end);
            sum = {s.amounts, s.count};
            break;
          }
        }
        target = store::FindOwnerTarget(tx, q.metric, q.period, q.owner);
        return absl::OkStatus();
      }));
  return AttainmentToProto(q, sum, target, Today(ctx_), ctx_);
}

absl::StatusOr<v1::Attainment> AttainmentHandlers::GetAttainment(
    const v1::GetAttainmentRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const AttainmentQuery q,
                   ParseAttainmentQuery(req.owner(), req.period(), req.metric()));
  return Compute(q, deadline);
}

absl::StatusOr<v1::ListAttainmentResponse> AttainmentHandlers::ListAttainment(
    const v1::ListAttainmentRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListAttainment", req, KeysetShape::kId));
  ASSIGN_OR_RETURN(const domain::Period period, domain::ParsePeriod("period", req.period()));
  ASSIGN_OR_RETURN(const domain::Metric metric, ParseAttainmentMetric("metric", req.metric()));
  int64_t team = 0;
  if (!req.team().empty()) {
    ASSIGN_OR_RETURN(team, ParseTeamName("team", req.team()));
  }
  std::vector<store::RepRow> reps;
  std::map<std::string, domain::CreditSum> sums;
  std::map<std::string, store::TargetRef> targets;
  RETURN_IF_ERROR(
      db::RunSnapshotRead(*ctx_.pool, deadline, [&](db::Transaction& tx) -> absl::Status {
        std::vector<store::RepRow> all = store::ListAllReps(tx);
        if (team != 0) {
          if (!store::FindTeam(tx, team).has_value()) {
            return absl::NotFoundError(absl::StrCat(req.team(), " not found"));
          }
          const std::vector<int64_t> scope = domain::Subtree(team, store::ListTeamParents(tx));
          const std::map<std::string, std::vector<domain::MembershipSpan>> spans =
              store::ListAllSpans(tx);
          std::erase_if(all, [&](const store::RepRow& rep) {
            const auto it = spans.find(rep.rep_id);
            return it == spans.end() ||
                   !domain::TeamInScope(it->second, scope, period.FirstDay(), period.EndDay());
          });
        }
        for (store::RepRow& rep : all) {
          if (rep.id <= page.after().id) continue;
          reps.push_back(std::move(rep));
          if (reps.size() >= static_cast<size_t>(page.fetch_limit())) break;
        }
        std::vector<std::string> ids;
        for (size_t i = 0; i < reps.size() && i < static_cast<size_t>(page.page_size()); ++i) {
          ids.push_back(reps[i].rep_id);
        }
        sums = store::SumForReps(tx, ids, period.FirstDay(), period.EndDay());
        targets = store::ListOwnerTargets(tx, metric, period, domain::OwnerKind::kRep);
        return absl::OkStatus();
      }));
  v1::ListAttainmentResponse resp;
  resp.set_next_page_token(
      page.TakePage(reps, [](const store::RepRow& r) { return KeysetCursor::Id(r.id); }));
  const absl::CivilDay today = Today(ctx_);
  for (const store::RepRow& rep : reps) {
    AttainmentQuery q{domain::Owner{domain::OwnerKind::kRep, 0, rep.rep_id}, period, metric};
    const auto s = sums.find(rep.rep_id);
    const auto t = targets.find(rep.rep_id);
    *resp.add_attainments() = AttainmentToProto(
        q, s == sums.end() ? domain::CreditSum{} : s->second,
        t == targets.end() ? std::nullopt : std::optional<store::TargetRef>(t->second), today,
        ctx_);
  }
  return resp;
}

}  // namespace sales::incentives::api
