#include "services/analytics/src/domain/product_stats.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include "absl/numeric/int128.h"

namespace sales::analytics::domain {

std::vector<AbcEntry> ClassifyAbc(const std::vector<ProductRevenue>& products,
                                  const AbcParams& params) {
  std::vector<ProductRevenue> sorted = products;
  std::sort(sorted.begin(), sorted.end(), [](const ProductRevenue& a, const ProductRevenue& b) {
    return a.revenue_minor != b.revenue_minor ? a.revenue_minor > b.revenue_minor
                                              : a.product_id < b.product_id;
  });
  absl::int128 total = 0;
  for (const ProductRevenue& p : sorted) {
    if (p.revenue_minor > 0) total += p.revenue_minor;
  }
  std::vector<AbcEntry> out;
  out.reserve(sorted.size());
  absl::int128 before = 0;
  for (const ProductRevenue& p : sorted) {
    AbcEntry e;
    e.product_id = p.product_id;
    e.revenue_minor = p.revenue_minor;
    if (p.revenue_minor > 0) {
      // before / total < percent / 100, exactly.
      if (before * 100 < total * params.a_percent) {
        e.abc_class = AbcClass::kA;
      } else if (before * 100 < total * params.b_percent) {
        e.abc_class = AbcClass::kB;
      }
      before += p.revenue_minor;
    }
    if (total > 0) {
      e.cumulative_share = static_cast<double>(before) / static_cast<double>(total);
    }
    out.push_back(e);
  }
  return out;
}

MoverResult ClassifyMover(const ProductUnits& product, const MoverParams& params) {
  MoverResult out;
  out.product_id = product.product_id;
  out.current_units = product.current_units;
  const std::vector<int64_t>& history = product.previous_units;
  const auto n = static_cast<double>(history.size());
  if (!history.empty()) {
    double sum = 0;
    for (int64_t units : history) sum += static_cast<double>(units);
    out.history_mean = sum / n;
  }
  if (history.size() >= 2) {
    double squares = 0;
    for (int64_t units : history) {
      const double d = static_cast<double>(units) - out.history_mean;
      squares += d * d;
    }
    out.history_sd = std::sqrt(squares / (n - 1));
  }
  const std::size_t min_periods = static_cast<std::size_t>(std::max(2, params.min_history_periods));
  if (history.size() >= min_periods) {
    const double diff = static_cast<double>(product.current_units) - out.history_mean;
    if (out.history_sd > 0) {
      out.z = diff / out.history_sd;
    } else if (diff == 0) {
      out.z = 0.0;
    } else {
      out.z = diff > 0 ? std::numeric_limits<double>::infinity()
                       : -std::numeric_limits<double>::infinity();
    }
  }
  if (product.current_units <= 0 && product.had_stock) {
    out.movement = Movement::kSlow;
  } else if (!out.z.has_value()) {
    out.movement = Movement::kNoHistory;
  } else if (*out.z <= -params.slow_z) {
    out.movement = Movement::kSlow;
  } else if (*out.z >= params.hot_z) {
    out.movement = Movement::kHot;
  } else {
    out.movement = Movement::kNormal;
  }
  return out;
}

std::optional<double> DaysOfStockCover(int64_t available_units, int64_t units_sold_in_window,
                                       int window_days) {
  if (units_sold_in_window <= 0 || window_days < 1) return std::nullopt;
  if (available_units <= 0) return 0.0;
  return static_cast<double>(available_units) * static_cast<double>(window_days) /
         static_cast<double>(units_sold_in_window);
}

std::optional<double> SellThrough(int64_t units_sold, int64_t units_on_hand_at_end) {
  const double sold = static_cast<double>(std::max<int64_t>(units_sold, 0));
  const double on_hand = static_cast<double>(std::max<int64_t>(units_on_hand_at_end, 0));
  if (sold + on_hand == 0) return std::nullopt;
  return sold / (sold + on_hand);
}

}  // namespace sales::analytics::domain
