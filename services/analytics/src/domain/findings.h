// Findings: the rules that turn a report's figures into the few facts a sales manager reads
// first ("category tea fell 30% week on week, mostly volume"; "12 champions are now at
// risk"). Each rule has a stated threshold; a finding carries the figures behind it, and
// finding_text.h words it. Pure: the caller gathers the figures.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "services/analytics/src/domain/measures.h"
#include "services/analytics/src/domain/member_ranking.h"
#include "services/analytics/src/domain/rfm.h"

namespace sales::analytics::domain {

// Company revenue changing by at least this fraction (either way) against the previous
// period, or the same period a year before, is a finding: 10% is the usual bar in a monthly
// sales review for a change worth a sentence.
inline constexpr double kRevenueChangeThreshold = 0.10;
// A member (category, channel, region, product, rep) changing by at least this fraction
// against the previous period is a finding: members move more than the whole, so the bar is
// higher than the company's.
inline constexpr double kMemberChangeThreshold = 0.25;
// ... but only members whose previous revenue was at least this share of the company's, in
// basis points (5%), so that a tiny product doubling from 1.00 to 2.00 is not news.
inline constexpr int64_t kMemberMinBaseShareBasisPoints = 500;
// At most this many member findings, the largest changes (in money) first.
inline constexpr int kMaxMemberFindings = 5;
// Gross margin moving by at least this many basis points of revenue (2 percentage points)
// against the previous period is a finding.
inline constexpr int64_t kMarginChangeBasisPoints = 200;
// At least this many customers moving from a valuable RFM segment into a slipping one is a
// finding (fewer is noise in any but the smallest business).
inline constexpr int64_t kMinMovedCustomers = 3;

enum class FindingKind {
  kRevenueChange,      // company revenue vs the previous period
  kRevenueChangeYear,  // company revenue vs the same period a year before
  kMemberChange,       // a member's revenue vs the previous period
  kMarginChange,       // gross margin % vs the previous period
  kSegmentMovement,    // customers slipping from a valuable RFM segment
};

enum class FindingDriver { kNone, kVolume, kPrice, kMix, kNewCustomers, kLostCustomers };

enum class FindingUnit { kMinorUnits, kBasisPoints, kCustomers };

// The revenue bridge's components (revenue_bridge.h), which add up to the change.
struct BridgeParts {
  int64_t new_customers_minor = 0;
  int64_t lost_customers_minor = 0;
  int64_t price_minor = 0;
  int64_t volume_minor = 0;
  int64_t mix_minor = 0;
};

// A member's figures and the dimension it belongs to.
struct DimensionMember {
  Dimension dimension = Dimension::kAll;
  MemberRevenue figures;
};

// Customers scored in `from` at the end of the previous period and in `to` at the end of
// this one; `from_before` is how many were in `from` then (for the share that moved).
struct SegmentMove {
  RfmSegment from = RfmSegment::kChampions;
  RfmSegment to = RfmSegment::kChampions;
  int64_t customers = 0;
  int64_t from_before = 0;
};

// What the rules read.
struct ReportFigures {
  int64_t revenue_minor = 0;
  int64_t previous_revenue_minor = 0;
  int64_t year_before_revenue_minor = 0;
  int64_t gross_margin_minor = 0;
  int64_t previous_gross_margin_minor = 0;
  BridgeParts bridge;  // previous period -> this one
  std::vector<DimensionMember> members;
  std::vector<SegmentMove> moves;
};

struct Finding {
  FindingKind kind = FindingKind::kRevenueChange;
  Dimension dimension = Dimension::kAll;  // of subject (kAll for company and segments)
  std::string subject;                    // a member, a segment name, or empty
  std::string to_subject;                 // the segment moved to (kSegmentMovement)
  bool up = false;                        // the figure rose (a movement is down)
  FindingUnit unit = FindingUnit::kMinorUnits;
  int64_t base_value = 0;
  int64_t current_value = 0;
  std::optional<double> change;  // (current - base) / |base|; none when base is 0
  FindingDriver driver = FindingDriver::kNone;
  int64_t driver_value = 0;  // the driver's part of the change, in unit
  friend bool operator==(const Finding&, const Finding&) = default;
};

// Gross margin as basis points of revenue, rounded half away from zero; none when revenue
// is not positive.
std::optional<int64_t> MarginBasisPoints(int64_t gross_margin_minor, int64_t revenue_minor);

// A member's change split into volume, (units - previous units) x previous price per unit
// rounded half away from zero, and price, the rest; none without previous units.
struct VolumePrice {
  int64_t volume_minor = 0;
  int64_t price_minor = 0;
};
std::optional<VolumePrice> SplitVolumePrice(const MemberRevenue& m);

// Whether moving from `from` to `to` is slipping from a valuable segment: from champions,
// loyal or can't lose into at risk, about to sleep, hibernating or lost; or from champions or
// loyal into can't lose.
bool IsSlipping(RfmSegment from, RfmSegment to);

// Every finding the figures meet, in this order: revenue vs previous, revenue vs year
// before, margin, members (largest money change first, at most kMaxMemberFindings), segment
// movements (most customers first).
std::vector<Finding> DeriveFindings(const ReportFigures& figures);

}  // namespace sales::analytics::domain
