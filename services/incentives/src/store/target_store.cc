#include "services/incentives/src/store/target_store.h"

#include <string>

#include "common/db/sql_error.h"

namespace sales::incentives::store {
namespace {

const db::UniqueKeys kKeys{
    {"uk_targets_owner", "target.owner", "a target of this owner for this metric and period"}};

constexpr char kTargetColumns[] =
    "SELECT id, metric, period, owner_kind, owner_key, amount, deadline, parent_id, "
    "split_mode, created_at, updated_at FROM targets ";
const std::string kSelectTarget = std::string(kTargetColumns) + "WHERE id = ?";
const std::string kSelectTargetForUpdate = kSelectTarget + " FOR UPDATE";
const std::string kSelectTargetOf =
    std::string(kTargetColumns) +
    "WHERE metric = ? AND period = ? AND owner_kind = ? AND owner_key = ? FOR UPDATE";
const std::string kListChildren =
    std::string(kTargetColumns) + "WHERE parent_id = ? ORDER BY id FOR UPDATE";
// Each filter is skipped when its parameter is NULL.
const std::string kListTargets =
    std::string(kTargetColumns) +
    "WHERE (? IS NULL OR metric = ?) AND (? IS NULL OR period = ?) "
    "AND (? IS NULL OR (owner_kind = ? AND owner_key = ?)) AND (? IS NULL OR parent_id = ?) "
    "AND id > ? ORDER BY id LIMIT ?";
constexpr char kInsertTarget[] =
    "INSERT INTO targets (metric, period, owner_kind, owner_key, amount, deadline, parent_id, "
    "split_mode, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kUpdateTarget[] =
    "UPDATE targets SET amount = ?, deadline = ?, parent_id = ?, split_mode = ?, updated_at = ? "
    "WHERE id = ?";
constexpr char kDeleteTarget[] = "DELETE FROM targets WHERE id = ?";

}  // namespace

int64_t InsertTarget(db::Transaction& tx, const TargetRow& row) {
  tx.Exec(kInsertTarget, db::ParamWriter().AddRow(row).params());
  return tx.LastInsertId();
}

std::optional<TargetRow> FindTarget(db::Transaction& tx, int64_t id, bool for_update) {
  return db::QueryOne<TargetRow>(tx, for_update ? kSelectTargetForUpdate : kSelectTarget, {id});
}

std::optional<TargetRow> FindTargetOf(db::Transaction& tx, domain::Metric metric,
                                      const domain::Period& period, const domain::Owner& owner) {
  return db::QueryOne<TargetRow>(
      tx, kSelectTargetOf,
      {db::EnumNumber(metric), period.Label(), db::EnumNumber(owner.kind), owner.Key()});
}

std::vector<TargetRow> ListChildTargets(db::Transaction& tx, int64_t parent_id) {
  return db::QueryAll<TargetRow>(tx, kListChildren, {parent_id});
}

void UpdateTarget(db::Transaction& tx, const TargetRow& row) {
  tx.Exec(kUpdateTarget, db::ParamWriter()
                             .Add(row.amount)
                             .Add(row.deadline)
                             .Add(db::NullIfZero(row.parent_id))
                             .Add(row.split_mode)
                             .Add(row.updated_at)
                             .Add(row.id)
                             .params());
}

void DeleteTarget(db::Transaction& tx, int64_t id) { tx.Exec(kDeleteTarget, {id}); }

std::vector<TargetRow> ListTargets(db::Transaction& tx, const TargetFilter& filter,
                                   int64_t after_id, int limit) {
  const db::SqlParam metric =
      filter.metric.has_value() ? db::SqlParam(db::EnumNumber(*filter.metric)) : nullptr;
  const db::SqlParam period =
      filter.period.has_value() ? db::SqlParam(filter.period->Label()) : nullptr;
  const db::SqlParam owner_kind =
      filter.owner.has_value() ? db::SqlParam(db::EnumNumber(filter.owner->kind)) : nullptr;
  const db::SqlParam owner_key =
      filter.owner.has_value() ? db::SqlParam(filter.owner->Key()) : nullptr;
  const db::SqlParam parent = db::NullIfZero(filter.parent_id);
  return db::QueryAll<TargetRow>(tx, kListTargets,
                                 {metric, metric, period, period, owner_kind, owner_kind, owner_key,
                                  parent, parent, after_id, int64_t{limit}});
}

}  // namespace sales::incentives::store
