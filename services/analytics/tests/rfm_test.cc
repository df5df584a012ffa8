#include "services/analytics/src/domain/rfm.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <limits>
#include <map>
#include <random>
#include <set>
#include <string>
#include <vector>

namespace sales::analytics::domain {
namespace {

using S = RfmSegment;

std::string Id(int i) { return "c" + std::to_string(i); }

// Inputs c0..c(n-1) with the given values of one dimension; the other two all equal.
std::vector<RfmInput> WithFrequencies(const std::vector<int64_t>& frequencies) {
  std::vector<RfmInput> out;
  for (std::size_t i = 0; i < frequencies.size(); ++i) {
    out.push_back({Id(static_cast<int>(i)), 0, frequencies[i], 100});
  }
  return out;
}

std::vector<int> FScores(const std::vector<RfmScore>& scores) {
  std::vector<int> out;
  for (const RfmScore& s : scores) out.push_back(s.f);
  return out;
}

TEST(RfmScoreTest, DistinctValuesFallInQuintiles) {
  // Ten customers, recency 0..9 days, frequency 1..10, money 10..100. Score = 1 + floor(5 L /
  // 10) with L the number strictly worse: for frequency k, L = k - 1, so 1 1 2 2 3 3 4 4 5 5;
  // recency runs the other way (0 days is the best, L = 9 -> 5).
  std::vector<RfmInput> inputs;
  for (int i = 0; i < 10; ++i) inputs.push_back({Id(i), i, i + 1, 10 * (i + 1)});
  const std::vector<RfmScore> s = ScoreRfm(inputs);
  const std::vector<int> up = {1, 1, 2, 2, 3, 3, 4, 4, 5, 5};
  for (int i = 0; i < 10; ++i) {
    EXPECT_EQ(s[i].customer_id, Id(i));
    EXPECT_EQ(s[i].r, up[9 - i]) << i;
    EXPECT_EQ(s[i].f, up[i]) << i;
    EXPECT_EQ(s[i].m, up[i]) << i;
    EXPECT_EQ(s[i].fm, up[i]) << i;  // f == m
    EXPECT_EQ(s[i].monetary_minor, 10 * (i + 1));
    EXPECT_EQ(s[i].recency_days, i);
    EXPECT_EQ(s[i].frequency, i + 1);
  }
  // c0: R5 FM1 -> new; c9: R1 FM5 -> can't lose; c4: R3 FM3 -> need attention.
  EXPECT_EQ(s[0].segment, S::kNew);
  EXPECT_EQ(s[9].segment, S::kCantLose);
  EXPECT_EQ(s[4].segment, S::kNeedAttention);
}

TEST(RfmScoreTest, EqualValuesGetEqualScoresFromTheirLowestRank) {
  // All equal: nobody is strictly worse, all score 1.
  EXPECT_EQ(FScores(ScoreRfm(WithFrequencies({3, 3, 3, 3, 3, 3}))),
            (std::vector<int>{1, 1, 1, 1, 1, 1}));
  // Two values, half and half: the lower L = 0 -> 1; the higher L = 3 of 6 -> 1 + floor(2.5)
  // = 3.
  EXPECT_EQ(FScores(ScoreRfm(WithFrequencies({1, 2, 1, 2, 2, 1}))),
            (std::vector<int>{1, 3, 1, 3, 3, 1}));
  // Most buy once: six 1s (L = 0 -> 1), two 2s (L = 6 -> 1 + 3 = 4), a 3 (L = 8 -> 5) and
  // a 5 (L = 9 -> 5).
  EXPECT_EQ(FScores(ScoreRfm(WithFrequencies({1, 2, 1, 1, 3, 1, 5, 1, 2, 1}))),
            (std::vector<int>{1, 4, 1, 1, 5, 1, 5, 1, 4, 1}));
}

TEST(RfmScoreTest, FewerThanFiveCustomers) {
  // n = 1: 1. n = 2: L 0, 1 -> 1, 1 + floor(2.5) = 3. n = 3: 1, 1 + floor(5/3) = 2,
  // 1 + floor(10/3) = 4. n = 4: 1, 2, 3, 4.
  EXPECT_EQ(FScores(ScoreRfm(WithFrequencies({7}))), (std::vector<int>{1}));
  EXPECT_EQ(FScores(ScoreRfm(WithFrequencies({9, 4}))), (std::vector<int>{3, 1}));
  EXPECT_EQ(FScores(ScoreRfm(WithFrequencies({2, 1, 3}))), (std::vector<int>{2, 1, 4}));
  EXPECT_EQ(FScores(ScoreRfm(WithFrequencies({4, 3, 2, 1}))), (std::vector<int>{4, 3, 2, 1}));
  EXPECT_TRUE(ScoreRfm({}).empty());
}

TEST(RfmScoreTest, ScoresDoNotDependOnInputOrder) {
  std::mt19937_64 rng(7);
  std::vector<RfmInput> inputs;
  for (int i = 0; i < 500; ++i) {
    // Small ranges, so that there are many ties.
    inputs.push_back({Id(i), static_cast<int64_t>(rng() % 30), static_cast<int64_t>(rng() % 6 + 1),
                      static_cast<int64_t>(rng() % 50) * 100});
  }
  std::map<std::string, RfmScore> first;
  for (const RfmScore& s : ScoreRfm(inputs)) first[s.customer_id] = s;
  std::shuffle(inputs.begin(), inputs.end(), rng);
  const std::vector<RfmScore> second = ScoreRfm(inputs);
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    const RfmScore& a = first.at(second[i].customer_id);
    EXPECT_EQ(second[i].customer_id, inputs[i].customer_id);
    EXPECT_EQ(std::tie(a.r, a.f, a.m, a.segment),
              std::tie(second[i].r, second[i].f, second[i].m, second[i].segment));
  }
  // And equal values have equal scores.
  for (const RfmInput& x : inputs) {
    for (const RfmInput& y : inputs) {
      if (x.frequency == y.frequency) {
        ASSERT_EQ(first.at(x.customer_id).f, first.at(y.customer_id).f);
      }
    }
  }
}

TEST(RfmScoreTest, ManyDistinctCustomersSplitIntoExactQuintiles) {
  constexpr int kN = 200'000;
  std::vector<RfmInput> inputs(kN);
  std::mt19937_64 rng(11);
  // Money spread over the whole int64 range, negative included, in a shuffled order.
  std::vector<int64_t> money(kN);
  for (int i = 0; i < kN; ++i) money[i] = (int64_t{i} - kN / 2) * 46'116'860'184'273;
  std::shuffle(money.begin(), money.end(), rng);
  for (int i = 0; i < kN; ++i) inputs[i] = {Id(i), kN - i, i + 1, money[i]};
  const std::vector<RfmScore> scores = ScoreRfm(inputs);
  std::array<int, 6> r{}, f{}, m{};
  for (int i = 0; i < kN; ++i) {
    ++r[scores[i].r];
    ++f[scores[i].f];
    ++m[scores[i].m];
    // The rank of money[i] from the bottom is its position in the unshuffled order.
    const int64_t rank = money[i] / 46'116'860'184'273 + kN / 2;
    EXPECT_EQ(scores[i].m, 1 + 5 * rank / kN) << i;
  }
  for (int score = 1; score <= 5; ++score) {
    EXPECT_EQ(r[score], kN / 5);
    EXPECT_EQ(f[score], kN / 5);
    EXPECT_EQ(m[score], kN / 5);
  }
}

TEST(RfmScoreTest, ExtremeAndNegativeValuesOrderCorrectly) {
  // Money from the lowest int64 to the highest; recency 0 to a very old purchase.
  const std::vector<RfmInput> inputs = {
      {"a", 0, 1, std::numeric_limits<int64_t>::min()},
      {"b", 1, 1, -1},
      {"c", 1'000'000'000'000, 1, 0},
      {"d", 40'000, 1, int64_t{1} << 40},
      {"e", 2, 1, std::numeric_limits<int64_t>::max()},
  };
  const std::vector<RfmScore> s = ScoreRfm(inputs);
  // n = 5, distinct values: score = 1 + L.
  EXPECT_EQ(s[0].m, 1);
  EXPECT_EQ(s[1].m, 2);
  EXPECT_EQ(s[2].m, 3);
  EXPECT_EQ(s[3].m, 4);
  EXPECT_EQ(s[4].m, 5);
  // Recency: 0 days is best (5), then 1, 2, 40000 days, 10^12 days worst (1).
  EXPECT_EQ(s[0].r, 5);
  EXPECT_EQ(s[1].r, 4);
  EXPECT_EQ(s[4].r, 3);
  EXPECT_EQ(s[3].r, 2);
  EXPECT_EQ(s[2].r, 1);
}

TEST(RfmSegmentTest, TheGridAsDocumented) {
  // Rows R = 5 down to 1, columns FM = 1..5: the table of rfm.h.
  const std::array<std::array<RfmSegment, 5>, 5> expected = {{
      {S::kNew, S::kPotentialLoyalists, S::kPotentialLoyalists, S::kChampions, S::kChampions},
      {S::kPromising, S::kPotentialLoyalists, S::kLoyal, S::kChampions, S::kChampions},
      {S::kAboutToSleep, S::kNeedAttention, S::kNeedAttention, S::kLoyal, S::kLoyal},
      {S::kHibernating, S::kHibernating, S::kAtRisk, S::kAtRisk, S::kAtRisk},
      {S::kLost, S::kLost, S::kAtRisk, S::kCantLose, S::kCantLose},
  }};
  for (int r = 1; r <= 5; ++r) {
    for (int fm = 1; fm <= 5; ++fm) {
      EXPECT_EQ(SegmentOfCell(r, fm), expected[5 - r][fm - 1]) << "R" << r << " FM" << fm;
    }
  }
}

TEST(RfmSegmentTest, EveryCellHasOneSegmentInsideItsPublishedRangeAndAllElevenAreUsed) {
  // Putler's ranges (R from-to, FM from-to), the source the grid follows.
  struct Range {
    int r_lo, r_hi, fm_lo, fm_hi;
  };
  const std::map<RfmSegment, Range> putler = {
      {S::kChampions, {4, 5, 4, 5}},
      {S::kLoyal, {2, 5, 3, 5}},
      {S::kPotentialLoyalists, {3, 5, 1, 3}},
      {S::kNew, {4, 5, 1, 1}},
      {S::kPromising, {3, 4, 1, 1}},
      {S::kNeedAttention, {2, 3, 2, 3}},
      {S::kAboutToSleep, {2, 3, 1, 2}},
      {S::kAtRisk, {1, 2, 2, 5}},
      {S::kCantLose, {1, 1, 4, 5}},
      {S::kHibernating, {1, 2, 1, 2}},
      {S::kLost, {1, 2, 1, 2}},
  };
  std::map<RfmSegment, int> cells;
  for (int r = 1; r <= 5; ++r) {
    for (int fm = 1; fm <= 5; ++fm) {
      const RfmSegment s = SegmentOfCell(r, fm);
      ++cells[s];
      const Range& range = putler.at(s);
      EXPECT_TRUE(range.r_lo <= r && r <= range.r_hi && range.fm_lo <= fm && fm <= range.fm_hi)
          << RfmSegmentName(s) << " at R" << r << " FM" << fm;
    }
  }
  EXPECT_EQ(cells.size(), 11u);
  int total = 0;
  for (const auto& [segment, count] : cells) total += count;
  EXPECT_EQ(total, 25);
  std::set<std::string_view> names;
  for (RfmSegment s : kAllRfmSegments) names.insert(RfmSegmentName(s));
  EXPECT_EQ(names.size(), 11u);
}

TEST(RfmSegmentTest, FmIsTheMeanOfFAndMRoundedHalfUp) {
  EXPECT_EQ(SegmentOf(5, 4, 3), S::kChampions);  // FM 3.5 -> 4
  EXPECT_EQ(SegmentOf(5, 3, 4), S::kChampions);
  EXPECT_EQ(SegmentOf(5, 3, 2), S::kPotentialLoyalists);  // 2.5 -> 3
  EXPECT_EQ(SegmentOf(5, 1, 2), S::kPotentialLoyalists);  // 1.5 -> 2
  EXPECT_EQ(SegmentOf(5, 1, 1), S::kNew);
  EXPECT_EQ(SegmentOf(1, 5, 4), S::kCantLose);  // 4.5 -> 5
  EXPECT_EQ(SegmentOf(1, 2, 1), S::kLost);      // 1.5 -> 2
}

TEST(RfmSummaryTest, CustomersRevenueAndSharesPerSegment) {
  // Three champions (100 + 200 + 300), one lost (400), all other segments empty.
  std::vector<RfmScore> scores = {
      {"a", 5, 5, 5, 5, S::kChampions, 100},
      {"b", 5, 4, 4, 4, S::kChampions, 200},
      {"c", 4, 5, 4, 5, S::kChampions, 300},
      {"d", 1, 1, 1, 1, S::kLost, 400},
  };
  const std::vector<RfmSegmentSummary> summary = SummarizeSegments(scores);
  ASSERT_EQ(summary.size(), 11u);
  for (std::size_t i = 0; i < summary.size(); ++i)
    EXPECT_EQ(summary[i].segment, kAllRfmSegments[i]);
  const RfmSegmentSummary& champions = summary[static_cast<int>(S::kChampions)];
  EXPECT_EQ(champions.customers, 3);
  EXPECT_EQ(champions.revenue_minor, 600);
  EXPECT_DOUBLE_EQ(champions.customer_share, 0.75);
  EXPECT_DOUBLE_EQ(champions.revenue_share, 0.6);
  const RfmSegmentSummary& lost = summary[static_cast<int>(S::kLost)];
  EXPECT_EQ(lost.customers, 1);
  EXPECT_EQ(lost.revenue_minor, 400);
  EXPECT_DOUBLE_EQ(lost.revenue_share, 0.4);
  EXPECT_EQ(summary[static_cast<int>(S::kLoyal)].customers, 0);
  EXPECT_DOUBLE_EQ(summary[static_cast<int>(S::kLoyal)].customer_share, 0.0);
  // Revenue is exact in int64, past what a double holds exactly.
  scores = {{"a", 5, 5, 5, 5, S::kChampions, (int64_t{1} << 53) + 1},
            {"b", 5, 5, 5, 5, S::kChampions, 1}};
  EXPECT_EQ(SummarizeSegments(scores)[0].revenue_minor, (int64_t{1} << 53) + 2);
  // Nobody scored: every segment empty, shares 0.
  for (const RfmSegmentSummary& s : SummarizeSegments({})) {
    EXPECT_EQ(s.customers, 0);
    EXPECT_DOUBLE_EQ(s.customer_share, 0.0);
  }
}

TEST(RfmMovementsTest, MovesEntrantsAndLeaversAddUp) {
  const std::vector<RfmScore> before = {
      {"a", 5, 5, 5, 5, S::kChampions, 0},     {"b", 5, 5, 5, 5, S::kChampions, 0},
      {"c", 3, 3, 3, 3, S::kNeedAttention, 0}, {"d", 1, 1, 1, 1, S::kLost, 0},
      {"e", 4, 1, 1, 1, S::kPromising, 0},
  };
  const std::vector<RfmScore> after = {
      {"f", 5, 1, 1, 1, S::kNew, 0},    {"c", 3, 3, 3, 3, S::kNeedAttention, 0},
      {"b", 2, 5, 5, 5, S::kAtRisk, 0}, {"a", 5, 5, 5, 5, S::kChampions, 0},
      {"e", 4, 3, 2, 3, S::kLoyal, 0},
  };
  const RfmMovements m = SegmentMovements(before, after);
  auto at = [](S s) { return static_cast<std::size_t>(s); };
  // a stays a champion, b champion -> at risk, c stays, e promising -> loyal; d left (lost);
  // f entered (new).
  EXPECT_EQ(m.moved[at(S::kChampions)][at(S::kChampions)], 1);
  EXPECT_EQ(m.moved[at(S::kChampions)][at(S::kAtRisk)], 1);
  EXPECT_EQ(m.moved[at(S::kNeedAttention)][at(S::kNeedAttention)], 1);
  EXPECT_EQ(m.moved[at(S::kPromising)][at(S::kLoyal)], 1);
  EXPECT_EQ(m.left[at(S::kLost)], 1);
  EXPECT_EQ(m.entered[at(S::kNew)], 1);
  EXPECT_EQ(m.in_both, 4);
  int64_t moved = 0, entered = 0, left = 0;
  for (std::size_t i = 0; i < kRfmSegmentCount; ++i) {
    entered += m.entered[i];
    left += m.left[i];
    for (std::size_t j = 0; j < kRfmSegmentCount; ++j) moved += m.moved[i][j];
  }
  EXPECT_EQ(moved, 4);
  EXPECT_EQ(entered, 1);
  EXPECT_EQ(left, 1);
}

TEST(RfmMovementsTest, OnRandomScoringsTheMovesAddUpToTheCustomersInBoth) {
  std::mt19937_64 rng(3);
  auto scoring = [&rng](int from, int to) {
    std::vector<RfmInput> inputs;
    for (int i = from; i < to; ++i) {
      inputs.push_back({Id(i), static_cast<int64_t>(rng() % 365),
                        static_cast<int64_t>(rng() % 10 + 1), static_cast<int64_t>(rng() % 10000)});
    }
    std::shuffle(inputs.begin(), inputs.end(), rng);
    return ScoreRfm(inputs);
  };
  const std::vector<RfmScore> before = scoring(0, 3000);    // c0..c2999
  const std::vector<RfmScore> after = scoring(1000, 5000);  // c1000..c4999
  const RfmMovements m = SegmentMovements(before, after);
  int64_t moved = 0, entered = 0, left = 0;
  std::array<int64_t, kRfmSegmentCount> from_row{}, to_column{};
  for (std::size_t i = 0; i < kRfmSegmentCount; ++i) {
    entered += m.entered[i];
    left += m.left[i];
    for (std::size_t j = 0; j < kRfmSegmentCount; ++j) {
      moved += m.moved[i][j];
      from_row[i] += m.moved[i][j];
      to_column[j] += m.moved[i][j];
    }
  }
  EXPECT_EQ(moved, 2000);  // c1000..c2999
  EXPECT_EQ(m.in_both, 2000);
  EXPECT_EQ(entered, 2000);
  EXPECT_EQ(left, 1000);
  // Each earlier segment's customers either moved somewhere or left; each later segment's
  // came from somewhere or entered.
  const std::vector<RfmSegmentSummary> b = SummarizeSegments(before);
  const std::vector<RfmSegmentSummary> a = SummarizeSegments(after);
  for (std::size_t i = 0; i < kRfmSegmentCount; ++i) {
    EXPECT_EQ(from_row[i] + m.left[i], b[i].customers);
    EXPECT_EQ(to_column[i] + m.entered[i], a[i].customers);
  }
}

TEST(RfmMovementsTest, IdsAreMatchedExactlyOneToOne) {
  // Ids that share a prefix or differ only in case are different customers; an id given
  // twice on one side (the input should not, but if it does) is matched once and the other
  // copy counts as a leaver.
  const std::vector<RfmScore> before = {
      {"customers/1", 5, 5, 5, 5, S::kChampions, 0},
      {"customers/1", 1, 1, 1, 1, S::kLost, 0},
      {"Customers/2", 3, 3, 3, 3, S::kNeedAttention, 0},
  };
  const std::vector<RfmScore> after = {
      {"customers/1", 5, 5, 5, 5, S::kChampions, 0},
      {"customers/2", 5, 1, 1, 1, S::kNew, 0},
      {"customers/10", 5, 1, 1, 1, S::kNew, 0},
  };
  const RfmMovements m = SegmentMovements(before, after);
  EXPECT_EQ(m.in_both, 1);
  int64_t moved = 0, entered = 0, left = 0;
  for (std::size_t i = 0; i < kRfmSegmentCount; ++i) {
    entered += m.entered[i];
    left += m.left[i];
    for (std::size_t j = 0; j < kRfmSegmentCount; ++j) moved += m.moved[i][j];
  }
  EXPECT_EQ(moved, 1);
  EXPECT_EQ(entered, 2);  // customers/2 and customers/10
  EXPECT_EQ(left, 2);     // one copy of customers/1 and Customers/2
  EXPECT_EQ(m.entered[static_cast<std::size_t>(S::kNew)], 2);
  EXPECT_EQ(m.left[static_cast<std::size_t>(S::kNeedAttention)], 1);
}

TEST(RfmSummarizeTest, PurchaseDaysInTheWindowNetOfRefunds) {
  const absl::CivilDay first(2026, 1, 1);
  const absl::CivilDay as_of(2026, 3, 31);
  const std::vector<RfmOrder> orders = {
      // a: two orders on 10 March (one day), one on 1 February -> 2 days; 5000 + 3000 + 2000
      // - a 1000 refund carried in the amount; last day 10 March -> 21 days before as_of.
      {"a", absl::CivilDay(2026, 3, 10), 5000, false},
      {"a", absl::CivilDay(2026, 2, 1), 2000, false},
      {"a", absl::CivilDay(2026, 3, 10), 2000, false},  // 3000 less a 1000 refund
      // a: cancelled, and one after as_of: neither counts.
      {"a", absl::CivilDay(2026, 3, 30), 9999, true},
      {"a", absl::CivilDay(2026, 4, 1), 9999, false},
      // b: one order before the window and one on as_of (recency 0).
      {"b", absl::CivilDay(2025, 12, 31), 7777, false},
      {"b", absl::CivilDay(2026, 3, 31), 100, false},
      // c: bought only before the window: left out.
      {"c", absl::CivilDay(2025, 6, 1), 100, false},
      // d: fully refunded on the window's first day: still a purchase, worth 0.
      {"d", absl::CivilDay(2026, 1, 1), 0, false},
      // e: only a cancelled order: left out.
      {"e", absl::CivilDay(2026, 2, 2), 500, true},
  };
  const std::vector<RfmInput> in = SummarizeRfm(orders, first, as_of);
  ASSERT_EQ(in.size(), 3u);
  EXPECT_EQ(in[0].customer_id, "a");
  EXPECT_EQ(in[0].frequency, 2);
  EXPECT_EQ(in[0].monetary_minor, 9000);
  EXPECT_EQ(in[0].recency_days, 21);
  EXPECT_EQ(in[1].customer_id, "b");
  EXPECT_EQ(in[1].frequency, 1);
  EXPECT_EQ(in[1].monetary_minor, 100);
  EXPECT_EQ(in[1].recency_days, 0);
  EXPECT_EQ(in[2].customer_id, "d");
  EXPECT_EQ(in[2].frequency, 1);
  EXPECT_EQ(in[2].monetary_minor, 0);
  EXPECT_EQ(in[2].recency_days, 89);  // 1 January to 31 March 2026
}

}  // namespace
}  // namespace sales::analytics::domain
