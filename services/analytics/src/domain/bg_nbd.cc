#include "services/analytics/src/domain/bg_nbd.h"

#include <algorithm>
#include <cmath>
#include <tuple>

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

// The histories grouped so that the sum of ln L over them costs little per evaluation (a
// fit evaluates it hundreds of times over up to millions of customers), with the same
// terms as BgNbdLogLikelihood: those that depend only on x once per distinct x, the whole
// likelihood of customers without repeat purchases once per distinct age, ln(α + t) once
// per distinct time, and the rest once per distinct (x, t_x, T).
class GroupedHistories final {
 public:
  explicit GroupedHistories(const std::vector<PurchaseHistory>& histories) {
    std::vector<double> times;
    std::vector<std::tuple<int, double, double>> repeats;
    std::vector<double> zero_ages;
    int max_x = 0;
    for (const PurchaseHistory& h : histories) {
      max_x = std::max(max_x, h.frequency);
      times.push_back(h.age);
      if (h.frequency == 0) {
        zero_ages.push_back(h.age);
      } else {
        times.push_back(h.recency);
        repeats.emplace_back(h.frequency, h.recency, h.age);
      }
    }
    std::sort(times.begin(), times.end());
    times.erase(std::unique(times.begin(), times.end()), times.end());
    times_ = std::move(times);
    x_counts_.assign(static_cast<size_t>(max_x) + 1, 0.0);
    for (const PurchaseHistory& h : histories) x_counts_[static_cast<size_t>(h.frequency)] += 1;
    zero_counts_.assign(times_.size(), 0.0);
    for (double age : zero_ages) zero_counts_[TimeIndex(age)] += 1;
    std::sort(repeats.begin(), repeats.end());
    for (size_t i = 0; i < repeats.size();) {
      size_t j = i;
      while (j < repeats.size() && repeats[j] == repeats[i]) ++j;
      const auto& [x, recency, age] = repeats[i];
      repeats_.push_back({x, TimeIndex(recency), TimeIndex(age), static_cast<double>(j - i)});
      i = j;
    }
  }

  double LogLikelihood(const BgNbdParams& p) const {
    const double log_alpha = std::log(p.alpha);
    const double log_a = std::log(p.a);
    const double common = -std::lgamma(p.r) + std::lgamma(p.a + p.b) - std::lgamma(p.b);
    // ln(a / (b + x - 1)) for x >= 1, by x.
    std::vector<double> log_dropout(x_counts_.size(), 0.0);
    double sum = 0;
    for (size_t x = 0; x < x_counts_.size(); ++x) {
      const double xd = static_cast<double>(x);
      if (x >= 1) log_dropout[x] = log_a - std::log(p.b + xd - 1);
      if (x_counts_[x] == 0) continue;
      // a1 + a2 of BgNbdLogLikelihood.
      sum += x_counts_[x] * (std::lgamma(p.r + xd) + p.r * log_alpha + common +
                             std::lgamma(p.b + xd) - std::lgamma(p.a + p.b + xd));
    }
    std::vector<double> log_time(times_.size());
    for (size_t i = 0; i < times_.size(); ++i) {
      log_time[i] = std::log(p.alpha + times_[i]);
      sum -= zero_counts_[i] * p.r * log_time[i];  // a3 of x = 0
    }
    for (const Repeat& g : repeats_) {
      const double rx = p.r + g.x;
      const double a3 = -rx * log_time[g.age];
      const double a4 = log_dropout[static_cast<size_t>(g.x)] - rx * log_time[g.recency];
      sum += g.customers * LogAddExp(a3, a4);
    }
    return sum;
  }

 private:
  struct Repeat {
    int x;
    size_t recency;  // index into times_
    size_t age;      // index into times_
    double customers;
  };

  size_t TimeIndex(double t) const {
    return static_cast<size_t>(std::lower_bound(times_.begin(), times_.end(), t) - times_.begin());
  }

  std::vector<double> times_;        // distinct recencies and ages, ascending
  std::vector<double> x_counts_;     // customers by frequency
  std::vector<double> zero_counts_;  // customers without repeat purchases, by age index
  std::vector<Repeat> repeats_;      // customers with repeat purchases, by (x, t_x, T)
};

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
  const GroupedHistories grouped(scaled);
  const Minimum min = MinimizeNelderMead(
      [&](const std::vector<double>& log_params) {
        const BgNbdParams p{std::exp(log_params[0]), std::exp(log_params[1]),
                            std::exp(log_params[2]), std::exp(log_params[3])};
        return -grouped.LogLikelihood(p) / n;
      },
      {0.0, 0.0, 0.0, 0.0});
  BgNbdFit fit;
  fit.params = {std::exp(min.point[0]), std::exp(min.point[1]) / scale, std::exp(min.point[2]),
                std::exp(min.point[3])};
  fit.log_likelihood = GroupedHistories(histories).LogLikelihood(fit.params);
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
  // c = a + b + x - 1 is negative for x = 0 when a + b < 1, and the 2F1 may then be
  // negative: kept signed.
  absl::StatusOr<SignedLog> hyp = SignedLogHyp2F1(p.r + x, p.b + x, p.a + p.b + x - 1, z);
  if (!hyp.ok()) return hyp.status();
  // ((α+T)/(α+T+t))^(r+x) is (1-z)^(r+x).
  const double remaining = hyp->sign * std::exp(hyp->log_abs + (p.r + x) * std::log1p(-z));
  const double numerator = (p.a + p.b + x - 1) / (p.a - 1) * (1.0 - remaining);
  const double denominator =
      h.frequency == 0 ? 1.0
                       : 1.0 + p.a / (p.b + x - 1) *
                                   std::pow((p.alpha + h.age) / (p.alpha + h.recency), p.r + x);
  return numerator / denominator;
}

}  // namespace sales::analytics::domain
