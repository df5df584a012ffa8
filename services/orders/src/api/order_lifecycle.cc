#include "services/orders/src/api/order_lifecycle.h"

#include <algorithm>
#include <functional>
#include <iterator>
#include <map>
#include <optional>
#include <utility>
#include <variant>

#include "absl/strings/str_cat.h"
#include "common/absl_compat.h"
#include "common/outbox.h"
#include "common/resource_names.h"
#include "common/status.h"
#include "services/orders/src/api/mapping_orders.h"
#include "services/orders/src/api/stock_events.h"
#include "services/orders/src/domain/pricing.h"
#include "services/orders/src/domain/promotion_selection.h"
#include "services/orders/src/store/catalogue_store.h"
#include "services/orders/src/store/order_store.h"
#include "services/orders/src/store/stock_store.h"

namespace sales::orders::api {
namespace {

std::vector<store::StockQuantity> StockQuantities(const std::vector<domain::ProductUnits>& units) {
  std::vector<store::StockQuantity> out;
  for (const domain::ProductUnits& u : units) out.push_back({u.product_id, u.units});
  return out;
}

domain::PromotionOffer OfferOf(const store::PromotionRow& p, int64_t customer_uses) {
  domain::PromotionOffer offer;
  offer.rule.id = p.id;
  offer.rule.code = p.code;
  offer.rule.kind = p.kind;
  offer.rule.percent_off_bp = p.percent_off_bp;
  offer.rule.amount_off_minor = p.amount_off_minor;
  offer.rule.buy_quantity = p.buy_quantity;
  offer.rule.free_quantity = p.free_quantity;
  offer.rule.threshold_minor = p.threshold_minor;
  offer.rule.exclusive = p.exclusive;
  offer.rule.product_ids = p.product_ids;
  offer.rule.categories = p.categories;
  offer.automatic = p.automatic;
  offer.starts_at = p.starts_at;
  offer.ends_at = p.ends_at;
  offer.usage_limit_total = p.usage_limit_total;
  offer.usage_limit_per_customer = p.usage_limit_per_customer;
  offer.used_count = p.used_count;
  offer.customer_uses = customer_uses;
  offer.min_tier = p.min_tier;
  return offer;
}

using StockResult = absl::StatusOr<std::vector<store::StockChange>>;

// Persists the events of `t` and gathers their outbox events and status history rows, which
// Flush then writes in one statement each: a transition costs the same few statements
// whatever its number of events. Stock work waits for Flush too, after the history: the
// stock rows that concurrent orders share are then locked for the fewest statements (the
// lock, the new levels, the movements, the outbox, the commit).
class EventWriter final {
 public:
  EventWriter(db::Transaction& tx, const HandlerContext& ctx, domain::OrderTransition& t)
      : tx_(tx), ctx_(ctx), t_(t) {}

  absl::Status operator()(const domain::OrderPlaced& placed) {
    history_.push_back(placed.change);
    for (const domain::LineDiscount& use : t_.order.PromotionTotals()) {
      if (use.amount_minor <= 0) continue;
      store::RecordPromotionUse(tx_, use.promotion_id, t_.order.id, t_.order.customer_id,
                                use.amount_minor);
    }
    outbox_.push_back(OrderPlacedEvent(t_.order, placed, ctx_.policy.currency));
    return absl::OkStatus();
  }
  absl::Status operator()(const domain::StatusChanged& changed) {
    history_.push_back(changed.change);
    outbox_.push_back(OrderStatusChangedEvent(t_.order, changed.change, ctx_.policy.currency));
    return absl::OkStatus();
  }
  absl::Status operator()(const domain::StockReserved& reserved) {
    DeferStock([this, units = StockQuantities(reserved.units)]() -> StockResult {
      return store::Reserve(tx_, t_.order.id, t_.order.warehouse, units, t_.order.updated_at,
                            MovementNote());
    });
    return absl::OkStatus();
  }
  absl::Status operator()(const domain::StockReleased& released) {
    DeferStock([this, units = StockQuantities(released.units)]() -> StockResult {
      return store::Release(tx_, t_.order.id, t_.order.warehouse, units, t_.order.updated_at,
                            MovementNote());
    });
    return absl::OkStatus();
  }
  absl::Status operator()(const domain::PromotionUsesReleased&) {
    store::ReleasePromotionUses(tx_, t_.order.id);
    return absl::OkStatus();
  }
  absl::Status operator()(const domain::ShipmentAdded& added) {
    if (added.index >= t_.order.shipments.size()) {
      return absl::InternalError("shipment event without shipment");
    }
    const int64_t id = store::InsertShipment(tx_, t_.order.shipments[added.index]);
    domain::NameShipment(t_, added.index, id);
    for (const domain::ShipmentLine& sl : t_.order.shipments[added.index].lines) {
      if (const domain::OrderLine* line = t_.order.FindLine(sl.line_id)) {
        store::UpdateOrderLine(tx_, t_.order.id, *line);
      }
    }
    DeferStock([this, units = StockQuantities(added.units)]() -> StockResult {
      return store::Ship(tx_, t_.order.id, t_.order.warehouse, units, t_.order.updated_at,
                         MovementNote());
    });
    return absl::OkStatus();
  }
  absl::Status operator()(const domain::ShipmentDelivered& delivered) {
    store::SetShipmentDelivered(tx_, delivered.shipment_id, delivered.delivered_at);
    return absl::OkStatus();
  }

  // Writes the gathered history rows, does the stock work, and writes the outbox events in
  // the order their domain events came; returns the history rows written. An error (stock
  // too low) leaves the caller to roll back.
  absl::StatusOr<std::vector<store::StatusChangeRow>> Flush() {
    store::InsertStatusChanges(tx_, t_.order.id, history_);
    size_t inserted = 0;  // stock events placed so far, which moved the later positions
    for (DeferredStock& stock : deferred_) {
      ASSIGN_OR_RETURN(const std::vector<store::StockChange> changes, stock.work());
      std::vector<events::v1::Event> events = StockEvents(tx_, changes);
      outbox_.insert(outbox_.begin() + static_cast<std::ptrdiff_t>(stock.position + inserted),
                     std::make_move_iterator(events.begin()),
                     std::make_move_iterator(events.end()));
      inserted += events.size();
    }
    deferred_.clear();
    WriteEvents(tx_, std::move(outbox_));
    outbox_.clear();
    return std::move(history_);
  }

 private:
  // Who made the transition and why (its status change), kept in the stock movements.
  store::MovementNote MovementNote() const {
    for (const domain::OrderEvent& event : t_.events) {
      if (const auto* changed = std::get_if<domain::StatusChanged>(&event)) {
        return store::MovementNote::By(changed->change.actor, changed->change.reason);
      }
    }
    return {};
  }

  using StockWork = std::function<StockResult()>;
  // Stock work for Flush, whose events go where the outbox stands now.
  struct DeferredStock {
    size_t position;
    StockWork work;
  };
  void DeferStock(StockWork work) { deferred_.push_back({outbox_.size(), std::move(work)}); }

  db::Transaction& tx_;
  const HandlerContext& ctx_;
  domain::OrderTransition& t_;
  std::vector<store::StatusChangeRow> history_;
  std::vector<events::v1::Event> outbox_;
  std::vector<DeferredStock> deferred_;
};

// Persists every event of `t` in order, then the history and outbox rows they gathered; the
// history rows written. An event is copied before it is handled: handling a shipment renames
// the status changes that follow it in t.events.
absl::StatusOr<std::vector<store::StatusChangeRow>> PersistEvents(db::Transaction& tx,
                                                                  const HandlerContext& ctx,
                                                                  domain::OrderTransition& t) {
  EventWriter writer(tx, ctx, t);
  for (size_t i = 0; i < t.events.size(); ++i) {
    const domain::OrderEvent event = t.events[i];
    RETURN_IF_ERROR(std::visit(writer, event));
  }
  return writer.Flush();
}

}  // namespace

absl::StatusOr<std::vector<domain::CreditShare>> ValidateSalesCredits(
    std::string_view field, const google::protobuf::RepeatedPtrField<v1::SalesCredit>& credits) {
  std::vector<domain::CreditShare> shares;
  for (int i = 0; i < credits.size(); ++i) {
    RETURN_IF_ERROR(
        ValidateRepName(absl::StrCat(ToAbsl(field), "[", i, "].rep"), credits[i].rep()));
    if (!v1::SalesCreditKind_IsValid(credits[i].kind())) {
      return InvalidField(
          absl::StrCat(ToAbsl(field), "[", i, "].kind"),
          absl::StrCat("is not a known credit kind: ", static_cast<int>(credits[i].kind())));
    }
    shares.push_back(
        {credits[i].rep(), credits[i].revenue_share_bp(), CreditKindFromProto(credits[i].kind())});
  }
  RETURN_IF_ERROR(domain::ValidateCredits(field, shares));
  return shares;
}

absl::StatusOr<domain::Order> LoadOrder(db::Transaction& tx, int64_t id, bool for_update) {
  std::optional<domain::Order> order = store::FindOrder(tx, id, for_update);
  if (!order.has_value()) return absl::NotFoundError(absl::StrCat(OrderName(id), " not found"));
  // A shipment is stored together with the shipped quantities of its lines: an order none of
  // whose lines shipped anything has none, and the query is saved.
  const bool shipped =
      std::any_of(order->lines.begin(), order->lines.end(),
                  [](const domain::OrderLine& l) { return l.shipped_quantity > 0; });
  if (shipped) order->shipments = store::ListShipments(tx, id);
  return *std::move(order);
}

absl::StatusOr<domain::Order> PriceNewOrder(db::Transaction& tx, const HandlerContext& ctx,
                                            domain::Order draft,
                                            const std::optional<std::string>& tier,
                                            const std::vector<std::string>& codes, absl::Time now) {
  std::vector<int64_t> ids;
  for (const domain::OrderLine& line : draft.lines) ids.push_back(line.product_id);
  const std::map<int64_t, store::ProductRow> products = store::FindProducts(tx, ids);
  // The tier orders has seen from the customers feed; the lowest until the feed says more.
  domain::Member member;
  if (ctx.policy.tiers != nullptr) {
    member.customer = IdName("customers", draft.customer_id);
    member.tier = tier.value_or(ctx.policy.tiers->lowest());
    member.ladder = ctx.policy.tiers;
    draft.customer_tier = member.tier;
  }
  std::vector<domain::PriceLine> price_lines;
  for (size_t i = 0; i < draft.lines.size(); ++i) {
    domain::OrderLine& line = draft.lines[i];
    const std::string field = absl::StrCat("order.lines[", i, "].product");
    auto it = products.find(line.product_id);
    if (it == products.end()) {
      return InvalidField(field,
                          absl::StrCat(IdName("products", line.product_id), " does not exist"));
    }
    if (!it->second.active) {
      return absl::FailedPreconditionError(
          absl::StrCat(field, ": ", IdName("products", line.product_id), " is not active"));
    }
    if (ctx.policy.tiers != nullptr) {
      RETURN_IF_ERROR(domain::CheckReservation(field, IdName("products", line.product_id),
                                               it->second.reservation, member.customer, member.tier,
                                               *ctx.policy.tiers, now));
    }
    line.sku = it->second.sku;
    line.category = it->second.category;
    line.unit_price_minor = it->second.list_price_minor;
    line.unit_cost_minor = it->second.unit_cost_minor;
    price_lines.push_back({line.line_id, line.product_id, line.category, line.quantity,
                           line.unit_price_minor, line.unit_cost_minor});
  }

  // The promotions found (locked, so that their uses are current), with this customer's
  // uses where a per-customer limit needs them.
  std::vector<domain::PromotionOffer> offers;
  for (const store::PromotionRow& p : store::FindApplicablePromotions(tx, codes, now)) {
    const int64_t customer_uses =
        p.usage_limit_per_customer > 0 ? store::CountCustomerUses(tx, p.id, draft.customer_id) : 0;
    offers.push_back(OfferOf(p, customer_uses));
  }
  ASSIGN_OR_RETURN(const std::vector<domain::PromotionRule> rules,
                   ctx.policy.tiers != nullptr
                       ? domain::SelectPromotions(codes, offers, now, member)
                       : domain::SelectPromotions(codes, offers, now));
  ASSIGN_OR_RETURN(domain::PricedOrder priced,
                   domain::PriceOrder(price_lines, rules, ctx.policy.tax_rate_bp));

  std::map<int32_t, const domain::PricedLine*> priced_lines;
  for (const domain::PricedLine& pl : priced.lines) priced_lines[pl.line.line_id] = &pl;
  for (domain::OrderLine& line : draft.lines) {
    auto it = priced_lines.find(line.line_id);
    if (it == priced_lines.end()) return absl::InternalError("pricing lost a line");
    line.discount_minor = it->second->discount_minor;
    line.tax_minor = it->second->tax_minor;
    line.discounts.clear();
    for (const domain::LineDiscount& d : it->second->discounts) {
      if (d.amount_minor > 0) line.discounts.push_back(d);
    }
  }
  draft.subtotal_minor = priced.subtotal_minor;
  draft.discount_minor = priced.discount_minor;
  draft.tax_minor = priced.tax_minor;
  draft.total_minor = priced.total_minor;
  draft.cost_minor = priced.cost_minor;
  std::map<int64_t, std::string> codes_by_id;
  for (const domain::PromotionRule& rule : rules) codes_by_id[rule.id] = rule.code;
  draft.promotion_codes.clear();
  for (const domain::LineDiscount& use : priced.promotions) {
    if (use.amount_minor <= 0) continue;
    const std::string& code = codes_by_id[use.promotion_id];
    if (!code.empty()) draft.promotion_codes.push_back(code);
  }
  return draft;
}

absl::StatusOr<OrderWithHistory> PlaceOrder(db::Transaction& tx, const HandlerContext& ctx,
                                            domain::Order priced, absl::Time now) {
  domain::OrderTransition placed = domain::Order::Place(std::move(priced), ctx.policy, now);
  ASSIGN_OR_RETURN(placed.order.id, store::InsertOrder(tx, placed.order));
  // A new order's whole history is what this transition wrote: nothing to read back.
  ASSIGN_OR_RETURN(std::vector<store::StatusChangeRow> history, PersistEvents(tx, ctx, placed));
  return OrderWithHistory{std::move(placed.order), std::move(history)};
}

absl::StatusOr<std::vector<store::StatusChangeRow>> ApplyTransition(
    db::Transaction& tx, const HandlerContext& ctx, domain::OrderTransition& transition) {
  store::UpdateOrderHeader(tx, transition.order);
  return PersistEvents(tx, ctx, transition);
}

v1::Order FullOrder(db::Transaction& tx, const HandlerContext& ctx, const domain::Order& order) {
  return ToProto(order, store::ListStatusHistory(tx, order.id), ctx.policy.currency);
}

v1::Order FullOrder(const HandlerContext& ctx, const OrderWithHistory& placed) {
  return ToProto(placed.order, placed.history, ctx.policy.currency);
}

}  // namespace sales::orders::api
