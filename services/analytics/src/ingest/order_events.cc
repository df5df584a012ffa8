#include "services/analytics/src/ingest/order_events.h"

#include "common/time_util.h"
#include "services/analytics/src/domain/customer_deltas.h"
#include "services/analytics/src/domain/sale_deltas.h"
#include "services/analytics/src/ingest/promotion_events.h"

namespace sales::analytics::ingest {
namespace {

namespace ev = ::sales::events::v1;
using domain::CreditFact;
using domain::OrderFact;

constexpr char kCancelled[] = "ORDER_STATUS_CANCELLED";

std::vector<CreditFact> Credits(const google::protobuf::RepeatedPtrField<ev::CreditShare>& in) {
  std::vector<CreditFact> out;
  for (const ev::CreditShare& c : in) out.push_back({c.rep(), c.revenue_share_bp()});
  return out;
}

OrderFact FactOf(const ev::OrderSnapshot& s) {
  OrderFact f;
  f.order = s.order();
  f.customer = s.customer();
  f.channel = s.channel();
  f.region = s.region();
  f.create_time = FromProtoTime(s.create_time());
  f.imported = s.imported();
  for (const ev::LineSnapshot& l : s.lines()) {
    f.lines.push_back({l.line_id(), l.product(), l.category(), l.quantity(), l.subtotal_minor(),
                       l.discount_minor(), l.cost_minor()});
  }
  f.credits = Credits(s.credits());
  return f;
}

store::FirstOrder FirstOrderOf(const OrderFact& order, absl::CivilDay day) {
  return {order.order, order.create_time, day, order.channel, order.region};
}

bool Earlier(const store::FirstOrder& a, const store::FirstOrder& b) {
  return a.time != b.time ? a.time < b.time : a.order < b.order;
}

// The customer's new-customer count moves to `candidate` if it is earlier than the first
// order known (imports may bring older orders after newer ones).
void OfferFirstOrder(db::Transaction& tx, const IngestContext& ctx, const std::string& customer,
                     const store::FirstOrder& candidate) {
  const std::optional<store::FirstOrder> current = ctx.facts->LoadFirstOrder(tx, customer);
  if (current.has_value() && !Earlier(candidate, *current)) return;
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
  const OrderFact order = FactOf(snapshot);
  const absl::CivilDay day = absl::ToCivilDay(order.create_time, ctx.zone);
  if (!ctx.facts->InsertOrder(tx, order, day)) return;  // seen before
  ctx.rollup->AddDeltas(tx, domain::OrderDeltas(order, day, /*cancel=*/false));
  OfferFirstOrder(tx, ctx, order.customer, FirstOrderOf(order, day));
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
  const ev::ReturnResolved& r = event.return_resolved();
  domain::ReturnFact ret;
  ret.return_name = r.return_name();
  ret.order = r.order();
  ret.customer = r.customer();
  ret.channel = r.channel();
  ret.region = r.region();
  // The original time of an imported return; a live one carries its commit time (events
  // from before resolve_time existed: the event's own time).
  ret.resolve_time =
      r.has_resolve_time() ? FromProtoTime(r.resolve_time()) : FromProtoTime(event.occur_time());
  for (const ev::RefundLine& l : r.lines()) {
    ret.lines.push_back({l.product(), l.category(), l.quantity(), l.net_minor(), l.cost_minor()});
  }
  ret.credits = Credits(r.credits());
  const absl::CivilDay day = absl::ToCivilDay(ret.resolve_time, ctx.zone);
  if (!ctx.facts->InsertReturn(tx, ret, day)) return;
  ctx.rollup->AddDeltas(tx, domain::ReturnDeltas(ret, day));
}

}  // namespace

absl::Status ApplyOrderEvent(db::Transaction& tx, const IngestContext& ctx,
                             const events::v1::Event& event) {
  switch (event.payload_case()) {
    case ev::Event::kOrderPlaced:
      Place(tx, ctx, event.order_placed().order());
      break;
    case ev::Event::kOrderStatusChanged:
      if (event.order_status_changed().to_status() == kCancelled) {
        Cancel(tx, ctx, event.order_status_changed().order());
      }
      break;
    case ev::Event::kReturnResolved:
      Resolve(tx, ctx, event);
      break;
    case ev::Event::kStockChanged: {
      const ev::StockChanged& stock = event.stock_changed();
      ctx.facts->SetStock(tx, stock.product(), stock.warehouse(), stock.on_hand(),
                          stock.reserved());
      break;
    }
    case ev::Event::kPromotionChanged:
      return ApplyPromotionChanged(tx, ctx, event.promotion_changed());
    default:
      break;  // not a figure analytics keeps
  }
  return absl::OkStatus();
}

}  // namespace sales::analytics::ingest
