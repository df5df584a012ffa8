#include "services/analytics/src/domain/customer_value.h"

#include <cmath>
#include <tuple>

#include "absl/container/flat_hash_map.h"

namespace sales::analytics::domain {
namespace {

// Days per month in the lifetimes library's customer_lifetime_value (freq 'D': 30).
constexpr double kDaysPerMonth = 30.0;

// What the figures of a history depend on.
using HistoryKey = std::tuple<int, double, double, double>;
HistoryKey KeyOf(const PurchaseHistory& h) {
  return {h.frequency, h.recency, h.age, h.mean_repeat_amount_minor};
}

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
    // E[Y] depends on (x, t_x, T) only: computed once per distinct triple.
    absl::flat_hash_map<std::tuple<int, double, double>, double> predictions;
    for (const PurchaseHistory& h : fit.histories) {
      auto [slot, inserted] = predictions.try_emplace({h.frequency, h.recency, h.age}, 0.0);
      if (inserted) {
        absl::StatusOr<double> predicted = ExpectedPurchases(fit.purchases.params, h, length);
        if (!predicted.ok()) return predicted.status();
        slot->second = *predicted;
      }
      const double predicted = slot->second;
      const auto it = actual.find(h.customer_id);
      const int observed = it == actual.end() ? 0 : it->second;
      holdout.predicted_purchases += predicted;
      holdout.actual_purchases += observed;
      abs_error += std::abs(predicted - observed);
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

absl::StatusOr<std::vector<CustomerValueFigures>> ValuesOfAll(const CustomerValueModelFit& fit,
                                                              const CustomerValueSpec& spec) {
  std::vector<CustomerValueFigures> out;
  out.reserve(fit.histories.size());
  absl::flat_hash_map<HistoryKey, CustomerValueFigures> seen;
  for (const PurchaseHistory& h : fit.histories) {
    auto [slot, inserted] = seen.try_emplace(KeyOf(h));
    if (inserted) {
      absl::StatusOr<CustomerValueFigures> figures = ValueOf(fit, h, spec);
      if (!figures.ok()) return figures.status();
      slot->second = *figures;
    }
    out.push_back(slot->second);
  }
  return out;
}

}  // namespace sales::analytics::domain
