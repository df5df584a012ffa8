#include "services/analytics/src/ingest/order_batch.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "common/status.h"
#include "services/analytics/src/domain/customer_deltas.h"
#include "services/analytics/src/domain/sale_deltas.h"
#include "services/analytics/src/ingest/batch_runs.h"
#include "services/analytics/src/ingest/delivery_events.h"
#include "services/analytics/src/ingest/order_events.h"
#include "services/analytics/src/ingest/order_promises.h"
#include "services/analytics/src/ingest/order_snapshots.h"
#include "services/analytics/src/ingest/product_events.h"
#include "services/analytics/src/ingest/promotion_uses.h"
#include "services/analytics/src/ingest/stock_movements.h"
#include "services/analytics/src/store/order_warehouse_store.h"

namespace sales::analytics::ingest {
namespace {

namespace ev = ::sales::events::v1;
using store::FirstOrder;
using store::StoredOrder;

constexpr char kCancelled[] = "ORDER_STATUS_CANCELLED";

// A time as a DATETIME(6) column keeps it: whole microseconds (ToSqlTime truncates).
absl::Time AsStoredTime(absl::Time t) { return absl::FromUnixMicros(absl::ToUnixMicros(t)); }

bool IsCancel(const ev::Event& event) {
  return event.payload_case() == ev::Event::kOrderStatusChanged &&
         event.order_status_changed().to_status() == kCancelled;
}

// The event types the batch applies itself.
bool Batched(const ev::Event& event) {
  switch (event.payload_case()) {
    case ev::Event::kOrderPlaced:
    case ev::Event::kOrderStatusChanged:
    case ev::Event::kReturnResolved:
    case ev::Event::kStockChanged:
    case ev::Event::kProductChanged:
      return true;
    default:
      return false;
  }
}

// One run of batched events: read what they refer to, apply them in order against that
// (and against what earlier events of the run changed), write everything at the end. Until
// Flush the database holds exactly what it held before the run, which the one read that
// may happen mid-run (a cancelled first order's successor) relies on.
class OrderBatch final {
 public:
  OrderBatch(db::Transaction& tx, const IngestContext& ctx) : tx_(tx), ctx_(ctx) {}

  void Prefetch(const std::vector<const ev::Event*>& events);
  void Apply(const ev::Event& event);
  void Flush();

 private:
  struct OrderState {
    StoredOrder stored;         // as LoadOrder would read it back
    bool in_db = false;         // existed before the run
    bool items_loaded = false;  // lines and credits read (always for orders of the run)
  };

  void Place(const ev::OrderSnapshot& snapshot);
  void Cancel(const ev::OrderSnapshot& snapshot);
  void Resolve(const ev::Event& event);
  void OfferFirstOrder(const std::string& customer, const FirstOrder& candidate);
  void WithdrawFirstOrder(const std::string& customer, const std::string& order);
  // The customer's earliest counted order now: the database's (before the run) without
  // those the run cancelled, merged with the counted orders the run placed.
  std::optional<FirstOrder> EarliestCountedOrder(const std::string& customer);
  // The customer's first order now (read from the database if the prefetch missed it).
  std::optional<FirstOrder>& First(const std::string& customer);
  void SetFirst(const std::string& customer, std::optional<FirstOrder> first);

  db::Transaction& tx_;
  const IngestContext& ctx_;
  // Orders known to exist (before or placed in this run); absent: not in the facts.
  absl::flat_hash_map<std::string, OrderState> orders_;
  std::vector<std::string> placed_;  // orders placed in this run, in order
  absl::flat_hash_map<std::string, std::vector<std::string>> placed_by_customer_;
  std::vector<std::string> cancelled_in_db_;  // orders of before the run it cancelled
  absl::flat_hash_map<std::string, int64_t> cancelled_in_db_by_customer_;
  // First orders of the customers seen (nullopt: none); which changed; which had a row.
  absl::flat_hash_map<std::string, std::optional<FirstOrder>> firsts_;
  absl::flat_hash_set<std::string> firsts_changed_;
  absl::flat_hash_set<std::string> firsts_in_db_;
  absl::flat_hash_set<std::string> returns_;  // returns known to exist
  std::vector<store::NewReturn> new_returns_;
  std::map<std::pair<std::string, std::string>, std::pair<int64_t, int64_t>> stock_;
  std::vector<store::StockMovement> movements_;    // every stock event, in order
  std::vector<store::DeliveryFact> deliveries_;    // orders delivered, in order
  std::vector<store::OrderWarehouse> warehouses_;  // of the orders placed in this run
  std::vector<store::PromotionUse> uses_;          // of the orders placed in this run
  std::vector<store::OrderPromise> promises_;      // every promise carried, in order
  std::vector<store::ProductName> names_;          // every product described, in order
  store::RollupDeltas rollup_;
};

void OrderBatch::Prefetch(const std::vector<const ev::Event*>& events) {
  std::vector<std::string> orders;
  std::vector<std::string> cancels;
  std::vector<std::string> customers;
  std::vector<std::string> returns;
  for (const ev::Event* event : events) {
    if (event->payload_case() == ev::Event::kOrderPlaced) {
      orders.push_back(event->order_placed().order().order());
      customers.push_back(event->order_placed().order().customer());
    } else if (IsCancel(*event)) {
      const ev::OrderSnapshot& order = event->order_status_changed().order();
      orders.push_back(order.order());
      cancels.push_back(order.order());
      customers.push_back(order.customer());
    } else if (event->payload_case() == ev::Event::kReturnResolved) {
      returns.push_back(event->return_resolved().return_name());
    }
  }
  auto dedupe = [](std::vector<std::string>& keys) {
    std::sort(keys.begin(), keys.end());
    keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  };
  dedupe(orders);
  dedupe(cancels);
  absl::flat_hash_map<std::string, StoredOrder> heads;
  if (!orders.empty()) heads = ctx_.facts->LoadOrderHeads(tx_, orders);
  // Lines and credits only of the stored orders a cancellation takes out again.
  std::vector<std::string> to_cancel;
  for (const std::string& order : cancels) {
    auto it = heads.find(order);
    if (it == heads.end()) continue;
    to_cancel.push_back(order);
    customers.push_back(it->second.fact.customer);
  }
  if (!to_cancel.empty()) ctx_.facts->LoadOrderItems(tx_, to_cancel, heads);
  const absl::flat_hash_set<std::string> with_items(to_cancel.begin(), to_cancel.end());
  for (auto& [name, stored] : heads) {
    const bool items = with_items.contains(name);
    orders_.emplace(name, OrderState{std::move(stored), true, items});
  }
  dedupe(customers);
  if (!customers.empty()) {
    absl::flat_hash_map<std::string, FirstOrder> firsts =
        ctx_.facts->LoadFirstOrders(tx_, customers);
    for (const std::string& customer : customers) {
      auto it = firsts.find(customer);
      if (it == firsts.end()) {
        firsts_.emplace(customer, std::nullopt);
      } else {
        firsts_in_db_.insert(customer);
        firsts_.emplace(customer, std::move(it->second));
      }
    }
  }
  dedupe(returns);
  if (!returns.empty()) returns_ = ctx_.facts->ExistingReturns(tx_, returns);
}

void OrderBatch::Apply(const ev::Event& event) {
  if (std::optional<store::OrderPromise> promise = OrderPromiseOf(event); promise.has_value()) {
    promises_.push_back(*std::move(promise));
  }
  switch (event.payload_case()) {
    case ev::Event::kOrderPlaced:
      Place(event.order_placed().order());
      break;
    case ev::Event::kOrderStatusChanged:
      if (IsCancel(event)) Cancel(event.order_status_changed().order());
      if (std::optional<store::DeliveryFact> delivered =
              DeliveryFactOf(event.order_status_changed());
          delivered.has_value()) {
        deliveries_.push_back(std::move(*delivered));
      }
      break;
    case ev::Event::kReturnResolved:
      Resolve(event);
      break;
    case ev::Event::kStockChanged: {
      const ev::StockChanged& stock = event.stock_changed();
      stock_[{stock.product(), stock.warehouse()}] = {stock.on_hand(), stock.reserved()};
      movements_.push_back(StockMovementOf(event));
      break;
    }
    case ev::Event::kProductChanged:
      names_.push_back(ProductNameOf(event.product_changed()));
      break;
    default:
      break;
  }
}

void OrderBatch::Place(const ev::OrderSnapshot& snapshot) {
  if (orders_.contains(snapshot.order())) return;  // seen before
  domain::OrderFact order = OrderFactOf(snapshot);
  const absl::CivilDay day = absl::ToCivilDay(order.create_time, ctx_.zone);
  rollup_.Add(domain::OrderDeltas(order, day, /*cancel=*/false));
  OfferFirstOrder(order.customer, store::FirstOrderOf(order, day));
  // Kept as reading it back would give it: the time in whole microseconds, lines by line
  // id, credits by rep (a cancellation splits its amounts in that order).
  order.create_time = AsStoredTime(order.create_time);
  std::sort(
      order.lines.begin(), order.lines.end(),
      [](const domain::LineFact& a, const domain::LineFact& b) { return a.line_id < b.line_id; });
  std::sort(order.credits.begin(), order.credits.end(),
            [](const domain::CreditFact& a, const domain::CreditFact& b) { return a.rep < b.rep; });
  placed_.push_back(order.order);
  warehouses_.push_back({order.order, snapshot.warehouse()});
  for (store::PromotionUse& use : PromotionUsesOf(snapshot)) uses_.push_back(std::move(use));
  placed_by_customer_[order.customer].push_back(order.order);
  std::string name = order.order;
  OrderState state;
  state.stored.fact = std::move(order);
  state.stored.day = day;
  state.stored.counted = true;
  state.items_loaded = true;
  orders_.emplace(std::move(name), std::move(state));
}

void OrderBatch::Cancel(const ev::OrderSnapshot& snapshot) {
  const std::string& name = snapshot.order();
  if (!orders_.contains(name)) {
    // Its placement was not seen (a feed that began after it): count it placed, then cancel.
    Place(snapshot);
  }
  OrderState& state = orders_.at(name);
  if (!state.stored.counted) return;  // cancelled before
  if (!state.items_loaded) {
    absl::flat_hash_map<std::string, StoredOrder> one;
    one.emplace(name, state.stored);
    ctx_.facts->LoadOrderItems(tx_, {name}, one);
    state.stored = std::move(one.at(name));
    state.items_loaded = true;
  }
  rollup_.Add(domain::OrderDeltas(state.stored.fact, state.stored.day, /*cancel=*/true));
  state.stored.counted = false;
  const std::string customer = state.stored.fact.customer;
  if (state.in_db) {
    cancelled_in_db_.push_back(name);
    ++cancelled_in_db_by_customer_[customer];
  }
  WithdrawFirstOrder(customer, name);
}

void OrderBatch::Resolve(const ev::Event& event) {
  domain::ReturnFact ret = ReturnFactOf(event);
  if (!returns_.insert(ret.return_name).second) return;  // seen before
  const absl::CivilDay day = absl::ToCivilDay(ret.resolve_time, ctx_.zone);
  rollup_.Add(domain::ReturnDeltas(ret, day));
  new_returns_.push_back({std::move(ret), day});
}

void OrderBatch::OfferFirstOrder(const std::string& customer, const FirstOrder& candidate) {
  const std::optional<FirstOrder> current = First(customer);
  if (current.has_value() && !store::Earlier(candidate, *current)) return;
  if (current.has_value()) {
    rollup_.Add(domain::NewCustomerDeltas(current->day, current->channel, current->region, -1));
  }
  rollup_.Add(domain::NewCustomerDeltas(candidate.day, candidate.channel, candidate.region, +1));
  FirstOrder stored = candidate;
  stored.time = AsStoredTime(stored.time);
  SetFirst(customer, std::move(stored));
}

void OrderBatch::WithdrawFirstOrder(const std::string& customer, const std::string& order) {
  const std::optional<FirstOrder> current = First(customer);
  if (!current.has_value() || current->order != order) return;
  rollup_.Add(domain::NewCustomerDeltas(current->day, current->channel, current->region, -1));
  std::optional<FirstOrder> next = EarliestCountedOrder(customer);
  if (next.has_value()) {
    rollup_.Add(domain::NewCustomerDeltas(next->day, next->channel, next->region, +1));
  }
  SetFirst(customer, std::move(next));
}

std::optional<FirstOrder> OrderBatch::EarliestCountedOrder(const std::string& customer) {
  std::optional<FirstOrder> best;
  // The database still holds the counted orders of before the run; those the run has
  // cancelled since are among them, so one more row than that is enough.
  auto cancelled = cancelled_in_db_by_customer_.find(customer);
  const int64_t limit =
      1 + (cancelled == cancelled_in_db_by_customer_.end() ? 0 : cancelled->second);
  for (FirstOrder& row : ctx_.facts->EarliestCountedOrders(tx_, customer, limit)) {
    auto it = orders_.find(row.order);
    if (it != orders_.end() && !it->second.stored.counted) continue;
    best = std::move(row);
    break;
  }
  auto placed = placed_by_customer_.find(customer);
  if (placed != placed_by_customer_.end()) {
    for (const std::string& name : placed->second) {
      const StoredOrder& o = orders_.at(name).stored;
      if (!o.counted) continue;
      const FirstOrder candidate{o.fact.order, o.fact.create_time, o.day, o.fact.channel,
                                 o.fact.region};
      if (!best.has_value() || store::Earlier(candidate, *best)) best = candidate;
    }
  }
  return best;
}

std::optional<FirstOrder>& OrderBatch::First(const std::string& customer) {
  auto it = firsts_.find(customer);
  if (it != firsts_.end()) return it->second;
  absl::flat_hash_map<std::string, FirstOrder> read = ctx_.facts->LoadFirstOrders(tx_, {customer});
  std::optional<FirstOrder> first;
  if (auto found = read.find(customer); found != read.end()) {
    firsts_in_db_.insert(customer);
    first = std::move(found->second);
  }
  return firsts_.emplace(customer, std::move(first)).first->second;
}

void OrderBatch::SetFirst(const std::string& customer, std::optional<FirstOrder> first) {
  First(customer) = std::move(first);
  firsts_changed_.insert(customer);
}

void OrderBatch::Flush() {
  std::vector<const StoredOrder*> placed;
  placed.reserve(placed_.size());
  for (const std::string& name : placed_) placed.push_back(&orders_.at(name).stored);
  ctx_.facts->InsertOrders(tx_, placed);
  ctx_.facts->MarkCancelled(tx_, cancelled_in_db_);
  ctx_.facts->InsertReturns(tx_, new_returns_);
  // Customers in one order, so that concurrent writers would lock rows in one order.
  std::vector<std::string> changed(firsts_changed_.begin(), firsts_changed_.end());
  std::sort(changed.begin(), changed.end());
  std::vector<std::pair<std::string, FirstOrder>> saves;
  std::vector<std::string> deletes;
  for (const std::string& customer : changed) {
    const std::optional<FirstOrder>& first = firsts_.at(customer);
    if (first.has_value()) {
      saves.emplace_back(customer, *first);
    } else if (firsts_in_db_.contains(customer)) {
      deletes.push_back(customer);
    }
  }
  ctx_.facts->SaveFirstOrders(tx_, saves);
  ctx_.facts->DeleteFirstOrders(tx_, deletes);
  ctx_.rollup->Add(tx_, rollup_);
  std::vector<store::StockLevel> levels;
  levels.reserve(stock_.size());
  for (const auto& [key, level] : stock_) {
    levels.push_back({key.first, key.second, level.first, level.second});
  }
  ctx_.facts->SetStocks(tx_, levels);
  store::RecordStockMovements(tx_, ctx_.set, movements_);
  if (ctx_.deliveries != nullptr) ctx_.deliveries->InsertDeliveries(tx_, deliveries_);
  store::RecordOrderWarehouses(tx_, ctx_.set, warehouses_);
  store::RecordPromotionUses(tx_, ctx_.set, uses_);
  store::RecordOrderPromises(tx_, ctx_.set, promises_);
  store::RecordProductNames(tx_, ctx_.set, names_);  // the last of each product wins
}

}  // namespace

absl::Status ApplyOrderEvents(db::Transaction& tx, const IngestContext& ctx,
                              const std::vector<const events::v1::Event*>& events) {
  return ApplyInRuns<OrderBatch>(tx, ctx, events, Batched, ApplyOrderEvent);
}

}  // namespace sales::analytics::ingest
