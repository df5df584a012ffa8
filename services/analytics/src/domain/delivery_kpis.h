// On-time delivery: of the orders delivered in the period that carry a delivery promise, the
// share delivered on or before the promised date; and how late the late ones were.
//
// An order counts once, when its last shipment is delivered (the orders feed's move to
// DELIVERED: every unit shipped and every shipment delivered), in the period holding that
// time. With partial shipments the last delivery decides: the order is on time only if every
// shipment arrived by the promised date, and it is not counted while some shipment is still
// on its way. Dates are the local days of the business time zone the orders service judged
// them in (its DeliveryPunctuality). This is the order-level on-time delivery of the SCOR
// model (orders delivered on the date committed to the customer over orders delivered),
// with "on or before the promised date" as on time; late by N days means the last delivery
// came N local days after it.
#pragma once

#include <cstdint>
#include <optional>

namespace sales::analytics::domain {

// Orders delivered in a period, as counted from the facts.
struct DeliveryCounts {
  int64_t delivered = 0;      // every delivered order, with a promise or not
  int64_t promised = 0;       // of them, with a promise
  int64_t on_time = 0;        // of those, on or before the promised date
  int64_t late = 0;           // of those, after it
  int64_t late_days_sum = 0;  // Σ days late over the late ones
};

struct OnTimeDelivery {
  DeliveryCounts counts;
  std::optional<double> rate;               // on_time / promised; absent without promised
  std::optional<double> average_days_late;  // late_days_sum / late, not rounded; absent
                                            // without late deliveries
};

OnTimeDelivery OnTimeDeliveryOf(const DeliveryCounts& counts);

// Overdue, not yet delivered: the past-due orders of the open promised backlog at a moment
// (the APICS Dictionary's past-due or delinquent order: one whose due date is earlier than
// the current date and that is not yet filled; here the due date is the promised delivery
// date). At the moment T (a period's end, or
// now while the period runs): the orders with a delivery promise placed before T and neither
// cancelled nor delivered (every shipment delivered) before T — partial shipments leave an
// order open — are the open promised orders; those whose promised local day ended before T
// (promised date < the local day holding T) are overdue. Their share is overdue / open
// promised (the past-due share of the open backlog), absent without open promised orders.
struct OverdueCounts {
  int64_t open_promised = 0;
  int64_t overdue = 0;
};

struct OverdueDeliveries {
  OverdueCounts counts;
  std::optional<double> share;  // overdue / open_promised, not rounded
};

OverdueDeliveries OverdueDeliveriesOf(const OverdueCounts& counts);

}  // namespace sales::analytics::domain
