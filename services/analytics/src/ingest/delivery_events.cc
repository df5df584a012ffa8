#include "services/analytics/src/ingest/delivery_events.h"

#include "absl/time/civil_time.h"
#include "common/server/log.h"
#include "common/time_util.h"

namespace sales::analytics::ingest {
namespace {

constexpr char kDelivered[] = "ORDER_STATUS_DELIVERED";
constexpr char kOnTime[] = "DELIVERY_PUNCTUALITY_ON_TIME";

}  // namespace

std::optional<store::DeliveryFact> DeliveryFactOf(const events::v1::OrderStatusChanged& changed) {
  if (changed.to_status() != kDelivered) return std::nullopt;
  const events::v1::OrderSnapshot& order = changed.order();
  store::DeliveryFact fact;
  fact.order = order.order();
  fact.channel = order.channel();
  fact.region = order.region();
  fact.delivered_time = FromProtoTime(changed.change_time());
  if (!order.promised_date().empty()) {
    absl::CivilDay promised;
    if (absl::ParseCivilTime(order.promised_date(), &promised)) {
      fact.option = order.delivery_option();
      fact.promised = promised;
      fact.on_time = order.delivery_punctuality() == kOnTime;
      fact.days_late = fact.on_time ? 0 : order.delivery_days_late();
    } else {
      log::Warn("delivered order with an unreadable promised date, counted without a promise",
                {{"order", order.order()}, {"promised_date", order.promised_date()}});
    }
  }
  return fact;
}

void ApplyDelivery(db::Transaction& tx, const IngestContext& ctx,
                   const events::v1::OrderStatusChanged& changed) {
  if (ctx.deliveries == nullptr) return;
  const std::optional<store::DeliveryFact> fact = DeliveryFactOf(changed);
  if (fact.has_value()) ctx.deliveries->InsertDeliveries(tx, {*fact});
}

}  // namespace sales::analytics::ingest
