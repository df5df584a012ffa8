#include "services/analytics/src/ingest/stock_movements.h"

namespace sales::analytics::ingest {

store::StockMovement StockMovementOf(const events::v1::Event& event) {
  const events::v1::StockChanged& stock = event.stock_changed();
  store::StockMovement m;
  m.event_id = event.id();
  m.feed_position = event.position();
  m.product = stock.product();
  m.warehouse = stock.warehouse();
  m.time = absl::FromUnixSeconds(event.occur_time().seconds()) +
           absl::Nanoseconds(event.occur_time().nanos());
  m.on_hand = stock.on_hand();
  return m;
}

}  // namespace sales::analytics::ingest
