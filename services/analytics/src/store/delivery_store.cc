#include "services/analytics/src/store/delivery_store.h"

namespace sales::analytics::store {
namespace {

constexpr char kInsertPrefix[] =
    "INSERT INTO delivery_facts{s} (order_name, channel, region, delivery_option, "
    "promised_date, on_time, days_late, delivered_time) VALUES ";
constexpr char kInsertSuffix[] = " ON DUPLICATE KEY UPDATE order_name = order_name";

// The counts of DeliveryCounts, in its order, over one channel, region or rep (a credit
// share of the order) when its parameter pair is not ''.
constexpr char kCounts[] =
    "SELECT COUNT(*), COALESCE(SUM(d.promised_date IS NOT NULL), 0), "
    "COALESCE(SUM(d.promised_date IS NOT NULL AND d.on_time), 0), "
    "COALESCE(SUM(d.promised_date IS NOT NULL AND NOT d.on_time), 0), "
    "COALESCE(SUM(CASE WHEN d.promised_date IS NOT NULL AND NOT d.on_time THEN d.days_late "
    "ELSE 0 END), 0) FROM delivery_facts d "
    "WHERE d.delivered_time >= ? AND d.delivered_time < ? "
    "AND (? = '' OR d.channel = ?) AND (? = '' OR d.region = ?) "
    "AND (? = '' OR EXISTS (SELECT 1 FROM order_credit_facts c "
    "WHERE c.order_name = d.order_name AND c.rep = ?))";

}  // namespace

DeliveryStore::DeliveryStore(TableSet set)
    : insert_(ForTables(kInsertPrefix, set)), insert_suffix_(kInsertSuffix) {}

void DeliveryStore::InsertDeliveries(db::Transaction& tx,
                                     const std::vector<DeliveryFact>& rows) const {
  if (rows.empty()) return;
  std::vector<db::SqlParam> params;
  params.reserve(rows.size() * 8);
  for (const DeliveryFact& r : rows) {
    db::SqlParam promised = nullptr;
    if (r.promised.has_value()) promised = absl::FormatCivilTime(*r.promised);
    params.insert(params.end(), {r.order, r.channel, r.region, r.option, std::move(promised),
                                 r.on_time, r.days_late, r.delivered_time});
  }
  db::ExecRows(tx, insert_, 8, params, insert_suffix_);
}

std::optional<DeliveryFilter> DeliveryFilterOf(const FactSlice& slice) {
  DeliveryFilter filter;
  switch (slice.kind) {
    case FactSlice::Kind::kAll:
      break;
    case FactSlice::Kind::kChannel:
      filter.channel = slice.member;
      break;
    case FactSlice::Kind::kRegion:
      filter.region = slice.member;
      break;
    case FactSlice::Kind::kRep:
      filter.rep = slice.member;
      break;
    default:
      return std::nullopt;
  }
  return filter;
}

domain::DeliveryCounts LoadDeliveryCounts(db::Transaction& tx, absl::Time from, absl::Time to,
                                          const FactSlice& slice) {
  const std::optional<DeliveryFilter> f = DeliveryFilterOf(slice);
  if (!f.has_value()) return {};
  auto rs =
      tx.Query(kCounts, {from, to, f->channel, f->channel, f->region, f->region, f->rep, f->rep});
  domain::DeliveryCounts out;
  if (rs->next()) {
    out.delivered = rs->getInt64(1);
    out.promised = rs->getInt64(2);
    out.on_time = rs->getInt64(3);
    out.late = rs->getInt64(4);
    out.late_days_sum = rs->getInt64(5);
  }
  return out;
}

}  // namespace sales::analytics::store
