#include "tools/salesctl/analytics_text.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "tools/salesctl/money_text.h"

namespace sales::salesctl {

std::string SignedMoneyText(int64_t minor_units, int exponent) {
  const std::string text = FormatMinorUnits(minor_units, exponent);
  return minor_units > 0 ? absl::StrCat("+", text) : text;
}

std::string MoneyFromDoubleText(double minor_units, int exponent) {
  if (!std::isfinite(minor_units)) return kAbsent;
  return FormatMinorUnits(std::llround(minor_units), exponent);
}

std::string PercentText(std::optional<double> fraction) {
  if (!fraction.has_value()) return kAbsent;
  return absl::StrFormat("%.1f%%", *fraction * 100);
}

std::string DurationText(const google::protobuf::Duration& duration) {
  const bool negative = duration.seconds() < 0 || duration.nanos() < 0;
  int64_t seconds = std::llabs(duration.seconds());
  const int64_t days = seconds / 86400;
  const int64_t hours = seconds % 86400 / 3600;
  const int64_t minutes = seconds % 3600 / 60;
  seconds %= 60;
  std::string text;
  if (days > 0) {
    text = absl::StrCat(days, "d ", hours, "h");
  } else if (hours > 0) {
    text = absl::StrCat(hours, "h ", minutes, "m");
  } else if (minutes > 0) {
    text = absl::StrCat(minutes, "m ", seconds, "s");
  } else {
    text = absl::StrCat(seconds, "s");
  }
  return negative && text != "0s" ? absl::StrCat("-", text) : text;
}

std::string SegmentText(absl::string_view segment) {
  if (segment == "cant_lose") return "can't lose";
  return absl::StrReplaceAll(segment, {{"_", " "}});
}

std::string LeadStageText(absl::string_view stage) {
  absl::ConsumePrefix(&stage, "LEAD_STAGE_");
  return absl::AsciiStrToLower(stage);
}

std::string FigureText(double value, int significant) {
  if (!std::isfinite(value)) return kAbsent;
  // %g turns large values into exponents ("1.235e+05"); a person reads 123456.7 better.
  if (std::fabs(value) >= std::pow(10.0, significant)) return absl::StrFormat("%.1f", value);
  return absl::StrFormat("%.*g", significant, value);
}

std::string MethodText(sales::analytics::v1::RecommendationMethod method) {
  switch (method) {
    case sales::analytics::v1::RECOMMENDATION_METHOD_ITEM_TO_ITEM:
      return "item-to-item";
    case sales::analytics::v1::RECOMMENDATION_METHOD_MOST_POPULAR:
      return "most popular";
    default:
      return "unspecified";
  }
}

}  // namespace sales::salesctl
