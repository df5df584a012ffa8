// A synthetic but realistic orders feed for the analytics benchmark: order_placed events of
// 1-5 lines over a catalogue of products in categories, four channels, regions, one or two
// reps per order with credit shares adding up to 10000, a customer base, create times
// spread evenly over some years in the order of placement, and a few per cent of the
// orders cancelled or partly returned (return_resolved) a little later in the feed.
//
// Each order is a pure function of its index and the seed, so the stream from any position
// is regenerated exactly (a consumer that resubscribes sees the same events again).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "sales/events/v1/event.pb.h"

namespace sales::loadgen {

struct OrderFeedShape {
  int64_t lines = 1000000;  // the feed ends with the order that reaches this many lines
  int products = 1000;
  int categories = 50;
  int regions = 10;
  int reps = 40;
  int customers = 100000;
  absl::Time first_time = absl::FromUnixSeconds(1701388800);  // 2023-12-01 00:00 UTC
  absl::Duration span = absl::Hours(24 * 365 * 3);
  uint64_t seed = 20261130;
  // Whether each order that is not cancelled also goes through its lifecycle as the orders
  // service publishes it: confirmed (with one stock reservation per line), shipped (one
  // stock change per line), delivered, completed. About 10 lighter events per order,
  // which analytics reads and mostly ignores (status changes) or keeps as stock levels.
  bool lifecycle = false;
};

// How many events of each kind one pass of the feed holds.
struct OrderFeedTotals {
  int64_t events = 0;  // also the last position
  int64_t orders = 0;
  int64_t lines = 0;
  int64_t cancellations = 0;
  int64_t returns = 0;
  int64_t status_changes = 0;  // lifecycle transitions (not cancellations)
  int64_t stock_changes = 0;
};

class SyntheticOrderFeed final {
 public:
  // The credit shares of two-rep orders are multiples of 2000 basis points: an amount
  // split by them never has two equal remainders, so the largest-remainder split of the
  // analytics service equals rounding each share half up, which plain SQL can state.
  static constexpr int kShareStepBp = 2000;

  explicit SyntheticOrderFeed(OrderFeedShape shape);

  // Calls `emit` with every event after `after_position`, in position order, until the
  // feed ends (true) or `emit` returns false (false). Events up to `after_position` are
  // generated as plain values only, not as messages.
  bool Stream(int64_t after_position,
              const std::function<bool(sales::events::v1::Event&&)>& emit) const;

  // One pass without building messages.
  OrderFeedTotals Count() const;

  const OrderFeedShape& shape() const { return shape_; }
  // Slice members that occur in the feed, for queries: "CHANNEL_WEB", "products/17", "reps/3".
  std::vector<std::string> Channels() const;
  std::vector<std::string> Products() const;
  std::vector<std::string> Reps() const;

 private:
  struct Line;
  struct Order;
  enum class Fate { kKept, kCancelled, kReturned };

  Order Draft(int64_t index) const;
  // Walks the feed: `visit(position, kind, order)` for each event, in order, until it
  // returns false (then false).
  enum class Kind {
    kPlaced,
    kCancelled,
    kReturned,
    kConfirmed,
    kReserved,  // one per line, after kConfirmed
    kShipped,
    kShippedStock,  // one per line, after kShipped
    kDelivered,
    kCompleted
  };
  // `line` is the line index of the stock kinds (0 otherwise).
  using Visit = std::function<bool(int64_t position, Kind kind, const Order& order, int line)>;
  bool Walk(const Visit& visit) const;
  // The lifecycle events of order `j` due at its `step` (1: confirm, 2: ship, 3: deliver,
  // 4: complete) through `visit`; false if it returned false.
  bool WalkLifecycle(const Order& order, int step, int64_t& position, const Visit& visit) const;

  sales::events::v1::Event Placed(int64_t position, const Order& order) const;
  sales::events::v1::Event Cancelled(int64_t position, const Order& order) const;
  sales::events::v1::Event Returned(int64_t position, const Order& order) const;
  sales::events::v1::Event StatusChanged(int64_t position, const Order& order, Kind kind) const;
  sales::events::v1::Event StockChanged(int64_t position, const Order& order, Kind kind,
                                        int line) const;

  const OrderFeedShape shape_;
  const int64_t expected_orders_;  // lines / 3 (the mean line count): sets the time step
};

}  // namespace sales::loadgen
