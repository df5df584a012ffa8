#include "services/incentives/src/domain/leaderboard.h"

#include <algorithm>

#include "services/incentives/src/domain/attainment.h"

namespace sales::incentives::domain {

std::vector<Placing> RankCompetition(const std::vector<Score>& scores) {
  std::vector<size_t> order(scores.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  auto compare = [&](size_t a, size_t b) {
    const Score& x = scores[a];
    const Score& y = scores[b];
    return CompareRatios(x.numerator, x.denominator, y.numerator, y.denominator);
  };
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Score& x = scores[a];
    const Score& y = scores[b];
    if (x.ranked != y.ranked) return x.ranked;
    if (x.ranked) {
      const int c = compare(a, b);
      if (c != 0) return c > 0;
    }
    return x.key < y.key;
  });
  std::vector<Placing> placings;
  placings.reserve(order.size());
  for (size_t pos = 0; pos < order.size(); ++pos) {
    Placing p;
    p.index = order[pos];
    if (scores[p.index].ranked) {
      const bool same_as_before = pos > 0 && compare(order[pos - 1], p.index) == 0;
      p.rank = same_as_before ? placings.back().rank : static_cast<int>(pos) + 1;
      if (same_as_before) {
        p.tied = true;
        placings.back().tied = true;
      }
    }
    placings.push_back(p);
  }
  return placings;
}

std::vector<size_t> Winners(const std::vector<Score>& scores) {
  std::vector<size_t> winners;
  for (const Placing& p : RankCompetition(scores)) {
    if (p.rank != 1) break;
    if (scores[p.index].numerator > 0) winners.push_back(p.index);
  }
  return winners;
}

}  // namespace sales::incentives::domain
