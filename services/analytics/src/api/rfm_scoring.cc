#include "services/analytics/src/api/rfm_scoring.h"

#include "services/analytics/src/store/purchase_store.h"

namespace sales::analytics::api {

std::vector<domain::RfmScore> ScoreRfmWindow(db::Transaction& tx, absl::CivilDay as_of, int days) {
  const absl::CivilDay first = as_of - (days - 1);
  std::vector<store::OrderPurchase> purchases = store::LoadPurchases(tx, first, as_of + 1);
  std::vector<domain::RfmOrder> orders;
  orders.reserve(purchases.size());
  for (store::OrderPurchase& p : purchases) {
    orders.push_back({std::move(p.customer), p.day, p.net_minor, false});
  }
  return domain::ScoreRfm(domain::SummarizeRfm(orders, first, as_of));
}

}  // namespace sales::analytics::api
