#include "services/analytics/src/domain/finding_text.h"

#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace sales::analytics::domain {
namespace {

bool Zh(const TextContext& c) { return c.language == Language::kChinese; }

// "week on week" / "环比" (and year on year / 同比 for the year-before comparison).
std::string Comparison(const TextContext& c, bool year) {
  if (Zh(c)) return year ? "同比" : "环比";
  if (year) return "year on year";
  switch (c.granularity) {
    case Granularity::kDay:
      return "day on day";
    case Granularity::kIsoWeek:
      return "week on week";
    case Granularity::kMonth:
      return "month on month";
    case Granularity::kQuarter:
      return "quarter on quarter";
    case Granularity::kYear:
      return "year on year";
    case Granularity::kCustom:
      break;
  }
  return "against the previous period";
}

std::string SignedAmount(int64_t minor, int exponent) {
  return absl::StrCat(minor >= 0 ? "+" : "", AmountText(minor, exponent));
}

// A member as a subject: "Category tea" / "品类tea"; channels without their prefix
// ("CHANNEL_WEB" -> "web"); a member with a name to show by it ("Product Green tea 250 g").
std::string MemberSubject(const Finding& f, const TextContext& c) {
  std::string member = f.subject_name.empty() ? f.subject : f.subject_name;
  if (f.subject_name.empty() && f.dimension == Dimension::kChannel &&
      absl::StartsWith(member, "CHANNEL_")) {
    member = absl::AsciiStrToLower(member.substr(8));
  }
  const char* en = "Member";
  const char* zh = "成员";
  switch (f.dimension) {
    case Dimension::kChannel:
      en = "Channel";
      zh = "渠道";
      break;
    case Dimension::kRegion:
      en = "Region";
      zh = "区域";
      break;
    case Dimension::kProduct:
      en = "Product";
      zh = "产品";
      break;
    case Dimension::kCategory:
      en = "Category";
      zh = "品类";
      break;
    case Dimension::kRep:
      en = "Rep";
      zh = "销售代表";
      break;
    case Dimension::kTier:
      en = "Tier";
      zh = "会员等级";
      break;
    case Dimension::kSegment:
      en = "Segment";
      zh = "客群";
      break;
    case Dimension::kAll:
      break;
  }
  return Zh(c) ? absl::StrCat(zh, member) : absl::StrCat(en, " ", member);
}

std::string DriverText(FindingDriver d, const TextContext& c) {
  switch (d) {
    case FindingDriver::kVolume:
      return Zh(c) ? "销量" : "volume";
    case FindingDriver::kPrice:
      return Zh(c) ? "价格" : "price";
    case FindingDriver::kMix:
      return Zh(c) ? "产品结构" : "mix";
    case FindingDriver::kNewCustomers:
      return Zh(c) ? "新客户" : "new customers";
    case FindingDriver::kLostCustomers:
      return Zh(c) ? "流失客户" : "lost customers";
    case FindingDriver::kNone:
      break;
  }
  return "";
}

// "rose 12% week on week (from 10.00 to 11.20)" / "环比上升12%（从10.00增至11.20）".
std::string ChangeClause(const Finding& f, const TextContext& c, bool year) {
  const std::string pct = f.change.has_value() ? PercentText(*f.change) : "";
  const std::string from = AmountText(f.base_value, c.currency_exponent);
  const std::string to = AmountText(f.current_value, c.currency_exponent);
  if (Zh(c)) {
    return absl::StrCat(Comparison(c, year), f.up ? "上升" : "下降", pct, "（从", from,
                        f.up ? "增至" : "降至", to, "）");
  }
  return absl::StrCat(f.up ? "rose " : "fell ", pct, " ", Comparison(c, year), " (from ", from,
                      " to ", to, ")");
}

// Customers of a segment: plural noun, singular noun (English) and the Chinese name.
struct SegmentWords {
  const char* plural;
  const char* singular;
  const char* zh;
};

SegmentWords FromWords(std::string_view segment) {
  if (segment == "champions") return {"champions", "champion", "冠军客户"};
  if (segment == "loyal") return {"loyal customers", "loyal customer", "忠诚客户"};
  if (segment == "cant_lose")
    return {"can't-lose customers", "can't-lose customer", "不能失去的客户"};
  return {"customers", "customer", "客户"};
}

// Where they are now: "at risk" / "有流失风险".
std::pair<std::string, std::string> ToWords(std::string_view segment) {
  if (segment == "at_risk") return {"at risk", "有流失风险"};
  if (segment == "about_to_sleep") return {"about to sleep", "即将沉睡"};
  if (segment == "hibernating") return {"hibernating", "进入休眠"};
  if (segment == "lost") return {"lost", "已流失"};
  if (segment == "cant_lose") return {"in can't lose", "转入不能失去的客户"};
  return {"in " + std::string(segment), "转入" + std::string(segment)};
}

std::string MarginText(int64_t basis_points) {
  return absl::StrFormat("%.1f%%", static_cast<double>(basis_points) / 100.0);
}

// "week" / "周": the report's period as the unit a product's usual rate is per.
std::string PerPeriod(const TextContext& c) {
  switch (c.granularity) {
    case Granularity::kDay:
      return Zh(c) ? "每天" : "per day";
    case Granularity::kIsoWeek:
      return Zh(c) ? "每周" : "per week";
    case Granularity::kMonth:
      return Zh(c) ? "每月" : "per month";
    case Granularity::kQuarter:
      return Zh(c) ? "每季度" : "per quarter";
    case Granularity::kYear:
      return Zh(c) ? "每年" : "per year";
    case Granularity::kCustom:
      break;
  }
  return Zh(c) ? "每期" : "per period";
}

// "12 units" / "12件".
std::string UnitsText(int64_t units, const TextContext& c) {
  if (Zh(c)) return absl::StrCat(units, "件");
  return absl::StrCat(units, units == 1 ? " unit" : " units");
}

// Days of cover: whole days from 10 up, one decimal below ("5.5").
std::string DaysText(double days) {
  return days >= 10 ? absl::StrFormat("%.0f", days) : absl::StrFormat("%.1f", days);
}

// "5 months" / "5个月" of a history granularity.
std::string PeriodsText(int periods, Granularity g, const TextContext& c) {
  const bool one = periods == 1;
  switch (g) {
    case Granularity::kDay:
      return Zh(c) ? absl::StrCat(periods, "天") : absl::StrCat(periods, one ? " day" : " days");
    case Granularity::kIsoWeek:
      return Zh(c) ? absl::StrCat(periods, "周")
                   : absl::StrCat(periods, one ? " ISO week" : " ISO weeks");
    case Granularity::kMonth:
      return Zh(c) ? absl::StrCat(periods, "个月")
                   : absl::StrCat(periods, one ? " month" : " months");
    default:
      break;
  }
  return Zh(c) ? absl::StrCat(periods, "期") : absl::StrCat(periods, one ? " period" : " periods");
}

std::string AnomalyText(const Finding& f, const TextContext& c) {
  const std::string actual = AmountText(f.current_value, c.currency_exponent);
  const std::string expected = AmountText(f.base_value, c.currency_exponent);
  if (Zh(c)) {
    std::string text = absl::StrCat(f.subject, "的收入为", actual, "，");
    if (f.change.has_value()) {
      absl::StrAppend(&text, "比预期的", expected, f.up ? "高" : "低", PercentText(*f.change));
    } else {
      absl::StrAppend(&text, "预期为", expected);
    }
    return absl::StrCat(text, "，", f.up ? "高于" : "低于", "预测区间。");
  }
  std::string text = absl::StrCat("Revenue on ", f.subject, " was ", actual, ", ");
  if (f.change.has_value()) {
    absl::StrAppend(&text, PercentText(*f.change), f.up ? " above" : " below", " the expected ",
                    expected);
  } else {
    absl::StrAppend(&text, "against an expected ", expected);
  }
  return absl::StrCat(text, ", ", f.up ? "above" : "below", " the forecast interval.");
}

std::string ProductMoveText(const Finding& f, const TextContext& c) {
  const std::string subject = MemberSubject(f, c);
  const std::string usual = UnitsText(f.base_value, c);
  if (f.kind == FindingKind::kHotProduct) {
    const std::string rate = absl::StrFormat("%.1f", 1 + f.change.value_or(0));
    if (Zh(c)) {
      return absl::StrCat(subject, "售出", UnitsText(f.current_value, c), "，是平时", PerPeriod(c),
                          usual, "的", rate, "倍。");
    }
    return absl::StrCat(subject, " sold ", UnitsText(f.current_value, c), ", ", rate,
                        "× its usual ", usual, " ", PerPeriod(c), ".");
  }
  if (f.current_value <= 0) {
    if (Zh(c))
      return absl::StrCat(subject, "本期没有销售，平时", PerPeriod(c), "售出", usual, "。");
    return absl::StrCat(subject, " sold nothing, against its usual ", usual, " ", PerPeriod(c),
                        ".");
  }
  const std::string pct = f.change.has_value() ? PercentText(*f.change) : "";
  if (Zh(c)) {
    return absl::StrCat(subject, "售出", UnitsText(f.current_value, c), "，比平时", PerPeriod(c),
                        usual, "低", pct, "。");
  }
  return absl::StrCat(subject, " sold ", UnitsText(f.current_value, c), ", ", pct,
                      " below its usual ", usual, " ", PerPeriod(c), ".");
}

std::string StockCoverText(const Finding& f, const TextContext& c) {
  const std::string subject = MemberSubject(f, c);
  const double days = f.days_of_cover.value_or(0);
  if (f.current_value <= 0) {
    if (Zh(c)) {
      return absl::StrCat(subject, "已无可售库存，近", kStockCoverWindowDays, "天售出",
                          UnitsText(f.base_value, c), "。");
    }
    return absl::StrCat(subject, " has no stock available, after selling ",
                        UnitsText(f.base_value, c), " in the last ", kStockCoverWindowDays,
                        " days.");
  }
  if (Zh(c)) {
    return absl::StrCat(subject, "的库存按近", kStockCoverWindowDays, "天的销售速度仅够",
                        DaysText(days), "天（可售", UnitsText(f.current_value, c), "）。");
  }
  return absl::StrCat(subject, " has ", DaysText(days), days == 1 ? " day" : " days",
                      " of stock left (", UnitsText(f.current_value, c),
                      " available) at the rate of the last ", kStockCoverWindowDays, " days.");
}

}  // namespace

std::string SectionGapText(Section section, SectionGap gap, int history_periods,
                           Granularity history_granularity, const TextContext& c) {
  const bool forecast = section == Section::kForecast;
  const std::string head = Zh(c) ? (forecast ? "无法预测：" : "无法检测异常：")
                                 : (forecast ? "No forecast: " : "No anomaly check: ");
  switch (gap) {
    case SectionGap::kNoSales:
      return absl::StrCat(head, Zh(c) ? "历史中没有任何收入。" : "the history holds no revenue.");
    case SectionGap::kHistoryTooShort:
      if (Zh(c)) {
        return absl::StrCat(head, "自首笔销售以来仅有",
                            PeriodsText(history_periods, history_granularity, c),
                            "的收入历史，不足以拟合模型并回测。");
      }
      return absl::StrCat(head, "the history holds only ",
                          PeriodsText(history_periods, history_granularity, c),
                          " of revenue since the first sale, too few to fit a model and "
                          "backtest it.");
    case SectionGap::kPeriodIncomplete:
      return absl::StrCat(head, Zh(c) ? "本期尚未结束，基于不完整期间的预测会产生误导。"
                                      : "the period has not ended, and a forecast fitted on a "
                                        "partial period would mislead.");
    case SectionGap::kNoCompleteDay:
      return absl::StrCat(
          head, Zh(c) ? "本期尚无完整的一天。" : "no whole day of the period has passed yet.");
  }
  return head;
}

std::optional<Language> LanguageOf(std::string_view code) {
  if (code == "en") return Language::kEnglish;
  if (code == "zh") return Language::kChinese;
  return std::nullopt;
}

std::string PercentText(double fraction) {
  const double pct = std::fabs(fraction) * 100.0;
  if (pct >= 10.0) return absl::StrFormat("%.0f%%", pct);
  return absl::StrFormat("%.1f%%", pct);
}

std::string AmountText(int64_t minor_units, int exponent) {
  const bool negative = minor_units < 0;
  // The magnitude as unsigned, so that INT64_MIN does not overflow.
  const uint64_t magnitude =
      negative ? ~static_cast<uint64_t>(minor_units) + 1 : static_cast<uint64_t>(minor_units);
  uint64_t scale = 1;
  for (int i = 0; i < exponent; ++i) scale *= 10;
  std::string out = absl::StrCat(negative ? "-" : "", magnitude / scale);
  if (exponent > 0) {
    absl::StrAppend(&out, ".", absl::StrFormat("%0*d", exponent, magnitude % scale));
  }
  return out;
}

std::string FindingText(const Finding& f, const TextContext& c) {
  switch (f.kind) {
    case FindingKind::kRevenueChange: {
      std::string text = Zh(c) ? absl::StrCat("收入", ChangeClause(f, c, false))
                               : absl::StrCat("Revenue ", ChangeClause(f, c, false));
      if (f.driver != FindingDriver::kNone) {
        const std::string part = SignedAmount(f.driver_value, c.currency_exponent);
        absl::StrAppend(
            &text, Zh(c) ? absl::StrCat("，影响最大的是", DriverText(f.driver, c), "（", part, "）")
                         : absl::StrCat("; the largest part of the change was ",
                                        DriverText(f.driver, c), " (", part, ")"));
      }
      return absl::StrCat(text, Zh(c) ? "。" : ".");
    }
    case FindingKind::kRevenueChangeYear:
      return Zh(c) ? absl::StrCat("收入", ChangeClause(f, c, true), "。")
                   : absl::StrCat("Revenue ", ChangeClause(f, c, true), ".");
    case FindingKind::kMemberChange: {
      std::string text =
          absl::StrCat(MemberSubject(f, c), Zh(c) ? "" : " ", ChangeClause(f, c, false));
      if (f.driver != FindingDriver::kNone) {
        absl::StrAppend(&text, Zh(c) ? "，主要由于" : ", mostly ", DriverText(f.driver, c));
      }
      return absl::StrCat(text, Zh(c) ? "。" : ".");
    }
    case FindingKind::kMarginChange:
      if (Zh(c)) {
        return absl::StrCat("毛利率", Comparison(c, false), "从", MarginText(f.base_value),
                            f.up ? "升至" : "降至", MarginText(f.current_value), "。");
      }
      return absl::StrCat("Gross margin ", f.up ? "rose" : "fell", " from ",
                          MarginText(f.base_value), " to ", MarginText(f.current_value),
                          " of revenue ", Comparison(c, false), ".");
    case FindingKind::kSegmentMovement: {
      const SegmentWords from = FromWords(f.subject);
      const auto [to_en, to_zh] = ToWords(f.to_subject);
      if (Zh(c)) return absl::StrCat(f.current_value, "位", from.zh, "现已", to_zh, "。");
      const bool one = f.current_value == 1;
      return absl::StrCat(f.current_value, " ", one ? from.singular : from.plural,
                          one ? " is now " : " are now ", to_en, ".");
    }
    case FindingKind::kRevenueAnomaly:
      return AnomalyText(f, c);
    case FindingKind::kHotProduct:
    case FindingKind::kSlowProduct:
      return ProductMoveText(f, c);
    case FindingKind::kLowStockCover:
      return StockCoverText(f, c);
  }
  return "";
}

}  // namespace sales::analytics::domain
