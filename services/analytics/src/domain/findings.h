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
// A day outside the forecast's 95% interval is a finding when its revenue is also at least
// this fraction away from the expected revenue (either way): on a quiet day a small sum can
// leave a narrow interval, and a manager wants the days that moved the period.
inline constexpr double kAnomalyMinDeviation = 0.20;
// At most this many anomaly findings, the largest deviations (in money) first.
inline constexpr int kMaxAnomalyFindings = 5;
// A hot product (z >= 2 against its own history) is a finding when it also sold at least
// this many times its mean units per previous period: a steady seller whose units barely
// vary can be "hot" by one unit.
inline constexpr double kHotProductMinRatio = 1.5;
// A slow product is a finding only when its mean units per previous period were at least
// this many: a product that sold one unit in eight periods is not news when it sells none.
inline constexpr double kSlowProductMinMeanUnits = 1.0;
// At most this many hot, and as many slow, product findings.
inline constexpr int kMaxProductFindings = 5;
// Stock that lasts fewer than this many days at the recent rate is a finding: two weeks is a
// usual replenishment lead time.
inline constexpr double kLowStockCoverDays = 14.0;
// The days of sales the stock cover is computed from, ending with the period's last day.
inline constexpr int kStockCoverWindowDays = 28;

enum class FindingKind {
  kRevenueChange,      // company revenue vs the previous period
  kRevenueChangeYear,  // company revenue vs the same period a year before
  kMemberChange,       // a member's revenue vs the previous period
  kMarginChange,       // gross margin % vs the previous period
  kSegmentMovement,    // customers slipping from a valuable RFM segment
  kRevenueAnomaly,     // a day's revenue outside the forecast's interval
  kHotProduct,         // a product selling well above its own history
  kSlowProduct,        // a product selling well below its own history
  kLowStockCover,      // a product whose stock runs out soon at its recent rate
};

enum class FindingDriver { kNone, kVolume, kPrice, kMix, kNewCustomers, kLostCustomers };

enum class FindingUnit { kMinorUnits, kBasisPoints, kCustomers, kUnits };

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

// A day of the period whose revenue fell outside the forecast's interval.
struct DayAnomaly {
  std::string day;  // "YYYY-MM-DD"
  double actual = 0;
  double expected = 0;  // the point forecast
  bool above = false;   // above the upper bound (else below the lower one)
};

// A product hot or slow against its own history (product_stats.h ClassifyMover).
struct ProductMove {
  std::string product;
  bool hot = false;  // hot, else slow
  int64_t units = 0;
  double history_mean = 0;  // mean units per previous period
};

// A product's stock cover (product_stats.h DaysOfStockCover), when it sold in the window.
struct StockCover {
  std::string product;
  int64_t available_units = 0;
  int64_t units_sold_in_window = 0;
  double days_of_cover = 0;
};

// Why a section of the report (the forecast, the anomalies) holds no figures.
enum class SectionGap {
  kNoSales,           // the history holds no sale at all
  kHistoryTooShort,   // too few periods from the first sale to fit a model and backtest it
  kPeriodIncomplete,  // the report's period has not ended (no forecast from a partial period)
  kNoCompleteDay,     // no whole day of the period has passed (no day to check)
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
  std::vector<DayAnomaly> anomalies;
  std::vector<ProductMove> product_moves;
  std::vector<StockCover> stock_covers;
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
  int64_t driver_value = 0;             // the driver's part of the change, in unit
  std::optional<double> days_of_cover;  // kLowStockCover only
  // How the text names the subject when set (a product's display name); else by subject.
  std::string subject_name;
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
// movements (most customers first), revenue anomalies (largest |actual - expected| first, at
// most kMaxAnomalyFindings), hot products (highest units / mean first), slow products
// (largest base_value - units first), low stock cover (fewest days first), at most
// kMaxProductFindings of each of the last three. Ties keep the order given.
//
// Anomaly: base_value is the expected revenue and current_value the actual, both rounded
// half away from zero; change (actual - expected) / expected, absent when expected <= 0 (then
// every day outside the interval counts). Hot / slow product: unit kUnits, base_value the
// mean rounded half away from zero, current_value the units, change (units - mean) / mean
// from the unrounded mean. Low stock: current_value the available units, base_value the
// units sold in the window, days_of_cover the days.
std::vector<Finding> DeriveFindings(const ReportFigures& figures);

}  // namespace sales::analytics::domain
