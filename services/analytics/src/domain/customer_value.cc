#include "services/analytics/src/domain/customer_value.h"

#include <cmath>

namespace sales::analytics::domain {
namespace {

// Days per month in the lifetimes library's customer_lifetime_value (freq 'D': 30).
constexpr double kDaysPerMonth = 30.0;

}  // namespace

absl::StatusOr<CustomerValueModelFit> FitCustomerValueModels(const std::vector<Purchase>& purchases,
                                                             const CustomerValueSpec& spec) {
  CustomerValueModelFit fit;
  fit.histories = SummarizePurchases(purchases, spec.calibration_end, spec.unit);
  absl::StatusOr<BgNbdFit> bg = FitBgNbd(fit.histories);
  if (!bg.ok()) return bg.status();
  fit.purchases = *bg;
  absl::StatusOr<GammaGammaFit> gg = FitGammaGamma(fit.histories);
  if (gg.ok()) fit.spend = *gg;
  fit.frequency_spend_correlation = FrequencySpendCorrelation(fit.histories);
  if (spec.holdout_end.has_value()) {
    const std::map<int64_t, int> actual =
        HoldoutPurchaseDays(purchases, spec.calibration_end, *spec.holdout_end);
    const double length =
        static_cast<double>(*spec.holdout_end - spec.calibration_end) / DaysPerUnit(spec.unit);
    HoldoutResult holdout;
    double abs_error = 0;
    for (const PurchaseHistory& h : fit.histories) {
      absl::StatusOr<double> predicted = ExpectedPurchases(fit.purchases.params, h, length);
      if (!predicted.ok()) return predicted.status();
      const auto it = actual.find(h.customer_id);
      const int observed = it == actual.end() ? 0 : it->second;
      holdout.predicted_purchases += *predicted;
      holdout.actual_purchases += observed;
      abs_error += std::abs(*predicted - observed);
    }
    holdout.mean_absolute_error =
        fit.histories.empty() ? 0 : abs_error / static_cast<double>(fit.histories.size());
    fit.holdout = holdout;
  }
  return fit;
}

absl::StatusOr<CustomerValueFigures> ValueOf(const CustomerValueModelFit& fit,
                                             const PurchaseHistory& history,
                                             const CustomerValueSpec& spec) {
  CustomerValueFigures out;
  const BgNbdParams& bg = fit.purchases.params;
  out.probability_alive = ProbabilityAlive(bg, history);
  const double month = kDaysPerMonth / DaysPerUnit(spec.unit);
  absl::StatusOr<double> expected = ExpectedPurchases(bg, history, month * spec.horizon_months);
  if (!expected.ok()) return expected.status();
  out.expected_purchases = *expected;
  if (!fit.spend.has_value()) return out;
  absl::StatusOr<double> amount = ExpectedAverageAmount(fit.spend->params, history);
  if (!amount.ok()) return amount.status();
  out.expected_average_amount_minor = *amount;
  absl::StatusOr<double> clv = CustomerLifetimeValue(
      bg, fit.spend->params, history, month, spec.horizon_months, spec.monthly_discount_rate);
  if (!clv.ok()) return clv.status();
  out.lifetime_value_minor = std::llround(*clv);  // half away from zero
  return out;
}

}  // namespace sales::analytics::domain
