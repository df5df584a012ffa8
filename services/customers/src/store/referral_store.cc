#include "services/customers/src/store/referral_store.h"

namespace sales::customers::store {
namespace {

// Inserts nothing (0 rows) when the referred customer has its reward already; the primary
// key on referred_customer_id backs this up.
constexpr char kInsertReward[] =
    "INSERT INTO referral_rewards (referred_customer_id, referrer_id, order_name, points, "
    "rewarded_at) SELECT ?, ?, ?, ?, ? FROM DUAL WHERE NOT EXISTS "
    "(SELECT 1 FROM referral_rewards WHERE referred_customer_id = ?)";
constexpr char kInsertOrder[] =
    "INSERT INTO referral_orders (order_name, referrer_id, referred_customer_id, currency, "
    "net_minor, completed_at) VALUES (?, ?, ?, ?, ?, ?) "
    "ON DUPLICATE KEY UPDATE order_name = order_name";
constexpr char kRefundOrder[] =
    "UPDATE referral_orders SET net_minor = net_minor - ? WHERE order_name = ?";
constexpr char kCountReferrals[] = "SELECT COUNT(*) AS n FROM customers WHERE referred_by = ?";
constexpr char kCountBuyers[] =
    "SELECT COUNT(DISTINCT referred_customer_id) AS n FROM referral_orders WHERE referrer_id = ?";
constexpr char kSumPoints[] =
    "SELECT COALESCE(SUM(points), 0) AS n FROM referral_rewards WHERE referrer_id = ?";
constexpr char kRevenue[] =
    "SELECT currency, SUM(net_minor) AS net FROM referral_orders WHERE referrer_id = ? "
    "GROUP BY currency ORDER BY currency";
constexpr char kListReferrers[] =
    "SELECT DISTINCT referred_by FROM customers WHERE referred_by > ? "
    "ORDER BY referred_by LIMIT ?";

int64_t CountOf(db::Transaction& tx, const char* sql, int64_t id) {
  auto rs = tx.Query(sql, {id});
  return rs->next() ? rs->getInt64("n") : 0;
}

}  // namespace

bool InsertReferralReward(db::Transaction& tx, const ReferralRewardRow& row) {
  return tx.Exec(kInsertReward, {row.referred_customer_id, row.referrer_id, row.order_name,
                                 row.points, row.rewarded_at, row.referred_customer_id}) == 1;
}

void InsertReferralOrder(db::Transaction& tx, const std::string& order_name, int64_t referrer_id,
                         int64_t referred_customer_id, const std::string& currency,
                         int64_t net_minor, absl::Time completed_at) {
  tx.Exec(kInsertOrder,
          {order_name, referrer_id, referred_customer_id, currency, net_minor, completed_at});
}

void RefundReferralOrder(db::Transaction& tx, const std::string& order_name, int64_t net_minor) {
  tx.Exec(kRefundOrder, {net_minor, order_name});
}

ReferralStatsRow ReferralStatsOf(db::Transaction& tx, int64_t referrer_id) {
  ReferralStatsRow row;
  row.referrer_id = referrer_id;
  row.referral_count = CountOf(tx, kCountReferrals, referrer_id);
  row.buying_count = CountOf(tx, kCountBuyers, referrer_id);
  row.points = CountOf(tx, kSumPoints, referrer_id);
  auto rs = tx.Query(kRevenue, {referrer_id});
  while (rs->next()) {
    row.revenue.push_back({rs->getString("currency"), rs->getInt64("net")});
  }
  return row;
}

std::vector<int64_t> ListReferrers(db::Transaction& tx, int64_t after_id, int limit) {
  std::vector<int64_t> ids;
  auto rs = tx.Query(kListReferrers, {after_id, int64_t{limit}});
  while (rs->next()) ids.push_back(rs->getInt64(1));
  return ids;
}

}  // namespace sales::customers::store
