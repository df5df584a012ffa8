#include "services/customers/src/store/loyalty_store.h"

#include <limits>

namespace sales::customers::store {
namespace {

constexpr char kInsertAccount[] =
    "INSERT INTO loyalty_accounts (customer_id, points_balance, lifetime_points_earned, "
    "lifetime_spend_minor, updated_at) VALUES (?, 0, 0, 0, ?)";
constexpr char kSelectAccount[] =
    "SELECT a.customer_id, a.points_balance, a.lifetime_points_earned, "
    "a.lifetime_spend_minor, a.updated_at, c.tier FROM loyalty_accounts a "
    "JOIN customers c ON c.id = a.customer_id WHERE a.customer_id = ?";
constexpr char kSelectAccountForUpdate[] =
    "SELECT a.customer_id, a.points_balance, a.lifetime_points_earned, "
    "a.lifetime_spend_minor, a.updated_at, c.tier FROM loyalty_accounts a "
    "JOIN customers c ON c.id = a.customer_id WHERE a.customer_id = ? FOR UPDATE";
constexpr char kUpdateAccount[] =
    "UPDATE loyalty_accounts SET points_balance = ?, lifetime_points_earned = ?, "
    "lifetime_spend_minor = ?, updated_at = ? WHERE customer_id = ?";
constexpr char kInsertEntry[] =
    "INSERT INTO point_entries (customer_id, kind, points_delta, balance_after, reason, "
    "order_name, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
constexpr char kListEntries[] =
    "SELECT id, customer_id, kind, points_delta, balance_after, reason, order_name, created_at "
    "FROM point_entries WHERE customer_id = ? AND id < ? ORDER BY id DESC LIMIT ?";

}  // namespace

void InsertLoyaltyAccount(db::Transaction& tx, int64_t customer_id, absl::Time now) {
  tx.Exec(kInsertAccount, {customer_id, now});
}

std::optional<LoyaltyRow> FindLoyaltyAccount(db::Transaction& tx, int64_t customer_id,
                                             bool for_update) {
  auto rs = tx.Query(for_update ? kSelectAccountForUpdate : kSelectAccount, {customer_id});
  if (!rs->next()) return std::nullopt;
  LoyaltyRow row;
  row.customer_id = rs->getInt64("customer_id");
  row.points_balance = rs->getInt64("points_balance");
  row.lifetime_points_earned = rs->getInt64("lifetime_points_earned");
  row.lifetime_spend_minor = rs->getInt64("lifetime_spend_minor");
  row.updated_at = db::GetSqlTime(*rs, "updated_at");
  row.tier = rs->getString("tier");
  return row;
}

void UpdateLoyaltyAccount(db::Transaction& tx, const LoyaltyRow& row) {
  tx.Exec(kUpdateAccount, {row.points_balance, row.lifetime_points_earned, row.lifetime_spend_minor,
                           row.updated_at, row.customer_id});
}

int64_t InsertPointEntry(db::Transaction& tx, const PointEntryRow& row) {
  tx.Exec(kInsertEntry,
          {row.customer_id, int64_t{row.kind}, row.points_delta, row.balance_after,
           db::NullIfEmpty(row.reason), db::NullIfEmpty(row.order_name), row.created_at});
  return tx.LastInsertId();
}

std::vector<PointEntryRow> ListPointEntries(db::Transaction& tx, int64_t customer_id,
                                            int64_t before_id, int limit) {
  const int64_t before = before_id == 0 ? std::numeric_limits<int64_t>::max() : before_id;
  auto rs = tx.Query(kListEntries, {customer_id, before, int64_t{limit}});
  std::vector<PointEntryRow> rows;
  while (rs->next()) {
    PointEntryRow row;
    row.id = rs->getInt64("id");
    row.customer_id = rs->getInt64("customer_id");
    row.kind = rs->getInt("kind");
    row.points_delta = rs->getInt64("points_delta");
    row.balance_after = rs->getInt64("balance_after");
    row.reason = db::GetString(*rs, "reason");
    row.order_name = db::GetString(*rs, "order_name");
    row.created_at = db::GetSqlTime(*rs, "created_at");
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace sales::customers::store
