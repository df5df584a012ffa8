#include "services/customers/src/api/referral_handlers.h"

#include "absl/strings/str_cat.h"
#include "common/paging.h"
#include "common/status.h"
#include "services/customers/src/domain/names.h"
#include "services/customers/src/store/customer_store.h"
#include "services/customers/src/store/referral_store.h"

namespace sales::customers::api {
namespace {

v1::ReferralStats ToProto(const store::ReferralStatsRow& row) {
  v1::ReferralStats s;
  s.set_referrer(domain::CustomerName(row.referrer_id));
  s.set_referral_count(row.referral_count);
  s.set_buying_referral_count(row.buying_count);
  for (const store::ReferralRevenue& revenue : row.revenue) {
    auto* money = s.add_referred_revenue();
    money->set_currency_code(revenue.currency);
    money->set_minor_units(revenue.net_minor);
  }
  s.set_points_earned(row.points);
  return s;
}

}  // namespace

absl::StatusOr<v1::ReferralStats> ReferralHandlers::GetStats(const v1::GetReferralStatsRequest& req,
                                                             absl::Time deadline) {
  ASSIGN_OR_RETURN(int64_t referrer, domain::ParseCustomerName("referrer", req.referrer()));
  bool found = false;
  store::ReferralStatsRow row;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    found = store::FindCustomer(tx, referrer, /*for_update=*/false).has_value();
    if (found) row = store::ReferralStatsOf(tx, referrer);
    return absl::OkStatus();
  }));
  if (!found) return absl::NotFoundError(absl::StrCat("referrer: ", req.referrer(), " not found"));
  return ToProto(row);
}

absl::StatusOr<v1::ListReferralStatsResponse> ReferralHandlers::ListStats(
    const v1::ListReferralStatsRequest& req, absl::Time deadline) {
  ASSIGN_OR_RETURN(ListPage page,
                   ListPage::Start(*ctx_.page_tokens, "ListReferralStats", req, KeysetShape::kId));
  std::vector<store::ReferralStatsRow> rows;
  RETURN_IF_ERROR(db::RunInTransaction(*ctx_.pool, deadline, [&](db::Transaction& tx) {
    rows.clear();
    for (int64_t id : store::ListReferrers(tx, page.after().id, page.fetch_limit())) {
      rows.push_back(store::ReferralStatsOf(tx, id));
    }
    return absl::OkStatus();
  }));
  v1::ListReferralStatsResponse resp;
  resp.set_next_page_token(
      page.TakePage(rows, [](const auto& row) { return KeysetCursor::Id(row.referrer_id); }));
  for (const store::ReferralStatsRow& row : rows) *resp.add_referral_stats() = ToProto(row);
  return resp;
}

}  // namespace sales::customers::api
