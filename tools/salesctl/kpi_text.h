// The KPIs of analytics as salesctl shows them: one definition per figure of KpiValues (its
// key for --kpi, its label, how it reads: a count, money, a ratio as a percentage, a score)
// and the growth the service gives for it; the text of values, growth and slices; and the
// inline bar of a trend.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "sales/analytics/v1/kpi.pb.h"

namespace sales::salesctl {

namespace av1 = ::sales::analytics::v1;

enum class KpiKind {
  kCount,  // an integer
  kMoney,  // int64 minor units of the answer's currency
  kRatio,  // a fraction, shown as a percentage with one decimal
  kScore,  // a number with one decimal (NPS, -100 .. 100)
};

struct KpiDef final {
  // As typed in --kpi ("revenue", "aov", "margin_pct").
  const char* key;
  // The table's row or column label.
  const char* label;
  KpiKind kind;
  // The value: integers and minor units in `integer`, fractions and scores in `fraction`.
  int64_t (*integer)(const av1::KpiValues&);
  double (*fraction)(const av1::KpiValues&);
  // The growth the service reports for it, or nullptr when it reports none.
  std::optional<double> (*growth)(const av1::Growth&);
  // For a figure the service may leave absent (CAC without new customers, market share
  // without a market size), whether it is there; nullptr when it always is.
  bool (*present)(const av1::KpiValues&) = nullptr;
};

// Every KPI, in the order `salesctl kpis` lists them.
const std::vector<KpiDef>& AllKpis();

// The KPIs named in `keys` (each a KpiDef::key), in that order; INVALID_ARGUMENT naming
// `field` and listing the keys for an unknown or repeated one.
absl::StatusOr<std::vector<const KpiDef*>> ParseKpiKeys(absl::string_view field,
                                                        const std::vector<std::string>& keys);

// The keys `trend` shows by default: revenue, orders, units, aov, margin_pct.
std::vector<std::string> DefaultTrendKpis();

// Whether the service gave the value (always, except for the optional figures).
bool KpiPresent(const KpiDef& kpi, const av1::KpiValues& values);

// The value as text: counts as digits, money as decimals with `exponent` (the currency's
// minor-unit exponent), ratios as "25.0%", scores as "12.5"; "—" (kAbsent) for a value the
// service left absent.
std::string KpiValueText(const KpiDef& kpi, const av1::KpiValues& values, int exponent);

// The value as a number, for scaling bars (money in minor units, ratios as fractions); 0 when
// absent.
double KpiNumber(const KpiDef& kpi, const av1::KpiValues& values);

// "+12.3%", "-4.0%"; "" when the service left the growth unset (its base was 0) or the KPI
// has no growth.
std::string GrowthText(const KpiDef& kpi, const av1::Growth& growth);

// "whole company", "channel web", "region north", "product products/3", "category tea",
// "rep reps/r-1".
std::string SliceText(const av1::Slice& slice);

// A horizontal bar of `value` against `max`, `width` cells at most, in unicode eighth blocks
// ("█████▍"); "" for a value at or below 0 or a max at or below 0.
std::string InlineBar(double value, double max, int width);

}  // namespace sales::salesctl
