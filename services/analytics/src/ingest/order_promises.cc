#include "services/analytics/src/ingest/order_promises.h"

#include "absl/time/civil_time.h"
#include "common/server/log.h"
#include "common/time_util.h"

namespace sales::analytics::ingest {
namespace {

constexpr char kCancelled[] = "ORDER_STATUS_CANCELLED";

}  // namespace

std::optional<store::OrderPromise> OrderPromiseOf(const events::v1::Event& event) {
  const events::v1::OrderSnapshot* order = nullptr;
  std::optional<absl::Time> cancel_time;
  switch (event.payload_case()) {
    case events::v1::Event::kOrderPlaced:
      order = &event.order_placed().order();
      break;
    case events::v1::Event::kOrderStatusChanged:
      order = &event.order_status_changed().order();
      if (event.order_status_changed().to_status() == kCancelled) {
        cancel_time = FromProtoTime(event.order_status_changed().change_time());
      }
      break;
    default:
      return std::nullopt;
  }
  if (order->promised_date().empty()) return std::nullopt;
  absl::CivilDay promised;
  if (!absl::ParseCivilTime(order->promised_date(), &promised)) {
    log::Warn("order with an unreadable promised date, left out of the overdue orders",
              {{"order", order->order()}, {"promised_date", order->promised_date()}});
    return std::nullopt;
  }
  return store::OrderPromise{order->order(),  order->channel(),
                             order->region(), FromProtoTime(order->create_time()),
                             promised,        cancel_time};
}

}  // namespace sales::analytics::ingest
