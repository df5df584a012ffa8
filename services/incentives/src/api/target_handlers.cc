#include "services/incentives/src/api/target_handlers.h"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/idempotency.h"
#include "common/paging.h"
#include "common/status.h"
#include "common/time_util.h"
#include "services/incentives/src/api/locked_months.h"
#include "services/incentives/src/api/mapping.h"
#include "services/incentives/src/domain/membership.h"
#include "services/incentives/src/domain/target.h"
#include "services/incentives/src/domain/team_tree.h"
#include "services/incentives/src/store/organisation_store.h"
#include "services/incentives/src/store/target_store.h"

namespace sales::incentives::api {
namespace {

// At most 10^15 (minor units or a count), so that the sum of 1000 children fits in int64.
constexpr int64_t kMaxAmount = 1000000000000000;
constexpr int kMaxParts = 1000;

absl::Status ValidateAmount(std::string_view field, int64_t amount) {
  if (amount < 0 || amount > kMaxAmount) return InvalidField(field, "must be 0 to 10^15");
  return absl::OkStatus();
}

absl::StatusOr<domain::Metric> ParseMetric(std::string_view field, v1::Metric metric) {
  if (metric == v1::METRIC_UNSPECIFIED) return InvalidField(field, "is required");
  if (!v1::Metric_IsValid(metric)) return InvalidField(field, "is not a known metric");
  return static_cast<domain::Metric>(metric);
}

std::string TargetName(int64_t id) { return absl::StrCat("targets/", id); }

// "teams/3 month 2026-10 revenue": how messages name a target.
std::string Describe(const store::TargetRow& row) {
  return absl::StrCat(TargetName(row.id), " (", row.owner.Name(), " ", row.period.KindName(), " ",
                      row.period.Label(), ")");
}

domain::TargetNode NodeOf(const store::TargetRow& row) {
  return {row.owner, row.period, row.metric, row.amount};
}

// The sum check of `row` against its stored children.
absl::Status CheckOwnChildren(db::Transaction& tx, const store::TargetRow& row, int exponent) {
  if (!row.split_mode.has_value()) return absl::OkStatus();
  std::vector<int64_t> amounts;
  for (const store::TargetRow& child : store::ListChildTargets(tx, row.id)) {
    amounts.push_back(child.amount);
  }
  return domain::CheckChildrenSum(NodeOf(row), amounts, exponent);
}

// NOT_FOUND naming `field` unless the owner (a team or a rep) exists.
absl::Status RequireOwner(db::Transaction& tx, std::string_view field, const domain::Owner& owner) {
  const bool found =
      owner.kind == domain::OwnerKind::kCompany ||
      (owner.kind == domain::OwnerKind::kTeam ? store::FindTeam(tx, owner.team).has_value()
                                              : store::FindRep(tx, owner.rep).has_value());
  if (!found)
    return absl::NotFoundError(absl::StrCat(ToAbsl(field), ": ", owner.Name(), " not found"));
  return absl::OkStatus();
}

// A child owner of a split of `parent`: a company target splits to top-level teams or any
// rep, a team target to its child teams or to reps in it on some day of the period.
absl::Status CheckChildOwner(db::Transaction& tx, const std::string& field,
                             const store::TargetRow& parent, const domain::Owner& child) {
  RETURN_IF_ERROR(RequireOwner(tx, field, child));
  if (child.kind == domain::OwnerKind::kTeam) {
    const int64_t expected = parent.owner.kind == domain::OwnerKind::kTeam ? parent.owner.team : 0;
    const std::optional<store::TeamRow> team = store::FindTeam(tx, child.team);
    if (team->parent_id != expected) {
      return absl::FailedPreconditionError(absl::StrCat(
          field, ": ", child.Name(),
          expected == 0 ? " is not a top-level team"
                        : absl::StrCat(" is not a child team of ", parent.owner.Name())));
    }
    return absl::OkStatus();
  }
  if (parent.owner.kind == domain::OwnerKind::kTeam) {
    const domain::TeamTime time =
        domain::TimeInTeam(store::ListSpans(tx, child.rep), parent.owner.team,
                           parent.period.FirstDay(), parent.period.EndDay());
    if (time.days == 0) {
      return absl::FailedPreconditionError(absl::StrCat(ToAbsl(field), ": ", child.Name(),
                                                        " is not in ", parent.owner.Name(),
                                                        " during ", parent.period.Label()));
    }
  }
  return absl::OkStatus();
}

// A child of a split as the request asks for it.
struct PlannedChild {
  domain::Owner owner;
  domain::Period period;
  int64_t amount = 0;
};

// The parts of an owner split, validated without the database.
absl::Status ValidateOwnerParts(const v1::SplitTargetRequest& req) {
  std::set<std::string> seen;
  for (int i = 0; i < req.parts_size(); ++i) {
    const v1::TargetPart& part = req.parts(i);
    const std::string field = absl::StrCat("parts[", i, "]");
    ASSIGN_OR_RETURN(const domain::Owner owner, domain::ParseOwner(field + ".owner", part.owner()));
    if (owner.kind == domain::OwnerKind::kCompany) {
      return InvalidField(field + ".owner", "must be teams/{id} or reps/{id}");
    }
    if (!seen.insert(owner.Name()).second) {
      return InvalidField(field + ".owner", absl::StrCat(owner.Name(), " is listed twice"));
    }
    if (!part.period().empty()) {
      return InvalidField(field + ".period", "is only used with SPLIT_MODE_MONTHS");
    }
    if (req.mode() == v1::SPLIT_MODE_WEIGHTS && part.amount() != 0) {
      return InvalidField(field + ".amount", "is not used with SPLIT_MODE_WEIGHTS");
    }
    if (req.mode() == v1::SPLIT_MODE_AMOUNTS) {
      RETURN_IF_ERROR(ValidateAmount(field + ".amount", part.amount()));
      if (part.weight() != 0) {
        return InvalidField(field + ".weight", "is not used with SPLIT_MODE_AMOUNTS");
      }
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateMonthParts(const v1::SplitTargetRequest& req) {
  std::set<std::string> seen;
  for (int i = 0; i < req.parts_size(); ++i) {
    const v1::TargetPart& part = req.parts(i);
    const std::string field = absl::StrCat("parts[", i, "]");
    ASSIGN_OR_RETURN(const domain::Period period,
                     domain::ParsePeriod(field + ".period", part.period()));
    if (period.kind != domain::PeriodKind::kMonth) {
      return InvalidField(field + ".period", "must be a month YYYY-MM");
    }
    if (!seen.insert(period.Label()).second) {
      return InvalidField(field + ".period", absl::StrCat(period.Label(), " is listed twice"));
    }
    if (!part.owner().empty()) {
      return InvalidField(field + ".owner", "is not used with SPLIT_MODE_MONTHS");
    }
    if (part.amount() != 0) {
      return InvalidField(field + ".amount", "is not used with SPLIT_MODE_MONTHS");
    }
  }
  return absl::OkStatus();
}

// The children a split asks for, with their amounts, in the order of the parts.
absl::StatusOr<std::vector<PlannedChild>> PlanChildren(db::Transaction& tx,
                                                       const v1::SplitTargetRequest& req,
                                                       const store::TargetRow& parent,
                                                       int exponent) {
  std::vector<PlannedChild> children;
  std::vector<int64_t> weights;
  if (req.mode() == v1::SPLIT_MODE_MONTHS) {
    if (parent.period.kind == domain::PeriodKind::kMonth) {
      return absl::FailedPreconditionError(absl::StrCat("name: ", Describe(parent),
                                                        " is for a month; only a quarter or a year "
                                                        "splits over months"));
    }
    const std::vector<domain::Period> months = parent.period.Months();
    for (int i = 0; i < req.parts_size(); ++i) {
      const domain::Period month = *domain::ParsePeriod("period", req.parts(i).period());
      if (std::find(months.begin(), months.end(), month) == months.end()) {
        return InvalidField(
            absl::StrCat("parts[", i, "].period"),
            absl::StrCat(month.Label(), " is not a month of ", parent.period.Label()));
      }
      children.push_back({parent.owner, month, 0});
      weights.push_back(req.parts(i).weight());
    }
    for (const domain::Period& month : months) {
      const bool listed = std::any_of(children.begin(), children.end(),
                                      [&](const PlannedChild& c) { return c.period == month; });
      if (!listed) {
        return InvalidField("parts", absl::StrCat("month ", month.Label(), " of ",
                                                  parent.period.Label(), " is missing"));
      }
    }
    ASSIGN_OR_RETURN(const std::vector<int64_t> amounts,
                     domain::SplitOverMonths("parts", parent.amount, weights));
    for (size_t i = 0; i < children.size(); ++i) children[i].amount = amounts[i];
    return children;
  }
  if (parent.owner.kind == domain::OwnerKind::kRep) {
    return absl::FailedPreconditionError(
        absl::StrCat("name: ", Describe(parent), " belongs to a rep; it splits only over months"));
  }
  for (int i = 0; i < req.parts_size(); ++i) {
    const domain::Owner owner = *domain::ParseOwner("owner", req.parts(i).owner());
    RETURN_IF_ERROR(CheckChildOwner(tx, absl::StrCat("parts[", i, "].owner"), parent, owner));
    children.push_back({owner, parent.period, req.parts(i).amount()});
    weights.push_back(req.parts(i).weight());
  }
  if (req.mode() == v1::SPLIT_MODE_WEIGHTS) {
    ASSIGN_OR_RETURN(const std::vector<int64_t> amounts,
                     domain::SplitByWeights("parts", parent.amount, weights));
    for (size_t i = 0; i < children.size(); ++i) children[i].amount = amounts[i];
  } else {
    std::vector<int64_t> amounts;
    for (const PlannedChild& child : children) amounts.push_back(child.amount);
    RETURN_IF_ERROR(domain::CheckChildrenSum(NodeOf(parent), amounts, exponent));
  }
  return children;
}

}  // namespace

absl::StatusOr<v1::Target> TargetHandlers::CreateTarget(const v1::CreateTargetRequest& req,
                                                        absl::Time deadline) {
  if (!req.has_target()) return InvalidField("target", "is required");
  const v1::Target& t = req.target();
  store::TargetRow row;
  ASSIGN_OR_RETURN(row.metric, ParseMetric("target.metric", t.metric()));
  ASSIGN_OR_RETURN(row.period, domain::ParsePeriod("target.period", t.period()));
  ASSIGN_OR_RETURN(row.owner, domain::ParseOwner("target.owner", t.owner()));
  RETURN_IF_ERROR(ValidateAmount("target.amount", t.amount()));
  row.amount = t.amount();
  ASSIGN_OR_RETURN(row.deadline, RequiredTime("target.deadline", t.has_deadline(), t.deadline()));
  return RunIdempotent<v1::Target>(
      *ctx_.pool, deadline, "CreateTarget", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Target> {
        RETURN_IF_ERROR(RequireOwner(tx, "target.owner", row.owner));
        RETURN_IF_ERROR(domain::CheckNotFrozen("target.period",
                                               absl::StrCat("a target of ", row.period.Label()),
                                               row.period, LockedMonths(tx)));
        store::TargetRow fresh = row;
        fresh.created_at = fresh.updated_at = NowMicros();
        fresh.id = store::InsertTarget(tx, fresh);
        return ToProto(fresh, ctx_);
      });
}

absl::StatusOr<v1::Target> TargetHandlers::GetTarget(const v1::GetTargetRequest& req,
                                                     absl::Time deadline) {
  ASSIGN_OR_RETURN(const int64_t id, ParseTargetName("name", req.name()));
  std::optional<store::TargetRow> row;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    row = store::FindTarget(tx, id);
    return absl::OkStatus();
  }));
  if (!row.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
  return ToProto(*row, ctx_);
}

absl::StatusOr<v1::ListTargetsResponse> TargetHandlers::ListTargets(
    const v1::ListTargetsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListTargets", req, KeysetShape::kId));
  store::TargetFilter filter;
  if (req.metric() != v1::METRIC_UNSPECIFIED) {
    ASSIGN_OR_RETURN(filter.metric, ParseMetric("metric", req.metric()));
  }
  if (!req.period().empty()) {
    ASSIGN_OR_RETURN(filter.period, domain::ParsePeriod("period", req.period()));
  }
  if (!req.owner().empty()) {
    ASSIGN_OR_RETURN(filter.owner, domain::ParseOwner("owner", req.owner()));
  }
  if (!req.parent().empty()) {
    ASSIGN_OR_RETURN(filter.parent_id, ParseTargetName("parent", req.parent()));
  }
  std::vector<store::TargetRow> rows;
  RETURN_IF_ERROR(db::RunReadOnly(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows = store::ListTargets(tx, filter, page.after().id, page.fetch_limit());
    return absl::OkStatus();
  }));
  v1::ListTargetsResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const store::TargetRow& r) { return KeysetCursor::Id(r.id); }));
  for (const store::TargetRow& row : rows) *resp.add_targets() = ToProto(row, ctx_);
  return resp;
}

absl::StatusOr<v1::Target> TargetHandlers::UpdateTarget(const v1::UpdateTargetRequest& req,
                                                        absl::Time deadline) {
  if (!req.has_target()) return InvalidField("target", "is required");
  const v1::Target& patch = req.target();
  ASSIGN_OR_RETURN(const int64_t id, ParseTargetName("target.name", patch.name()));
  if (!req.has_update_mask() || req.update_mask().paths_size() == 0) {
    return InvalidField("update_mask", "must name at least one field");
  }
  std::optional<int64_t> amount;
  std::optional<absl::Time> due;
  for (const std::string& path : req.update_mask().paths()) {
    if (path == "amount") {
      RETURN_IF_ERROR(ValidateAmount("target.amount", patch.amount()));
      amount = patch.amount();
    } else if (path == "deadline") {
      ASSIGN_OR_RETURN(due,
                       RequiredTime("target.deadline", patch.has_deadline(), patch.deadline()));
    } else if (path == "metric" || path == "period" || path == "owner") {
      return InvalidField("update_mask", absl::StrCat("'", path, "' cannot change after creation"));
    } else if (path == "name" || path == "currency_code" || path == "parent" ||
               path == "split_mode" || path == "create_time" || path == "update_time") {
      return InvalidField("update_mask", absl::StrCat("'", path, "' is output only"));
    } else {
      return InvalidField("update_mask", absl::StrCat("'", path, "' is not a field of Target"));
    }
  }
  return RunIdempotent<v1::Target>(
      *ctx_.pool, deadline, "UpdateTarget", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::Target> {
        // Parent first, then the target: the lock order of SplitTarget.
        std::optional<store::TargetRow> row = store::FindTarget(tx, id);
        if (!row.has_value()) {
          return absl::NotFoundError(absl::StrCat(patch.name(), " not found"));
        }
        std::optional<store::TargetRow> parent;
        if (row->parent_id != 0) parent = store::FindTarget(tx, row->parent_id, true);
        row = store::FindTarget(tx, id, /*for_update=*/true);
        if (!row.has_value()) {
          return absl::NotFoundError(absl::StrCat(patch.name(), " not found"));
        }
        RETURN_IF_ERROR(domain::CheckNotFrozen(absl::StrCat("target.", req.update_mask().paths(0)),
                                               Describe(*row), row->period, LockedMonths(tx)));
        if (amount.has_value() && *amount != row->amount) {
          row->amount = *amount;
          RETURN_IF_ERROR(CheckOwnChildren(tx, *row, ctx_.money_exponent));
          if (parent.has_value()) {
            std::vector<int64_t> siblings;
            for (const store::TargetRow& child : store::ListChildTargets(tx, parent->id)) {
              siblings.push_back(child.id == row->id ? row->amount : child.amount);
            }
            RETURN_IF_ERROR(
                domain::CheckChildrenSum(NodeOf(*parent), siblings, ctx_.money_exponent));
          }
        }
        if (due.has_value()) row->deadline = *due;
        row->updated_at = NowMicros();
        store::UpdateTarget(tx, *row);
        return ToProto(*row, ctx_);
      });
}

absl::StatusOr<v1::SplitTargetResponse> TargetHandlers::SplitTarget(
    const v1::SplitTargetRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(const int64_t id, ParseTargetName("name", req.name()));
  if (req.mode() == v1::SPLIT_MODE_UNSPECIFIED) return InvalidField("mode", "is required");
  if (!v1::SplitMode_IsValid(req.mode())) return InvalidField("mode", "is not a known mode");
  if (req.parts_size() == 0 || req.parts_size() > kMaxParts) {
    return InvalidField("parts", "must hold 1-1000 parts");
  }
  RETURN_IF_ERROR(req.mode() == v1::SPLIT_MODE_MONTHS ? ValidateMonthParts(req)
                                                      : ValidateOwnerParts(req));
  return RunIdempotent<v1::SplitTargetResponse>(
      *ctx_.pool, deadline, "SplitTarget", req, req.request_id(),
      [&](db::Transaction& tx) -> absl::StatusOr<v1::SplitTargetResponse> {
        std::optional<store::TargetRow> parent = store::FindTarget(tx, id, /*for_update=*/true);
        if (!parent.has_value()) return absl::NotFoundError(absl::StrCat(req.name(), " not found"));
        const std::vector<domain::Period> locked = LockedMonths(tx);
        RETURN_IF_ERROR(domain::CheckNotFrozen("name", Describe(*parent), parent->period, locked));
        ASSIGN_OR_RETURN(const std::vector<PlannedChild> planned,
                         PlanChildren(tx, req, *parent, ctx_.money_exponent));
        const absl::Time now = NowMicros();
        std::map<int64_t, store::TargetRow> old_children;
        for (store::TargetRow& child : store::ListChildTargets(tx, parent->id)) {
          old_children.emplace(child.id, std::move(child));
        }
        v1::SplitTargetResponse resp;
        std::vector<store::TargetRow> kept;
        for (size_t i = 0; i < planned.size(); ++i) {
          const PlannedChild& want = planned[i];
          std::optional<store::TargetRow> child =
              store::FindTargetOf(tx, parent->metric, want.period, want.owner);
          if (child.has_value()) {
            if (child->id == parent->id) {
              return InvalidField(absl::StrCat("parts[", i, "]"), "is the target being split");
            }
            if (child->parent_id != 0 && child->parent_id != parent->id) {
              return absl::FailedPreconditionError(
                  absl::StrCat("parts[", i, "]: ", Describe(*child), " is already split from ",
                               TargetName(child->parent_id)));
            }
            old_children.erase(child->id);
            if (child->amount != want.amount || child->parent_id != parent->id) {
              RETURN_IF_ERROR(domain::CheckNotFrozen(absl::StrCat("parts[", i, "]"),
                                                     Describe(*child), child->period, locked));
            }
            child->amount = want.amount;
            child->parent_id = parent->id;
            child->updated_at = now;
            RETURN_IF_ERROR(CheckOwnChildren(tx, *child, ctx_.money_exponent));
            store::UpdateTarget(tx, *child);
          } else {
            RETURN_IF_ERROR(domain::CheckNotFrozen(
                absl::StrCat("parts[", i, "]"),
                absl::StrCat("a new target of ", want.owner.Name(), " for ", want.period.Label()),
                want.period, locked));
            store::TargetRow fresh;
            fresh.metric = parent->metric;
            fresh.period = want.period;
            fresh.owner = want.owner;
            fresh.amount = want.amount;
            fresh.deadline = parent->deadline;
            if (req.mode() == v1::SPLIT_MODE_MONTHS) {
              fresh.deadline =
                  std::min(parent->deadline, domain::DayStart(want.period.EndDay(), ctx_.zone));
            }
            fresh.parent_id = parent->id;
            fresh.created_at = fresh.updated_at = now;
            fresh.id = store::InsertTarget(tx, fresh);
            child = fresh;
          }
          kept.push_back(*child);
        }
        for (const auto& [old_id, old] : old_children) {
          RETURN_IF_ERROR(domain::CheckNotFrozen(
              "parts", absl::StrCat(Describe(old), ", which the split would drop,"), old.period,
              locked));
          if (old.split_mode.has_value()) {
            return absl::FailedPreconditionError(
                absl::StrCat("parts: ", Describe(old),
                             " is split further and cannot be dropped from the split"));
          }
          store::DeleteTarget(tx, old_id);
        }
        parent->split_mode = static_cast<domain::SplitMode>(req.mode());
        parent->updated_at = now;
        store::UpdateTarget(tx, *parent);
        *resp.mutable_target() = ToProto(*parent, ctx_);
        for (const store::TargetRow& child : kept) *resp.add_children() = ToProto(child, ctx_);
        return resp;
      });
}

}  // namespace sales::incentives::api
