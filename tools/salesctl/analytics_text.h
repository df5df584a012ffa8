// How the analytics reports read in salesctl's tables: signed money for the steps of a
// bridge, percentages, durations in stage, segment and stage names as people say them, and
// a dash for a figure the service left out because it does not exist.
#pragma once

#include <google/protobuf/duration.pb.h>

#include <cstdint>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "sales/analytics/v1/prediction.pb.h"

namespace sales::salesctl {

// What a table shows for a figure the service left absent (no base, nothing to divide by).
inline constexpr char kAbsent[] = "\u2014";

// Minor units as decimals with an explicit sign: "+4.00", "-20.00", "0.00".
std::string SignedMoneyText(int64_t minor_units, int exponent);

// A money amount the service gives as a double of minor units (a model's expectation), rounded
// half away from zero to a minor unit, as decimals: 1234.5 -> "12.35".
std::string MoneyFromDoubleText(double minor_units, int exponent);

// A fraction as a percentage with one decimal: 0.256 -> "25.6%"; kAbsent when unset.
std::string PercentText(std::optional<double> fraction);

// A duration in its two largest units: "3d 4h", "2h 5m", "5m 3s", "42s", "0s" (negative
// durations keep their sign).
std::string DurationText(const google::protobuf::Duration& duration);

// An RFM segment as people say it: "potential_loyalists" -> "potential loyalists",
// "cant_lose" -> "can't lose".
std::string SegmentText(absl::string_view segment);

// A lead stage without its prefix, in lower case: "LEAD_STAGE_QUALIFIED" -> "qualified".
std::string LeadStageText(absl::string_view stage);

// A model's real-valued figure with `significant` significant digits: 0.24312 -> "0.2431";
// at or above 10^significant with one decimal instead of an exponent: 123456.71 -> "123456.7".
std::string FigureText(double value, int significant = 4);

// A recommendation method as tables show it: "item-to-item", "most popular".
std::string MethodText(sales::analytics::v1::RecommendationMethod method);

}  // namespace sales::salesctl
