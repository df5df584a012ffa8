#include "services/orders/src/api/stock_events.h"

#include <map>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/outbox.h"

namespace sales::orders::api {

void WriteStockEvents(db::Transaction& tx, const std::vector<store::StockChange>& changes) {
  const auto product_name = [](int64_t id) { return absl::StrCat("products/", id); };
  std::map<int64_t, int64_t> available_delta;  // per product, sorted: locks in id order
  for (const store::StockChange& change : changes) {
    events::v1::Event event;
    event.set_aggregate(product_name(change.product_id));
    events::v1::StockChanged* payload = event.mutable_stock_changed();
    payload->set_product(product_name(change.product_id));
    payload->set_warehouse(change.warehouse);
    payload->set_on_hand_delta(change.on_hand_delta);
    payload->set_reserved_delta(change.reserved_delta);
    payload->set_on_hand(change.after.on_hand);
    payload->set_reserved(change.after.reserved);
    payload->set_reason(change.reason);
    WriteEvent(tx, std::move(event));
    available_delta[change.product_id] += change.on_hand_delta - change.reserved_delta;
  }
  for (const auto& [product_id, delta] : available_delta) {
    if (delta >= 0) continue;  // only a decrease can cross downwards
    const std::optional<store::ReorderPoint> reorder = store::LockReorderPoint(tx, product_id);
    if (!reorder.has_value() || reorder->reorder_point <= 0) continue;
    const int64_t after = store::TotalAvailable(tx, product_id);
    const int64_t before = after - delta;
    if (before < reorder->reorder_point || after >= reorder->reorder_point) continue;
    events::v1::Event event;
    event.set_aggregate(product_name(product_id));
    events::v1::StockLow* payload = event.mutable_stock_low();
    payload->set_product(product_name(product_id));
    payload->set_sku(reorder->sku);
    payload->set_available(after);
    payload->set_reorder_point(reorder->reorder_point);
    WriteEvent(tx, std::move(event));
  }
}

}  // namespace sales::orders::api
