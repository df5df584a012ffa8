// Customer lifetime value end to end: purchase histories summarised over a calibration
// window, BG/NBD and Gamma-Gamma fitted by maximum likelihood, the Gamma-Gamma independence
// assumption checked, an optional holdout check, and each customer's P(alive), expected
// purchases and discounted lifetime value.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/civil_time.h"
#include "services/analytics/src/domain/bg_nbd.h"
#include "services/analytics/src/domain/gamma_gamma.h"
#include "services/analytics/src/domain/purchase_history.h"

namespace sales::analytics::domain {

struct CustomerValueSpec {
  absl::CivilDay calibration_end;  // the last day fitted
  TimeUnit unit = TimeUnit::kDay;
  int horizon_months = 12;           // months of 30 days (the lifetimes convention)
  double monthly_discount_rate = 0;  // per month
  std::optional<absl::CivilDay> holdout_end;
};

struct HoldoutResult {
  double predicted_purchases = 0;  // Σ E[Y(holdout length)] over calibrated customers
  int64_t actual_purchases = 0;    // their purchase days in the holdout
  double mean_absolute_error = 0;  // mean over customers of |predicted - actual|
};

struct CustomerValueFigures {
  double probability_alive = 0;
  double expected_purchases = 0;             // over the horizon
  double expected_average_amount_minor = 0;  // 0 when the spend model is absent
  int64_t lifetime_value_minor = 0;          // rounded half away from zero
};

struct CustomerValueModelFit {
  std::vector<PurchaseHistory> histories;  // one per calibrated customer, by customer id
  BgNbdFit purchases;
  std::optional<GammaGammaFit> spend;  // absent with fewer than two repeat customers
  double frequency_spend_correlation = 0;
  std::optional<HoldoutResult> holdout;
};

// Fits both models on the purchases up to spec.calibration_end (and checks against the
// holdout when asked). INVALID_ARGUMENT when nobody has a repeat purchase.
absl::StatusOr<CustomerValueModelFit> FitCustomerValueModels(const std::vector<Purchase>& purchases,
                                                             const CustomerValueSpec& spec);

// A calibrated customer's figures under the fitted models.
absl::StatusOr<CustomerValueFigures> ValueOf(const CustomerValueModelFit& fit,
                                             const PurchaseHistory& history,
                                             const CustomerValueSpec& spec);

// ValueOf of every history of `fit`, in order. Customers with the same history share one
// computation: at a million customers most have no repeat purchase and differ only in age.
absl::StatusOr<std::vector<CustomerValueFigures>> ValuesOfAll(const CustomerValueModelFit& fit,
                                                              const CustomerValueSpec& spec);

}  // namespace sales::analytics::domain
