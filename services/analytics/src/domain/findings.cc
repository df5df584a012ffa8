#include "services/analytics/src/domain/findings.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <tuple>
#include <utility>

#include "services/analytics/src/domain/kpi_figures.h"
#include "services/analytics/src/domain/rounding.h"

namespace sales::analytics::domain {
namespace {

// The bridge component with the largest magnitude (the first of equal ones, in the order
// new customers, lost customers, price, volume, mix); kNone when all are 0.
std::pair<FindingDriver, int64_t> LargestBridgePart(const BridgeParts& b) {
  const std::pair<FindingDriver, int64_t> parts[] = {
      {FindingDriver::kNewCustomers, b.new_customers_minor},
      {FindingDriver::kLostCustomers, b.lost_customers_minor},
      {FindingDriver::kPrice, b.price_minor},
      {FindingDriver::kVolume, b.volume_minor},
      {FindingDriver::kMix, b.mix_minor},
  };
  std::pair<FindingDriver, int64_t> best = {FindingDriver::kNone, 0};
  for (const auto& part : parts) {
    if (std::llabs(part.second) > std::llabs(best.second)) best = part;
  }
  return best;
}

// A revenue finding of `kind` when the change from `base` to `current` reaches `threshold`.
std::optional<Finding> RevenueFinding(FindingKind kind, int64_t current, int64_t base,
                                      double threshold) {
  const std::optional<double> growth = GrowthOf(current, base);
  if (!growth.has_value() || std::fabs(*growth) < threshold) return std::nullopt;
  Finding f;
  f.kind = kind;
  f.up = current > base;
  f.unit = FindingUnit::kMinorUnits;
  f.base_value = base;
  f.current_value = current;
  f.change = growth;
  return f;
}

}  // namespace

std::optional<int64_t> MarginBasisPoints(int64_t gross_margin_minor, int64_t revenue_minor) {
  if (revenue_minor <= 0) return std::nullopt;
  return DivideRounded(absl::int128(gross_margin_minor) * 10000, revenue_minor);
}

std::optional<VolumePrice> SplitVolumePrice(const MemberRevenue& m) {
  if (m.previous_units <= 0) return std::nullopt;
  VolumePrice out;
  // (U - U0) x R0 / U0, in one rounding.
  out.volume_minor = DivideRounded(
      absl::int128(m.units - m.previous_units) * m.previous_revenue_minor, m.previous_units);
  out.price_minor = (m.revenue_minor - m.previous_revenue_minor) - out.volume_minor;
  return out;
}

bool IsSlipping(RfmSegment from, RfmSegment to) {
  const bool valuable =
      from == RfmSegment::kChampions || from == RfmSegment::kLoyal || from == RfmSegment::kCantLose;
  if (!valuable) return false;
  switch (to) {
    case RfmSegment::kAtRisk:
    case RfmSegment::kAboutToSleep:
    case RfmSegment::kHibernating:
    case RfmSegment::kLost:
      return true;
    case RfmSegment::kCantLose:
      return from != RfmSegment::kCantLose;
    default:
      return false;
  }
}

std::vector<Finding> DeriveFindings(const ReportFigures& in) {
  std::vector<Finding> out;
  if (std::optional<Finding> f =
          RevenueFinding(FindingKind::kRevenueChange, in.revenue_minor, in.previous_revenue_minor,
                         kRevenueChangeThreshold)) {
    std::tie(f->driver, f->driver_value) = LargestBridgePart(in.bridge);
    out.push_back(*f);
  }
  if (std::optional<Finding> f =
          RevenueFinding(FindingKind::kRevenueChangeYear, in.revenue_minor,
                         in.year_before_revenue_minor, kRevenueChangeThreshold)) {
    out.push_back(*f);
  }

  const std::optional<int64_t> margin = MarginBasisPoints(in.gross_margin_minor, in.revenue_minor);
  const std::optional<int64_t> previous_margin =
      MarginBasisPoints(in.previous_gross_margin_minor, in.previous_revenue_minor);
  if (margin.has_value() && previous_margin.has_value() &&
      std::llabs(*margin - *previous_margin) >= kMarginChangeBasisPoints) {
    Finding f;
    f.kind = FindingKind::kMarginChange;
    f.up = *margin > *previous_margin;
    f.unit = FindingUnit::kBasisPoints;
    f.base_value = *previous_margin;
    f.current_value = *margin;
    out.push_back(f);
  }

  std::vector<Finding> members;
  if (in.previous_revenue_minor > 0) {
    for (const DimensionMember& dm : in.members) {
      const MemberRevenue& m = dm.figures;
      // previous / company previous >= the share, exactly, in integers.
      if (m.previous_revenue_minor <= 0 ||
          absl::int128(m.previous_revenue_minor) * 10000 <
              absl::int128(in.previous_revenue_minor) * kMemberMinBaseShareBasisPoints) {
        continue;
      }
      std::optional<Finding> f = RevenueFinding(FindingKind::kMemberChange, m.revenue_minor,
                                                m.previous_revenue_minor, kMemberChangeThreshold);
      if (!f.has_value()) continue;
      f->dimension = dm.dimension;
      f->subject = m.member;
      if (const std::optional<VolumePrice> split = SplitVolumePrice(m)) {
        const bool volume = std::llabs(split->volume_minor) >= std::llabs(split->price_minor);
        f->driver = volume ? FindingDriver::kVolume : FindingDriver::kPrice;
        f->driver_value = volume ? split->volume_minor : split->price_minor;
      }
      members.push_back(*f);
    }
  }
  std::stable_sort(members.begin(), members.end(), [](const Finding& a, const Finding& b) {
    return std::llabs(a.current_value - a.base_value) > std::llabs(b.current_value - b.base_value);
  });
  if (members.size() > static_cast<size_t>(kMaxMemberFindings)) {
    members.resize(static_cast<size_t>(kMaxMemberFindings));
  }
  out.insert(out.end(), members.begin(), members.end());

  std::vector<Finding> moves;
  for (const SegmentMove& m : in.moves) {
    if (m.customers < kMinMovedCustomers || !IsSlipping(m.from, m.to)) continue;
    Finding f;
    f.kind = FindingKind::kSegmentMovement;
    f.subject = std::string(RfmSegmentName(m.from));
    f.to_subject = std::string(RfmSegmentName(m.to));
    f.up = false;
    f.unit = FindingUnit::kCustomers;
    f.base_value = m.from_before;
    f.current_value = m.customers;
    moves.push_back(f);
  }
  std::stable_sort(moves.begin(), moves.end(), [](const Finding& a, const Finding& b) {
    return a.current_value > b.current_value;
  });
  out.insert(out.end(), moves.begin(), moves.end());

  auto keep = [&out](std::vector<Finding>& found, int limit, auto before) {
    std::stable_sort(found.begin(), found.end(), before);
    if (found.size() > static_cast<size_t>(limit)) found.resize(static_cast<size_t>(limit));
    out.insert(out.end(), found.begin(), found.end());
  };

  std::vector<Finding> anomalies;
  for (const DayAnomaly& a : in.anomalies) {
    Finding f;
    f.kind = FindingKind::kRevenueAnomaly;
    f.subject = a.day;
    f.up = a.above;
    f.unit = FindingUnit::kMinorUnits;
    f.base_value = std::llround(a.expected);
    f.current_value = std::llround(a.actual);
    if (a.expected > 0) {
      f.change = (a.actual - a.expected) / a.expected;
      if (std::fabs(*f.change) < kAnomalyMinDeviation) continue;
    }
    anomalies.push_back(f);
  }
  keep(anomalies, kMaxAnomalyFindings, [](const Finding& a, const Finding& b) {
    return std::llabs(a.current_value - a.base_value) > std::llabs(b.current_value - b.base_value);
  });

  std::vector<Finding> hot, slow;
  for (const ProductMove& m : in.product_moves) {
    Finding f;
    f.kind = m.hot ? FindingKind::kHotProduct : FindingKind::kSlowProduct;
    f.dimension = Dimension::kProduct;
    f.subject = m.product;
    f.up = m.hot;
    f.unit = FindingUnit::kUnits;
    f.base_value = std::llround(m.history_mean);
    f.current_value = m.units;
    if (m.history_mean > 0) {
      f.change = (static_cast<double>(m.units) - m.history_mean) / m.history_mean;
    }
    if (m.hot) {
      if (!f.change.has_value() || 1 + *f.change < kHotProductMinRatio) continue;
      hot.push_back(f);
    } else {
      if (m.history_mean < kSlowProductMinMeanUnits) continue;
      slow.push_back(f);
    }
  }
  keep(hot, kMaxProductFindings,
       [](const Finding& a, const Finding& b) { return *a.change > *b.change; });
  keep(slow, kMaxProductFindings, [](const Finding& a, const Finding& b) {
    return a.base_value - a.current_value > b.base_value - b.current_value;
  });

  std::vector<Finding> covers;
  for (const StockCover& c : in.stock_covers) {
    if (c.units_sold_in_window <= 0 || !(c.days_of_cover < kLowStockCoverDays)) continue;
    Finding f;
    f.kind = FindingKind::kLowStockCover;
    f.dimension = Dimension::kProduct;
    f.subject = c.product;
    f.up = false;
    f.unit = FindingUnit::kUnits;
    f.base_value = c.units_sold_in_window;
    f.current_value = c.available_units;
    f.days_of_cover = c.days_of_cover;
    covers.push_back(f);
  }
  keep(covers, kMaxProductFindings,
       [](const Finding& a, const Finding& b) { return *a.days_of_cover < *b.days_of_cover; });
  return out;
}

}  // namespace sales::analytics::domain
