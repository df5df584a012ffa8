// Customer activity in a period and slice: how many customers bought, how many came back,
// how many dropped away, how many bought again. Distinct customers do not add up over days,
// so they are counted from the order facts at query time (store/activity_store.h, whose
// SQL counts by exactly these definitions), not summed from the daily rollup.
//
// Definitions (a purchase is a counted order: cancelled orders never count; imported orders
// count at their create time):
// - active: customers with at least one purchase in the period (the "active customers" of a
//   period in the usual e-commerce sense).
// - new (KpiFigures.sums, from the rollup): active customers whose first purchase ever is in
//   the period.
// - returning: active customers who also had a purchase before the period, in any slice
//   (so for the whole company active = new + returning).
// - lapsed: customers active in the previous period of the same kind (PreviousPeriod) who
//   are not active in this one, both counted in the same slice; the period-over-period
//   definition of lost or churned customers.
// - repeat customers: active customers with two or more purchases in the period.
// - repeat-purchase rate: repeat customers / active customers of the same period, the
//   common definition ("customers who made more than one purchase during the period /
//   unique customers during the period", e.g. Wall Street Prep's and Fructifi's glossaries
//   of the repeat purchase rate); 0 without active customers.
#pragma once

#include <cstdint>

namespace sales::analytics::domain {

struct CustomerActivity {
  int64_t active = 0;
  int64_t returning = 0;
  int64_t lapsed = 0;
  int64_t repeat_customers = 0;

  // Counts of disjoint sets of customers add up (the chunks of a long list of customers).
  CustomerActivity& operator+=(const CustomerActivity& other) {
    active += other.active;
    returning += other.returning;
    lapsed += other.lapsed;
    repeat_customers += other.repeat_customers;
    return *this;
  }
  friend bool operator==(const CustomerActivity&, const CustomerActivity&) = default;
};

// repeat_customers / active; 0 without active customers.
double RepeatPurchaseRate(const CustomerActivity& activity);

}  // namespace sales::analytics::domain
