// The demo's only source of randomness: std::mt19937_64 (whose output the C++ standard fixes
// bit for bit) with distributions written here, because std::uniform_int_distribution,
// std::normal_distribution and friends are not specified bit-exactly and differ between
// standard libraries. Integer draws are exact everywhere; the few that go through libm
// (Normal's log and cos, Poisson's exp) are exact for one libm, which on this machine
// (Debian 12, glibc 2.36, libstdc++ 12) is fixed: the same seed gives the same company.
// Each part of the company draws from its own stream (Stream(seed, "customers")), so
// changing how many draws one part makes does not change the others.
#pragma once

#include <cstdint>
#include <random>
#include <string_view>
#include <vector>

namespace sales::demo {

// Running totals of weights, for Random::Pick.
std::vector<double> Cumulative(const std::vector<double>& weights);
// Zipf weights of n ranks: rank r weighs 1 / (r + 1)^s.
std::vector<double> ZipfWeights(size_t n, double s);

class Random final {
 public:
  explicit Random(uint64_t seed) : engine_(seed) {}

  // An independent stream for one part of the company, e.g. Stream(42, "orders").
  static Random Stream(uint64_t seed, std::string_view part, uint64_t index = 0);

  uint64_t Next() { return engine_(); }
  // Uniform in [0, 1), 53 random bits.
  double Uniform();
  // Uniform integer in [lo, hi] (inclusive), without modulo bias.
  int64_t Int(int64_t lo, int64_t hi);
  // True with probability p.
  bool Chance(double p) { return Uniform() < p; }
  // Standard normal (Box-Muller), times sd plus mean.
  double Normal(double mean, double sd);
  // Poisson count with mean lambda (Knuth's product method below 30, a rounded normal
  // above, which is close enough for daily order counts).
  int64_t Poisson(double lambda);
  // An index drawn with the given non-negative weights (at least one positive).
  size_t Weighted(const std::vector<double>& weights);
  // An index drawn from running totals of weights (see Cumulative), in O(log n).
  size_t Pick(const std::vector<double>& cumulative);

 private:
  std::mt19937_64 engine_;
};

}  // namespace sales::demo
