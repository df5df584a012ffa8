#include "services/analytics/src/domain/customer_activity.h"

namespace sales::analytics::domain {

double RepeatPurchaseRate(const CustomerActivity& activity) {
  if (activity.active == 0) return 0;
  return static_cast<double>(activity.repeat_customers) / static_cast<double>(activity.active);
}

}  // namespace sales::analytics::domain
