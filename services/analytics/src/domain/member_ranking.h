// Members of a dimension (products, reps, channels, categories, regions) ranked by revenue
// in a period, with their figures of the period before: the top and bottom of a report.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sales::analytics::domain {

// One member's revenue (net of discounts and refunds) and net units (sold minus returned)
// in a period and in the one before.
struct MemberRevenue {
  std::string member;
  int64_t revenue_minor = 0;
  int64_t units = 0;
  int64_t previous_revenue_minor = 0;
  int64_t previous_units = 0;
  friend bool operator==(const MemberRevenue&, const MemberRevenue&) = default;
};

struct MemberRanking {
  // Highest revenue first; ties by member name.
  std::vector<MemberRevenue> top;
  // Lowest revenue first; ties by member name; none of them in top.
  std::vector<MemberRevenue> bottom;
  // The members counted (those with a nonzero figure in either period).
  int64_t members = 0;
  // The sum of every counted member's revenue in the period.
  int64_t total_revenue_minor = 0;
};

// Ranks `members`, leaving out those whose four figures are all 0: at most `limit` in top
// and at most `limit` in bottom (so with at most 2 x limit members, all of them appear).
MemberRanking RankMembers(std::vector<MemberRevenue> members, int limit);

// revenue / total as a fraction; none when total is not positive.
std::optional<double> RevenueShare(int64_t revenue_minor, int64_t total_revenue_minor);

}  // namespace sales::analytics::domain
