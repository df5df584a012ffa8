#include "services/analytics/src/store/diagnosis_store.h"

#include "services/analytics/src/domain/inputs.h"
#include "services/analytics/src/domain/lead_outcome.h"
#include "services/analytics/src/store/days.h"

namespace sales::analytics::store {
namespace {

constexpr char kRepCredits[] =
    "SELECT c.rep, SUM(c.share_bp), SUM(c.share_bp * o.units) FROM order_facts o "
    "JOIN order_credit_facts c ON c.order_name = o.order_name "
    "WHERE o.counted = 1 AND o.day >= ? AND o.day < ? GROUP BY c.rep ORDER BY c.rep";

constexpr char kLeadCounts[] =
    "SELECT channel, owner_rep, COUNT(*), SUM(outcome = ?) FROM lead_facts "
    "WHERE create_time >= ? AND create_time < ? GROUP BY channel, owner_rep "
    "ORDER BY channel, owner_rep";

constexpr char kSpendByChannel[] =
    "SELECT input_key, SUM(amount) FROM input_days WHERE kind = ? AND day >= ? AND day < ? "
    "GROUP BY input_key ORDER BY input_key";

}  // namespace

std::vector<std::pair<std::string, int64_t>> SumSpendByChannel(db::Transaction& tx,
                                                               absl::CivilDay from,
                                                               absl::CivilDay to) {
  std::vector<std::pair<std::string, int64_t>> out;
  auto rs = tx.Query(kSpendByChannel,
                     {std::string(domain::InputKindKey(domain::InputKind::kMarketingSpend)),
                      DayText(from), DayText(to)});
  while (rs->next()) out.emplace_back(rs->getString(1), rs->getInt64(2));
  return out;
}

std::vector<RepCredit> LoadRepCredits(db::Transaction& tx, absl::CivilDay from, absl::CivilDay to) {
  std::vector<RepCredit> out;
  auto rs = tx.Query(kRepCredits, {DayText(from), DayText(to)});
  while (rs->next()) out.push_back({rs->getString(1), rs->getInt64(2), rs->getInt64(3)});
  return out;
}

std::vector<LeadCount> LoadLeadCounts(db::Transaction& tx, absl::Time from, absl::Time to) {
  std::vector<LeadCount> out;
  auto rs = tx.Query(kLeadCounts, {static_cast<int64_t>(domain::LeadOutcome::kWon), from, to});
  while (rs->next()) {
    out.push_back({rs->getString(1), rs->getString(2), rs->getInt64(3), rs->getInt64(4)});
  }
  return out;
}

}  // namespace sales::analytics::store
