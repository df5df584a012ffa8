#include "services/analytics/src/domain/classification_metrics.h"

#include <algorithm>
#include <numeric>

namespace sales::analytics::domain {
namespace {

std::vector<size_t> SortedByPrediction(const std::vector<double>& predicted) {
  std::vector<size_t> order(predicted.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return predicted[a] < predicted[b]; });
  return order;
}

}  // namespace

std::optional<double> AreaUnderRoc(const std::vector<double>& predicted,
                                   const std::vector<int>& outcomes) {
  const std::vector<size_t> order = SortedByPrediction(predicted);
  // Ranks 1..n, tied predictions sharing their average rank: the rank-sum form of U counts
  // a tied (positive, negative) pair as half.
  double positive_rank_sum = 0.0;
  double positives = 0.0;
  size_t i = 0;
  while (i < order.size()) {
    size_t j = i;
    while (j < order.size() && predicted[order[j]] == predicted[order[i]]) ++j;
    const double average_rank = (static_cast<double>(i + 1) + static_cast<double>(j)) / 2.0;
    for (size_t k = i; k < j; ++k) {
      if (outcomes[order[k]] == 1) {
        positive_rank_sum += average_rank;
        positives += 1.0;
      }
    }
    i = j;
  }
  const double negatives = static_cast<double>(order.size()) - positives;
  if (positives == 0.0 || negatives == 0.0) return std::nullopt;
  const double u = positive_rank_sum - positives * (positives + 1.0) / 2.0;
  return u / (positives * negatives);
}

double BrierScore(const std::vector<double>& predicted, const std::vector<int>& outcomes) {
  if (predicted.empty()) return 0.0;
  double sum = 0.0;
  for (size_t i = 0; i < predicted.size(); ++i) {
    const double d = predicted[i] - outcomes[i];
    sum += d * d;
  }
  return sum / static_cast<double>(predicted.size());
}

std::vector<ReliabilityGroup> ReliabilityTable(const std::vector<double>& predicted,
                                               const std::vector<int>& outcomes, int groups) {
  const std::vector<size_t> order = SortedByPrediction(predicted);
  const size_t n = order.size();
  std::vector<ReliabilityGroup> table;
  for (int g = 0; g < groups; ++g) {
    const size_t begin = n * static_cast<size_t>(g) / static_cast<size_t>(groups);
    const size_t end = n * static_cast<size_t>(g + 1) / static_cast<size_t>(groups);
    if (begin == end) continue;
    ReliabilityGroup group;
    double predicted_sum = 0.0;
    double won = 0.0;
    for (size_t k = begin; k < end; ++k) {
      predicted_sum += predicted[order[k]];
      won += outcomes[order[k]];
    }
    group.count = static_cast<int64_t>(end - begin);
    group.mean_predicted = predicted_sum / static_cast<double>(group.count);
    group.observed_rate = won / static_cast<double>(group.count);
    table.push_back(group);
  }
  return table;
}

}  // namespace sales::analytics::domain
