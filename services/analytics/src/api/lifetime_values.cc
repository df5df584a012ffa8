#include "services/analytics/src/api/lifetime_values.h"

#include "services/analytics/src/domain/customer_value.h"

namespace sales::analytics::api {

LifetimeValues FitLifetimeValues(std::vector<store::OrderPurchase> purchases,
                                 absl::CivilDay calibration_end, int horizon_months) {
  LifetimeValues out;
  domain::CustomerValueSpec spec;
  spec.calibration_end = calibration_end;
  spec.horizon_months = horizon_months;
  // The models number customers; names map to dense ids and back.
  std::vector<std::string> names;
  absl::flat_hash_map<std::string, int64_t> ids;
  std::vector<domain::Purchase> numbered;
  numbered.reserve(purchases.size());
  for (store::OrderPurchase& p : purchases) {
    auto [it, inserted] = ids.emplace(std::move(p.customer), static_cast<int64_t>(names.size()));
    if (inserted) names.push_back(it->first);
    numbered.push_back({it->second, p.day, p.net_minor});
  }
  purchases.clear();
  const absl::StatusOr<domain::CustomerValueModelFit> fit =
      domain::FitCustomerValueModels(numbered, spec);
  if (!fit.ok()) {
    out.note = std::string(fit.status().message());
    return out;
  }
  const absl::StatusOr<std::vector<domain::CustomerValueFigures>> figures =
      domain::ValuesOfAll(*fit, spec);
  if (!figures.ok()) {
    out.note = std::string(figures.status().message());
    return out;
  }
  out.fitted = true;
  out.values.reserve(figures->size());
  for (size_t i = 0; i < figures->size(); ++i) {
    const domain::CustomerValueFigures& f = (*figures)[i];
    out.by_customer.emplace(names[static_cast<size_t>(fit->histories[i].customer_id)],
                            CustomerLifetimeValue{f.probability_alive, f.lifetime_value_minor});
    out.values.push_back(static_cast<double>(f.lifetime_value_minor));
  }
  return out;
}

}  // namespace sales::analytics::api
