#include "tools/salesctl/html_report.h"

#include <cmath>
#include <map>
#include <optional>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/money.h"
#include "tools/salesctl/kpi_text.h"
#include "tools/salesctl/money_text.h"
#include "tools/salesctl/svg_charts.h"

namespace sales::salesctl {
namespace {

// The page's words in one language.
struct Words {
  const char* lang;  // the html lang attribute
  const char* title;
  const char* period;
  const char* time_zone;
  const char* currency;
  const char* partial;
  const char* composed;
  const char* feeds;
  const char* findings;
  const char* no_findings;
  const char* headline;
  const char* kpi;
  const char* value;
  const char* vs_previous;
  const char* vs_year_before;
  const char* trend;
  const char* bridge;
  const char* base;
  const char* current;
  const char* new_customers;
  const char* lost_customers;
  const char* price;
  const char* volume;
  const char* mix;
  const char* funnel;
  const char* leads;
  const char* segments;
  const char* segment;
  const char* customers;
  const char* revenue;
  const char* top_products;
  const char* channel_mix;
  const char* rankings;
  const char* products;
  const char* reps;
  const char* channels;
  const char* categories;
  const char* regions;
  const char* top;
  const char* bottom;
  const char* member;
  const char* units;
  const char* previous;
  const char* growth;
  const char* share;
  const char* movements;
  const char* from;
  const char* to;
  const char* forecast;
  const char* forecast_point;
  const char* lower;
  const char* upper;
  const char* quarter_sum;
  const char* model;
  const char* backtest;
  const char* level;
  const char* anomalies;
  const char* daily;
  const char* day;
  const char* direction;
  const char* above;
  const char* below;
  const char* actual;
  const char* expected;
  const char* deviation;
  const char* no_anomalies;
  const char* movers;
  const char* hot;
  const char* slow;
  const char* low_cover;
  const char* usual;
  const char* available;
  const char* days_of_cover;
  const char* none;
};

constexpr Words kEnglish = {"en",
                            "Sales report",
                            "Period",
                            "time zone",
                            "amounts in",
                            "partial: the period is not over",
                            "composed",
                            "feed positions",
                            "Findings",
                            "Nothing stands out against the thresholds.",
                            "Headline KPIs",
                            "KPI",
                            "value",
                            "vs previous",
                            "vs year before",
                            "Revenue trend",
                            "Revenue bridge",
                            "previous",
                            "current",
                            "new customers",
                            "lost customers",
                            "price",
                            "volume",
                            "mix",
                            "Funnel of the leads created in the period",
                            "leads",
                            "RFM segments",
                            "segment",
                            "customers",
                            "revenue",
                            "Top products",
                            "Channel mix",
                            "Top and bottom",
                            "Products",
                            "Reps",
                            "Channels",
                            "Categories",
                            "Regions",
                            "top",
                            "bottom",
                            "member",
                            "units",
                            "previous revenue",
                            "growth",
                            "share",
                            "Segment movements",
                            "from",
                            "to",
                            "Forecast of the next period",
                            "forecast",
                            "lower",
                            "upper",
                            "quarter: the sum of its months (no interval)",
                            "model",
                            "backtest",
                            "interval level",
                            "Anomalies: days outside the forecast interval",
                            "Daily revenue of the period",
                            "day",
                            "direction",
                            "above",
                            "below",
                            "actual",
                            "expected",
                            "deviation",
                            "No day left its interval.",
                            "Hot and slow products, stock cover",
                            "Hot",
                            "Slow",
                            "Low stock cover",
                            "usual units per period",
                            "available",
                            "days of cover",
                            "none"};

constexpr Words kChinese = {"zh",
                            "销售报告",
                            "期间",
                            "时区",
                            "金额单位",
                            "未完结：期间尚未结束",
                            "生成于",
                            "数据位置",
                            "发现",
                            "没有超过阈值的变化。",
                            "核心指标",
                            "指标",
                            "数值",
                            "环比",
                            "同比",
                            "收入趋势",
                            "收入桥",
                            "上期",
                            "本期",
                            "新客户",
                            "流失客户",
                            "价格",
                            "销量",
                            "产品结构",
                            "本期新建线索的漏斗",
                            "线索",
                            "RFM 客户分群",
                            "分群",
                            "客户数",
                            "收入",
                            "热销产品",
                            "渠道构成",
                            "排名前列与末尾",
                            "产品",
                            "销售代表",
                            "渠道",
                            "品类",
                            "区域",
                            "前列",
                            "末尾",
                            "成员",
                            "件数",
                            "上期收入",
                            "增长",
                            "占比",
                            "分群迁移",
                            "从",
                            "到",
                            "下期预测",
                            "预测值",
                            "下限",
                            "上限",
                            "季度：各月之和（无区间）",
                            "模型",
                            "回测",
                            "区间置信水平",
                            "异常：超出预测区间的日期",
                            "本期每日收入",
                            "日期",
                            "方向",
                            "高于区间",
                            "低于区间",
                            "实际",
                            "预期",
                            "偏差",
                            "没有超出区间的日期。",
                            "热销与滞销产品、库存覆盖",
                            "热销",
                            "滞销",
                            "库存不足",
                            "平时每期件数",
                            "可售",
                            "库存天数",
                            "无"};

// A product as the page names it: its display name with "products/{id}" after it, quieter;
// the id alone when analytics knows no name.
std::string ProductHtml(const std::string& product, const std::string& display_name) {
  if (display_name.empty()) return EscapeHtml(product);
  return absl::StrCat(EscapeHtml(display_name), " <span class=\"id\">", EscapeHtml(product),
                      "</span>");
}

// A product in a chart's label: its display name when known, else its id.
const std::string& ProductLabel(const std::string& product, const std::string& display_name) {
  return display_name.empty() ? product : display_name;
}

// Chinese names of the KPIs salesctl knows (kpi_text.h keys); others keep their English.
const std::map<std::string, std::string>& ChineseKpiNames() {
  static const auto* names = new std::map<std::string, std::string>{
      {"revenue", "收入"},
      {"net_sales", "净销售额"},
      {"gross_sales", "总销售额"},
      {"discounts", "折扣"},
      {"refunds", "退款"},
      {"cost", "成本"},
      {"gross_margin", "毛利"},
      {"margin_pct", "毛利率"},
      {"orders", "订单数"},
      {"units", "件数"},
      {"aov", "平均订单金额"},
      {"cancelled_orders", "取消订单"},
      {"returns", "退货"},
      {"returned_units", "退货件数"},
      {"return_rate", "退货率"},
      {"new_customers", "新客户"},
      {"leads_created", "新建线索"},
      {"leads_won", "赢单线索"},
      {"leads_lost", "丢单线索"},
      {"lead_conversion", "线索转化率"},
      {"csat", "CSAT"},
      {"csat_responses", "CSAT 答卷"},
      {"nps", "NPS"},
      {"nps_responses", "NPS 答卷"},
  };
  return *names;
}

const std::map<std::string, std::pair<std::string, std::string>>& SegmentNames() {
  static const auto* names = new std::map<std::string, std::pair<std::string, std::string>>{
      {"champions", {"champions", "冠军客户"}},
      {"loyal", {"loyal", "忠诚客户"}},
      {"potential_loyalists", {"potential loyalists", "潜在忠诚客户"}},
      {"new", {"new", "新客户"}},
      {"promising", {"promising", "有潜力客户"}},
      {"need_attention", {"need attention", "需要关注"}},
      {"about_to_sleep", {"about to sleep", "即将沉睡"}},
      {"at_risk", {"at risk", "有流失风险"}},
      {"cant_lose", {"can't lose", "不能失去"}},
      {"hibernating", {"hibernating", "休眠"}},
      {"lost", {"lost", "已流失"}},
  };
  return *names;
}

class Page final {
 public:
  explicit Page(const HtmlReportInput& in)
      : in_(in),
        r_(in.report),
        w_(r_.language_code() == "zh" ? kChinese : kEnglish),
        exponent_(ExponentOf(r_.currency_code())) {}

  std::string Render() {
    Head();
    Header();
    Findings();
    Swot();
    Headline();
    Section(w_.trend, "trend", Trend());
    Section(w_.forecast, "forecast", Forecast());
    Section(w_.anomalies, "anomalies", Anomalies());
    Section(w_.bridge, "bridge", Bridge());
    if (in_.contribution.dimensions_size() > 0) {
      Section(r_.language_code() == "zh" ? "收入变化的贡献" : "Contribution to the revenue change",
              "contribution", Contribution());
    }
    Section(w_.funnel, "funnel", Funnel());
    Segments();
    Section(w_.top_products, "top-products", TopProducts());
    Section(w_.channel_mix, "channel-mix", ChannelMix());
    Rankings();
    Section(w_.movers, "movers", Movers());
    Section(r_.language_code() == "zh" ? "补货预警" : "Replenishment alerts",
            "replenishment-alerts", ReplenishmentAlerts());
    TopActions();
    Complaints();
    OnTimeDelivery();
    absl::StrAppend(&out_, "</main></body></html>\n");
    return std::move(out_);
  }

 private:
  static int ExponentOf(const std::string& currency) {
    const absl::StatusOr<int> e = MinorUnitExponent(currency);
    return e.ok() ? *e : 0;
  }

  std::string Money(int64_t minor) const { return FormatMinorUnits(minor, exponent_); }

  static std::string Percent(double fraction) {
    return absl::StrFormat("%+.1f%%", 100.0 * fraction);
  }

  std::string SegmentName(const std::string& key) const {
    const auto it = SegmentNames().find(key);
    if (it == SegmentNames().end()) return key;
    return r_.language_code() == "zh" ? it->second.second : it->second.first;
  }

  void Head() {
    absl::StrAppend(&out_, "<!DOCTYPE html>\n<html lang=\"", w_.lang,
                    "\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>",
                    EscapeHtml(absl::StrCat(w_.title, " ", r_.period().label())), "</title>",
                    "<style>", kStyle, "</style></head><body><main>");
  }

  void Header() {
    const av1::Period& p = r_.period();
    absl::StrAppend(&out_, "<header><h1>", EscapeHtml(w_.title), " <span data-period=\"",
                    EscapeHtml(p.label()), "\">", EscapeHtml(p.label()), "</span></h1><p>",
                    EscapeHtml(w_.period), ": ", EscapeHtml(p.first_day()), " – ",
                    EscapeHtml(p.last_day()), " · ", EscapeHtml(w_.time_zone), " ",
                    EscapeHtml(p.time_zone()), " · ", EscapeHtml(w_.currency), " ",
                    EscapeHtml(r_.currency_code()));
    if (!r_.period_complete()) {
      absl::StrAppend(&out_, " · <strong class=\"partial\">", EscapeHtml(w_.partial), "</strong>");
    }
    absl::StrAppend(
        &out_, "</p><p class=\"meta\">", EscapeHtml(w_.composed), " ",
        absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixSeconds(r_.create_time().seconds()),
                         absl::UTCTimeZone()),
        " · ", EscapeHtml(w_.feeds), ": orders ", r_.freshness().orders_position(), ", customers ",
        r_.freshness().customers_position(), "</p></header>");
  }

  void Findings() {
    absl::StrAppend(&out_, "<section id=\"findings\"><h2>", EscapeHtml(w_.findings), "</h2>");
    if (r_.findings().empty()) {
      absl::StrAppend(&out_, "<p>", EscapeHtml(w_.no_findings), "</p>");
    } else {
      absl::StrAppend(&out_, "<ul class=\"findings\">");
      for (const av1::Finding& f : r_.findings()) {
        absl::StrAppend(&out_, "<li data-kind=\"", av1::FindingKind_Name(f.kind()),
                        "\" data-subject=\"", EscapeHtml(f.subject()), "\">", EscapeHtml(f.text()),
                        "</li>");
      }
      absl::StrAppend(&out_, "</ul>");
    }
    absl::StrAppend(&out_, "</section>");
  }

  // The findings in the SWOT grid: strengths and weaknesses (the period's results) above,
  // opportunities and threats (what comes next) below; each finding with its figures.
  void Swot() {
    const bool zh = r_.language_code() == "zh";
    struct Quadrant {
      av1::SwotClass swot;
      const char* en;
      const char* zh;
    };
    static constexpr Quadrant kQuadrants[] = {
        {av1::SWOT_CLASS_STRENGTH, "Strengths", "优势"},
        {av1::SWOT_CLASS_WEAKNESS, "Weaknesses", "劣势"},
        {av1::SWOT_CLASS_OPPORTUNITY, "Opportunities", "机会"},
        {av1::SWOT_CLASS_THREAT, "Threats", "威胁"},
    };
    absl::StrAppend(&out_, "<section id=\"swot\"><h2>", zh ? "SWOT 分析" : "SWOT",
                    "</h2><div class=\"swot\">");
    for (const Quadrant& q : kQuadrants) {
      absl::StrAppend(&out_, "<div class=\"swot-q\" data-swot=\"", av1::SwotClass_Name(q.swot),
                      "\"><h3>", zh ? q.zh : q.en, "</h3><ul>");
      int shown = 0;
      for (const av1::Finding& f : r_.findings()) {
        if (f.swot() != q.swot) continue;
        ++shown;
        absl::StrAppend(&out_, "<li data-kind=\"", av1::FindingKind_Name(f.kind()),
                        "\" data-subject=\"", EscapeHtml(f.subject()), "\" data-base=\"",
                        f.base_value(), "\" data-current=\"", f.current_value(), "\">",
                        EscapeHtml(f.text()), "</li>");
      }
      if (shown == 0) absl::StrAppend(&out_, "<li class=\"note\">", EscapeHtml(w_.none), "</li>");
      absl::StrAppend(&out_, "</ul></div>");
    }
    absl::StrAppend(&out_, "</div></section>");
  }

  std::string GrowthCell(const KpiDef& kpi, const av1::Growth& growth) const {
    if (kpi.growth == nullptr) return "<td class=\"num\"></td>";
    const std::optional<double> g = kpi.growth(growth);
    if (!g.has_value()) return "<td class=\"num\"></td>";
    return absl::StrFormat("<td class=\"num %s\" data-growth=\"%.17g\">%s</td>",
                           *g < 0 ? "down" : "up", *g, EscapeHtml(Percent(*g)));
  }

  void Headline() {
    absl::StrAppend(&out_, "<section id=\"headline\"><h2>", EscapeHtml(w_.headline),
                    "</h2><table class=\"kpis\"><thead><tr><th>", EscapeHtml(w_.kpi),
                    "</th><th class=\"num\">", EscapeHtml(w_.value), "</th><th class=\"num\">",
                    EscapeHtml(w_.vs_previous), " ", EscapeHtml(r_.vs_previous().base().label()),
                    "</th><th class=\"num\">", EscapeHtml(w_.vs_year_before), " ",
                    EscapeHtml(r_.vs_year_before().base().label()), "</th></tr></thead><tbody>");
    for (const KpiDef& kpi : AllKpis()) {
      std::string label = kpi.label;
      if (r_.language_code() == "zh") {
        const auto it = ChineseKpiNames().find(kpi.key);
        if (it != ChineseKpiNames().end()) label = it->second;
      }
      const std::string raw = kpi.kind == KpiKind::kCount || kpi.kind == KpiKind::kMoney
                                  ? absl::StrCat(kpi.integer(r_.values()))
                                  : absl::StrFormat("%.17g", kpi.fraction(r_.values()));
      absl::StrAppend(&out_, "<tr data-kpi=\"", kpi.key, "\"><th>", EscapeHtml(label),
                      "</th><td class=\"num\" data-value=\"", raw, "\">",
                      EscapeHtml(KpiValueText(kpi, r_.values(), exponent_)), "</td>",
                      GrowthCell(kpi, r_.vs_previous()), GrowthCell(kpi, r_.vs_year_before()),
                      "</tr>");
    }
    absl::StrAppend(&out_, "</tbody></table></section>");
  }

  void Section(const char* title, const char* id, const std::string& body) {
    absl::StrAppend(&out_, "<section id=\"", id, "\" class=\"figure\"><h2>", EscapeHtml(title),
                    "</h2>", body, "</section>");
  }

  // A forecast amount (not rounded in the answer) shown in minor units rounded half away
  // from zero.
  std::string Money(double minor) const { return Money(static_cast<int64_t>(std::llround(minor))); }

  static std::string Exact(double v) { return absl::StrFormat("%.17g", v); }

  // The trend with the next period's forecast after it: each forecast period with its
  // interval; a quarter as the sum of its months, without an interval.
  std::string Trend() const {
    std::vector<ChartDatum> data;
    for (const av1::KpiPoint& p : in_.trend.points()) {
      data.push_back(
          {p.period().label(), p.values().revenue_minor(), Money(p.values().revenue_minor())});
    }
    std::vector<ForecastDatum> ahead;
    const av1::ReportForecast& f = r_.forecast();
    if (!f.has_unavailable() && f.points_size() > 0) {
      if (r_.period().granularity() == av1::GRANULARITY_QUARTER) {
        ahead.push_back(
            {f.period().label(), f.point_sum(), std::nullopt, std::nullopt, Money(f.point_sum())});
      } else {
        for (const av1::ForecastPoint& p : f.points()) {
          ahead.push_back({p.period().label(), p.value(), p.lower(), p.upper(), Money(p.value())});
        }
      }
    }
    return TrendWithForecastChart("revenue-trend", data, ahead);
  }

  static std::string Unavailable(const av1::SectionUnavailable& u) {
    return absl::StrCat("<p class=\"unavailable\" data-reason=\"",
                        av1::SectionUnavailableReason_Name(u.reason()), "\">", EscapeHtml(u.text()),
                        "</p>");
  }

  std::string Forecast() const {
    const av1::ReportForecast& f = r_.forecast();
    if (f.has_unavailable()) return Unavailable(f.unavailable());
    std::string body =
        absl::StrCat("<table class=\"forecast\"><thead><tr><th>", EscapeHtml(w_.period),
                     "</th><th class=\"num\">", EscapeHtml(w_.forecast_point),
                     "</th><th class=\"num\">", EscapeHtml(w_.lower), "</th><th class=\"num\">",
                     EscapeHtml(w_.upper), "</th></tr></thead><tbody>");
    for (const av1::ForecastPoint& p : f.points()) {
      absl::StrAppend(&body, "<tr class=\"point\" data-period=\"", EscapeHtml(p.period().label()),
                      "\"><th>", EscapeHtml(p.period().label()),
                      "</th><td class=\"num\" data-value=\"", Exact(p.value()), "\">",
                      EscapeHtml(Money(p.value())), "</td><td class=\"num\" data-value=\"",
                      Exact(p.lower()), "\">", EscapeHtml(Money(p.lower())),
                      "</td><td class=\"num\" data-value=\"", Exact(p.upper()), "\">",
                      EscapeHtml(Money(p.upper())), "</td></tr>");
    }
    if (r_.period().granularity() == av1::GRANULARITY_QUARTER) {
      absl::StrAppend(&body, "<tr class=\"sum\" data-period=\"", EscapeHtml(f.period().label()),
                      "\"><th>", EscapeHtml(f.period().label()), " (", EscapeHtml(w_.quarter_sum),
                      ")</th><td class=\"num\" data-value=\"", Exact(f.point_sum()), "\">",
                      EscapeHtml(Money(f.point_sum())), "</td><td></td><td></td></tr>");
    }
    const av1::Backtest& b = f.backtest();
    absl::StrAppend(
        &body, "</tbody></table><p class=\"note\">", EscapeHtml(w_.level), " ",
        absl::StrFormat("%.0f%%", 100.0 * f.level()), " · ", EscapeHtml(w_.model),
        " <span data-model=\"", EscapeHtml(f.model().model()), "\">ETS(",
        EscapeHtml(f.model().model()), ")</span> · ", EscapeHtml(w_.backtest), " ", b.origins(),
        " × ", b.horizon(), ": <span data-mape=\"", b.has_mape() ? Exact(b.mape()) : "", "\">MAPE ",
        b.has_mape() ? absl::StrFormat("%.1f%%", b.mape()) : "—", "</span>, <span data-smape=\"",
        Exact(b.smape()), "\">sMAPE ", absl::StrFormat("%.1f%%", b.smape()),
        "</span>, <span data-mase=\"", b.has_mase() ? Exact(b.mase()) : "", "\">MASE ",
        b.has_mase() ? absl::StrFormat("%.2f", b.mase()) : "—", "</span></p>");
    return body;
  }

  std::string Anomalies() const {
    const av1::ReportAnomalies& a = r_.anomalies();
    if (a.has_unavailable()) return Unavailable(a.unavailable());
    std::map<std::string, const av1::AnomalyPoint*> by_day;
    for (const av1::AnomalyPoint& p : a.report().anomalies()) by_day[p.period().first_day()] = &p;
    std::vector<MarkedDatum> days;
    for (const av1::KpiPoint& p : in_.daily.points()) {
      MarkedDatum d;
      d.datum = {p.period().first_day(), p.values().revenue_minor(),
                 Money(p.values().revenue_minor())};
      const auto it = by_day.find(p.period().first_day());
      if (it != by_day.end()) {
        d.direction = it->second->direction() == av1::ANOMALY_DIRECTION_ABOVE ? 1 : -1;
        d.expected = it->second->expected();
        d.lower = it->second->lower();
        d.upper = it->second->upper();
      }
      days.push_back(std::move(d));
    }
    std::string body =
        absl::StrCat("<h3>", EscapeHtml(w_.daily), "</h3>", MarkedBarChart("daily-revenue", days));
    if (a.report().anomalies().empty()) {
      return absl::StrCat(body, "<p>", EscapeHtml(w_.no_anomalies), "</p>");
    }
    absl::StrAppend(&body, "<table class=\"anomalies\"><thead><tr><th>", EscapeHtml(w_.day),
                    "</th><th>", EscapeHtml(w_.direction), "</th><th class=\"num\">",
                    EscapeHtml(w_.actual), "</th><th class=\"num\">", EscapeHtml(w_.expected),
                    "</th><th class=\"num\">", EscapeHtml(w_.lower), "</th><th class=\"num\">",
                    EscapeHtml(w_.upper), "</th><th class=\"num\">", EscapeHtml(w_.deviation),
                    "</th></tr></thead><tbody>");
    for (const av1::AnomalyPoint& p : a.report().anomalies()) {
      const bool above = p.direction() == av1::ANOMALY_DIRECTION_ABOVE;
      absl::StrAppend(
          &body, "<tr data-day=\"", EscapeHtml(p.period().first_day()), "\"><th>",
          EscapeHtml(p.period().first_day()), "</th><td class=\"", above ? "up" : "down", "\">",
          EscapeHtml(above ? w_.above : w_.below), "</td><td class=\"num\" data-value=\"",
          Exact(p.actual()), "\">", EscapeHtml(Money(p.actual())),
          "</td><td class=\"num\" data-value=\"", Exact(p.expected()), "\">",
          EscapeHtml(Money(p.expected())), "</td><td class=\"num\">", EscapeHtml(Money(p.lower())),
          "</td><td class=\"num\">", EscapeHtml(Money(p.upper())), "</td><td class=\"num\">",
          p.has_deviation_percent() ? absl::StrFormat("%+.1f%%", p.deviation_percent()) : "",
          "</td></tr>");
    }
    absl::StrAppend(&body, "</tbody></table>");
    return body;
  }

  std::string MoverTable(
      const char* title, const char* kind,
      const google::protobuf::RepeatedPtrField<av1::ProductFigures>& rows) const {
    std::string body = absl::StrCat("<h3>", EscapeHtml(title), "</h3>");
    if (rows.empty()) return absl::StrCat(body, "<p class=\"note\">", EscapeHtml(w_.none), "</p>");
    absl::StrAppend(&body, "<table class=\"movers\" data-kind=\"", kind, "\"><thead><tr><th>",
                    EscapeHtml(w_.member), "</th><th class=\"num\">", EscapeHtml(w_.units),
                    "</th><th class=\"num\">", EscapeHtml(w_.usual),
                    "</th><th class=\"num\">z</th>", "<th class=\"num\">", EscapeHtml(w_.available),
                    "</th><th class=\"num\">", EscapeHtml(w_.days_of_cover),
                    "</th></tr></thead><tbody>");
    for (const av1::ProductFigures& p : rows) {
      absl::StrAppend(&body, "<tr data-product=\"", EscapeHtml(p.product()), "\"><td>",
                      ProductHtml(p.product(), p.display_name()), "</td><td class=\"num\">",
                      p.units() - p.returned_units(), "</td><td class=\"num\">",
                      absl::StrFormat("%.1f", p.history_mean()), "</td><td class=\"num\">",
                      p.has_z() ? absl::StrFormat("%.1f", p.z()) : "", "</td><td class=\"num\">",
                      p.available_units(), "</td><td class=\"num\">",
                      p.has_days_of_cover() ? absl::StrFormat("%.1f", p.days_of_cover()) : "",
                      "</td></tr>");
    }
    absl::StrAppend(&body, "</tbody></table>");
    return body;
  }

  std::string Movers() const {
    const av1::ReportProducts& m = r_.product_movers();
    return absl::StrCat(MoverTable(w_.hot, "hot", m.hot()), MoverTable(w_.slow, "slow", m.slow()),
                        MoverTable(w_.low_cover, "low_cover", m.low_cover()));
  }

  std::string Bridge() const {
    const av1::RevenueBridge& b = r_.bridge();
    const std::vector<ChartDatum> data = {
        {absl::StrCat(w_.base, " ", b.base().label()), b.base_revenue_minor(),
         Money(b.base_revenue_minor())},
        {w_.new_customers, b.new_customers_minor(), Money(b.new_customers_minor())},
        {w_.lost_customers, b.lost_customers_minor(), Money(b.lost_customers_minor())},
        {w_.price, b.price_minor(), Money(b.price_minor())},
        {w_.volume, b.volume_minor(), Money(b.volume_minor())},
        {w_.mix, b.mix_minor(), Money(b.mix_minor())},
        {absl::StrCat(w_.current, " ", b.period().label()), b.current_revenue_minor(),
         Money(b.current_revenue_minor())},
    };
    return WaterfallChart("revenue-bridge", data);
  }

  // Per dimension a waterfall from the base revenue through each slice's contribution (the
  // rest summed, the unattributed part) to the current revenue: the steps add up exactly.
  std::string Contribution() const {
    const av1::ContributionAnalysis& a = in_.contribution;
    const bool zh = r_.language_code() == "zh";
    std::string body;
    for (const av1::DimensionContribution& d : a.dimensions()) {
      std::vector<ChartDatum> data = {
          {absl::StrCat(w_.base, " ", a.base().label()), a.base_value(), Money(a.base_value())}};
      for (const av1::ContributionRow& row : d.rows()) {
        std::string label = ProductLabel(row.member(), row.display_name());
        if (row.kind() == av1::CONTRIBUTION_ROW_KIND_OTHER) {
          label = zh ? absl::StrCat("其他 ", row.members(), " 项")
                     : absl::StrCat(row.members(), " others");
        } else if (row.kind() == av1::CONTRIBUTION_ROW_KIND_UNATTRIBUTED) {
          label = zh ? "未归属" : "unattributed";
        }
        data.push_back({label, row.contribution(), Money(row.contribution())});
      }
      data.push_back({absl::StrCat(w_.current, " ", a.period().label()), a.current_value(),
                      Money(a.current_value())});
      const std::string name =
          absl::AsciiStrToLower(av1::SliceDimension_Name(d.dimension()).substr(16));
      const std::string heading = name == "channel"    ? std::string(w_.channels)
                                  : name == "category" ? std::string(w_.categories)
                                                       : name;
      absl::StrAppend(&body, "<h3>", EscapeHtml(heading), "</h3>",
                      WaterfallChart(absl::StrCat("contribution-", name), data));
    }
    return body;
  }

  std::string Funnel() const {
    std::vector<ChartDatum> data;
    for (const av1::FunnelStage& s : in_.funnel.all().stages()) {
      std::string label = s.stage();
      if (label.rfind("LEAD_STAGE_", 0) == 0) label = label.substr(11);
      data.push_back({label, s.reached(), absl::StrCat(s.reached())});
    }
    return absl::StrCat(HorizontalBarChart("funnel", data), "<p class=\"note\">",
                        EscapeHtml(w_.leads), ": <span data-value=\"", in_.funnel.all().leads(),
                        "\">", in_.funnel.all().leads(), "</span></p>");
  }

  void Segments() {
    const av1::RfmReport& s = r_.segments();
    std::vector<ChartDatum> data;
    for (const av1::RfmSegmentSummary& seg : s.segments()) {
      data.push_back({SegmentName(seg.segment()), seg.customers(), absl::StrCat(seg.customers())});
    }
    std::string body =
        absl::StrCat("<p class=\"note\">", EscapeHtml(s.window_first_day()), " – ",
                     EscapeHtml(s.as_of_day()), "</p>", HorizontalBarChart("rfm-segments", data));
    absl::StrAppend(&body, "<table class=\"segments\"><thead><tr><th>", EscapeHtml(w_.segment),
                    "</th><th class=\"num\">", EscapeHtml(w_.customers), "</th><th class=\"num\">",
                    EscapeHtml(w_.revenue), "</th></tr></thead><tbody>");
    for (const av1::RfmSegmentSummary& seg : s.segments()) {
      absl::StrAppend(&body, "<tr data-segment=\"", EscapeHtml(seg.segment()), "\"><th>",
                      EscapeHtml(SegmentName(seg.segment())), "</th><td class=\"num\">",
                      seg.customers(), "</td><td class=\"num\" data-value=\"", seg.revenue_minor(),
                      "\">", EscapeHtml(Money(seg.revenue_minor())), "</td></tr>");
    }
    absl::StrAppend(&body, "</tbody></table>");
    const av1::RfmMovements& m = r_.segment_movements();
    bool any = false;
    for (const av1::RfmMovement& move : m.movements()) {
      if (move.from_segment() == move.to_segment()) continue;
      if (!any) {
        absl::StrAppend(&body, "<h3>", EscapeHtml(w_.movements), " (",
                        EscapeHtml(m.from_as_of_day()), " → ", EscapeHtml(m.to_as_of_day()),
                        ")</h3><table class=\"movements\"><thead><tr><th>", EscapeHtml(w_.from),
                        "</th><th>", EscapeHtml(w_.to), "</th><th class=\"num\">",
                        EscapeHtml(w_.customers), "</th></tr></thead><tbody>");
        any = true;
      }
      absl::StrAppend(&body, "<tr><td>", EscapeHtml(SegmentName(move.from_segment())), "</td><td>",
                      EscapeHtml(SegmentName(move.to_segment())), "</td><td class=\"num\">",
                      move.customers(), "</td></tr>");
    }
    if (any) absl::StrAppend(&body, "</tbody></table>");
    Section(w_.segments, "segments", body);
  }

  std::string TopProducts() const {
    std::vector<ChartDatum> data;
    for (const av1::RankedMember& m : r_.products().top()) {
      data.push_back({ProductLabel(m.member(), m.display_name()), m.revenue_minor(),
                      Money(m.revenue_minor())});
    }
    return HorizontalBarChart("top-products", data);
  }

  std::string ChannelMix() const {
    std::vector<ChartDatum> data;
    for (const auto* list : {&r_.channels().top(), &r_.channels().bottom()}) {
      for (const av1::RankedMember& m : *list) {
        data.push_back({m.member(), m.revenue_minor(), Money(m.revenue_minor())});
      }
    }
    return StackedShareBar("channel-mix", data);
  }

  std::string RankingRows(const google::protobuf::RepeatedPtrField<av1::RankedMember>& members,
                          const char* side) const {
    std::string out;
    for (const av1::RankedMember& m : members) {
      absl::StrAppend(
          &out, "<tr class=\"", side, "\" data-member=\"", EscapeHtml(m.member()), "\"><td>",
          EscapeHtml(side == std::string("top") ? w_.top : w_.bottom), "</td><td>",
          ProductHtml(m.member(), m.display_name()), "</td><td class=\"num\" data-value=\"",
          m.revenue_minor(), "\">", EscapeHtml(Money(m.revenue_minor())), "</td><td class=\"num\">",
          m.units(), "</td><td class=\"num\">", EscapeHtml(Money(m.previous_revenue_minor())),
          "</td><td class=\"num\">",
          m.has_revenue_growth() ? EscapeHtml(Percent(m.revenue_growth())) : "",
          "</td><td class=\"num\">",
          m.has_revenue_share() ? absl::StrFormat("%.1f%%", 100.0 * m.revenue_share()) : "",
          "</td></tr>");
    }
    return out;
  }

  void Rankings() {
    std::string body;
    const std::pair<const char*, const av1::Ranking*> rankings[] = {
        {w_.products, &r_.products()}, {w_.reps, &r_.reps()},
        {w_.channels, &r_.channels()}, {w_.categories, &r_.categories()},
        {w_.regions, &r_.regions()},
    };
    for (const auto& [title, ranking] : rankings) {
      absl::StrAppend(&body, "<h3>", EscapeHtml(title), " (", ranking->members(),
                      ")</h3><table class=\"ranking\" data-dimension=\"",
                      av1::SliceDimension_Name(ranking->dimension()), "\"><thead><tr><th></th><th>",
                      EscapeHtml(w_.member), "</th><th class=\"num\">", EscapeHtml(w_.revenue),
                      "</th><th class=\"num\">", EscapeHtml(w_.units), "</th><th class=\"num\">",
                      EscapeHtml(w_.previous), "</th><th class=\"num\">", EscapeHtml(w_.growth),
                      "</th><th class=\"num\">", EscapeHtml(w_.share), "</th></tr></thead><tbody>",
                      RankingRows(ranking->top(), "top"), RankingRows(ranking->bottom(), "bottom"),
                      "</tbody></table>");
    }
    Section(w_.rankings, "rankings", body);
  }

  // The products and warehouses that run out before stock ordered on the plan's first day
  // could arrive, with the plan's terms; and how many should be reordered that day.
  std::string ReplenishmentAlerts() const {
    const bool zh = r_.language_code() == "zh";
    if (!in_.replenishment_unavailable.empty()) {
      return absl::StrCat("<p class=\"note partial\">",
                          EscapeHtml(zh ? "无法计算补货：" : "Replenishment unavailable: "),
                          EscapeHtml(in_.replenishment_unavailable), "</p>");
    }
    const av1::ReplenishmentReport& p = in_.replenishment;
    int reorder_now = 0;
    for (const av1::ReplenishmentLine& line : p.lines()) {
      if (line.reorder_date() == p.first_day()) ++reorder_now;
    }
    std::string body = absl::StrCat(
        "<p class=\"note\">",
        EscapeHtml(zh ? absl::StrCat("自 ", p.first_day(), " 起；交货期 ", p.lead_time_days(),
                                     " 天，服务水平 ",
                                     absl::StrFormat("%.1f%%", 100 * p.service_level()),
                                     "；需求按 ", p.history().first_day(), "..",
                                     p.history().last_day(), " 的日销量预测。今天应补货：")
                      : absl::StrCat("As of ", p.first_day(), "; lead time ", p.lead_time_days(),
                                     " days, service level ",
                                     absl::StrFormat("%.1f%%", 100 * p.service_level()),
                                     "; demand forecast from daily sales ", p.history().first_day(),
                                     "..", p.history().last_day(), ". To reorder today: ")),
        "<span data-value=\"", reorder_now, "\">", reorder_now, "</span></p>");
    if (p.alerts_size() == 0) {
      absl::StrAppend(&body, "<p>",
                      EscapeHtml(zh ? "没有产品会在今天下单的货物到达前缺货。"
                                    : "No product runs out before stock ordered today could "
                                      "arrive."),
                      "</p>");
      return body;
    }
    absl::StrAppend(&body, "<table class=\"alerts\"><thead><tr><th>",
                    EscapeHtml(zh ? "产品" : "Product"), "</th><th>",
                    EscapeHtml(zh ? "仓库" : "Warehouse"), "</th><th class=\"num\">",
                    EscapeHtml(zh ? "可用库存" : "Available"), "</th><th class=\"num\">",
                    EscapeHtml(zh ? "交货期需求" : "Lead-time demand"), "</th><th>",
                    EscapeHtml(zh ? "缺货日" : "Runs out"), "</th><th>",
                    EscapeHtml(zh ? "到货日" : "Arrival"), "</th></tr></thead><tbody>");
    for (const av1::StockAlert& a : p.alerts()) {
      absl::StrAppend(
          &body, "<tr data-product=\"", EscapeHtml(a.product()), "\"><td>",
          ProductHtml(a.product(), a.display_name()), "</td><td>", EscapeHtml(a.warehouse()),
          "</td><td class=\"num\" data-value=\"", a.available(), "\">", a.available(),
          "</td><td class=\"num\" data-value=\"", Exact(a.lead_time_demand()), "\">",
          absl::StrFormat("%.1f", a.lead_time_demand()), "</td><td>", EscapeHtml(a.stockout_date()),
          "</td><td>", EscapeHtml(a.arrival_date()), "</td></tr>");
    }
    absl::StrAppend(&body, "</tbody></table>");
    return body;
  }

  // The customers' top next best actions, highest expected value first, with the reason
  // (the figures behind each) and the assumptions the expected values rest on.
  void TopActions() {
    const bool zh = r_.language_code() == "zh";
    const av1::ListTopActionsResponse& t = in_.top_actions;
    std::string body = absl::StrCat(
        "<p class=\"note\">", zh ? "截至 " : "As of ", EscapeHtml(t.basis().as_of_day()),
        zh ? "，在 " : ", over the ", t.total_size(),
        zh ? " 位有建议行动的客户中按期望值排序；期望值四舍五入到最小货币单位（远离零）。"
           : " customers with a top action, ranked by expected value (rounded half away from "
             "zero to a minor unit). ",
        EscapeHtml(t.assumptions().offer_discount_source()), "</p>");
    if (t.top_actions_size() == 0) {
      absl::StrAppend(&body, "<p class=\"unavailable\">", zh ? "没有建议行动。" : "No actions.",
                      "</p>");
    } else {
      absl::StrAppend(&body, "<table class=\"top-actions\"><thead><tr><th>",
                      zh ? "客户" : "Customer", "</th><th>", zh ? "分群" : "Segment", "</th><th>",
                      zh ? "行动" : "Action", "</th><th class=\"num\">",
                      zh ? "期望值" : "Expected value", "</th><th>", zh ? "依据" : "Reason",
                      "</th></tr></thead><tbody>");
      for (const av1::TopAction& a : t.top_actions()) {
        std::string kind = av1::ActionKind_Name(a.action().kind());
        if (kind.rfind("ACTION_KIND_", 0) == 0) kind = absl::AsciiStrToLower(kind.substr(12));
        absl::StrAppend(&body, "<tr><td>", EscapeHtml(a.customer()), "</td><td>",
                        EscapeHtml(SegmentName(a.segment())), "</td><td>", EscapeHtml(kind),
                        a.action().product().empty()
                            ? std::string()
                            : absl::StrCat(" ", ProductHtml(a.action().product(),
                                                            a.action().product_display_name())),
                        "</td><td class=\"num\" data-value=\"", a.action().expected_value_minor(),
                        "\">", EscapeHtml(Money(a.action().expected_value_minor())), "</td><td>",
                        EscapeHtml(a.action().reason()), "</td></tr>");
      }
      absl::StrAppend(&body, "</tbody></table>");
    }
    Section(zh ? "首要行动" : "Top actions", "top-actions", body);
  }

  // Why a process KPI has no value, in the report's language.
  std::string GapText(av1::ProcessKpiGap gap) const {
    const bool zh = r_.language_code() == "zh";
    switch (gap) {
      case av1::PROCESS_KPI_GAP_NO_ORDERS:
        return zh ? "本期没有订单" : "no orders in the period";
      case av1::PROCESS_KPI_GAP_NO_COMPLAINTS:
        return zh ? "本期没有投诉" : "no complaints in the period";
      case av1::PROCESS_KPI_GAP_TOO_MANY_OPEN:
        return zh ? "未解决的投诉过多，无法估计" : "too many complaints still open to estimate";
      case av1::PROCESS_KPI_GAP_NO_PROMISED_DELIVERIES:
        return zh ? "本期没有带承诺日期的交付" : "no delivery with a promise in the period";
      case av1::PROCESS_KPI_GAP_NO_LATE_DELIVERIES:
        return zh ? "本期没有延迟交付" : "no late delivery in the period";
      default:
        return av1::ProcessKpiGap_Name(gap);
    }
  }

  // One row of a figure table: the exact value in data-value, or the reason it is absent.
  std::string FigureRow(const char* key, const char* label, bool present, const std::string& raw,
                        const std::string& text, av1::ProcessKpiGap gap) const {
    if (!present) {
      return absl::StrCat("<tr data-figure=\"", key, "\"><th>", EscapeHtml(label),
                          "</th><td class=\"num unavailable\" data-reason=\"",
                          av1::ProcessKpiGap_Name(gap), "\">", EscapeHtml(GapText(gap)),
                          "</td></tr>");
    }
    return absl::StrCat("<tr data-figure=\"", key, "\"><th>", EscapeHtml(label),
                        "</th><td class=\"num\" data-value=\"", raw, "\">", EscapeHtml(text),
                        "</td></tr>");
  }

  std::string CountRow(const char* key, const char* label, int64_t value) const {
    return FigureRow(key, label, true, absl::StrCat(value), absl::StrCat(value),
                     av1::PROCESS_KPI_GAP_UNSPECIFIED);
  }

  // The period the process figures cover, as the answer states it.
  std::string ProcessPeriodText() const {
    const av1::Period& p = in_.process.period();
    return absl::StrCat(p.label(), " (", p.first_day(), " – ", p.last_day(), ")");
  }

  std::string ProcessUnavailable() const {
    return absl::StrCat("<p class=\"note partial\">",
                        EscapeHtml(r_.language_code() == "zh" ? "无法获取流程指标："
                                                              : "Process KPIs unavailable: "),
                        EscapeHtml(in_.process_unavailable), "</p>");
  }

  // Complaints made in the period (GetProcessKpis, whole company): per 100 orders, the time
  // to resolve (Kaplan-Meier median and p90, open complaints censored at their age) with how
  // many are still open, and the complaints by category.
  void Complaints() {
    const bool zh = r_.language_code() == "zh";
    const char* title = zh ? "投诉" : "Complaints";
    if (!in_.process_unavailable.empty()) {
      Section(title, "complaints", ProcessUnavailable());
      return;
    }
    const av1::ComplaintRate& rate = in_.process.complaint_rate();
    const av1::ComplaintResolutionTime& t = in_.process.complaint_resolution();
    const std::string as_of = absl::FormatTime(
        "%Y-%m-%d %H:%M UTC", absl::FromUnixSeconds(t.as_of().seconds()), absl::UTCTimeZone());
    std::string body = absl::StrCat(
        "<p class=\"note\">",
        EscapeHtml(zh ? absl::StrCat("全公司在 ", ProcessPeriodText(),
                                     " 提出的投诉；投诉率为每 100 个本期下单且未取消的订单的投诉数"
                                     "（保留两位小数）。解决时间以小时计：Kaplan-Meier "
                                     "中位数和第 90 百分位（保留一位小数），未解决的投诉按其在 ",
                                     as_of, " 时的时长计入（删失）。")
                      : absl::StrCat("Complaints made in ", ProcessPeriodText(),
                                     ", whole company. Rate: complaints per 100 orders placed in "
                                     "the period and not cancelled (2 decimals). Time to resolve "
                                     "in hours: Kaplan-Meier median and 90th percentile (1 "
                                     "decimal), complaints still open counted at their age at ",
                                     as_of, " (censored).")),
        "</p><table class=\"figures\" data-figures=\"complaints\"><tbody>");
    absl::StrAppend(
        &body, CountRow("complaints", zh ? "投诉" : "Complaints", rate.complaints()),
        CountRow("orders", zh ? "订单" : "Orders", rate.orders()),
        FigureRow("per_100_orders", zh ? "每 100 单投诉" : "Complaints per 100 orders",
                  rate.has_per_100_orders(), Exact(rate.per_100_orders()),
                  absl::StrFormat("%.2f", rate.per_100_orders()), rate.unavailable()),
        CountRow("resolved", zh ? "已解决" : "Resolved", t.resolved()),
        CountRow("still_open", zh ? "仍未解决" : "Still open", t.still_open()),
        FigureRow("median_hours", zh ? "解决时间中位数（小时）" : "Median time to resolve (hours)",
                  t.has_median_hours(), Exact(t.median_hours()),
                  absl::StrFormat("%.1f", t.median_hours()), t.unavailable()),
        FigureRow("p90_hours",
                  zh ? "解决时间第 90 百分位（小时）" : "90th percentile time to resolve (hours)",
                  t.has_p90_hours(), Exact(t.p90_hours()), absl::StrFormat("%.1f", t.p90_hours()),
                  t.p90_unavailable()),
        "</tbody></table>");
    std::vector<ChartDatum> data;
    std::string rows;
    for (const av1::FeedbackCategoryCount& c : in_.process.feedback_categories()) {
      std::string name = c.category();
      if (name.rfind("FEEDBACK_CATEGORY_", 0) == 0) name = absl::AsciiStrToLower(name.substr(18));
      if (name.empty()) name = zh ? "未分类" : "(no category)";
      if (c.complaints() > 0) data.push_back({name, c.complaints(), absl::StrCat(c.complaints())});
      absl::StrAppend(&rows, "<tr data-category=\"", EscapeHtml(c.category()), "\"><th>",
                      EscapeHtml(name), "</th><td class=\"num\" data-value=\"", c.complaints(),
                      "\">", c.complaints(), "</td><td class=\"num\">", c.still_open(),
                      "</td><td class=\"num\">", c.feedback(), "</td></tr>");
    }
    if (rows.empty()) {
      absl::StrAppend(
          &body, "<p>",
          zh ? "本期没有投诉或分类反馈。" : "No complaint or categorised feedback in the period.",
          "</p>");
    } else {
      absl::StrAppend(
          &body, "<h3>", zh ? "按类别" : "By category", "</h3>",
          data.empty() ? std::string() : HorizontalBarChart("complaint-categories", data),
          "<table class=\"categories\"><thead><tr><th>", zh ? "类别" : "Category",
          "</th><th class=\"num\">", zh ? "投诉" : "Complaints", "</th><th class=\"num\">",
          zh ? "仍未解决" : "Still open", "</th><th class=\"num\">",
          zh ? "分类反馈（含投诉）" : "Feedback (complaints included)", "</th></tr></thead><tbody>",
          rows, "</tbody></table>");
    }
    Section(title, "complaints", body);
  }

  // On-time delivery of the orders delivered in the period (GetProcessKpis, whole company):
  // the share delivered by the promised day and how late the late ones were.
  void OnTimeDelivery() {
    const bool zh = r_.language_code() == "zh";
    const char* title = zh ? "准时交付" : "On-time delivery";
    if (!in_.process_unavailable.empty()) {
      Section(title, "on-time-delivery", ProcessUnavailable());
      return;
    }
    const av1::OnTimeDelivery& d = in_.process.on_time_delivery();
    std::string body = absl::StrCat(
        "<p class=\"note\">",
        EscapeHtml(
            zh ? absl::StrCat("全公司在 ", ProcessPeriodText(),
                              " 交付完毕（最后一批货送达）的订单；准时指在承诺日期当天或之前送达"
                              "（业务时区的日期）。分批交付的订单在最后一批送达时计一次。准时率"
                              "保留一位小数的百分比，平均延迟天数保留两位小数。")
               : absl::StrCat("Orders whose last shipment was delivered in ", ProcessPeriodText(),
                              ", whole company. On time: delivered on or before the promised day "
                              "(days of the business time zone); an order delivered in parts "
                              "counts once, when its last part arrives. Share in percent (1 "
                              "decimal), days late averaged over the late orders (2 decimals).")),
        "</p>");
    if (d.promised() > 0) {
      absl::StrAppend(
          &body, StackedShareBar("on-time-delivery",
                                 {{zh ? "准时" : "on time", d.on_time(), absl::StrCat(d.on_time())},
                                  {zh ? "延迟" : "late", d.late(), absl::StrCat(d.late())}}));
    }
    absl::StrAppend(
        &body, "<table class=\"figures\" data-figures=\"on-time-delivery\"><tbody>",
        CountRow("delivered_orders", zh ? "已交付订单" : "Orders delivered", d.delivered_orders()),
        CountRow("promised", zh ? "其中有承诺日期" : "With a delivery promise", d.promised()),
        CountRow("on_time", zh ? "准时" : "On time", d.on_time()),
        CountRow("late", zh ? "延迟" : "Late", d.late()),
        FigureRow("rate", zh ? "准时率" : "Share on time", d.has_rate(), Exact(d.rate()),
                  absl::StrFormat("%.1f%%", 100.0 * d.rate()), d.unavailable()),
        FigureRow("average_days_late", zh ? "平均延迟天数" : "Average days late",
                  d.has_average_days_late(), Exact(d.average_days_late()),
                  absl::StrFormat("%.2f", d.average_days_late()), d.late_unavailable()),
        "</tbody></table>");
    absl::StrAppend(&body, OverdueUndelivered(d));
    Section(title, "on-time-delivery", body);
  }

  // The orders past their promised date and not yet delivered at the period's end (or at the
  // time of the answer while the period runs), beside the delivered ones above.
  std::string OverdueUndelivered(const av1::OnTimeDelivery& d) const {
    const bool zh = r_.language_code() == "zh";
    const std::string as_of =
        absl::FormatTime("%Y-%m-%d %H:%M UTC", absl::FromUnixSeconds(d.overdue_as_of().seconds()),
                         absl::UTCTimeZone());
    std::string body = absl::StrCat(
        "<p class=\"note\" data-note=\"overdue\">",
        EscapeHtml(
            zh ? absl::StrCat("逾期未交付：截至 ", as_of,
                              "（期末，或本期尚未结束时的出具时间），全公司已下单、未取消、尚未全部"
                              "送达（分批发货的订单在最后一批送达前都算未交付）且有承诺日期的订单"
                              "中，承诺日期（业务时区的日期）已过的订单，不限于本期下单的订单。占比"
                              "为逾期订单占这些未交付订单的百分比，保留一位小数。")
               : absl::StrCat("Overdue, not yet delivered: at ", as_of,
                              " (the period's end, or the time of this report while the period "
                              "runs), of the orders with a delivery promise that were placed and "
                              "neither cancelled nor wholly delivered (an order shipped in parts "
                              "is open until its last part arrives), whole company and not only "
                              "orders placed in the period, those whose promised day (business "
                              "time zone) had passed. Share of those open orders in percent (1 "
                              "decimal).")),
        "</p>");
    const char* share_label = zh ? "逾期占比" : "Share overdue";
    std::string share;
    if (d.has_overdue_share()) {
      share = absl::StrCat("<tr data-figure=\"overdue_share\"><th>", EscapeHtml(share_label),
                           "</th><td class=\"num\" data-value=\"", Exact(d.overdue_share()), "\">",
                           absl::StrFormat("%.1f%%", 100.0 * d.overdue_share()), "</td></tr>");
    } else {
      share = absl::StrCat("<tr data-figure=\"overdue_share\"><th>", EscapeHtml(share_label),
                           "</th><td class=\"num unavailable\" data-reason=\"NO_OPEN_PROMISED\">",
                           EscapeHtml(zh ? "没有未交付的承诺订单" : "no open promised orders"),
                           "</td></tr>");
    }
    absl::StrAppend(
        &body, "<table class=\"figures\" data-figures=\"overdue-undelivered\"><tbody>",
        CountRow("open_promised", zh ? "未交付的承诺订单" : "Open orders with a promise",
                 d.open_promised()),
        CountRow("overdue", zh ? "其中已逾期" : "Of them past the promised date", d.overdue()),
        share, "</tbody></table>");
    return body;
  }

  // Screen and print: A4 pages, sections kept whole, charts in greys that print.
  static constexpr const char* kStyle =
      "body{font-family:system-ui,-apple-system,'Segoe UI','Noto Sans','Noto Sans CJK SC',"
      "'Microsoft YaHei',sans-serif;color:#222;margin:0;background:#f4f5f7}"
      "main{max-width:60rem;margin:0 auto;padding:1.5rem;background:#fff}"
      "h1{font-size:1.6rem;margin:0 0 .3rem}h2{font-size:1.2rem;border-bottom:2px solid #1f4e79;"
      "padding-bottom:.2rem;margin-top:1.8rem}h3{font-size:1rem;margin:1rem 0 .3rem}"
      ".meta,.note,.id{color:#666;font-size:.85rem}.partial{color:#c00000}"
      "table{border-collapse:collapse;width:100%;font-size:.9rem;margin:.4rem 0}"
      "th,td{padding:.25rem .5rem;border-bottom:1px solid #ddd;text-align:left}"
      ".num{text-align:right;font-variant-numeric:tabular-nums}.up{color:#375623}"
      ".down{color:#c00000}ul.findings li{margin:.3rem 0}"
      ".swot{display:grid;grid-template-columns:1fr 1fr;gap:.6rem}"
      ".swot-q{border:1px solid #ddd;padding:.2rem .6rem}.swot-q ul{padding-left:1.1rem}"
      "svg.chart{display:block;max-width:100%;height:auto;margin:.5rem 0}"
      "svg text{font-size:11px;fill:#333}svg text.value{font-size:10px;fill:#555}"
      "@media print{@page{size:A4;margin:14mm}body{background:#fff}"
      "main{max-width:none;padding:0}section{break-inside:avoid}"
      "h2{break-after:avoid}table{font-size:9pt}}";

  const HtmlReportInput& in_;
  const av1::PeriodicReport& r_;
  const Words& w_;
  const int exponent_;
  std::string out_;
};

}  // namespace

std::string RenderHtmlReport(const HtmlReportInput& input) { return Page(input).Render(); }

}  // namespace sales::salesctl
