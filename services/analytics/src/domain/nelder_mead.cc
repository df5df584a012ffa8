#include "services/analytics/src/domain/nelder_mead.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace sales::analytics::domain {
namespace {

struct Vertex {
  std::vector<double> point;
  double value;
};

double Evaluate(const std::function<double(const std::vector<double>&)>& f,
                const std::vector<double>& x) {
  const double v = f(x);
  return std::isfinite(v) ? v : std::numeric_limits<double>::infinity();
}

// from + t * (to - from)
std::vector<double> Along(const std::vector<double>& from, const std::vector<double>& to,
                          double t) {
  std::vector<double> out(from.size());
  for (size_t i = 0; i < from.size(); ++i) out[i] = from[i] + t * (to[i] - from[i]);
  return out;
}

bool Converged(const std::vector<Vertex>& simplex, const NelderMeadOptions& options) {
  const double spread = simplex.back().value - simplex.front().value;
  if (!(spread <= options.value_tolerance)) return false;
  for (size_t v = 1; v < simplex.size(); ++v) {
    for (size_t i = 0; i < simplex[v].point.size(); ++i) {
      if (std::abs(simplex[v].point[i] - simplex[0].point[i]) > options.point_tolerance) {
        return false;
      }
    }
  }
  return true;
}

}  // namespace

Minimum MinimizeNelderMead(const std::function<double(const std::vector<double>&)>& f,
                           std::vector<double> start, const NelderMeadOptions& options) {
  const size_t n = start.size();
  std::vector<Vertex> simplex;
  simplex.push_back({start, Evaluate(f, start)});
  for (size_t i = 0; i < n; ++i) {
    std::vector<double> p = start;
    p[i] += options.initial_step;
    simplex.push_back({p, Evaluate(f, p)});
  }
  auto by_value = [](const Vertex& l, const Vertex& r) { return l.value < r.value; };
  Minimum result;
  for (result.iterations = 0; result.iterations < options.max_iterations; ++result.iterations) {
    std::sort(simplex.begin(), simplex.end(), by_value);
    if (Converged(simplex, options)) {
      result.converged = true;
      break;
    }
    // The centroid of every vertex but the worst.
    std::vector<double> centroid(n, 0.0);
    for (size_t v = 0; v < n; ++v) {
      for (size_t i = 0; i < n; ++i) centroid[i] += simplex[v].point[i] / static_cast<double>(n);
    }
    Vertex& worst = simplex[n];
    const Vertex reflected{Along(centroid, worst.point, -1.0), 0};
    const double fr = Evaluate(f, reflected.point);
    if (fr < simplex[0].value) {
      std::vector<double> expanded = Along(centroid, worst.point, -2.0);
      const double fe = Evaluate(f, expanded);
      worst = fe < fr ? Vertex{std::move(expanded), fe} : Vertex{reflected.point, fr};
      continue;
    }
    if (fr < simplex[n - 1].value) {
      worst = {reflected.point, fr};
      continue;
    }
    // Contract: outside when the reflection beat the worst, inside otherwise.
    const bool outside = fr < worst.value;
    std::vector<double> contracted = Along(centroid, worst.point, outside ? -0.5 : 0.5);
    const double fc = Evaluate(f, contracted);
    if (fc < (outside ? fr : worst.value)) {
      worst = {std::move(contracted), fc};
      continue;
    }
    // Shrink every vertex towards the best.
    for (size_t v = 1; v <= n; ++v) {
      simplex[v].point = Along(simplex[0].point, simplex[v].point, 0.5);
      simplex[v].value = Evaluate(f, simplex[v].point);
    }
  }
  std::sort(simplex.begin(), simplex.end(), by_value);
  result.point = simplex[0].point;
  result.value = simplex[0].value;
  return result;
}

}  // namespace sales::analytics::domain
