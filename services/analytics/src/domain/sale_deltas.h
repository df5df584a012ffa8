// What an order, its cancellation and a return add to the daily rollup of each slice they
// belong to: the whole company, their channel and region, each product and category on
// them, and each rep credited with a share.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "services/analytics/src/domain/measures.h"

namespace sales::analytics::domain {

// An order line as sold. Amounts in minor units; tax is not revenue and is left out.
struct LineFact {
  int line_id = 0;
  std::string product;   // "products/{id}"
  std::string category;  // as it was on the order
  int64_t quantity = 0;
  int64_t gross_minor = 0;     // list price times quantity
  int64_t discount_minor = 0;  // discounts taken off the line
  int64_t cost_minor = 0;      // unit cost times quantity
};

// Whether a credit share of the orders feed, of kind `kind` (the sales.orders.v1.
// SalesCreditKind name; empty in events from before the kind existed: revenue), counts in
// the rep slice. The rep slice counts revenue credit only (sales.analytics.v1 KpiValues):
// an order's revenue shares sum to 10000 bp and split its amounts once, while overlay
// credit comes on top of them and would count the same revenue twice.
bool CountsInRepSlice(std::string_view kind);

// A rep's share of an order's revenue credit, in basis points.
struct CreditFact {
  std::string rep;  // "reps/{id}"
  int share_bp = 0;
  friend bool operator==(const CreditFact&, const CreditFact&) = default;
};

struct OrderFact {
  std::string order;     // "orders/{id}"
  std::string customer;  // "customers/{id}"
  std::string channel;   // e.g. "CHANNEL_WEB"
  std::string region;
  absl::Time create_time;
  bool imported = false;
  std::vector<LineFact> lines;
  std::vector<CreditFact> credits;

  int64_t Units() const;
  int64_t GrossMinor() const;
  int64_t DiscountMinor() const;
  int64_t CostMinor() const;
};

// Units of one line returned: the net amount refunded (tax excluded; 0 for an exchange)
// and the cost of the units.
struct ReturnLineFact {
  std::string product;
  std::string category;
  int64_t quantity = 0;
  int64_t net_minor = 0;
  int64_t cost_minor = 0;
};

struct ReturnFact {
  std::string return_name;  // "returns/{id}"
  std::string order;
  std::string customer;
  std::string channel;
  std::string region;
  absl::Time resolve_time;
  std::vector<ReturnLineFact> lines;
  std::vector<CreditFact> credits;
  bool restocked = true;  // the goods went back to stock (disposition RESTOCK, not SCRAP)

  int64_t Units() const;
  int64_t NetMinor() const;
  int64_t CostMinor() const;
};

// The deltas of placing `order` (counted on `day`, the day of its create time), or with
// `cancel` of taking it out again: every measure negated, and cancelled_orders raised.
std::vector<DayDelta> OrderDeltas(const OrderFact& order, absl::CivilDay day, bool cancel);

// The deltas of a return resolved on `day`.
std::vector<DayDelta> ReturnDeltas(const ReturnFact& ret, absl::CivilDay day);

// Splits `amount` by shares in basis points of 10000 so that the parts add up exactly to
// amount * sum(shares) / 10000 rounded half away from zero (to `amount` itself when the
// shares sum to 10000): each part is its exact quota rounded down, and the units left over
// go to the largest remainders (Hamilton's method), the earlier share first on a tie.
std::vector<int64_t> SplitByShares(int64_t amount, const std::vector<int>& shares_bp);

}  // namespace sales::analytics::domain
