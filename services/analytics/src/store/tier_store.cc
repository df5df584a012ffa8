#include "services/analytics/src/store/tier_store.h"

namespace sales::analytics::store {
namespace {

constexpr char kSelectOpen[] =
    "SELECT valid_from, valid_to, tier FROM customer_tier_spans{s} "
    "WHERE customer = ? AND valid_to = ? ORDER BY valid_from DESC LIMIT 1";
constexpr char kUpsert[] =
    "INSERT INTO customer_tier_spans{s} (customer, valid_from, valid_to, tier) "
    "VALUES (?, ?, ?, ?) ON DUPLICATE KEY UPDATE valid_to = VALUES(valid_to), "
    "tier = VALUES(tier)";
constexpr char kSelectStarting[] =
    "SELECT tier FROM customer_tier_spans WHERE valid_from = ? "
    "ORDER BY valid_to, customer LIMIT 1";

}  // namespace

std::optional<domain::TierSpan> LoadOpenTierSpan(db::Transaction& tx, TableSet set,
                                                 const std::string& customer) {
  auto rs = tx.Query(ForTables(kSelectOpen, set), {customer, domain::TierHistoryEnd()});
  if (!rs->next()) return std::nullopt;
  return domain::TierSpan{db::GetSqlTime(*rs, "valid_from"), db::GetSqlTime(*rs, "valid_to"),
                          rs->getString("tier")};
}

void SaveTierSpans(db::Transaction& tx, TableSet set, const std::string& customer,
                   const std::vector<domain::TierSpan>& spans) {
  const std::string sql = ForTables(kUpsert, set);
  for (const domain::TierSpan& span : spans) {
    tx.Exec(sql, {customer, span.valid_from, span.valid_to, span.tier});
  }
}

std::optional<std::string> LoadStartingTier(db::Transaction& tx) {
  auto rs = tx.Query(kSelectStarting, {domain::TierHistoryStart()});
  if (!rs->next()) return std::nullopt;
  return std::string(rs->getString(1));
}

}  // namespace sales::analytics::store
