// Findings in words: one sentence per finding, in English or Simplified Chinese, with its
// figures (money in the currency's decimals, changes as percentages, the comparison named
// after the period: "week on week" / 环比, "year on year" / 同比).
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "services/analytics/src/domain/findings.h"
#include "services/analytics/src/domain/periods.h"

namespace sales::analytics::domain {

enum class Language { kEnglish, kChinese };

// "en" -> English, "zh" -> Chinese; none for anything else.
std::optional<Language> LanguageOf(std::string_view code);

struct TextContext {
  Language language = Language::kEnglish;
  // The report's period kind (kIsoWeek, kMonth or kQuarter): "week on week"...
  Granularity granularity = Granularity::kMonth;
  // The currency's minor-unit exponent (2 for CNY: 1234 -> "12.34").
  int currency_exponent = 2;
};

// The finding as one sentence, e.g. "Category tea fell 30% week on week (from 1000.00 to
// 700.00), mostly volume." / "品类tea环比下降30%（从1000.00降至700.00），主要由于销量。"
std::string FindingText(const Finding& finding, const TextContext& context);

// Which section a SectionGap is about.
enum class Section { kForecast, kAnomalies };

// Why `section` is empty as one sentence, e.g. "No forecast: the history holds only 5 months
// of revenue since the first sale, too few to fit a model and backtest it." / "无法预测：
// 自首笔销售以来仅有5个月的收入历史，不足以拟合模型并回测。". `history_periods` counts periods
// of `history_granularity` (kDay, kIsoWeek or kMonth); it is read for kHistoryTooShort only.
std::string SectionGapText(Section section, SectionGap gap, int history_periods,
                           Granularity history_granularity, const TextContext& context);

// A change as a percentage without sign: whole percents from 10% up ("30%"), one decimal
// below ("4.5%").
std::string PercentText(double fraction);

// Minor units with the currency's decimals and a sign only when negative: 123456 -> "1234.56".
std::string AmountText(int64_t minor_units, int exponent);

}  // namespace sales::analytics::domain
