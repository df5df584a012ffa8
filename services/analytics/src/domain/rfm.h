// RFM analysis: each customer who bought in an analysis window ending at `as_of` is scored
// 1-5 on recency (R), frequency (F) and monetary value (M) by quintiles, and placed in one of
// eleven named segments; then counts and revenue per segment, and the movements of customers
// between segments from one scoring to the next.
//
// Inputs (SummarizeRfm builds them from orders):
// - recency: whole days in the business time zone from the day of the last purchase to the
//   day of `as_of` (0 when the customer bought on that day);
// - frequency: the days with a purchase in the window: orders on the same day count once,
//   as in purchase_history.h (a basket split into several orders is one purchase); cancelled
//   orders do not count;
// - monetary: the sum of the window's orders net of refunds, in minor units (it may be 0
//   for a customer whose purchases were all refunded; they still bought in the window).
// Customers with no purchase in the window are left out: they have no recency in it, and
// scoring them would push every customer who did buy up the scale.
//
// Scores, for n scored customers: the score of a value is
//   1 + floor(5 L / n),  L = the number of customers whose value is strictly worse,
// where worse means more days since the last purchase for R, fewer purchase days for F and
// less money for M. In SQL terms: 1 + FLOOR(5 * (RANK() OVER (ORDER BY v) - 1) /
// COUNT(*) OVER ()), with v ordered from worst to best. For distinct values and n a multiple of 5
// these are exact quintiles (n/5 customers per score). Equal values always get equal scores, and
// the scores do not depend on the order of the input; a tie takes the score of its lowest rank, so
// a large tie at the bottom (most customers buy once) stays at the bottom, bins may be unequal and
// some scores unused: all values equal all score 1; two values, half and half, score 1 and 3; a
// single customer scores 1. This departs from pandas `qcut` on ranks, which splits equal values
// across bins by their order in the input.
//
// FM = the mean of F and M rounded half up: (F + M + 1) / 2 in integers, so 4.5 -> 5.
//
// Segments over R (rows) x FM (columns); every cell holds exactly one segment:
//
//        FM=1            FM=2                 FM=3                 FM=4        FM=5
//   R=5  new             potential loyalists  potential loyalists  champions   champions
//   R=4  promising       potential loyalists  loyal                champions   champions
//   R=3  about to sleep  need attention       need attention       loyal       loyal
//   R=2  hibernating     hibernating          at risk              at risk     at risk
//   R=1  lost            lost                 at risk              can't lose  can't lose
//
// The source is Putler's RFM segment table ("RFM Analysis For Successful Customer
// Segmentation", putler.com), copied by many tools with F and M collapsed into one FM score
// (e.g. churned.io's RFM model): champions R 4-5 FM 4-5; loyal R 2-5 FM 3-5; potential
// loyalists R 3-5 FM 1-3; new R 4-5 FM 1; promising R 3-4 FM 1; need attention R 2-3 FM 2-3;
// about to sleep R 2-3 FM 1-2; at risk R 1-2 FM 2-5; can't lose R 1 FM 4-5; hibernating
// R 1-2 FM 1-2; lost R 1-2 FM 1-2. Those ranges overlap (loyal covers champions;
// hibernating and lost are the same range), so they do not say which segment a cell is.
// Every cell of the grid lies inside its segment's published range; the choices among
// overlapping ranges are this grid's own, and its only departure from the source: champions
// and can't lose keep their whole ranges; new and promising take FM 1 at R 5 and R 4; lost
// takes R 1 and hibernating R 2 of their shared range; at R 3 about to sleep takes FM 1 and
// need attention FM 2-3; at risk takes R 2 at FM 3-5 and R 1 at FM 3; loyal takes R 4 FM 3
// and R 3 FM 4-5; potential loyalists the rest of R 4-5 at FM 2-3.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"

namespace sales::analytics::domain {

enum class RfmSegment {
  kChampions,
  kLoyal,
  kPotentialLoyalists,
  kNew,
  kPromising,
  kNeedAttention,
  kAboutToSleep,
  kAtRisk,
  kCantLose,
  kHibernating,
  kLost,
};

inline constexpr int kRfmSegmentCount = 11;

// Every segment, in the order of the enum (the order of answers and reports).
inline constexpr std::array<RfmSegment, kRfmSegmentCount> kAllRfmSegments = {
    RfmSegment::kChampions,    RfmSegment::kLoyal,     RfmSegment::kPotentialLoyalists,
    RfmSegment::kNew,          RfmSegment::kPromising, RfmSegment::kNeedAttention,
    RfmSegment::kAboutToSleep, RfmSegment::kAtRisk,    RfmSegment::kCantLose,
    RfmSegment::kHibernating,  RfmSegment::kLost,
};

// "champions", "loyal", "potential_loyalists", "new", "promising", "need_attention",
// "about_to_sleep", "at_risk", "cant_lose", "hibernating", "lost".
std::string_view RfmSegmentName(RfmSegment segment);
// The segment named `name` (as RfmSegmentName writes it); none for any other text.
std::optional<RfmSegment> ParseRfmSegment(std::string_view name);

// One order as RFM reads it.
struct RfmOrder {
  std::string customer_id;
  absl::CivilDay day;        // in the business time zone
  int64_t amount_minor = 0;  // net of refunds
  bool cancelled = false;    // cancelled orders are not purchases
};

// One customer's purchases in the window.
struct RfmInput {
  std::string customer_id;
  int64_t recency_days = 0;  // days from the last purchase day to the as_of day, >= 0
  int64_t frequency = 0;     // days with a purchase in the window, >= 1
  int64_t monetary_minor = 0;
};

// One input per customer with a purchase (a non-cancelled order) in the window
// [window_first_day, as_of_day], both inclusive, ordered by customer_id.
std::vector<RfmInput> SummarizeRfm(const std::vector<RfmOrder>& orders,
                                   absl::CivilDay window_first_day, absl::CivilDay as_of_day);

struct RfmScore {
  std::string customer_id;
  int r = 0;   // 1-5
  int f = 0;   // 1-5
  int m = 0;   // 1-5
  int fm = 0;  // 1-5, (f + m + 1) / 2
  RfmSegment segment = RfmSegment::kLost;
  int64_t monetary_minor = 0;  // the input's, for revenue per segment
  int64_t recency_days = 0;    // the input's
  int64_t frequency = 0;       // the input's
};

// The segment of a score triple (each 1-5; values outside are clamped into 1-5).
RfmSegment SegmentOf(int r, int f, int m);
// The segment of a cell of the grid above (each 1-5; clamped likewise).
RfmSegment SegmentOfCell(int r, int fm);

// Scores every input, in input order. Expects one input per customer. O(n): three radix
// sorts of n (value, index) pairs. Takes the inputs by value and moves the customer ids into
// the scores: pass them with std::move when they are not needed afterwards, which spares a
// copy of every id (at a million customers, that copy costs more than the scoring).
std::vector<RfmScore> ScoreRfm(std::vector<RfmInput> inputs);

struct RfmSegmentSummary {
  RfmSegment segment = RfmSegment::kLost;
  int64_t customers = 0;
  int64_t revenue_minor = 0;  // exact sum of the customers' monetary values
  double customer_share = 0;  // customers / all scored customers; 0 when none
  double revenue_share = 0;   // revenue / all revenue; 0 when all revenue is 0
};

// One summary per segment, in kAllRfmSegments order, empty segments included.
std::vector<RfmSegmentSummary> SummarizeSegments(const std::vector<RfmScore>& scores);

// Movements between an earlier scoring and a later one, matched by customer_id.
struct RfmMovements {
  // moved[from][to]: customers scored in both, by earlier and later segment (indices are
  // the enum's values); the diagonal holds those who stayed.
  std::array<std::array<int64_t, kRfmSegmentCount>, kRfmSegmentCount> moved{};
  // Customers only in the later scoring, by their segment there (new entrants).
  std::array<int64_t, kRfmSegmentCount> entered{};
  // Customers only in the earlier scoring, by their segment there (they bought nothing in
  // the later window).
  std::array<int64_t, kRfmSegmentCount> left{};
  int64_t in_both = 0;  // the sum of moved
};

// O(n): both sides radix-sorted by the hash of the customer id, then merged.
RfmMovements SegmentMovements(const std::vector<RfmScore>& before,
                              const std::vector<RfmScore>& after);

}  // namespace sales::analytics::domain
