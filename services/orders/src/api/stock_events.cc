#include "services/orders/src/api/stock_events.h"

#include <map>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/outbox.h"

namespace sales::orders::api {
namespace {

std::string ProductName(int64_t id) { return absl::StrCat("products/", id); }

events::v1::Event StockChangedEvent(const store::StockChange& change) {
  events::v1::Event event;
  event.set_aggregate(ProductName(change.product_id));
  events::v1::StockChanged* payload = event.mutable_stock_changed();
  payload->set_product(ProductName(change.product_id));
  payload->set_warehouse(change.warehouse);
  payload->set_on_hand_delta(change.on_hand_delta);
  payload->set_reserved_delta(change.reserved_delta);
  payload->set_on_hand(change.after.on_hand);
  payload->set_reserved(change.after.reserved);
  payload->set_reason(change.reason);
  return event;
}

}  // namespace

std::vector<events::v1::Event> StockEvents(db::Transaction& tx,
                                           const std::vector<store::StockChange>& changes) {
  std::vector<events::v1::Event> out;
  struct ProductDelta {
    const store::StockChange* change = nullptr;  // any change of the product (SKU, reorder)
    int64_t available_delta = 0;
  };
  std::map<int64_t, ProductDelta> by_product;  // sorted: reads in id order
  for (const store::StockChange& change : changes) {
    out.push_back(StockChangedEvent(change));
    ProductDelta& delta = by_product[change.product_id];
    delta.change = &change;
    delta.available_delta += change.on_hand_delta - change.reserved_delta;
  }
  for (const auto& [product_id, delta] : by_product) {
    // Only a decrease can cross downwards; without a reorder point there is nothing to cross.
    const int64_t reorder_point = delta.change->reorder_point;
    if (delta.available_delta >= 0 || reorder_point <= 0) continue;
    const int64_t after = store::TotalAvailable(tx, product_id);
    const int64_t before = after - delta.available_delta;
    if (before < reorder_point || after >= reorder_point) continue;
    events::v1::Event event;
    event.set_aggregate(ProductName(product_id));
    events::v1::StockLow* payload = event.mutable_stock_low();
    payload->set_product(ProductName(product_id));
    payload->set_sku(delta.change->sku);
    payload->set_available(after);
    payload->set_reorder_point(reorder_point);
    out.push_back(std::move(event));
  }
  return out;
}

void WriteStockEvents(db::Transaction& tx, const std::vector<store::StockChange>& changes) {
  WriteEvents(tx, StockEvents(tx, changes));
}

}  // namespace sales::orders::api
