#include "services/analytics/src/domain/member_ranking.h"

#include <algorithm>

namespace sales::analytics::domain {

MemberRanking RankMembers(std::vector<MemberRevenue> members, int limit) {
  std::erase_if(members, [](const MemberRevenue& m) {
    return m.revenue_minor == 0 && m.units == 0 && m.previous_revenue_minor == 0 &&
           m.previous_units == 0;
  });
  std::sort(members.begin(), members.end(), [](const MemberRevenue& a, const MemberRevenue& b) {
    return a.revenue_minor != b.revenue_minor ? a.revenue_minor > b.revenue_minor
                                              : a.member < b.member;
  });
  MemberRanking out;
  out.members = static_cast<int64_t>(members.size());
  for (const MemberRevenue& m : members) out.total_revenue_minor += m.revenue_minor;
  const size_t n = members.size();
  const size_t top = std::min(n, static_cast<size_t>(std::max(limit, 0)));
  out.top.assign(members.begin(), members.begin() + static_cast<std::ptrdiff_t>(top));
  const size_t bottom = std::min(n - top, static_cast<size_t>(std::max(limit, 0)));
  // The others, lowest revenue first, ties by name.
  std::vector<MemberRevenue> rest(members.begin() + static_cast<std::ptrdiff_t>(top),
                                  members.end());
  std::sort(rest.begin(), rest.end(), [](const MemberRevenue& a, const MemberRevenue& b) {
    return a.revenue_minor != b.revenue_minor ? a.revenue_minor < b.revenue_minor
                                              : a.member < b.member;
  });
  out.bottom.assign(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(bottom));
  return out;
}

std::optional<double> RevenueShare(int64_t revenue_minor, int64_t total_revenue_minor) {
  if (total_revenue_minor <= 0) return std::nullopt;
  return static_cast<double>(revenue_minor) / static_cast<double>(total_revenue_minor);
}

}  // namespace sales::analytics::domain
