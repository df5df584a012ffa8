// What a stock movement did to a product's stock in one warehouse. The numbers are those of
// sales.orders.v1.StockMovementKind and of the stock_movements.kind column.
#pragma once

namespace sales::orders::domain {

enum class StockMovementKind {
  kUnspecified = 0,
  kReceived = 1,        // goods received: on hand up
  kAdjusted = 2,        // correction with a reason: on hand up or down
  kTransferredOut = 3,  // moved to another warehouse: on hand down
  kTransferredIn = 4,   // moved from another warehouse: on hand up
  kReserved = 5,        // reserved for a confirmed order: reserved up
  kReleased = 6,        // reservation given back: reserved down
  kShipped = 7,         // shipped: reserved and on hand down
  kRestocked = 8,       // returned units back on hand
};

inline constexpr int kMaxStockMovementKind = 8;

}  // namespace sales::orders::domain
