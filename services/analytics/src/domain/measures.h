// The additive measures every KPI is computed from, kept per day and slice member: what an
// event adds to (or, for a cancellation, takes from) the daily rollup.
#pragma once

#include <array>
#include <cstdint>
#include <string>

#include "absl/time/civil_time.h"

namespace sales::analytics::domain {

// One column of the daily rollup each. The order is the rollup's column order.
enum class Measure {
  kOrders,
  kUnits,
  kGrossMinor,
  kDiscountMinor,
  kNetMinor,
  kCostMinor,
  kCancelledOrders,
  kReturns,
  kReturnedUnits,
  kRefundMinor,
  kRefundCostMinor,
  kNewCustomers,
  kLeadsCreated,
  kLeadsWon,
  kLeadsLost,
  kCsatResponses,
  kCsatSatisfied,
  kNpsResponses,
  kNpsPromoters,
  kNpsDetractors,
};
inline constexpr int kMeasureCount = static_cast<int>(Measure::kNpsDetractors) + 1;

// The rollup's column name of each measure, in Measure order.
inline constexpr std::array<const char*, kMeasureCount> kMeasureColumns = {
    "orders",         "units",         "gross_minor",       "discount_minor",
    "net_minor",      "cost_minor",    "cancelled_orders",  "returns_count",
    "returned_units", "refund_minor",  "refund_cost_minor", "new_customers",
    "leads_created",  "leads_won",     "leads_lost",        "csat_responses",
    "csat_satisfied", "nps_responses", "nps_promoters",     "nps_detractors",
};

struct Measures {
  std::array<int64_t, kMeasureCount> values{};

  int64_t operator[](Measure m) const { return values[static_cast<int>(m)]; }
  int64_t& operator[](Measure m) { return values[static_cast<int>(m)]; }
  Measures& operator+=(const Measures& other) {
    for (int i = 0; i < kMeasureCount; ++i) values[i] += other.values[i];
    return *this;
  }
  bool IsZero() const {
    for (int64_t v : values) {
      if (v != 0) return false;
    }
    return true;
  }
  friend bool operator==(const Measures&, const Measures&) = default;
};

// The dimensions a figure can be sliced by (the rollup's `dim` column). kTier (a membership
// tier) and kSegment (an RFM segment) are not kept in the rollup: their figures are counted
// from the facts at query time.
enum class Dimension { kAll, kChannel, kRegion, kProduct, kCategory, kRep, kTier, kSegment };

// The rollup's `dim` value of a dimension: "all", "channel", "region", ...
const char* DimensionKey(Dimension dimension);

struct SliceKey {
  Dimension dimension = Dimension::kAll;
  std::string member;  // empty for kAll
  friend bool operator==(const SliceKey&, const SliceKey&) = default;
  friend bool operator<(const SliceKey& a, const SliceKey& b) {
    return a.dimension != b.dimension ? a.dimension < b.dimension : a.member < b.member;
  }
};

// What one event adds to one slice member on one day.
struct DayDelta {
  absl::CivilDay day;
  SliceKey slice;
  Measures delta;
};

}  // namespace sales::analytics::domain
