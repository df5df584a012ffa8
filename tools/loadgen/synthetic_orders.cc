#include "tools/loadgen/synthetic_orders.h"

#include <algorithm>
#include <array>
#include <optional>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/time_util.h"

namespace sales::loadgen {
namespace {

namespace ev = ::sales::events::v1;

// A cancellation follows its order this many orders later, a resolved return this many.
constexpr int64_t kCancelDelay = 20;
constexpr int64_t kReturnDelay = 50;
// With the lifecycle: confirmed, shipped, delivered and completed this many orders later
// (all before the return), and that many hours after the order was placed (completed
// before the earliest return, 3 days after).
constexpr std::array<int64_t, 4> kLifecycleDelays = {3, 8, 30, 40};
constexpr std::array<int64_t, 4> kLifecycleHours = {1, 12, 48, 60};
constexpr std::array<const char*, 5> kLifecycleStatuses = {
    "ORDER_STATUS_RECEIVED", "ORDER_STATUS_CONFIRMED", "ORDER_STATUS_SHIPPED",
    "ORDER_STATUS_DELIVERED", "ORDER_STATUS_COMPLETED"};
// Stock levels the lifecycle's stock changes report: plausible, not a running balance.
constexpr int64_t kStockOnHand = 1000000;
// Per mille of orders cancelled, and returned (disjoint).
constexpr uint64_t kCancelledPerMille = 30;
constexpr uint64_t kReturnedPerMille = 40;
constexpr int kMaxLines = 5;
constexpr int64_t kTaxPercent = 13;

constexpr std::array<const char*, 4> kChannels = {"CHANNEL_WEB", "CHANNEL_STORE", "CHANNEL_PHONE",
                                                  "CHANNEL_PARTNER"};
// Cumulative per mille: web 45%, store 30%, phone 15%, partner 10%.
constexpr std::array<uint64_t, 4> kChannelUpTo = {450, 750, 900, 1000};
constexpr std::array<const char*, 12> kRegions = {
    "north",     "south",     "east",      "west",  "central", "northeast",
    "northwest", "southeast", "southwest", "coast", "inland",  "overseas"};
// Two-rep splits (lead rep first), all multiples of kShareStepBp.
constexpr std::array<std::array<int, 2>, 4> kSplits = {
    {{6000, 4000}, {8000, 2000}, {4000, 6000}, {2000, 8000}}};

// SplitMix64: small, fast and good enough for shaping data.
class Random final {
 public:
  explicit Random(uint64_t seed) : state_(seed) {}
  uint64_t Next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }
  // Uniform in [0, n).
  int64_t Below(int64_t n) { return static_cast<int64_t>(Next() % static_cast<uint64_t>(n)); }
  double Unit() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

 private:
  uint64_t state_;
};

uint64_t Mix(uint64_t seed, uint64_t salt) {
  return Random(seed ^ (salt * 0xD1B54A32D192ED03ULL)).Next();
}

// A product's list price (5.00 .. 500.00) and unit cost (45% .. 75% of it), fixed per product.
int64_t UnitPrice(uint64_t seed, int product) {
  return 500 + static_cast<int64_t>(Mix(seed, 1000003 + product) % 49501);
}
int64_t UnitCost(uint64_t seed, int product) {
  const int64_t percent = 45 + static_cast<int64_t>(Mix(seed, 2000003 + product) % 31);
  return UnitPrice(seed, product) * percent / 100;
}

std::string ProductName(int product) { return absl::StrCat("products/", product + 1); }
std::string CategoryName(int category) { return absl::StrFormat("category-%02d", category + 1); }
std::string RepName(int rep) { return absl::StrCat("reps/", rep + 1); }

}  // namespace

struct SyntheticOrderFeed::Line {
  int product = 0;
  int64_t quantity = 0;
  int64_t unit_price = 0;
  int64_t unit_cost = 0;
  int64_t subtotal = 0;
  int64_t discount = 0;
  int64_t cost = 0;
};

struct SyntheticOrderFeed::Order {
  int64_t index = 0;
  int customer = 0;
  int channel = 0;
  int region = 0;
  absl::Time create_time;
  Fate fate = Fate::kKept;
  int rep_count = 1;
  std::array<int, 2> reps{};
  std::array<int, 2> shares{};
  std::vector<Line> lines;
  // For a return: which line, how many of its units, how many days after the order.
  int returned_line = 0;
  int64_t returned_quantity = 0;
  int return_days = 0;
};

SyntheticOrderFeed::SyntheticOrderFeed(OrderFeedShape shape)
    : shape_(shape), expected_orders_(std::max<int64_t>(1, (shape.lines + 2) / 3)) {}

SyntheticOrderFeed::Order SyntheticOrderFeed::Draft(int64_t index) const {
  Random random(Mix(shape_.seed, static_cast<uint64_t>(index) + 1));
  Order o;
  o.index = index;
  o.customer = static_cast<int>(random.Below(shape_.customers));
  const uint64_t channel_draw = random.Next() % 1000;
  while (channel_draw >= kChannelUpTo[o.channel]) ++o.channel;
  o.region = static_cast<int>(random.Below(std::min<int>(shape_.regions, kRegions.size())));
  // Evenly spread over the span in placement order, with a random offset inside the step.
  const double step = absl::ToDoubleSeconds(shape_.span) / static_cast<double>(expected_orders_);
  o.create_time =
      shape_.first_time + absl::Microseconds(static_cast<int64_t>(
                              (static_cast<double>(index) + random.Unit()) * step * 1e6));
  const uint64_t fate = random.Next() % 1000;
  o.fate = fate < kCancelledPerMille                       ? Fate::kCancelled
           : fate < kCancelledPerMille + kReturnedPerMille ? Fate::kReturned
                                                           : Fate::kKept;
  o.reps[0] = static_cast<int>(random.Below(shape_.reps));
  o.shares[0] = 10000;
  if (shape_.reps > 1 && random.Below(10) < 3) {  // 30% shared by two reps
    o.rep_count = 2;
    do {
      o.reps[1] = static_cast<int>(random.Below(shape_.reps));
    } while (o.reps[1] == o.reps[0]);
    const auto& split = kSplits[random.Below(kSplits.size())];
    o.shares = {split[0], split[1]};
  }
  const int line_count = 1 + static_cast<int>(random.Below(kMaxLines));
  for (int i = 0; i < line_count; ++i) {
    Line l;
    bool repeated = true;
    while (repeated) {
      l.product = static_cast<int>(random.Below(shape_.products));
      repeated = std::any_of(o.lines.begin(), o.lines.end(),
                             [&](const Line& other) { return other.product == l.product; });
    }
    const uint64_t q = random.Next() % 100;  // 1: 60%, 2: 25%, 3: 10%, 4-6: 5%
    l.quantity = q < 60 ? 1 : q < 85 ? 2 : q < 95 ? 3 : 4 + random.Below(3);
    l.unit_price = UnitPrice(shape_.seed, l.product);
    l.unit_cost = UnitCost(shape_.seed, l.product);
    l.subtotal = l.quantity * l.unit_price;
    if (random.Below(4) == 0) {  // a quarter of the lines carry 5% .. 20% off
      l.discount = l.subtotal * (5 + random.Below(16)) / 100;
    }
    l.cost = l.quantity * l.unit_cost;
    o.lines.push_back(l);
  }
  o.returned_line = static_cast<int>(random.Below(line_count));
  o.returned_quantity = 1 + random.Below(o.lines[o.returned_line].quantity);
  o.return_days = 3 + static_cast<int>(random.Below(25));
  return o;
}

bool SyntheticOrderFeed::Walk(const Visit& visit) const {
  int64_t position = 0;
  int64_t lines = 0;
  int64_t placed = 0;  // orders placed so far: indexes 0 .. placed - 1
  // The order `delay` steps back, if placed.
  auto back = [&](int64_t k, int64_t delay) -> std::optional<Order> {
    const int64_t j = k - delay;
    if (j < 0 || j >= placed) return std::nullopt;
    return Draft(j);
  };
  // Step k places order k (while lines remain) and then follows up earlier orders.
  for (int64_t k = 0; lines < shape_.lines || k < placed + kReturnDelay; ++k) {
    if (lines < shape_.lines) {
      const Order order = Draft(k);
      lines += static_cast<int64_t>(order.lines.size());
      placed = k + 1;
      if (!visit(++position, Kind::kPlaced, order, 0)) return false;
    }
    if (shape_.lifecycle) {
      for (int step = 1; step <= 2; ++step) {
        const std::optional<Order> order = back(k, kLifecycleDelays[step - 1]);
        if (order && !WalkLifecycle(*order, step, position, visit)) return false;
      }
    }
    if (const std::optional<Order> order = back(k, kCancelDelay);
        order && order->fate == Fate::kCancelled &&
        !visit(++position, Kind::kCancelled, *order, 0)) {
      return false;
    }
    if (shape_.lifecycle) {
      for (int step = 3; step <= 4; ++step) {
        const std::optional<Order> order = back(k, kLifecycleDelays[step - 1]);
        if (order && !WalkLifecycle(*order, step, position, visit)) return false;
      }
    }
    if (const std::optional<Order> order = back(k, kReturnDelay);
        order && order->fate == Fate::kReturned && !visit(++position, Kind::kReturned, *order, 0)) {
      return false;
    }
  }
  return true;
}

bool SyntheticOrderFeed::WalkLifecycle(const Order& order, int step, int64_t& position,
                                       const Visit& visit) const {
  if (order.fate == Fate::kCancelled) return true;  // cancelled while received
  const int line_count = static_cast<int>(order.lines.size());
  switch (step) {
    case 1:
      if (!visit(++position, Kind::kConfirmed, order, 0)) return false;
      for (int i = 0; i < line_count; ++i) {
        if (!visit(++position, Kind::kReserved, order, i)) return false;
      }
      return true;
    case 2:
      if (!visit(++position, Kind::kShipped, order, 0)) return false;
      for (int i = 0; i < line_count; ++i) {
        if (!visit(++position, Kind::kShippedStock, order, i)) return false;
      }
      return true;
    case 3:
      return visit(++position, Kind::kDelivered, order, 0);
    default:
      return visit(++position, Kind::kCompleted, order, 0);
  }
}

OrderFeedTotals SyntheticOrderFeed::Count() const {
  OrderFeedTotals totals;
  Walk([&](int64_t position, Kind kind, const Order& order, int) {
    totals.events = position;
    switch (kind) {
      case Kind::kPlaced:
        ++totals.orders;
        totals.lines += static_cast<int64_t>(order.lines.size());
        break;
      case Kind::kCancelled:
        ++totals.cancellations;
        break;
      case Kind::kReturned:
        ++totals.returns;
        break;
      case Kind::kConfirmed:
      case Kind::kShipped:
      case Kind::kDelivered:
      case Kind::kCompleted:
        ++totals.status_changes;
        break;
      case Kind::kReserved:
      case Kind::kShippedStock:
        ++totals.stock_changes;
        break;
    }
    return true;
  });
  return totals;
}

bool SyntheticOrderFeed::Stream(int64_t after_position,
                                const std::function<bool(ev::Event&&)>& emit) const {
  return Walk([&](int64_t position, Kind kind, const Order& order, int line) {
    if (position <= after_position) return true;
    switch (kind) {
      case Kind::kPlaced:
        return emit(Placed(position, order));
      case Kind::kCancelled:
        return emit(Cancelled(position, order));
      case Kind::kReturned:
        return emit(Returned(position, order));
      case Kind::kConfirmed:
      case Kind::kShipped:
      case Kind::kDelivered:
      case Kind::kCompleted:
        return emit(StatusChanged(position, order, kind));
      case Kind::kReserved:
      case Kind::kShippedStock:
        return emit(StockChanged(position, order, kind, line));
    }
    return true;
  });
}

namespace {

void FillSnapshot(ev::OrderSnapshot& s, const std::string& name, const std::string& customer,
                  const char* channel, const char* region, absl::Time create_time) {
  s.set_order(name);
  s.set_customer(customer);
  s.set_channel(channel);
  s.set_region(region);
  s.set_warehouse("warehouses/main");
  s.set_currency_code("CNY");
  *s.mutable_create_time() = ToProtoTime(create_time);
}

ev::Event Envelope(int64_t position, const char* type, const std::string& aggregate,
                   absl::Time occur_time) {
  ev::Event e;
  e.set_id(absl::StrCat("evt-", position));
  e.set_type(type);
  e.set_aggregate(aggregate);
  *e.mutable_occur_time() = ToProtoTime(occur_time);
  e.set_position(position);
  return e;
}

}  // namespace

ev::Event SyntheticOrderFeed::Placed(int64_t position, const Order& o) const {
  const std::string name = absl::StrCat("orders/", o.index + 1);
  ev::Event e = Envelope(position, "order_placed", name, o.create_time);
  ev::OrderSnapshot& s = *e.mutable_order_placed()->mutable_order();
  FillSnapshot(s, name, absl::StrCat("customers/", o.customer + 1), kChannels[o.channel],
               kRegions[o.region], o.create_time);
  for (int i = 0; i < o.rep_count; ++i) {
    ev::CreditShare& c = *s.add_credits();
    c.set_rep(RepName(o.reps[i]));
    c.set_revenue_share_bp(o.shares[i]);
  }
  int64_t subtotal = 0, discount = 0, tax = 0, cost = 0;
  for (size_t i = 0; i < o.lines.size(); ++i) {
    const Line& l = o.lines[i];
    ev::LineSnapshot& line = *s.add_lines();
    line.set_line_id(static_cast<int32_t>(i + 1));
    line.set_product(ProductName(l.product));
    line.set_sku(absl::StrFormat("SKU-%05d", l.product + 1));
    line.set_category(CategoryName(l.product % shape_.categories));
    line.set_quantity(l.quantity);
    line.set_unit_price_minor(l.unit_price);
    line.set_unit_cost_minor(l.unit_cost);
    line.set_subtotal_minor(l.subtotal);
    line.set_discount_minor(l.discount);
    const int64_t line_tax = (l.subtotal - l.discount) * kTaxPercent / 100;
    line.set_tax_minor(line_tax);
    line.set_total_minor(l.subtotal - l.discount + line_tax);
    line.set_cost_minor(l.cost);
    subtotal += l.subtotal;
    discount += l.discount;
    tax += line_tax;
    cost += l.cost;
  }
  s.set_subtotal_minor(subtotal);
  s.set_discount_minor(discount);
  s.set_tax_minor(tax);
  s.set_total_minor(subtotal - discount + tax);
  s.set_cost_minor(cost);
  s.set_status("ORDER_STATUS_RECEIVED");
  return e;
}

ev::Event SyntheticOrderFeed::Cancelled(int64_t position, const Order& o) const {
  ev::Event placed = Placed(position, o);
  const absl::Time when = o.create_time + absl::Hours(2);
  ev::Event e = Envelope(position, "order_status_changed", placed.aggregate(), when);
  ev::OrderStatusChanged& changed = *e.mutable_order_status_changed();
  *changed.mutable_order() = std::move(*placed.mutable_order_placed()->mutable_order());
  changed.mutable_order()->set_status("ORDER_STATUS_CANCELLED");
  changed.set_from_status("ORDER_STATUS_RECEIVED");
  changed.set_to_status("ORDER_STATUS_CANCELLED");
  changed.set_actor("customers/self");
  changed.set_reason("changed my mind");
  *changed.mutable_change_time() = ToProtoTime(when);
  return e;
}

ev::Event SyntheticOrderFeed::StatusChanged(int64_t position, const Order& o, Kind kind) const {
  const int step = kind == Kind::kConfirmed   ? 1
                   : kind == Kind::kShipped   ? 2
                   : kind == Kind::kDelivered ? 3
                                              : 4;
  ev::Event placed = Placed(position, o);
  const absl::Time when = o.create_time + absl::Hours(kLifecycleHours[step - 1]);
  ev::Event e = Envelope(position, "order_status_changed", placed.aggregate(), when);
  ev::OrderStatusChanged& changed = *e.mutable_order_status_changed();
  *changed.mutable_order() = std::move(*placed.mutable_order_placed()->mutable_order());
  changed.mutable_order()->set_status(kLifecycleStatuses[step]);
  changed.set_from_status(kLifecycleStatuses[step - 1]);
  changed.set_to_status(kLifecycleStatuses[step]);
  changed.set_actor("users/warehouse");
  *changed.mutable_change_time() = ToProtoTime(when);
  return e;
}

ev::Event SyntheticOrderFeed::StockChanged(int64_t position, const Order& o, Kind kind,
                                           int line) const {
  const Line& l = o.lines[line];
  const bool ship = kind == Kind::kShippedStock;
  const absl::Time when = o.create_time + absl::Hours(kLifecycleHours[ship ? 1 : 0]);
  ev::Event e = Envelope(position, "stock_changed", ProductName(l.product), when);
  ev::StockChanged& stock = *e.mutable_stock_changed();
  stock.set_product(ProductName(l.product));
  stock.set_warehouse("main");
  stock.set_on_hand_delta(ship ? -l.quantity : 0);
  stock.set_reserved_delta(ship ? -l.quantity : l.quantity);
  stock.set_on_hand(std::max<int64_t>(0, kStockOnHand - o.index));
  stock.set_reserved(ship ? 0 : l.quantity);
  stock.set_reason(ship ? "ship" : "reserve");
  return e;
}

ev::Event SyntheticOrderFeed::Returned(int64_t position, const Order& o) const {
  const std::string order = absl::StrCat("orders/", o.index + 1);
  const absl::Time when = o.create_time + absl::Hours(24 * o.return_days);
  ev::Event e = Envelope(position, "return_resolved", absl::StrCat("returns/", o.index + 1), when);
  ev::ReturnResolved& r = *e.mutable_return_resolved();
  r.set_return_name(absl::StrCat("returns/", o.index + 1));
  r.set_order(order);
  r.set_customer(absl::StrCat("customers/", o.customer + 1));
  r.set_currency_code("CNY");
  r.set_channel(kChannels[o.channel]);
  r.set_region(kRegions[o.region]);
  const Line& l = o.lines[o.returned_line];
  ev::RefundLine& line = *r.add_lines();
  line.set_line_id(o.returned_line + 1);
  line.set_product(ProductName(l.product));
  line.set_category(CategoryName(l.product % shape_.categories));
  line.set_quantity(o.returned_quantity);
  const int64_t net = (l.subtotal - l.discount) * o.returned_quantity / l.quantity;
  line.set_net_minor(net);
  line.set_refund_minor(net + net * kTaxPercent / 100);
  line.set_cost_minor(l.cost * o.returned_quantity / l.quantity);
  r.set_refund_total_minor(line.refund_minor());
  r.set_disposition("RESTOCK");
  for (int i = 0; i < o.rep_count; ++i) {
    ev::CreditShare& c = *r.add_credits();
    c.set_rep(RepName(o.reps[i]));
    c.set_revenue_share_bp(o.shares[i]);
  }
  return e;
}

std::vector<std::string> SyntheticOrderFeed::Channels() const {
  return std::vector<std::string>(kChannels.begin(), kChannels.end());
}

std::vector<std::string> SyntheticOrderFeed::Products() const {
  std::vector<std::string> out;
  for (int p = 0; p < shape_.products; ++p) out.push_back(ProductName(p));
  return out;
}

std::vector<std::string> SyntheticOrderFeed::Reps() const {
  std::vector<std::string> out;
  for (int r = 0; r < shape_.reps; ++r) out.push_back(RepName(r));
  return out;
}

}  // namespace sales::loadgen
