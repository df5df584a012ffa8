#include "services/analytics/src/store/order_promise_store.h"

#include "services/analytics/src/store/days.h"
#include "services/analytics/src/store/delivery_store.h"

namespace sales::analytics::store {
namespace {

constexpr char kInsertPrefix[] =
    "INSERT INTO order_promise_facts{s} (order_name, channel, region, create_time, "
    "promised_date, cancel_time) VALUES ";
constexpr char kInsertSuffix[] =
    " ON DUPLICATE KEY UPDATE promised_date = VALUES(promised_date), "
    "cancel_time = COALESCE(cancel_time, VALUES(cancel_time))";

// Open promised orders at ? (as_of) and, of them, those promised before ? (as_of_day), over
// one channel, region or rep (a credit share of the order) when its parameter pair is not ''.
constexpr char kCounts[] =
    "SELECT COUNT(*), COALESCE(SUM(p.promised_date < ?), 0) FROM order_promise_facts p "
    "WHERE p.create_time < ? AND (p.cancel_time IS NULL OR p.cancel_time >= ?) "
    "AND NOT EXISTS (SELECT 1 FROM delivery_facts d WHERE d.order_name = p.order_name "
    "AND d.delivered_time < ?) "
    "AND (? = '' OR p.channel = ?) AND (? = '' OR p.region = ?) "
    "AND (? = '' OR EXISTS (SELECT 1 FROM order_credit_facts c "
    "WHERE c.order_name = p.order_name AND c.rep = ?))";

}  // namespace

void RecordOrderPromises(db::Transaction& tx, TableSet set, const std::vector<OrderPromise>& rows) {
  if (rows.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(rows.size() * 6);
  for (const OrderPromise& r : rows) {
    db::SqlParam cancel = nullptr;
    if (r.cancel_time.has_value()) cancel = *r.cancel_time;
    params.insert(params.end(), {r.order, r.channel, r.region, r.create_time, DayText(r.promised),
                                 std::move(cancel)});
  }
  db::ExecRows(tx, ForTables(kInsertPrefix, set), 6, params, kInsertSuffix);
}

domain::OverdueCounts LoadOverdueCounts(db::Transaction& tx, absl::Time as_of,
                                        absl::CivilDay as_of_day, const FactSlice& slice) {
  const std::optional<DeliveryFilter> f = DeliveryFilterOf(slice);
  if (!f.has_value()) return {};
  auto rs = tx.Query(kCounts, {DayText(as_of_day), as_of, as_of, as_of, f->channel, f->channel,
                               f->region, f->region, f->rep, f->rep});
  domain::OverdueCounts out;
  if (rs->next()) {
    out.open_promised = rs->getInt64(1);
    out.overdue = rs->getInt64(2);
  }
  return out;
}

}  // namespace sales::analytics::store
