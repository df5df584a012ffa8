#include "tools/loadgen/customer_value_sim.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace sales::loadgen {
namespace {

constexpr double kSecondsPerWeek = 7 * 24 * 3600.0;

// Beta(a, b) from two gammas.
double DrawBeta(std::mt19937_64& random, double a, double b) {
  const double x = std::gamma_distribution<double>(a, 1.0)(random);
  const double y = std::gamma_distribution<double>(b, 1.0)(random);
  return x / (x + y);
}

}  // namespace

int64_t SimulatePurchases(const PurchaseSimulation& sim,
                          const std::function<void(const SimulatedPurchase&)>& emit) {
  std::mt19937_64 random(sim.seed);
  const CustomerValueTruth& t = sim.truth;
  // std::gamma_distribution takes shape and scale (= 1 / rate).
  std::gamma_distribution<double> draw_lambda(t.r, 1.0 / t.alpha);
  std::gamma_distribution<double> draw_nu(t.q, 1.0 / t.gamma);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  const double cohort_s = absl::ToDoubleSeconds(sim.cohort);
  int64_t total = 0;
  for (int64_t c = 0; c < sim.customers; ++c) {
    const double lambda = draw_lambda(random);  // purchases per week
    const double dropout = DrawBeta(random, t.a, t.b);
    const double nu = draw_nu(random);
    std::gamma_distribution<double> draw_amount(t.p, 1.0 / nu);
    auto amount_minor = [&] {
      return std::max<int64_t>(1, std::llround(draw_amount(random) * 100.0));
    };
    absl::Time at = sim.start + absl::Seconds(uniform(random) * cohort_s);
    if (at >= sim.end) continue;
    emit({c, at, amount_minor()});
    ++total;
    for (;;) {
      const double wait_weeks = std::exponential_distribution<double>(lambda)(random);
      at += absl::Seconds(wait_weeks * kSecondsPerWeek);
      if (at >= sim.end) break;
      emit({c, at, amount_minor()});
      ++total;
      if (uniform(random) < dropout) break;  // drops out after a repeat purchase
    }
  }
  return total;
}

}  // namespace sales::loadgen
