#include "services/analytics/src/ingest/order_events.h"

#include "services/analytics/src/domain/customer_deltas.h"
#include "services/analytics/src/domain/sale_deltas.h"
#include "services/analytics/src/ingest/delivery_events.h"
#include "services/analytics/src/ingest/order_promises.h"
#include "services/analytics/src/ingest/order_snapshots.h"
#include "services/analytics/src/ingest/product_events.h"
#include "services/analytics/src/ingest/promotion_events.h"
#include "services/analytics/src/ingest/promotion_uses.h"
#include "services/analytics/src/ingest/stock_movements.h"
#include "services/analytics/src/store/order_warehouse_store.h"

namespace sales::analytics::ingest {
namespace {

namespace ev = ::sales::events::v1;
using domain::OrderFact;

constexpr char kCancelled[] = "ORDER_STATUS_CANCELLED";

// The customer's new-customer count moves to `candidate` if it is earlier than the first
// order known (imports may bring older orders after newer ones).
void OfferFirstOrder(db::Transaction& tx, const IngestContext& ctx, const std::string& customer,
                     const store::FirstOrder& candidate) {
  const std::optional<store::FirstOrder> current = ctx.facts->LoadFirstOrder(tx, customer);
  if (current.has_value() && !store::Earlier(candidate, *current)) return;
  if (current.has_value()) {
    ctx.rollup->AddDeltas(
        tx, domain::NewCustomerDeltas(current->day, current->channel, current->region, -1));
  }
  ctx.facts->SaveFirstOrder(tx, customer, candidate);
  ctx.rollup->AddDeltas(
      tx, domain::NewCustomerDeltas(candidate.day, candidate.channel, candidate.region, +1));
}

// After `order` stopped counting: if it was the customer's first, the next counted order
// (if any) becomes the first.
void WithdrawFirstOrder(db::Transaction& tx, const IngestContext& ctx, const std::string& customer,
                        const std::string& order) {
  const std::optional<store::FirstOrder> current = ctx.facts->LoadFirstOrder(tx, customer);
  if (!current.has_value() || current->order != order) return;
  ctx.rollup->AddDeltas(
      tx, domain::NewCustomerDeltas(current->day, current->channel, current->region, -1));
  const std::optional<store::FirstOrder> next = ctx.facts->EarliestCountedOrder(tx, customer);
  if (!next.has_value()) {
    ctx.facts->DeleteFirstOrder(tx, customer);
    return;
  }
  ctx.facts->SaveFirstOrder(tx, customer, *next);
  ctx.rollup->AddDeltas(tx, domain::NewCustomerDeltas(next->day, next->channel, next->region, +1));
}

void Place(db::Transaction& tx, const IngestContext& ctx, const ev::OrderSnapshot& snapshot) {
  const OrderFact order = OrderFactOf(snapshot);
  const absl::CivilDay day = absl::ToCivilDay(order.create_time, ctx.zone);
  if (!ctx.facts->InsertOrder(tx, order, day)) return;  // seen before
  store::RecordOrderWarehouses(tx, ctx.set, {{order.order, snapshot.warehouse()}});
  store::RecordPromotionUses(tx, ctx.set, PromotionUsesOf(snapshot));
  ctx.rollup->AddDeltas(tx, domain::OrderDeltas(order, day, /*cancel=*/false));
  OfferFirstOrder(tx, ctx, order.customer, store::FirstOrderOf(order, day));
}

void Cancel(db::Transaction& tx, const IngestContext& ctx, const ev::OrderSnapshot& snapshot) {
  std::optional<store::StoredOrder> stored = ctx.facts->LoadOrder(tx, snapshot.order());
  if (!stored.has_value()) {
    // Its placement was not seen (a feed that began after it): count it placed, then cancel.
    Place(tx, ctx, snapshot);
    stored = ctx.facts->LoadOrder(tx, snapshot.order());
  }
  if (!stored->counted) return;  // cancelled before
  ctx.rollup->AddDeltas(tx, domain::OrderDeltas(stored->fact, stored->day, /*cancel=*/true));
  ctx.facts->MarkCancelled(tx, stored->fact.order);
  WithdrawFirstOrder(tx, ctx, stored->fact.customer, stored->fact.order);
}

void Resolve(db::Transaction& tx, const IngestContext& ctx, const ev::Event& event) {
  const domain::ReturnFact ret = ReturnFactOf(event);
  const absl::CivilDay day = absl::ToCivilDay(ret.resolve_time, ctx.zone);
  if (!ctx.facts->InsertReturn(tx, ret, day)) return;
  ctx.rollup->AddDeltas(tx, domain::ReturnDeltas(ret, day));
}

}  // namespace

absl::Status ApplyOrderEvent(db::Transaction& tx, const IngestContext& ctx,
                             const events::v1::Event& event) {
  if (std::optional<store::OrderPromise> promise = OrderPromiseOf(event); promise.has_value()) {
    store::RecordOrderPromises(tx, ctx.set, {*std::move(promise)});
  }
  switch (event.payload_case()) {
    case ev::Event::kOrderPlaced:
      Place(tx, ctx, event.order_placed().order());
      break;
    case ev::Event::kOrderStatusChanged:
      if (event.order_status_changed().to_status() == kCancelled) {
        Cancel(tx, ctx, event.order_status_changed().order());
      }
      ApplyDelivery(tx, ctx, event.order_status_changed());
      break;
    case ev::Event::kReturnResolved:
      Resolve(tx, ctx, event);
      break;
    case ev::Event::kStockChanged: {
      const ev::StockChanged& stock = event.stock_changed();
      ctx.facts->SetStock(tx, stock.product(), stock.warehouse(), stock.on_hand(),
                          stock.reserved());
      store::RecordStockMovements(tx, ctx.set, {StockMovementOf(event)});
      break;
    }
    case ev::Event::kPromotionChanged:
      return ApplyPromotionChanged(tx, ctx, event.promotion_changed());
    case ev::Event::kProductChanged:
      return ApplyProductChanged(tx, ctx, event.product_changed());
    default:
      break;  // not a figure analytics keeps
  }
  return absl::OkStatus();
}

}  // namespace sales::analytics::ingest
