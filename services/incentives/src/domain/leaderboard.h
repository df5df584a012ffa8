// Leaderboards and honours: competition ranking ("1224") of scores that are plain figures
// or exact ratios, and the winners of an honour (everyone tied at the top).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace sales::incentives::domain {

// A contender's score: numerator / denominator (denominator 1 for a plain figure). Only
// `ranked` scores take part in the ranking; the others come last, unranked.
struct Score {
  std::string key;  // ties are listed by key; also the unranked order
  int64_t numerator = 0;
  int64_t denominator = 1;  // above 0 when ranked
  bool ranked = true;
};

struct Placing {
  size_t index = 0;  // into the scores given
  int rank = 0;      // 1-based competition rank; 0 when unranked
  bool tied = false;
};

// The scores from the highest down (equal scores by key), each with its competition rank:
// equal scores share a rank and the next rank skips as many places (1, 2, 2, 4). Unranked
// scores follow, by key, with rank 0. Ratios are compared exactly, not rounded.
std::vector<Placing> RankCompetition(const std::vector<Score>& scores);

// The indexes of the scores at rank 1 whose numerator is above 0 (nobody wins with nothing),
// in ranking order: every contender tied at the top wins.
std::vector<size_t> Winners(const std::vector<Score>& scores);

}  // namespace sales::incentives::domain
