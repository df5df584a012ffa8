#include "tools/demo/random.h"

#include <algorithm>
#include <cmath>

namespace sales::demo {
namespace {

// SplitMix64 finaliser: spreads the bits of a seed and a part name into a new seed.
uint64_t Mix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace

Random Random::Stream(uint64_t seed, std::string_view part, uint64_t index) {
  uint64_t h = Mix(seed);
  for (const char c : part) h = Mix(h ^ static_cast<unsigned char>(c));
  return Random(Mix(h ^ Mix(index)));
}

double Random::Uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }

int64_t Random::Int(int64_t lo, int64_t hi) {
  const uint64_t span = static_cast<uint64_t>(hi - lo) + 1;
  if (span == 0) return static_cast<int64_t>(engine_());  // the whole 64-bit range
  // Rejection of the top partial block keeps every value equally likely.
  const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
  uint64_t x;
  do {
    x = engine_();
  } while (x >= limit);
  return lo + static_cast<int64_t>(x % span);
}

double Random::Normal(double mean, double sd) {
  double u1 = Uniform();
  while (u1 <= 0.0) u1 = Uniform();
  const double u2 = Uniform();
  return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
}

int64_t Random::Poisson(double lambda) {
  if (lambda <= 0) return 0;
  if (lambda >= 30) {
    const double x = std::round(Normal(lambda, std::sqrt(lambda)));
    return x < 0 ? 0 : static_cast<int64_t>(x);
  }
  const double limit = std::exp(-lambda);
  int64_t k = 0;
  double p = Uniform();
  while (p > limit) {
    ++k;
    p *= Uniform();
  }
  return k;
}

size_t Random::Weighted(const std::vector<double>& weights) {
  double total = 0;
  for (const double w : weights) total += w;
  double x = Uniform() * total;
  for (size_t i = 0; i < weights.size(); ++i) {
    if (x < weights[i]) return i;
    x -= weights[i];
  }
  return weights.size() - 1;
}

size_t Random::Pick(const std::vector<double>& cumulative) {
  const double x = Uniform() * cumulative.back();
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
  return it == cumulative.end() ? cumulative.size() - 1
                                : static_cast<size_t>(it - cumulative.begin());
}

std::vector<double> Cumulative(const std::vector<double>& weights) {
  std::vector<double> out;
  out.reserve(weights.size());
  double total = 0;
  for (const double w : weights) out.push_back(total += w);
  return out;
}

std::vector<double> ZipfWeights(size_t n, double s) {
  std::vector<double> out;
  out.reserve(n);
  for (size_t r = 0; r < n; ++r) out.push_back(1.0 / std::pow(static_cast<double>(r + 1), s));
  return out;
}

}  // namespace sales::demo
