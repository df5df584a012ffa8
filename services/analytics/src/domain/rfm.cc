#include "services/analytics/src/domain/rfm.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <functional>
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

// An input's value of one dimension as an unsigned key that orders from the worst value to
// the best, with the input's index.
using Keyed = std::pair<uint64_t, uint32_t>;

uint64_t WorstFirstKey(int64_t value, bool better_is_larger) {
  // Flipping the sign bit orders int64 values as unsigned; complementing reverses them.
  const uint64_t ascending = static_cast<uint64_t>(value) ^ (uint64_t{1} << 63);
  return better_is_larger ? ascending : ~ascending;
}

// Sorts by key, stably (equal keys keep their order), with a least-significant-digit radix
// sort over 16-bit digits, skipping the digits on which all keys agree: a day count or a
// purchase count takes one pass, money two or three. O(n) per pass. `buffer` is scratch
// space, kept by the caller so that several sorts reuse it.
void RadixSortByKey(std::vector<Keyed>& keyed, std::vector<Keyed>& buffer) {
  if (keyed.empty()) return;
  uint64_t varying = 0;
  for (const Keyed& k : keyed) varying |= k.first ^ keyed.front().first;
  buffer.resize(keyed.size());
  std::vector<uint32_t> offsets(std::size_t{1} << 16);
  for (int shift = 0; shift < 64; shift += 16) {
    if (((varying >> shift) & 0xFFFF) == 0) continue;
    std::fill(offsets.begin(), offsets.end(), 0);
    for (const Keyed& k : keyed) ++offsets[(k.first >> shift) & 0xFFFF];
    uint32_t sum = 0;
    for (uint32_t& offset : offsets) sum += std::exchange(offset, sum);
    for (const Keyed& k : keyed) buffer[offsets[(k.first >> shift) & 0xFFFF]++] = k;
    keyed.swap(buffer);
  }
}

// The three scores of each input, kept compact (3 bytes an input) while the dimensions are
// scored one after the other in random order of the inputs.
using ScoreTriple = std::array<uint8_t, 3>;

// Scores of one dimension: 1 + floor(5 L / n), L = the number of values strictly worse.
// `keyed` holds WorstFirstKey of each input's value; writes the score of input i into
// scores[i][dimension].
void ScoreDimension(std::vector<Keyed>& keyed, std::vector<Keyed>& buffer,
                    std::vector<ScoreTriple>& scores, std::size_t dimension) {
  RadixSortByKey(keyed, buffer);
  const auto n = static_cast<int64_t>(keyed.size());
  std::size_t run_start = 0;
  for (std::size_t i = 0; i < keyed.size(); ++i) {
    if (keyed[i].first != keyed[run_start].first) run_start = i;
    scores[keyed[i].second][dimension] =
        static_cast<uint8_t>(1 + 5 * static_cast<int64_t>(run_start) / n);
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

std::optional<RfmSegment> ParseRfmSegment(std::string_view name) {
  for (RfmSegment segment : kAllRfmSegments) {
    if (RfmSegmentName(segment) == name) return segment;
  }
  return std::nullopt;
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
  std::vector<ScoreTriple> scores(n);
  std::vector<Keyed> keyed(n), buffer;
  // Recency: more days is worse.
  for (std::size_t i = 0; i < n; ++i) {
    keyed[i] = {WorstFirstKey(inputs[i].recency_days, /*better_is_larger=*/false),
                static_cast<uint32_t>(i)};
  }
  ScoreDimension(keyed, buffer, scores, 0);
  for (std::size_t i = 0; i < n; ++i) {
    keyed[i] = {WorstFirstKey(inputs[i].frequency, /*better_is_larger=*/true),
                static_cast<uint32_t>(i)};
  }
  ScoreDimension(keyed, buffer, scores, 1);
  for (std::size_t i = 0; i < n; ++i) {
    keyed[i] = {WorstFirstKey(inputs[i].monetary_minor, /*better_is_larger=*/true),
                static_cast<uint32_t>(i)};
  }
  ScoreDimension(keyed, buffer, scores, 2);
  std::vector<RfmScore> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) {
    RfmScore& s = out.emplace_back();
    s.customer_id = std::move(inputs[i].customer_id);
    s.r = scores[i][0];
    s.f = scores[i][1];
    s.m = scores[i][2];
    s.fm = (s.f + s.m + 1) / 2;
    s.segment = SegmentOfCell(s.r, s.fm);
    s.monetary_minor = inputs[i].monetary_minor;
    s.recency_days = inputs[i].recency_days;
    s.frequency = inputs[i].frequency;
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
  // Both sides sorted by the hash of the customer id; customers are matched within runs of
  // equal hashes by comparing their ids, so a collision never merges two customers.
  auto by_hash = [](const std::vector<RfmScore>& scores) {
    std::vector<Keyed> keyed(scores.size());
    for (std::size_t i = 0; i < scores.size(); ++i) {
      keyed[i] = {std::hash<std::string_view>{}(scores[i].customer_id), static_cast<uint32_t>(i)};
    }
    std::vector<Keyed> buffer;
    RadixSortByKey(keyed, buffer);
    return keyed;
  };
  const std::vector<Keyed> b = by_hash(before);
  const std::vector<Keyed> a = by_hash(after);
  RfmMovements out;
  std::size_t i = 0, j = 0;
  std::vector<bool> matched;
  while (i < b.size() || j < a.size()) {
    if (j == a.size() || (i < b.size() && b[i].first < a[j].first)) {
      ++out.left[Index(before[b[i++].second].segment)];
      continue;
    }
    if (i == b.size() || a[j].first < b[i].first) {
      ++out.entered[Index(after[a[j++].second].segment)];
      continue;
    }
    // A run of equal hashes on both sides (almost always one customer each).
    const uint64_t hash = b[i].first;
    std::size_t b_end = i, a_end = j;
    while (b_end < b.size() && b[b_end].first == hash) ++b_end;
    while (a_end < a.size() && a[a_end].first == hash) ++a_end;
    matched.assign(b_end - i, false);
    for (std::size_t y = j; y < a_end; ++y) {
      const RfmScore& now = after[a[y].second];
      bool found = false;
      for (std::size_t x = i; x < b_end && !found; ++x) {
        const RfmScore& then = before[b[x].second];
        if (!matched[x - i] && then.customer_id == now.customer_id) {
          matched[x - i] = found = true;
          ++out.moved[Index(then.segment)][Index(now.segment)];
          ++out.in_both;
        }
      }
      if (!found) ++out.entered[Index(now.segment)];
    }
    for (std::size_t x = i; x < b_end; ++x) {
      if (!matched[x - i]) ++out.left[Index(before[b[x].second].segment)];
    }
    i = b_end;
    j = a_end;
  }
  return out;
}

}  // namespace sales::analytics::domain
