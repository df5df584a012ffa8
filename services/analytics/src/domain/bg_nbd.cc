#include "services/analytics/src/domain/bg_nbd.h"

#include <algorithm>
#include <cmath>

#include "services/analytics/src/domain/nelder_mead.h"
#include "services/analytics/src/domain/special_functions.h"

namespace sales::analytics::domain {
namespace {

// ln(e^u + e^v) without overflow.
double LogAddExp(double u, double v) {
  const double hi = std::max(u, v);
  return hi + std::log1p(std::exp(std::min(u, v) - hi));
}

constexpr double kFitAge = 10.0;  // the oldest customer's age in the fit's time scale

}  // namespace

double BgNbdLogLikelihood(const BgNbdParams& p, const PurchaseHistory& h) {
  const double x = h.frequency;
  const double a1 = std::lgamma(p.r + x) - std::lgamma(p.r) + p.r * std::log(p.alpha);
  const double a2 =
      std::lgamma(p.a + p.b) + std::lgamma(p.b + x) - std::lgamma(p.b) - std::lgamma(p.a + p.b + x);
  const double a3 = -(p.r + x) * std::log(p.alpha + h.age);
  if (h.frequency == 0) return a1 + a2 + a3;
  const double a4 =
      std::log(p.a) - std::log(p.b + x - 1) - (p.r + x) * std::log(p.alpha + h.recency);
  return a1 + a2 + LogAddExp(a3, a4);
}

double BgNbdLogLikelihood(const BgNbdParams& p, const std::vector<PurchaseHistory>& histories) {
  double sum = 0;
  for (const PurchaseHistory& h : histories) sum += BgNbdLogLikelihood(p, h);
  return sum;
}

absl::StatusOr<BgNbdFit> FitBgNbd(const std::vector<PurchaseHistory>& histories) {
  if (histories.empty()) return absl::InvalidArgumentError("no customer histories to fit");
  double oldest = 0;
  bool any_repeat = false;
  for (const PurchaseHistory& h : histories) {
    oldest = std::max(oldest, h.age);
    any_repeat = any_repeat || h.frequency > 0;
  }
  if (!any_repeat) {
    return absl::InvalidArgumentError("no customer has a repeat purchase: nothing to fit");
  }
  const double scale = oldest > 0 ? kFitAge / oldest : 1.0;
  std::vector<PurchaseHistory> scaled = histories;
  for (PurchaseHistory& h : scaled) {
    h.recency *= scale;
    h.age *= scale;
  }
  const double n = static_cast<double>(scaled.size());
  const Minimum min = MinimizeNelderMead(
      [&](const std::vector<double>& log_params) {
        const BgNbdParams p{std::exp(log_params[0]), std::exp(log_params[1]),
                            std::exp(log_params[2]), std::exp(log_params[3])};
        return -BgNbdLogLikelihood(p, scaled) / n;
      },
      {0.0, 0.0, 0.0, 0.0});
  BgNbdFit fit;
  fit.params = {std::exp(min.point[0]), std::exp(min.point[1]) / scale, std::exp(min.point[2]),
                std::exp(min.point[3])};
  fit.log_likelihood = BgNbdLogLikelihood(fit.params, histories);
  fit.converged = min.converged;
  fit.iterations = min.iterations;
  return fit;
}

double ProbabilityAlive(const BgNbdParams& p, const PurchaseHistory& h) {
  if (h.frequency == 0) return 1.0;
  const double x = h.frequency;
  const double log_odds_dead = std::log(p.a / (p.b + x - 1)) +
                               (p.r + x) * std::log((p.alpha + h.age) / (p.alpha + h.recency));
  return 1.0 / (1.0 + std::exp(log_odds_dead));
}

absl::StatusOr<double> ExpectedPurchases(const BgNbdParams& p, const PurchaseHistory& h,
                                         double horizon) {
  if (p.a == 1.0) return absl::InvalidArgumentError("a = 1: eq. 10 is undefined");
  if (horizon <= 0) return 0.0;
  const double x = h.frequency;
  const double z = horizon / (p.alpha + h.age + horizon);
  absl::StatusOr<double> log_hyp = LogHyp2F1(p.r + x, p.b + x, p.a + p.b + x - 1, z);
  if (!log_hyp.ok()) return log_hyp.status();
  // ((α+T)/(α+T+t))^(r+x) is (1-z)^(r+x).
  const double remaining = std::exp(*log_hyp + (p.r + x) * std::log1p(-z));
  const double numerator = (p.a + p.b + x - 1) / (p.a - 1) * (1.0 - remaining);
  const double denominator =
      h.frequency == 0 ? 1.0
                       : 1.0 + p.a / (p.b + x - 1) *
                                   std::pow((p.alpha + h.age) / (p.alpha + h.recency), p.r + x);
  return numerator / denominator;
}

}  // namespace sales::analytics::domain
