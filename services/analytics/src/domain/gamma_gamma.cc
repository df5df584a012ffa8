#include "services/analytics/src/domain/gamma_gamma.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <utility>

#include "absl/strings/str_cat.h"
#include "services/analytics/src/domain/nelder_mead.h"

namespace sales::analytics::domain {
namespace {

bool InModel(const PurchaseHistory& h) { return h.frequency > 0 && h.mean_repeat_amount_minor > 0; }

// The customers in the model grouped by frequency, so that the sum of ln f over them costs
// one logarithm per customer per evaluation (a fit evaluates it hundreds of times): the
// terms of GammaGammaLogLikelihood that depend only on x are computed once per x, and
// Σ (px - 1) ln m as (px - 1) Σ ln m.
class GroupedSpenders final {
 public:
  explicit GroupedSpenders(const std::vector<PurchaseHistory>& used) {
    std::vector<std::pair<int, double>> by_x;  // (x, m)
    by_x.reserve(used.size());
    for (const PurchaseHistory& h : used)
      by_x.emplace_back(h.frequency, h.mean_repeat_amount_minor);
    std::sort(by_x.begin(), by_x.end());
    for (size_t i = 0; i < by_x.size();) {
      Group g;
      g.x = by_x[i].first;
      g.first = totals_.size();
      for (; i < by_x.size() && by_x[i].first == g.x; ++i) {
        totals_.push_back(by_x[i].second * g.x);
        g.sum_log_m += std::log(by_x[i].second);
      }
      g.end = totals_.size();
      groups_.push_back(g);
    }
  }

  double LogLikelihood(const GammaGammaParams& p) const {
    const double per_customer = -std::lgamma(p.q) + p.q * std::log(p.gamma);
    double sum = 0;
    for (const Group& g : groups_) {
      const double x = g.x;
      const double px = p.p * x;
      const double n = static_cast<double>(g.end - g.first);
      double log_totals = 0;  // Σ ln(γ + m x)
      for (size_t i = g.first; i < g.end; ++i) log_totals += std::log(p.gamma + totals_[i]);
      sum += n * (std::lgamma(px + p.q) - std::lgamma(px) + per_customer + px * std::log(x)) +
             (px - 1) * g.sum_log_m - (px + p.q) * log_totals;
    }
    return sum;
  }

 private:
  struct Group {
    int x = 0;
    size_t first = 0;  // [first, end) in totals_
    size_t end = 0;
    double sum_log_m = 0;
  };
  std::vector<double> totals_;  // m·x of each customer, grouped by x
  std::vector<Group> groups_;
};

}  // namespace

double GammaGammaLogLikelihood(const GammaGammaParams& p, const PurchaseHistory& h) {
  const double x = h.frequency;
  const double m = h.mean_repeat_amount_minor;
  const double px = p.p * x;
  return std::lgamma(px + p.q) - std::lgamma(px) - std::lgamma(p.q) + p.q * std::log(p.gamma) +
         (px - 1) * std::log(m) + px * std::log(x) - (px + p.q) * std::log(p.gamma + m * x);
}

double GammaGammaLogLikelihood(const GammaGammaParams& p,
                               const std::vector<PurchaseHistory>& histories) {
  double sum = 0;
  for (const PurchaseHistory& h : histories) {
    if (InModel(h)) sum += GammaGammaLogLikelihood(p, h);
  }
  return sum;
}

absl::StatusOr<GammaGammaFit> FitGammaGamma(const std::vector<PurchaseHistory>& histories) {
  std::vector<PurchaseHistory> used;
  double total = 0;
  for (const PurchaseHistory& h : histories) {
    if (!InModel(h)) continue;
    used.push_back(h);
    total += h.mean_repeat_amount_minor;
  }
  if (used.size() < 2) {
    return absl::InvalidArgumentError(
        absl::StrCat(used.size(), " customers with repeat purchases: too few to fit spend"));
  }
  const double n = static_cast<double>(used.size());
  const double scale = n / total;  // mean amount 1
  std::vector<PurchaseHistory> scaled = used;
  for (PurchaseHistory& h : scaled) h.mean_repeat_amount_minor *= scale;
  const GroupedSpenders grouped(scaled);
  const Minimum min = MinimizeNelderMead(
      [&](const std::vector<double>& log_params) {
        const GammaGammaParams p{std::exp(log_params[0]), std::exp(log_params[1]),
                                 std::exp(log_params[2])};
        return -grouped.LogLikelihood(p) / n;
      },
      {0.0, 0.0, 0.0});
  GammaGammaFit fit;
  fit.params = {std::exp(min.point[0]), std::exp(min.point[1]), std::exp(min.point[2]) / scale};
  fit.log_likelihood = GroupedSpenders(used).LogLikelihood(fit.params);
  fit.converged = min.converged;
  fit.iterations = min.iterations;
  fit.customers = static_cast<int>(used.size());
  return fit;
}

absl::StatusOr<double> ExpectedAverageAmount(const GammaGammaParams& p, const PurchaseHistory& h) {
  if (!(p.q > 1)) {
    return absl::InvalidArgumentError("q <= 1: the expected amount is not finite");
  }
  if (!InModel(h)) return p.p * p.gamma / (p.q - 1);
  const double x = h.frequency;
  return (p.gamma + h.mean_repeat_amount_minor * x) * p.p / (p.p * x + p.q - 1);
}

double FrequencySpendCorrelation(const std::vector<PurchaseHistory>& histories) {
  double n = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0;
  for (const PurchaseHistory& h : histories) {
    if (h.frequency <= 0) continue;
    const double x = h.frequency;
    const double y = h.mean_repeat_amount_minor;
    n += 1;
    sx += x;
    sy += y;
    sxx += x * x;
    syy += y * y;
    sxy += x * y;
  }
  const double cov = sxy - sx * sy / n;
  const double vx = sxx - sx * sx / n;
  const double vy = syy - sy * sy / n;
  if (n < 2 || vx <= 0 || vy <= 0) return std::numeric_limits<double>::quiet_NaN();
  return cov / std::sqrt(vx * vy);
}

absl::StatusOr<double> CustomerLifetimeValue(const BgNbdParams& purchases,
                                             const GammaGammaParams& spend,
                                             const PurchaseHistory& h, double step, int periods,
                                             double discount_rate) {
  if (!(step > 0) || periods < 0 || !(discount_rate > -1)) {
    return absl::InvalidArgumentError("needs step > 0, periods >= 0 and discount_rate > -1");
  }
  absl::StatusOr<double> amount = ExpectedAverageAmount(spend, h);
  if (!amount.ok()) return amount.status();
  double value = 0;
  double before = 0;  // E[Y] up to the end of the previous period
  for (int i = 1; i <= periods; ++i) {
    absl::StatusOr<double> upto = ExpectedPurchases(purchases, h, step * i);
    if (!upto.ok()) return upto.status();
    value += (*upto - before) * *amount / std::pow(1 + discount_rate, i);
    before = *upto;
  }
  return value;
}

}  // namespace sales::analytics::domain
