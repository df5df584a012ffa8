// How well predicted probabilities of a binary outcome match what happened: AUC (the
// Mann-Whitney statistic), the Brier score and a reliability table by decile.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

namespace sales::analytics::domain {

// The share of (positive, negative) pairs whose positive has the higher prediction, ties
// counted half (Mann-Whitney U / (n1 n0)). nullopt without a positive or a negative.
std::optional<double> AreaUnderRoc(const std::vector<double>& predicted,
                                   const std::vector<int>& outcomes);

// Mean of (predicted - outcome)^2; 0 for no rows.
double BrierScore(const std::vector<double>& predicted, const std::vector<int>& outcomes);

struct ReliabilityGroup {
  int64_t count = 0;
  double mean_predicted = 0.0;
  double observed_rate = 0.0;
};

// The rows sorted by prediction (ties by their order) and cut into `groups` groups as equal
// in size as possible (group g holds positions [g n / groups, (g + 1) n / groups)); empty
// groups are left out.
std::vector<ReliabilityGroup> ReliabilityTable(const std::vector<double>& predicted,
                                               const std::vector<int>& outcomes, int groups = 10);

}  // namespace sales::analytics::domain
