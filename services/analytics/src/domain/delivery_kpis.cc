#include "services/analytics/src/domain/delivery_kpis.h"

namespace sales::analytics::domain {

OnTimeDelivery OnTimeDeliveryOf(const DeliveryCounts& counts) {
  OnTimeDelivery out;
  out.counts = counts;
  if (counts.promised > 0) {
    out.rate = static_cast<double>(counts.on_time) / static_cast<double>(counts.promised);
  }
  if (counts.late > 0) {
    out.average_days_late =
        static_cast<double>(counts.late_days_sum) / static_cast<double>(counts.late);
  }
  return out;
}

OverdueDeliveries OverdueDeliveriesOf(const OverdueCounts& counts) {
  OverdueDeliveries out;
  out.counts = counts;
  if (counts.open_promised > 0) {
    out.share = static_cast<double>(counts.overdue) / static_cast<double>(counts.open_promised);
  }
  return out;
}

}  // namespace sales::analytics::domain
