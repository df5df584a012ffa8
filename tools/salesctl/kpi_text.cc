#include "tools/salesctl/kpi_text.h"

#include <algorithm>
#include <cmath>
#include <set>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "tools/salesctl/analytics_text.h"
#include "tools/salesctl/errors.h"
#include "tools/salesctl/money_text.h"

namespace sales::salesctl {
namespace {

using V = av1::KpiValues;
using G = av1::Growth;

constexpr auto kNoInteger = [](const V&) -> int64_t { return 0; };
constexpr auto kNoFraction = [](const V&) -> double { return 0; };

KpiDef Integer(const char* key, const char* label, KpiKind kind, int64_t (*get)(const V&),
               std::optional<double> (*growth)(const G&) = nullptr) {
  return KpiDef{key, label, kind, get, kNoFraction, growth, nullptr};
}

KpiDef Fraction(const char* key, const char* label, KpiKind kind, double (*get)(const V&)) {
  return KpiDef{key, label, kind, kNoInteger, get, nullptr, nullptr};
}

// A figure the service leaves absent when it does not exist (proto3 `optional`).
KpiDef OptionalInteger(const char* key, const char* label, KpiKind kind, int64_t (*get)(const V&),
                       bool (*present)(const V&)) {
  return KpiDef{key, label, kind, get, kNoFraction, nullptr, present};
}

KpiDef OptionalFraction(const char* key, const char* label, KpiKind kind, double (*get)(const V&),
                        bool (*present)(const V&)) {
  return KpiDef{key, label, kind, kNoInteger, get, nullptr, present};
}

// The growth field `has`/`get` of Growth as an optional.
#define SALESCTL_GROWTH(field)                                                \
  [](const G& g) -> std::optional<double> {                                   \
    return g.has_##field() ? std::optional<double>(g.field()) : std::nullopt; \
  }

}  // namespace

const std::vector<KpiDef>& AllKpis() {
  static const std::vector<KpiDef>* const kAll = new std::vector<KpiDef>{
      Integer(
          "revenue", "revenue", KpiKind::kMoney, [](const V& v) { return v.revenue_minor(); },
          SALESCTL_GROWTH(revenue)),
      Integer(
          "net_sales", "net sales", KpiKind::kMoney, [](const V& v) { return v.net_sales_minor(); },
          SALESCTL_GROWTH(net_sales)),
      Integer("gross_sales", "gross sales", KpiKind::kMoney,
              [](const V& v) { return v.gross_sales_minor(); }),
      Integer("discounts", "discounts", KpiKind::kMoney,
              [](const V& v) { return v.discounts_minor(); }),
      Integer("refunds", "refunds", KpiKind::kMoney, [](const V& v) { return v.refunds_minor(); }),
      Integer("cost", "cost", KpiKind::kMoney, [](const V& v) { return v.cost_minor(); }),
      Integer(
          "gross_margin", "gross margin", KpiKind::kMoney,
          [](const V& v) { return v.gross_margin_minor(); }, SALESCTL_GROWTH(gross_margin)),
      Fraction("margin_pct", "gross margin %", KpiKind::kRatio,
               [](const V& v) { return v.gross_margin_ratio(); }),
      Integer(
          "orders", "orders", KpiKind::kCount, [](const V& v) { return v.orders(); },
          SALESCTL_GROWTH(orders)),
      Integer(
          "units", "units", KpiKind::kCount, [](const V& v) { return v.units(); },
          SALESCTL_GROWTH(units)),
      Integer(
          "aov", "average order value", KpiKind::kMoney,
          [](const V& v) { return v.average_order_value_minor(); },
          SALESCTL_GROWTH(average_order_value)),
      Integer("cancelled_orders", "cancelled orders", KpiKind::kCount,
              [](const V& v) { return v.cancelled_orders(); }),
      Integer("returns", "returns", KpiKind::kCount, [](const V& v) { return v.returns(); }),
      Integer("returned_units", "returned units", KpiKind::kCount,
              [](const V& v) { return v.returned_units(); }),
      Fraction("return_rate", "return rate", KpiKind::kRatio,
               [](const V& v) { return v.return_rate(); }),
      Integer("new_customers", "new customers", KpiKind::kCount,
              [](const V& v) { return v.new_customers(); }),
      Integer("leads_created", "leads created", KpiKind::kCount,
              [](const V& v) { return v.leads_created(); }),
      Integer("leads_won", "leads won", KpiKind::kCount, [](const V& v) { return v.leads_won(); }),
      Integer("leads_lost", "leads lost", KpiKind::kCount,
              [](const V& v) { return v.leads_lost(); }),
      Fraction("lead_conversion", "lead-to-win conversion", KpiKind::kRatio,
               [](const V& v) { return v.lead_conversion(); }),
      Fraction("csat", "CSAT", KpiKind::kRatio, [](const V& v) { return v.csat(); }),
      Integer("csat_responses", "CSAT answers", KpiKind::kCount,
              [](const V& v) { return v.csat_responses(); }),
      Fraction("nps", "NPS", KpiKind::kScore, [](const V& v) { return v.nps(); }),
      Integer("nps_responses", "NPS answers", KpiKind::kCount,
              [](const V& v) { return v.nps_responses(); }),
      // The figures from analytics' own inputs (salesctl analytics spend, market-size, visits).
      Integer("marketing_spend", "marketing spend", KpiKind::kMoney,
              [](const V& v) { return v.marketing_spend_minor(); }),
      OptionalInteger(
          "cac", "CAC", KpiKind::kMoney, [](const V& v) { return v.acquisition_cost_minor(); },
          [](const V& v) { return v.has_acquisition_cost_minor(); }),
      Integer("market_size", "market size", KpiKind::kMoney,
              [](const V& v) { return v.market_size_minor(); }),
      OptionalFraction(
          "market_share", "market share", KpiKind::kRatio,
          [](const V& v) { return v.market_share(); },
          [](const V& v) { return v.has_market_share(); }),
      Integer("site_visits", "site visits", KpiKind::kCount,
              [](const V& v) { return v.site_visits(); }),
      OptionalFraction(
          "visitor_conversion", "visitor conversion", KpiKind::kRatio,
          [](const V& v) { return v.visitor_conversion(); },
          [](const V& v) { return v.has_visitor_conversion(); }),
  };
  return *kAll;
}

#undef SALESCTL_GROWTH

absl::StatusOr<std::vector<const KpiDef*>> ParseKpiKeys(absl::string_view field,
                                                        const std::vector<std::string>& keys) {
  std::vector<const KpiDef*> out;
  std::set<std::string> seen;
  for (const std::string& key : keys) {
    const std::string lower = absl::AsciiStrToLower(key);
    const auto it = std::find_if(AllKpis().begin(), AllKpis().end(),
                                 [&](const KpiDef& kpi) { return lower == kpi.key; });
    if (it == AllKpis().end()) {
      std::string known;
      for (const KpiDef& kpi : AllKpis())
        absl::StrAppend(&known, known.empty() ? "" : ", ", kpi.key);
      return InvalidField(field, absl::StrCat("'", key, "' is no KPI; one of ", known));
    }
    if (!seen.insert(lower).second) {
      return InvalidField(field, absl::StrCat("'", key, "' is named twice"));
    }
    out.push_back(&*it);
  }
  if (out.empty()) return InvalidField(field, "names no KPI");
  return out;
}

std::vector<std::string> DefaultTrendKpis() {
  return {"revenue", "orders", "units", "aov", "margin_pct"};
}

bool KpiPresent(const KpiDef& kpi, const av1::KpiValues& values) {
  return kpi.present == nullptr || kpi.present(values);
}

std::string KpiValueText(const KpiDef& kpi, const av1::KpiValues& values, int exponent) {
  if (!KpiPresent(kpi, values)) return kAbsent;
  switch (kpi.kind) {
    case KpiKind::kCount:
      return absl::StrCat(kpi.integer(values));
    case KpiKind::kMoney:
      return FormatMinorUnits(kpi.integer(values), exponent);
    case KpiKind::kRatio:
      return absl::StrFormat("%.1f%%", kpi.fraction(values) * 100);
    case KpiKind::kScore:
      return absl::StrFormat("%.1f", kpi.fraction(values));
  }
  return "";
}

double KpiNumber(const KpiDef& kpi, const av1::KpiValues& values) {
  if (!KpiPresent(kpi, values)) return 0;
  return kpi.kind == KpiKind::kCount || kpi.kind == KpiKind::kMoney
             ? static_cast<double>(kpi.integer(values))
             : kpi.fraction(values);
}

std::string GrowthText(const KpiDef& kpi, const av1::Growth& growth) {
  if (kpi.growth == nullptr) return "";
  const std::optional<double> g = kpi.growth(growth);
  if (!g.has_value()) return "";
  return absl::StrFormat("%+.1f%%", *g * 100);
}

std::string SliceText(const av1::Slice& slice) {
  const std::string& member = slice.member();
  switch (slice.dimension()) {
    case av1::SLICE_DIMENSION_CHANNEL:
      return absl::StrCat("channel ",
                          absl::StartsWith(member, "CHANNEL_")
                              ? absl::AsciiStrToLower(absl::string_view(member).substr(8))
                              : member);
    case av1::SLICE_DIMENSION_REGION:
      return absl::StrCat("region ", member);
    case av1::SLICE_DIMENSION_PRODUCT:
      return absl::StrCat("product ", member);
    case av1::SLICE_DIMENSION_CATEGORY:
      return absl::StrCat("category ", member);
    case av1::SLICE_DIMENSION_REP:
      return absl::StrCat("rep ", member);
    case av1::SLICE_DIMENSION_TIER:
      return absl::StrCat("tier ", member);
    case av1::SLICE_DIMENSION_RFM_SEGMENT:
      return absl::StrCat("RFM segment ", member);
    default:
      return "whole company";
  }
}

std::string InlineBar(double value, double max, int width) {
  if (!(value > 0) || !(max > 0) || width <= 0) return "";
  // U+2588 full block, then U+2589 .. U+258F for seven to one eighth.
  static constexpr const char* kEighths[] = {"",       "\u258F", "\u258E", "\u258D",
                                             "\u258C", "\u258B", "\u258A", "\u2589"};
  const int eighths = static_cast<int>(std::lround(std::min(value / max, 1.0) * width * 8));
  std::string bar;
  for (int i = 0; i < eighths / 8; ++i) bar += "\u2588";
  bar += kEighths[eighths % 8];
  // A value too small for an eighth still shows that it is not nothing.
  if (bar.empty()) bar = kEighths[1];
  return bar;
}

}  // namespace sales::salesctl
