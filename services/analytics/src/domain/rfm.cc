#include "services/analytics/src/domain/rfm.h"

#include <algorithm>
#include <cstddef>
#include <unordered_map>
#include <utility>

namespace sales::analytics::domain {
namespace {

using S = RfmSegment;

// kGrid[r - 1][fm - 1]: the table of rfm.h, rows R = 1 (top here) to 5.
constexpr std::array<std::array<RfmSegment, 5>, 5> kGrid = {{
    {S::kLost, S::kLost, S::kAtRisk, S::kCantLose, S::kCantLose},                             // R=1
    {S::kHibernating, S::kHibernating, S::kAtRisk, S::kAtRisk, S::kAtRisk},                   // R=2
    {S::kAboutToSleep, S::kNeedAttention, S::kNeedAttention, S::kLoyal, S::kLoyal},           // R=3
    {S::kPromising, S::kPotentialLoyalists, S::kLoyal, S::kChampions, S::kChampions},         // R=4
    {S::kNew, S::kPotentialLoyalists, S::kPotentialLoyalists, S::kChampions, S::kChampions},  // R=5
}};

int ClampScore(int score) { return std::clamp(score, 1, 5); }

// Scores of one dimension: 1 + floor(5 L / n), L = the number of values strictly worse.
// `better_is_larger` false for recency days (fewer is better). Writes the score of input i
// into the member `score` of scores[i].
void ScoreDimension(std::vector<std::pair<int64_t, uint32_t>>& keyed, bool better_is_larger,
                    std::vector<RfmScore>& scores, int RfmScore::*score) {
  if (better_is_larger) {
    std::sort(keyed.begin(), keyed.end());
  } else {
    std::sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) {
      return a.first != b.first ? a.first > b.first : a.second < b.second;
    });
  }
  const auto n = static_cast<int64_t>(keyed.size());
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    if (keyed[i].first != keyed[run_start].first) run_start = i;
    scores[keyed[i].second].*score = 1 + static_cast<int>(5 * static_cast<int64_t>(run_start) / n);
  }
}

std::size_t Index(RfmSegment segment) { return static_cast<std::size_t>(segment); }

}  // namespace

std::string_view RfmSegmentName(RfmSegment segment) {
  switch (segment) {
    case S::kChampions:
      return "champions";
    case S::kLoyal:
      return "loyal";
    case S::kPotentialLoyalists:
      return "potential_loyalists";
    case S::kNew:
      return "new";
    case S::kPromising:
      return "promising";
    case S::kNeedAttention:
      return "need_attention";
    case S::kAboutToSleep:
      return "about_to_sleep";
    case S::kAtRisk:
      return "at_risk";
    case S::kCantLose:
      return "cant_lose";
    case S::kHibernating:
      return "hibernating";
    case S::kLost:
      return "lost";
  }
  return "lost";
}

std::vector<RfmInput> SummarizeRfm(const std::vector<RfmOrder>& orders,
                                   absl::CivilDay window_first_day, absl::CivilDay as_of_day) {
  std::vector<const RfmOrder*> in_window;
  for (const RfmOrder& o : orders) {
    if (!o.cancelled && o.day >= window_first_day && o.day <= as_of_day) in_window.push_back(&o);
  }
  std::sort(in_window.begin(), in_window.end(), [](const RfmOrder* a, const RfmOrder* b) {
    return a->customer_id != b->customer_id ? a->customer_id < b->customer_id : a->day < b->day;
  });
  std::vector<RfmInput> out;
  for (std::size_t i = 0; i < in_window.size();) {
    RfmInput input;
    input.customer_id = in_window[i]->customer_id;
    absl::CivilDay last_day = in_window[i]->day;
    input.frequency = 1;
    for (; i < in_window.size() && in_window[i]->customer_id == input.customer_id; ++i) {
      if (in_window[i]->day != last_day) {
        ++input.frequency;
        last_day = in_window[i]->day;
      }
      input.monetary_minor += in_window[i]->amount_minor;
    }
    input.recency_days = as_of_day - last_day;
    out.push_back(std::move(input));
  }
  return out;
}

RfmSegment SegmentOfCell(int r, int fm) {
  return kGrid[static_cast<std::size_t>(ClampScore(r) - 1)]
              [static_cast<std::size_t>(ClampScore(fm) - 1)];
}

RfmSegment SegmentOf(int r, int f, int m) {
  return SegmentOfCell(r, (ClampScore(f) + ClampScore(m) + 1) / 2);
}

std::vector<RfmScore> ScoreRfm(std::vector<RfmInput> inputs) {
  const std::size_t n = inputs.size();
  std::vector<RfmScore> out(n);
  std::vector<std::pair<int64_t, uint32_t>> keyed(n);
  for (std::size_t i = 0; i < n; ++i) keyed[i] = {inputs[i].recency_days, static_cast<uint32_t>(i)};
  ScoreDimension(keyed, /*better_is_larger=*/false, out, &RfmScore::r);
  for (std::size_t i = 0; i < n; ++i) keyed[i] = {inputs[i].frequency, static_cast<uint32_t>(i)};
  ScoreDimension(keyed, /*better_is_larger=*/true, out, &RfmScore::f);
  for (std::size_t i = 0; i < n; ++i) {
    keyed[i] = {inputs[i].monetary_minor, static_cast<uint32_t>(i)};
  }
  ScoreDimension(keyed, /*better_is_larger=*/true, out, &RfmScore::m);
  for (std::size_t i = 0; i < n; ++i) {
    RfmScore& s = out[i];
    s.customer_id = std::move(inputs[i].customer_id);
    s.fm = (s.f + s.m + 1) / 2;
    s.segment = SegmentOfCell(s.r, s.fm);
    s.monetary_minor = inputs[i].monetary_minor;
  }
  return out;
}

std::vector<RfmSegmentSummary> SummarizeSegments(const std::vector<RfmScore>& scores) {
  std::vector<RfmSegmentSummary> out;
  for (RfmSegment segment : kAllRfmSegments) out.push_back({.segment = segment});
  int64_t total_revenue = 0;
  for (const RfmScore& s : scores) {
    RfmSegmentSummary& summary = out[Index(s.segment)];
    ++summary.customers;
    summary.revenue_minor += s.monetary_minor;
    total_revenue += s.monetary_minor;
  }
  for (RfmSegmentSummary& summary : out) {
    if (!scores.empty()) {
      summary.customer_share =
          static_cast<double>(summary.customers) / static_cast<double>(scores.size());
    }
    if (total_revenue != 0) {
      summary.revenue_share =
          static_cast<double>(summary.revenue_minor) / static_cast<double>(total_revenue);
    }
  }
  return out;
}

RfmMovements SegmentMovements(const std::vector<RfmScore>& before,
                              const std::vector<RfmScore>& after) {
  std::unordered_map<std::string_view, RfmSegment> earlier;
  earlier.reserve(before.size());
  for (const RfmScore& s : before) earlier.emplace(s.customer_id, s.segment);
  RfmMovements out;
  std::array<int64_t, kRfmSegmentCount> stayed_from{};
  for (const RfmScore& s : after) {
    const auto it = earlier.find(s.customer_id);
    if (it == earlier.end()) {
      ++out.entered[Index(s.segment)];
    } else {
      ++out.moved[Index(it->second)][Index(s.segment)];
      ++stayed_from[Index(it->second)];
      ++out.in_both;
    }
  }
  // Whoever was scored before and is not in `after` left.
  for (const auto& [customer_id, segment] : earlier) ++out.left[Index(segment)];
  for (std::size_t i = 0; i < kRfmSegmentCount; ++i) out.left[i] -= stayed_from[i];
  return out;
}

}  // namespace sales::analytics::domain
