#include "services/analytics/src/api/freshness.h"

#include "common/events/consumer.h"

namespace sales::analytics::api {

analytics::v1::Freshness ReadFreshness(db::Transaction& tx) {
  analytics::v1::Freshness f;
  f.set_orders_position(events::ReadCheckpoint(tx, "orders"));
  f.set_customers_position(events::ReadCheckpoint(tx, "customers"));
  return f;
}

}  // namespace sales::analytics::api
