// Every customer's P(alive) and lifetime value under BG/NBD + Gamma-Gamma calibrated up to a
// day, as the next best actions read them (customer_value.h fitted on the loaded purchases).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/civil_time.h"
#include "services/analytics/src/store/purchase_store.h"

namespace sales::analytics::api {

struct CustomerLifetimeValue {
  double probability_alive = 0;
  int64_t lifetime_value_minor = 0;  // rounded half away from zero
};

struct LifetimeValues {
  bool fitted = false;
  std::string note;  // why not, when not
  absl::flat_hash_map<std::string, CustomerLifetimeValue> by_customer;
  std::vector<double> values;  // every calibrated customer's lifetime value, any order
};

// Fits on `purchases` (consumed) up to `calibration_end`, over `horizon_months` months of 30
// days, undiscounted, in days.
LifetimeValues FitLifetimeValues(std::vector<store::OrderPurchase> purchases,
                                 absl::CivilDay calibration_end, int horizon_months);

}  // namespace sales::analytics::api
