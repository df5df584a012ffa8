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
    "order_name, created_at, referred_customer_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?)";
constexpr char kListEntries[] =
    "SELECT id, customer_id, kind, points_delta, balance_after, reason, order_name, created_at, "
    "referred_customer_id FROM point_entries WHERE customer_id = ? AND id < ? ORDER BY id DESC "
    "LIMIT ?";

}  // namespace

void InsertLoyaltyAccount(db::Transaction& tx, int64_t customer_id, absl::Time now) {
  tx.Exec(kInsertAccount, {customer_id, now});
}

std::optional<LoyaltyRow> FindLoyaltyAccount(db::Transaction& tx, int64_t customer_id,
                                             bool for_update) {
  return db::QueryOne<LoyaltyRow>(tx, for_update ? kSelectAccountForUpdate : kSelectAccount,
                                  {customer_id});
}

void UpdateLoyaltyAccount(db::Transaction& tx, const LoyaltyRow& row) {
  tx.Exec(kUpdateAccount, {row.points_balance, row.lifetime_points_earned, row.lifetime_spend_minor,
                           row.updated_at, row.customer_id});
}

int64_t InsertPointEntry(db::Transaction& tx, const PointEntryRow& row) {
  tx.Exec(kInsertEntry, db::ParamWriter().AddRow(row).params());
  return tx.LastInsertId();
}

std::vector<PointEntryRow> ListPointEntries(db::Transaction& tx, int64_t customer_id,
                                            int64_t before_id, int limit) {
  const int64_t before = before_id == 0 ? std::numeric_limits<int64_t>::max() : before_id;
  return db::QueryAll<PointEntryRow>(tx, kListEntries, {customer_id, before, int64_t{limit}});
}

}  // namespace sales::customers::store
