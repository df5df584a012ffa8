// Referrals in MySQL (inside the caller's transaction): the reward once per referred
// customer, the completed orders of referred customers once per order, and the stats per
// referrer read from them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/db/transaction.h"

namespace sales::customers::store {

struct ReferralRewardRow {
  int64_t referred_customer_id = 0;
  int64_t referrer_id = 0;
  std::string order_name;
  int64_t points = 0;
  absl::Time rewarded_at = absl::InfinitePast();
};

// Records the reward for the referred customer; false (nothing written) when one was
// already recorded for that customer, whatever order it was for.
bool InsertReferralReward(db::Transaction& tx, const ReferralRewardRow& row);

// Records a completed order of a referred customer; a second call for the same order changes
// nothing (the feed may redeliver).
void InsertReferralOrder(db::Transaction& tx, const std::string& order_name, int64_t referrer_id,
                         int64_t referred_customer_id, const std::string& currency,
                         int64_t net_minor, absl::Time completed_at);
// Takes a refund off a referred customer's order; no row is touched for other orders.
void RefundReferralOrder(db::Transaction& tx, const std::string& order_name, int64_t net_minor);

struct ReferralRevenue {
  std::string currency;
  int64_t net_minor = 0;
};

struct ReferralStatsRow {
  int64_t referrer_id = 0;
  int64_t referral_count = 0;
  int64_t buying_count = 0;
  int64_t points = 0;
  std::vector<ReferralRevenue> revenue;  // by currency code
};

// The stats of one referrer (zeros when it referred nobody).
ReferralStatsRow ReferralStatsOf(db::Transaction& tx, int64_t referrer_id);
// Referrers with at least one referral and an id above `after_id`, by id, at most `limit`.
std::vector<int64_t> ListReferrers(db::Transaction& tx, int64_t after_id, int limit);

}  // namespace sales::customers::store
